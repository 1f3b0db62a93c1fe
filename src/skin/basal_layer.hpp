// The basal layer of the epidermis as an engine scenario: progenitors, post-mitotic basal cells,
// suprabasal cells that are shed, on the single committed-progenitor model.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/scenario.hpp"
#include "skin/progenitor_kinetics.hpp"

namespace dermasim::skin {

// Cell type indices of the scenario basal_layer_scenario builds.
enum BasalCellType : int { progenitor = 0, post_mitotic_basal = 1, suprabasal = 2 };

struct BasalLayerOptions {
  std::size_t basal_cells = 10000;
  double duration_h = 24.0 * 7.0 * 52.0;
  double step_h = 1.0;  // phenotype = mechanics = diffusion step: the clonal model has no fields
  std::uint64_t seed = 1;
};

// A well-mixed basal layer (no mechanics, no fields): the pure SP model, whose clone statistics
// have exact and asymptotic predictions (REFERENCE §B2). Progenitors and post-mitotic cells start
// in the homeostatic proportion ρ : 1 − ρ, placed on a square lattice at z = 0; a stratifying cell
// moves 10 µm up and is shed after the suprabasal transit time.
engine::Scenario basal_layer_scenario(const ProgenitorKinetics& kinetics,
                                      const BasalLayerOptions& options);

}  // namespace dermasim::skin
