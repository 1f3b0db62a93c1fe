// Builds the epidermis scenario: SP-model germinative compartment, suprabasal and cornified stages.
#include "skin/epidermis.hpp"

#include <algorithm>
#include <cmath>

namespace dermasim::skin {
namespace {

constexpr double hours_per_week = 24.0 * 7.0;
constexpr double hours_per_day = 24.0;
constexpr double cell_spacing_um = 10.0;  // [assumed] basal keratinocyte diameter ~8–12 µm (§A3)
constexpr double margin_um = 5000.0;

engine::CellTypeSpec still_cell(const char* name) {
  engine::CellTypeSpec type;
  type.name = name;
  type.mechanics.repulsion_um_per_h = 0.0;  // well mixed: position carries no information here
  type.mechanics.adhesion_um_per_h = 0.0;
  return type;
}

engine::CellTypeSpec progenitor_type(const ProgenitorKinetics& k) {
  engine::CellTypeSpec type = still_cell("progenitor");
  type.cycle = {{"cycling", hours_per_week / k.division_per_week,
                 engine::PhaseDuration::exponential, false, true}};
  const double r = k.symmetric_division_fraction;
  type.division_outcomes = {{progenitor, progenitor, r},
                            {progenitor, post_mitotic_basal, 1.0 - 2.0 * r},
                            {post_mitotic_basal, post_mitotic_basal, r}};
  return type;
}

// A stage that the cell leaves for `next` after a waiting time, moving up by `shift_z_um`.
engine::CellTypeSpec stage(const char* name, int next, double wait_h, engine::PhaseDuration kind,
                           double shift_z_um) {
  engine::CellTypeSpec type = still_cell(name);
  type.transition = engine::TypeTransition{next, wait_h, kind, shift_z_um};
  return type;
}

}  // namespace

void count_living(const engine::AgentStore& agents, std::span<double> counts) {
  std::fill(counts.begin(), counts.end(), 0.0);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    const auto type = static_cast<std::size_t>(agents.type[i]);
    if (agents.state[i] == engine::AgentState::alive && type < counts.size()) counts[type] += 1.0;
  }
}

double patch_area_mm2(const ProgenitorKinetics& kinetics, const EpidermisOptions& options) {
  return static_cast<double>(options.basal_cells) / kinetics.germinative_cells_per_mm2;
}

engine::Scenario epidermis_scenario(const ProgenitorKinetics& kinetics,
                                    const EpidermisOptions& options) {
  using engine::PhaseDuration;
  engine::Scenario scenario;
  scenario.name = "epidermis (" + kinetics.name + ")";
  scenario.seed = options.seed;
  scenario.duration_h = options.duration_h;
  scenario.time_steps = {options.step_h, options.step_h, options.step_h};
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.cell_types = {
      progenitor_type(kinetics),
      stage("post_mitotic_basal", viable_suprabasal,
            hours_per_week / kinetics.stratification_per_week, PhaseDuration::exponential,
            cell_spacing_um),
      stage("viable_suprabasal", corneocyte,
            hours_per_day * kinetics.viable_suprabasal_transit_days, PhaseDuration::fixed,
            cell_spacing_um),
      stage("corneocyte", engine::shed_type, hours_per_day * kinetics.stratum_corneum_transit_days,
            PhaseDuration::fixed, 0.0)};
  const auto side =
      static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(options.basal_cells))));
  // A wide margin: daughters are placed a radius away from their parent, and a cell whose centre
  // left the domain would freeze; positions carry no information in this well-mixed model.
  const double width_um = cell_spacing_um * static_cast<double>(side) + 2.0 * margin_um;
  scenario.voxel_um = width_um;
  scenario.domain.min_um = {-margin_um, -margin_um, -0.5 * width_um};
  scenario.domain.max_um = {width_um - margin_um, width_um - margin_um, 0.5 * width_um};
  // Progenitors spread evenly through the lattice in the proportion ρ (a deterministic low-
  // discrepancy assignment: cell c is a progenitor when floor((c+1)ρ) > floor(cρ)).
  const double rho = kinetics.progenitor_fraction;
  for (std::size_t c = 0; c < options.basal_cells; ++c) {
    const auto place = static_cast<double>(c);
    const bool is_progenitor = std::floor((place + 1.0) * rho) > std::floor(place * rho);
    const double x = cell_spacing_um * (static_cast<double>(c % side) + 0.5);
    const double y = cell_spacing_um * (static_cast<double>(c / side) + 0.5);
    scenario.initial_cells.push_back(
        {{x, y, 0.0}, is_progenitor ? progenitor : post_mitotic_basal});
  }
  return scenario;
}

}  // namespace dermasim::skin
