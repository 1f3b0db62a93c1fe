// Builds the SP-model basal layer scenario from progenitor kinetics.
#include "skin/basal_layer.hpp"

#include <cmath>

namespace dermasim::skin {
namespace {

constexpr double hours_per_week = 24.0 * 7.0;
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

engine::CellTypeSpec post_mitotic_type(const ProgenitorKinetics& k) {
  engine::CellTypeSpec type = still_cell("post_mitotic_basal");
  type.transition = engine::TypeTransition{suprabasal, hours_per_week / k.stratification_per_week,
                                           engine::PhaseDuration::exponential, cell_spacing_um};
  return type;
}

engine::CellTypeSpec suprabasal_type(const ProgenitorKinetics& k) {
  engine::CellTypeSpec type = still_cell("suprabasal");
  type.transition = engine::TypeTransition{engine::shed_type, 24.0 * k.suprabasal_transit_days,
                                           engine::PhaseDuration::fixed, 0.0};
  return type;
}

}  // namespace

engine::Scenario basal_layer_scenario(const ProgenitorKinetics& kinetics,
                                      const BasalLayerOptions& options) {
  engine::Scenario scenario;
  scenario.name = "basal-layer (" + kinetics.name + ")";
  scenario.seed = options.seed;
  scenario.duration_h = options.duration_h;
  scenario.time_steps = {options.step_h, options.step_h, options.step_h};
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.cell_types = {progenitor_type(kinetics), post_mitotic_type(kinetics),
                         suprabasal_type(kinetics)};
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
