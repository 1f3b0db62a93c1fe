// Tests of the SVG line-plot writer: nice ticks, the data-to-pixel map, gaps, escaping, colours.
#include "engine/svg_plot.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace dermasim::engine {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto position = text.find(needle); position != std::string::npos;
       position = text.find(needle, position + needle.size()))
    ++count;
  return count;
}

// The value of attribute `name` in the `occurrence`-th element that starts with `element`.
std::string attribute_of(const std::string& svg, const std::string& element,
                         const std::string& name, std::size_t occurrence = 0) {
  std::size_t start = svg.find(element);
  for (std::size_t skipped = 0; skipped < occurrence && start != std::string::npos; ++skipped)
    start = svg.find(element, start + element.size());
  if (start == std::string::npos) return {};
  const std::size_t value_start = svg.find(" " + name + "=\"", start) + name.size() + 3;
  return svg.substr(value_start, svg.find('"', value_start) - value_start);
}

std::vector<std::pair<double, double>> parse_points(const std::string& points) {
  std::vector<std::pair<double, double>> parsed;
  std::istringstream stream(points);
  std::string pair_text;
  while (stream >> pair_text) {
    const auto comma = pair_text.find(',');
    parsed.emplace_back(std::stod(pair_text.substr(0, comma)),
                        std::stod(pair_text.substr(comma + 1)));
  }
  return parsed;
}

PlotPanel growth_panel() {
  return {"Collagen",
          "time (h)",
          "collagen (ng/mL)",
          {{"treated", {0.0, 10.0, 20.0, 30.0}, {5.0, 40.0, 80.0, 97.0}},
           {"control", {0.0, 10.0, 20.0, 30.0}, {5.0, 8.0, 9.0, 10.0}}}};
}

TEST(SvgPlotTicks, ZeroToNinetySevenGivesStepsOfTwenty) {
  EXPECT_EQ(nice_ticks(0.0, 97.0), (std::vector<double>{0, 20, 40, 60, 80, 100}));
}

// Ticks are evenly spaced by 1, 2 or 5 × 10^n, are multiples of that step and cover low..high.
void expect_nice_cover(const std::vector<double>& ticks, double low, double high) {
  ASSERT_GE(ticks.size(), 2u) << low << ".." << high;
  const double step = ticks[1] - ticks[0];
  const double exponent = std::floor(std::log10(step));
  const double mantissa = step / std::pow(10.0, exponent);
  const bool nice = std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                    std::abs(mantissa - 5) < 1e-9;
  EXPECT_TRUE(nice) << "step " << step << " for " << low << ".." << high;
  EXPECT_LE(ticks.front(), low + 1e-9 * step);
  EXPECT_GE(ticks.back(), high - 1e-9 * step);
  for (std::size_t index = 0; index < ticks.size(); ++index) {
    EXPECT_NEAR(ticks[index] / step, std::round(ticks[index] / step), 1e-9) << ticks[index];
    if (index > 0) {
      EXPECT_NEAR(ticks[index] - ticks[index - 1], step, 1e-9 * step);
    }
  }
}

TEST(SvgPlotTicks, CoverTheRangeWithFourToSixMultiplesOfANiceStep) {
  const std::vector<std::pair<double, double>> ranges = {
      {0.0, 1.0},   {0.1, 11.9}, {1.0, 14.0},    {1.0, 19.0},  {4.0, 26.0},   {9.0, 21.0},
      {-3.7, 2.2},  {0.3, 0.7},  {1e-6, 3e-6},   {250.0, 1e5}, {-1e4, -20.0}, {0.0, 0.3},
      {17.0, 18.0}, {0.0, 1e9},  {123.4, 567.8}, {-0.4, 0.45}, {99.0, 101.0}, {2.0, 33.0}};
  for (const auto& [low, high] : ranges) {
    const std::vector<double> ticks = nice_ticks(low, high);
    EXPECT_GE(ticks.size(), 4u) << low << ".." << high;
    EXPECT_LE(ticks.size(), 6u) << low << ".." << high;
    expect_nice_cover(ticks, low, high);
  }
}

// -0.5..0.5: a step of 0.2 needs 7 ticks (-0.6..0.6), a step of 0.5 needs 3; 0.25 is not nice.
TEST(SvgPlotTicks, RangeNoNiceStepFitsGetsANearbyCount) {
  const std::vector<double> ticks = nice_ticks(-0.5, 0.5);
  EXPECT_TRUE(ticks.size() == 3 || ticks.size() == 7) << ticks.size();
  expect_nice_cover(ticks, -0.5, 0.5);
}

TEST(SvgPlotTicks, ZeroWidthRangeIsWidenedAndNonFiniteGivesNone) {
  const std::vector<double> ticks = nice_ticks(3.0, 3.0);
  ASSERT_GE(ticks.size(), 2u);
  EXPECT_LT(ticks.front(), 3.0);
  EXPECT_GT(ticks.back(), 3.0);
  EXPECT_TRUE(nice_ticks(nan, 1.0).empty());
}

TEST(SvgPlot, DocumentIsWellFormedEnough) {
  const auto svg = svg_line_plot({growth_panel(), growth_panel(), growth_panel()}, 2);
  ASSERT_TRUE(svg.has_value()) << svg.error().message;
  EXPECT_TRUE(svg->starts_with("<svg"));
  EXPECT_TRUE(svg->ends_with("</svg>\n"));
  EXPECT_EQ(count_of(*svg, "<g ") + count_of(*svg, "<g>"), count_of(*svg, "</g>"));
  EXPECT_EQ(count_of(*svg, "<svg"), count_of(*svg, "</svg>"));
  EXPECT_EQ(attribute_of(*svg, "<svg", "width"), "840");  // two columns of 420 px
}

