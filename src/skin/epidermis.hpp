// The epidermis as an engine scenario on the single committed-progenitor model: progenitors and
// post-mitotic cells in the basal layer, viable suprabasal cells, corneocytes that are shed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"
#include "skin/progenitor_kinetics.hpp"

namespace dermasim::skin {

// Cell type indices of the scenarios epidermis_scenario builds.
enum EpidermalCellType : int {
  progenitor = 0,
  post_mitotic_basal = 1,
  viable_suprabasal = 2,
  corneocyte = 3,
  epidermal_type_count = 4,
};

struct EpidermisOptions {
  std::size_t basal_cells = 10000;  // germinative cells at the start
  double duration_h = 24.0 * 7.0 * 52.0;
  double step_h = 1.0;  // phenotype = mechanics = diffusion step: the model has no fields
  std::uint64_t seed = 1;
};

// A well-mixed epidermis (no mechanics, no fields): the pure SP model in the germinative
// compartment (REFERENCE §B2), whose clone statistics have exact and asymptotic predictions, then
// a viable suprabasal stage and the stratum corneum with their transit times. It starts with the
// germinative cells alone, progenitors in the homeostatic proportion ρ : 1 − ρ on a square lattice
// at z = 0; a stratifying cell moves 10 µm up and the suprabasal compartments fill within one
// transit time. The patch's area follows from basal_cells / germinative_cells_per_mm2.
engine::Scenario epidermis_scenario(const ProgenitorKinetics& kinetics,
                                    const EpidermisOptions& options);

// Living agents per cell type, for types below counts.size() (others are not counted).
void count_living(const engine::AgentStore& agents, std::span<double> counts);

// Area of the patch such a scenario represents, mm².
double patch_area_mm2(const ProgenitorKinetics& kinetics, const EpidermisOptions& options);

}  // namespace dermasim::skin
