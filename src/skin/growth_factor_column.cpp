// Steady growth-factor depth profile: finite volumes and the Thomas algorithm.
#include "skin/growth_factor_column.hpp"

#include <algorithm>
#include <cmath>

namespace dermasim::skin {
namespace {

// Uptake rate of the node at height z (basal cells take the factor up in the basal layer only).
double uptake_at(const GrowthFactorColumn& column, double z_um) {
  return (z_um >= 0.0 && z_um <= column.basal_layer_um) ? column.basal_uptake_per_h : 0.0;
}

// Mean of a piecewise-linear profile over [0, top] by exact integration of each segment's part.
double layer_mean(const std::vector<double>& values, double bottom_um, double spacing_um,
                  double top_um) {
  double integral = 0.0;
  for (std::size_t i = 0; i + 1 < values.size(); ++i) {
    const double z0 = bottom_um + spacing_um * static_cast<double>(i);
    const double a = std::max(z0, 0.0), b = std::min(z0 + spacing_um, top_um);
    if (b <= a) continue;
    const auto at = [&](double z) {
      return values[i] + (values[i + 1] - values[i]) * (z - z0) / spacing_um;
    };
    integral += 0.5 * (at(a) + at(b)) * (b - a);
  }
  return top_um > 0.0 ? integral / top_um : values.back();
}

}  // namespace

void SteadyProfile::solve(const GrowthFactorColumn& column, const ColumnBoundary& boundary) {
  const double height_um = column.source_depth_um + boundary.viable_um;
  const auto intervals =
      static_cast<std::size_t>(std::max(1.0, std::ceil(height_um / column.node_spacing_um)));
  const std::size_t nodes = intervals + 1;
  m_bottom_um = -column.source_depth_um;
  m_spacing_um = height_um / static_cast<double>(intervals);
  m_values.resize(nodes);
  m_upper.resize(nodes);
  const double h = m_spacing_um, d = column.diffusion_um2_per_h;
  // Row i: lower·c[i−1] + diagonal·c[i] + upper·c[i+1] = right, eliminated forwards as it is
  // built (Thomas): m_upper holds the modified upper coefficient, m_values the modified right side.
  m_upper[0] = 0.0;
  m_values[0] = boundary.dermal_ng_per_ml;  // Dirichlet at the plexus
  for (std::size_t i = 1; i < nodes; ++i) {
    const bool top = i + 1 == nodes;
    const double z = depth_of_node_um(i);
    const double sink = column.decay_per_h + uptake_at(column, z);
    // Interior node: control volume h; top node: half a volume with the surface flux.
    const double lower = -d / h;
    const double upper = top ? 0.0 : -d / h;
    double diagonal = (top ? d / h : 2.0 * d / h) + sink * (top ? 0.5 * h : h);
    double right = 0.0;
    if (top) {
      diagonal += boundary.surface_permeability_um_per_h;
      right = boundary.surface_permeability_um_per_h * boundary.surface_ng_per_ml;
    }
    const double pivot = diagonal - lower * m_upper[i - 1];
    m_upper[i] = upper / pivot;
    m_values[i] = (right - lower * m_values[i - 1]) / pivot;
  }
  for (std::size_t i = nodes - 1; i-- > 0;) m_values[i] -= m_upper[i] * m_values[i + 1];
  m_basal_mean = layer_mean(m_values, m_bottom_um, m_spacing_um,
                            std::min(column.basal_layer_um, boundary.viable_um));
}

}  // namespace dermasim::skin
