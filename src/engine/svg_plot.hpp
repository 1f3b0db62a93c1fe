// Dependency-free SVG line plots of result series: panels in a grid with nice ticks and a legend.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dermasim::engine {

struct PlotSeries {
  std::string label;  // legend entry; the same label gets the same colour in every panel
  std::vector<double> x;
  std::vector<double> y;  // NaN (or any non-finite x or y) breaks the line there
};

struct PlotPanel {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<PlotSeries> series;
};

// Where a panel's data lands in the document: the axis ranges (the outer ticks) in data units and
// the plot area in pixels (y grows downwards in SVG, so y_low maps to the bottom edge).
struct PlotFrame {
  std::vector<double> x_ticks;
  std::vector<double> y_ticks;
  double left_px = 0.0;
  double top_px = 0.0;
  double width_px = 0.0;
  double height_px = 0.0;

  double x_low() const { return x_ticks.front(); }
  double x_high() const { return x_ticks.back(); }
  double y_low() const { return y_ticks.front(); }
  double y_high() const { return y_ticks.back(); }
  double x_pixel(double x) const;
  double y_pixel(double y) const;
};

inline constexpr double plot_panel_width_px = 420.0;
inline constexpr double plot_panel_height_px = 300.0;

// Ticks evenly spaced by 1, 2 or 5 × 10^n, the first at or below `low` and the last at or above
// `high`, as close to `target` in number as such a step allows: 4 to 6 for target 5, except for
// rare ranges (about 0.3 %, e.g. -0.5..0.5) that no such step covers with 4 to 6, which get 7. A
// zero-width range is widened around its value; non-finite bounds give no ticks.
std::vector<double> nice_ticks(double low, double high, int target = 5);

// The frame svg_line_plot uses for panel number `index` of a grid with `columns` columns. The
// y range includes 0 when all data are ≥ 0 and the smallest is below 0.3 × the largest.
PlotFrame plot_frame(const PlotPanel& panel, std::size_t index, int columns);

// One SVG document (no XML declaration; starts with "<svg", ends with "</svg>\n") with the panels
// in a grid of `columns` columns and a shared legend below it. Errors (`invalid_input`): no
// panels, columns < 1, a series whose x and y lengths differ (naming the panel and the series).
Result<std::string> svg_line_plot(const std::vector<PlotPanel>& panels, int columns = 2);

}  // namespace dermasim::engine
