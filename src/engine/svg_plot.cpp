// Dependency-free SVG line plots of result series: panels in a grid with nice ticks and a legend.
#include "engine/svg_plot.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>

namespace dermasim::engine {
namespace {

constexpr double margin_left_px = 64.0;
constexpr double margin_right_px = 16.0;
constexpr double margin_top_px = 34.0;
constexpr double margin_bottom_px = 52.0;
constexpr double tick_length_px = 5.0;
constexpr double legend_row_height_px = 20.0;
constexpr double legend_entry_width_px = 140.0;
constexpr double zero_baseline_fraction = 0.3;

// Tableau 10: distinguishable, colour-blind-friendlier than the SVG named colours.
constexpr std::array<std::string_view, 10> palette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                      "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                      "#9c755f", "#bab0ac"};

// A step of mantissa × 10^exponent, kept as integers so that every tick is one correctly rounded
// division or product (0.3, not 0.30000000000000004, which would print badly).
struct TickStep {
  long long mantissa = 1;
  int exponent = 0;

  double tick(long long index) const {
    const double scaled = static_cast<double>(index * mantissa);
    return exponent >= 0 ? scaled * std::pow(10.0, exponent) : scaled / std::pow(10.0, -exponent);
  }
  double size() const { return tick(1); }
};

// Rounding slack for data that sit on a tick up to floating-point error.
constexpr double index_slack = 1e-9;

long long first_index(double low, const TickStep& step) {
  return static_cast<long long>(std::floor(low / step.size() + index_slack));
}

long long last_index(double high, const TickStep& step) {
  return static_cast<long long>(std::ceil(high / step.size() - index_slack));
}

std::string escape_xml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char character : text) {
    if (character == '&')
      escaped += "&amp;";
    else if (character == '<')
      escaped += "&lt;";
    else if (character == '>')
      escaped += "&gt;";
    else if (character == '"')
      escaped += "&quot;";
    else
      escaped += character;
  }
  return escaped;
}

template <class... Format>
std::string number_text(double value, Format... format) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format...);
  return std::string(buffer.data(), result.ptr);
}

// Shortest text that reads back to the tick (0.3, 20, 1e-05).
std::string tick_text(double tick) {
  return number_text(tick);
}

// Hundredths of a pixel: finer than any screen, short enough to keep files small.
std::string pixel_text(double pixel) {
  return number_text(pixel, std::chars_format::fixed, 2);
}

using Attributes = std::initializer_list<std::pair<std::string_view, std::string>>;

// <name a="v" ...>text</name>, or self-closing without text; escapes values and text.
void append_element(std::string& svg, std::string_view name, Attributes attributes,
                    std::string_view text = {}) {
  svg += '<';
  svg += name;
  for (const auto& [key, value] : attributes) {
    svg += ' ';
    svg += key;
    svg += "=\"" + escape_xml(value) + '"';
  }
  if (text.empty()) {
    svg += "/>\n";
    return;
  }
  svg += '>' + escape_xml(text) + "</" + std::string(name) + ">\n";
}

bool is_finite_point(const PlotSeries& series, std::size_t index) {
  return std::isfinite(series.x[index]) && std::isfinite(series.y[index]);
}

struct DataRange {
  double x_min = std::numeric_limits<double>::infinity();
  double x_max = -std::numeric_limits<double>::infinity();
  double y_min = std::numeric_limits<double>::infinity();
  double y_max = -std::numeric_limits<double>::infinity();

  bool empty() const { return x_min > x_max; }
};

DataRange data_range(const PlotPanel& panel) {
  DataRange range;
  for (const PlotSeries& series : panel.series) {
    const std::size_t count = std::min(series.x.size(), series.y.size());
    for (std::size_t index = 0; index < count; ++index) {
      if (!is_finite_point(series, index)) continue;
      range.x_min = std::min(range.x_min, series.x[index]);
      range.x_max = std::max(range.x_max, series.x[index]);
      range.y_min = std::min(range.y_min, series.y[index]);
      range.y_max = std::max(range.y_max, series.y[index]);
    }
  }
  if (range.empty()) return {0.0, 1.0, 0.0, 1.0};
  if (range.y_min >= 0.0 && range.y_min < zero_baseline_fraction * range.y_max) range.y_min = 0.0;
  return range;
}

// Labels in order of first appearance across all panels; a label's position picks its colour.
std::vector<std::string> series_labels(const std::vector<PlotPanel>& panels) {
  std::vector<std::string> labels;
  for (const PlotPanel& panel : panels)
    for (const PlotSeries& series : panel.series)
      if (std::ranges::find(labels, series.label) == labels.end()) labels.push_back(series.label);
  return labels;
}

std::string_view colour_of(const std::vector<std::string>& labels, const std::string& label) {
  const auto position = std::ranges::find(labels, label) - labels.begin();
  return palette[static_cast<std::size_t>(position) % palette.size()];
}