TEST(SvgPlot, PointsLandOnTheLinearMapOfTheAxes) {
  const PlotPanel panel = growth_panel();
  const auto svg = svg_line_plot({panel});
  ASSERT_TRUE(svg.has_value());
  const PlotFrame frame = plot_frame(panel, 0, 2);
  // The frame itself: outer ticks on the plot edges, a data value halfway between maps halfway.
  EXPECT_EQ(frame.y_ticks, (std::vector<double>{0, 20, 40, 60, 80, 100}));  // 5 < 0.3 * 97: zero
  EXPECT_DOUBLE_EQ(frame.x_pixel(frame.x_low()), frame.left_px);
  EXPECT_DOUBLE_EQ(frame.x_pixel(frame.x_high()), frame.left_px + frame.width_px);
  EXPECT_DOUBLE_EQ(frame.y_pixel(frame.y_low()), frame.top_px + frame.height_px);
  EXPECT_DOUBLE_EQ(frame.y_pixel(frame.y_high()), frame.top_px);
  EXPECT_DOUBLE_EQ(frame.y_pixel(50.0), frame.top_px + frame.height_px / 2.0);

  const auto points = parse_points(attribute_of(*svg, "<polyline", "points"));
  ASSERT_EQ(points.size(), panel.series[0].x.size());
  for (std::size_t index = 0; index < points.size(); ++index) {
    const double x_fraction = (panel.series[0].x[index] - 0.0) / (30.0 - 0.0);
    const double y_fraction = (panel.series[0].y[index] - 0.0) / (100.0 - 0.0);
    EXPECT_NEAR(points[index].first, frame.left_px + x_fraction * frame.width_px, 0.006);
    EXPECT_NEAR(points[index].second, frame.top_px + (1.0 - y_fraction) * frame.height_px, 0.006);
  }
}

TEST(SvgPlot, YRangeKeepsItsOffsetWhenTheMinimumIsLarge) {
  const PlotPanel panel{"t", "x", "y", {{"s", {0.0, 1.0}, {50.0, 100.0}}}};
  EXPECT_EQ(plot_frame(panel, 0, 1).y_ticks, (std::vector<double>{50, 60, 70, 80, 90, 100}));
}

TEST(SvgPlot, NanBreaksTheLineAndIsNotDrawn) {
  const PlotPanel panel{
      "gaps", "x", "y", {{"s", {0.0, 1.0, 2.0, 3.0, 4.0, 5.0}, {1.0, 2.0, nan, 4.0, 5.0, 6.0}}}};
  const auto svg = svg_line_plot({panel});
  ASSERT_TRUE(svg.has_value());
  ASSERT_EQ(count_of(*svg, "<polyline"), 2u);
  std::size_t drawn = 0;
  for (std::size_t occurrence = 0; occurrence < 2; ++occurrence)
    drawn += parse_points(attribute_of(*svg, "<polyline", "points", occurrence)).size();
  EXPECT_EQ(drawn, 5u);
}

TEST(SvgPlot, TextIsEscaped) {
  const PlotPanel panel{"a<b & c", "\"x\" > 0", "y", {{"a<b & c", {0.0, 1.0}, {0.0, 1.0}}}};
  const auto svg = svg_line_plot({panel});
  ASSERT_TRUE(svg.has_value());
  EXPECT_NE(svg->find(">a&lt;b &amp; c</text>"), std::string::npos);
  EXPECT_NE(svg->find(">&quot;x&quot; &gt; 0</text>"), std::string::npos);
  EXPECT_EQ(svg->find("a<b"), std::string::npos);
}

TEST(SvgPlot, SameLabelSameColourInEveryPanel) {
  PlotPanel first = growth_panel();
  PlotPanel second = growth_panel();
  std::swap(second.series[0], second.series[1]);  // "control" drawn first in the second panel
  const auto svg = svg_line_plot({first, second});
  ASSERT_TRUE(svg.has_value());
  const std::string treated = attribute_of(*svg, "<polyline", "stroke", 0);
  const std::string control = attribute_of(*svg, "<polyline", "stroke", 1);
  EXPECT_NE(treated, control);
  EXPECT_EQ(attribute_of(*svg, "<polyline", "stroke", 2), control);
  EXPECT_EQ(attribute_of(*svg, "<polyline", "stroke", 3), treated);
}

TEST(SvgPlotErrors, NoPanels) {
  const auto svg = svg_line_plot({});
  ASSERT_FALSE(svg.has_value());
  EXPECT_EQ(svg.error().category, ErrorCategory::invalid_input);
}

TEST(SvgPlotErrors, ColumnsBelowOne) {
  const auto svg = svg_line_plot({growth_panel()}, 0);
  ASSERT_FALSE(svg.has_value());
  EXPECT_EQ(svg.error().category, ErrorCategory::invalid_input);
  EXPECT_EQ(svg.error().field, "columns");
}

TEST(SvgPlotErrors, LengthMismatchNamesPanelAndSeries) {
  PlotPanel panel = growth_panel();
  panel.series[1].y.pop_back();
  const auto svg = svg_line_plot({growth_panel(), panel});
  ASSERT_FALSE(svg.has_value());
  EXPECT_EQ(svg.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(svg.error().message.find("Collagen"), std::string::npos);
  EXPECT_NE(svg.error().message.find("control"), std::string::npos);
  EXPECT_EQ(svg.error().field, "panels[1].series[1]");
}

}  // namespace
}  // namespace dermasim::engine
