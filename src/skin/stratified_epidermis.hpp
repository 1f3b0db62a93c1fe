// A spatial, stratified epidermis: basal cells attached to a basement membrane (flat or with rete
// ridges), suprabasal cells and corneocytes pushed up by the cells stratifying beneath them and
// shed at the surface; layer thickness measured from the cells' positions.
#pragma once

#include <cstdint>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"
#include "skin/progenitor_kinetics.hpp"

namespace dermasim::skin {

// What the cells fill and how they push: volumes are the mechanical spheres of a centre-based
// model, not histological cell volumes (a corneocyte is a flat disc, a basal cell a column).
struct StratifiedMechanics {
  double basal_cell_volume_um3 = 0.0;
  double suprabasal_cell_volume_um3 = 0.0;
  double corneocyte_volume_um3 = 0.0;
  double repulsion_um_per_h = 0.0;
  double adhesion_um_per_h = 0.0;
  double mechanics_step_h = 0.1;
};

struct StratifiedOptions {
  double side_um = 100.0;            // the patch is side × side µm of skin surface
  double germinative_per_mm2 = 0.0;  // basal cells per mm² of skin surface
  double ridge_depth_um = 0.0;       // rete ridges: 0 for a flat basement membrane
  double ridge_period_um = 100.0;
  double duration_h = 24.0;
  double phenotype_step_h = 1.0;
  std::uint64_t seed = 1;
  StratifiedMechanics mechanics;
};

// The engine scenario: the SP-model cell types of epidermis_scenario with mechanics, basal types
// attached to the membrane and the others kept above it, basal cells on a hexagonal lattice over
// the membrane; voxels of 20 µm, the domain from below the deepest ridge to far above the surface.
engine::Scenario stratified_epidermis_scenario(const ProgenitorKinetics& kinetics,
                                               const StratifiedOptions& options);

// Layer thickness from positions, averaged over columns of `bin_um` × `bin_um`: the viable
// epidermis from the membrane to the top of its highest nucleated cell, the stratum corneum from
// there to the top of its highest corneocyte. A column without cells counts as 0.
struct LayerThickness {
  double viable_um = 0.0;
  double stratum_corneum_um = 0.0;
};
LayerThickness measure_layers(const engine::AgentStore& agents, const engine::Scenario& scenario,
                              double bin_um = 20.0);

}  // namespace dermasim::skin