Status check_plot_input(const std::vector<PlotPanel>& panels, int columns) {
  if (panels.empty())
    return fail(Error::invalid_input("a plot needs at least one panel", "panels"));
  if (columns < 1)
    return fail(Error::invalid_input("columns must be at least 1, got " + std::to_string(columns),
                                     "columns"));
  for (std::size_t panel_index = 0; panel_index < panels.size(); ++panel_index) {
    const PlotPanel& panel = panels[panel_index];
    for (std::size_t series_index = 0; series_index < panel.series.size(); ++series_index) {
      const PlotSeries& series = panel.series[series_index];
      if (series.x.size() == series.y.size()) continue;
      return fail(Error::invalid_input("panel \"" + panel.title + "\", series \"" + series.label +
                                           "\": x has " + std::to_string(series.x.size()) +
                                           " values but y has " + std::to_string(series.y.size()) +
                                           "; give one y per x",
                                       "panels[" + std::to_string(panel_index) + "].series[" +
                                           std::to_string(series_index) + "]"));
    }
  }
  return {};
}

void append_line(std::string& svg, double x1_px, double y1_px, double x2_px, double y2_px,
                 std::string_view colour, std::string_view stroke_width = "1") {
  append_element(svg, "line",
                 {{"x1", pixel_text(x1_px)},
                  {"y1", pixel_text(y1_px)},
                  {"x2", pixel_text(x2_px)},
                  {"y2", pixel_text(y2_px)},
                  {"stroke", std::string(colour)},
                  {"stroke-width", std::string(stroke_width)}});
}

void append_text(std::string& svg, double x_px, double y_px, std::string_view anchor,
                 std::string_view text) {
  append_element(
      svg, "text",
      {{"x", pixel_text(x_px)}, {"y", pixel_text(y_px)}, {"text-anchor", std::string(anchor)}},
      text);
}

constexpr std::string_view grid_colour = "#e5e5e5";
constexpr std::string_view axis_colour = "#444";

void append_axes(std::string& svg, const PlotFrame& frame) {
  const double bottom_px = frame.top_px + frame.height_px;
  const double right_px = frame.left_px + frame.width_px;
  for (const double tick : frame.x_ticks) {
    const double x_px = frame.x_pixel(tick);
    append_line(svg, x_px, frame.top_px, x_px, bottom_px, grid_colour);
    append_line(svg, x_px, bottom_px, x_px, bottom_px + tick_length_px, axis_colour);
    append_text(svg, x_px, bottom_px + 18.0, "middle", tick_text(tick));
  }
  for (const double tick : frame.y_ticks) {
    const double y_px = frame.y_pixel(tick);
    append_line(svg, frame.left_px, y_px, right_px, y_px, grid_colour);
    append_line(svg, frame.left_px - tick_length_px, y_px, frame.left_px, y_px, axis_colour);
    append_text(svg, frame.left_px - 8.0, y_px + 4.0, "end", tick_text(tick));
  }
  append_element(svg, "rect",
                 {{"x", pixel_text(frame.left_px)},
                  {"y", pixel_text(frame.top_px)},
                  {"width", pixel_text(frame.width_px)},
                  {"height", pixel_text(frame.height_px)},
                  {"fill", "none"},
                  {"stroke", std::string(axis_colour)}});
}

void append_labels(std::string& svg, const PlotPanel& panel, const PlotFrame& frame) {
  const double centre_x_px = frame.left_px + frame.width_px / 2.0;
  const double centre_y_px = frame.top_px + frame.height_px / 2.0;
  append_element(svg, "text",
                 {{"x", pixel_text(centre_x_px)},
                  {"y", pixel_text(frame.top_px - 14.0)},
                  {"text-anchor", "middle"},
                  {"font-weight", "bold"}},
                 panel.title);
  append_text(svg, centre_x_px, frame.top_px + frame.height_px + 38.0, "middle", panel.x_label);
  append_element(svg, "text",
                 {{"transform", "translate(" + pixel_text(frame.left_px - 48.0) + "," +
                                    pixel_text(centre_y_px) + ") rotate(-90)"},
                  {"text-anchor", "middle"}},
                 panel.y_label);
}

void append_polyline(std::string& svg, std::string_view colour, const std::string& points) {
  append_element(svg, "polyline",
                 {{"fill", "none"},
                  {"stroke", std::string(colour)},
                  {"stroke-width", "1.5"},
                  {"points", points}});
}

// One polyline per run of finite points, so that a NaN leaves a gap instead of a false line.
void append_series(std::string& svg, const PlotSeries& series, const PlotFrame& frame,
                   std::string_view colour) {
  std::string points;
  for (std::size_t index = 0; index < series.x.size(); ++index) {
    if (!is_finite_point(series, index)) {
      if (!points.empty()) append_polyline(svg, colour, points);
      points.clear();
      continue;
    }
    if (!points.empty()) points += ' ';
    points += pixel_text(frame.x_pixel(series.x[index])) + ',' +
              pixel_text(frame.y_pixel(series.y[index]));
  }
  if (!points.empty()) append_polyline(svg, colour, points);
}

