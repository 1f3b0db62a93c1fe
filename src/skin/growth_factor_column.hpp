// Quasi-steady depth profile of a diffusing growth factor from the dermal plexus to the stratum
// corneum: the signal the basal layer reads.
#pragma once

#include <cstddef>
#include <vector>

namespace dermasim::skin {

// A 1-D column along depth, z = 0 at the basement membrane, positive upwards: from the dermal
// plexus at z = −source_depth_um (concentration held at `dermal_ng_per_ml`) through the papillary
// dermis and the viable epidermis to the underside of the stratum corneum at z = viable_um. There a
// product on the surface enters with permeability `surface_permeability_um_per_h` (0: an intact
// barrier, no flux). The factor decays everywhere and basal cells take it up in the basal layer
// (0 ≤ z ≤ basal_layer_um). The column relaxes in L²/D ≈ 0.1 h, far faster than any cell event,
// so the steady state D c'' − k c − u(z) c = 0 is solved at each step instead of stepping it.
struct GrowthFactorColumn {
  double diffusion_um2_per_h = 0.0;
  double decay_per_h = 0.0;
  double basal_uptake_per_h = 0.0;
  double source_depth_um = 100.0;
  double basal_layer_um = 10.0;
  double node_spacing_um = 2.0;
};

struct ColumnBoundary {
  double dermal_ng_per_ml = 0.0;
  double viable_um = 60.0;  // top of the viable epidermis
  double surface_ng_per_ml = 0.0;
  double surface_permeability_um_per_h = 0.0;
};

// The steady profile at nodes z_i = −source_depth_um + i·h, the last at z = viable_um (h at most
// node_spacing_um, adjusted so that the nodes fit exactly), by finite volumes and one tridiagonal
// solve. It keeps its arrays, so solving again for a column of similar height allocates nothing.
class SteadyProfile {
 public:
  void solve(const GrowthFactorColumn& column, const ColumnBoundary& boundary);

  const std::vector<double>& concentration_ng_per_ml() const { return m_values; }
  double depth_of_node_um(std::size_t node) const {
    return m_bottom_um + m_spacing_um * static_cast<double>(node);
  }
  // Mean over the basal layer (0 ≤ z ≤ basal_layer_um), by the trapezoid rule on the nodes
  // interpolated linearly.
  double basal_layer_mean() const { return m_basal_mean; }

 private:
  std::vector<double> m_values, m_upper;
  double m_bottom_um = 0.0, m_spacing_um = 1.0, m_basal_mean = 0.0;
};

}  // namespace dermasim::skin