void append_legend(std::string& svg, const std::vector<std::string>& labels, double top_px,
                   std::size_t entries_per_row) {
  svg += "<g class=\"legend\">\n";
  for (std::size_t index = 0; index < labels.size(); ++index) {
    const double x_px = 16.0 + legend_entry_width_px * static_cast<double>(index % entries_per_row);
    const double y_px =
        top_px + legend_row_height_px * static_cast<double>(index / entries_per_row + 1);
    append_line(svg, x_px, y_px - 4.0, x_px + 20.0, y_px - 4.0, colour_of(labels, labels[index]),
                "3");
    append_text(svg, x_px + 26.0, y_px, "start", labels[index]);
  }
  svg += "</g>\n";
}

}  // namespace

double PlotFrame::x_pixel(double x) const {
  return left_px + (x - x_low()) / (x_high() - x_low()) * width_px;
}

double PlotFrame::y_pixel(double y) const {
  return top_px + (y_high() - y) / (y_high() - y_low()) * height_px;
}

std::vector<double> nice_ticks(double low, double high, int target) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {};
  if (high < low) std::swap(low, high);
  if (high - low <= 1e-12 * std::max(1.0, std::abs(low))) {
    const double half_width = low == 0.0 ? 1.0 : 0.1 * std::abs(low);
    low -= half_width;
    high += half_width;
  }
  target = std::max(target, 2);
  const int magnitude = static_cast<int>(std::floor(std::log10(high - low)));
  TickStep best;
  long long best_miss = std::numeric_limits<long long>::max();
  for (int exponent = magnitude - 2; exponent <= magnitude + 1; ++exponent) {
    for (const long long mantissa : {1LL, 2LL, 5LL}) {
      const TickStep step{mantissa, exponent};
      const long long count = last_index(high, step) - first_index(low, step) + 1;
      const long long miss = std::abs(count - target);
      if (miss < best_miss) {
        best_miss = miss;
        best = step;
      }
    }
  }
  std::vector<double> ticks;
  for (long long index = first_index(low, best); index <= last_index(high, best); ++index)
    ticks.push_back(best.tick(index));
  return ticks;
}

PlotFrame plot_frame(const PlotPanel& panel, std::size_t index, int columns) {
  const auto column_count = static_cast<std::size_t>(std::max(columns, 1));
  const double origin_x_px = plot_panel_width_px * static_cast<double>(index % column_count);
  const double origin_y_px = plot_panel_height_px * static_cast<double>(index / column_count);
  const DataRange range = data_range(panel);
  PlotFrame frame;
  frame.x_ticks = nice_ticks(range.x_min, range.x_max);
  frame.y_ticks = nice_ticks(range.y_min, range.y_max);
  frame.left_px = origin_x_px + margin_left_px;
  frame.top_px = origin_y_px + margin_top_px;
  frame.width_px = plot_panel_width_px - margin_left_px - margin_right_px;
  frame.height_px = plot_panel_height_px - margin_top_px - margin_bottom_px;
  return frame;
}

Result<std::string> svg_line_plot(const std::vector<PlotPanel>& panels, int columns) {
  DERMASIM_TRY(check_plot_input(panels, columns));
  const auto column_count = std::min(static_cast<std::size_t>(columns), panels.size());
  const std::size_t row_count = (panels.size() + column_count - 1) / column_count;
  const std::vector<std::string> labels = series_labels(panels);
  const double width_px = plot_panel_width_px * static_cast<double>(column_count);
  const double grid_height_px = plot_panel_height_px * static_cast<double>(row_count);
  const auto entries_per_row =
      std::max<std::size_t>(1, static_cast<std::size_t>(width_px / legend_entry_width_px));
  const std::size_t legend_rows = (labels.size() + entries_per_row - 1) / entries_per_row;
  const double height_px =
      grid_height_px + legend_row_height_px * static_cast<double>(legend_rows) + 10.0;

  const std::string width_text = number_text(width_px);
  const std::string height_text = number_text(height_px);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width_text +
                    "\" height=\"" + height_text + "\" viewBox=\"0 0 " + width_text + " " +
                    height_text + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  append_element(svg, "rect", {{"width", "100%"}, {"height", "100%"}, {"fill", "white"}});
  for (std::size_t index = 0; index < panels.size(); ++index) {
    const PlotPanel& panel = panels[index];
    const PlotFrame frame = plot_frame(panel, index, columns);
    svg += "<g class=\"panel\">\n";
    append_axes(svg, frame);
    append_labels(svg, panel, frame);
    for (const PlotSeries& series : panel.series)
      append_series(svg, series, frame, colour_of(labels, series.label));
    svg += "</g>\n";
  }
  append_legend(svg, labels, grid_height_px, entries_per_row);
  svg += "</svg>\n";
  return svg;
}

}  // namespace dermasim::engine
