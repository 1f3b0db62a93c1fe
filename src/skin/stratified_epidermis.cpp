// Builds the stratified epidermis scenario and measures its layers.
#include "skin/stratified_epidermis.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "skin/epidermis.hpp"

namespace dermasim::skin {
namespace {

constexpr double voxel_um = 20.0;
constexpr double headroom_um = 200.0;  // room above the surface for the stack to rise into

void set_volume(engine::VolumeSpec& volume, double total_um3) {
  // Keep PhysiCell's nuclear share of the default cell (540 of 2494 µm³).
  volume.nuclear_um3 = total_um3 * 540.0 / 2494.0;
  volume.total_um3 = total_um3;
}

void set_mechanics(engine::CellTypeSpec& type, const StratifiedMechanics& m,
                   engine::MembraneContact contact, double volume_um3) {
  type.mechanics.repulsion_um_per_h = m.repulsion_um_per_h;
  type.mechanics.adhesion_um_per_h = m.adhesion_um_per_h;
  type.mechanics.membrane = contact;
  set_volume(type.volume, volume_um3);
}

}  // namespace

engine::Scenario stratified_epidermis_scenario(const ProgenitorKinetics& kinetics,
                                               const StratifiedOptions& options) {
  const double area_mm2 = options.side_um * options.side_um * 1e-6;
  EpidermisOptions base;
  base.basal_cells =
      static_cast<std::size_t>(std::max(1.0, std::round(options.germinative_per_mm2 * area_mm2)));
  base.duration_h = options.duration_h;
  base.step_h = options.phenotype_step_h;
  base.seed = options.seed;
  engine::Scenario scenario = epidermis_scenario(kinetics, base);
  scenario.name = "stratified epidermis (" + kinetics.name + ")";

  const StratifiedMechanics& m = options.mechanics;
  using engine::MembraneContact;
  set_mechanics(scenario.cell_types[progenitor], m, MembraneContact::attached,
                m.basal_cell_volume_um3);
  set_mechanics(scenario.cell_types[post_mitotic_basal], m, MembraneContact::attached,
                m.basal_cell_volume_um3);
  set_mechanics(scenario.cell_types[viable_suprabasal], m, MembraneContact::above,
                m.suprabasal_cell_volume_um3);
  set_mechanics(scenario.cell_types[corneocyte], m, MembraneContact::above,
                m.corneocyte_volume_um3);
  // Progenitors regrow to their volume after each division (without this the one-phase SP cycle
  // would halve them generation after generation).
  scenario.cell_types[progenitor].cycle[0].doubles_volume_at_entry = true;
  scenario.time_steps = {m.mechanics_step_h, m.mechanics_step_h, options.phenotype_step_h};
  scenario.wall_repulsion_um_per_h = 10.0 * m.repulsion_um_per_h;
  // The patch is a piece of a larger epidermis: a cell pushed (or a daughter placed) past its
  // sides stays in it instead of freezing.
  scenario.outside_domain = engine::OutsideDomain::clamp;

  // The membrane's top at z = 0. The voxel layers are placed so that the band of basal-cell
  // centres (from the deepest ridge to the top of the membrane, one radius up) lies inside one
  // layer when the ridges are shallower than a voxel: density signals count per voxel, and a
  // basal layer split between two voxel layers would read as too sparse. The domain reaches at
  // least a voxel below the deepest ridge and far above the surface.
  const double basal_radius = std::cbrt(3.0 * m.basal_cell_volume_um3 / (4.0 * std::numbers::pi));
  const double band_centre = basal_radius - 0.5 * options.ridge_depth_um;
  const double layers_below =
      std::ceil((band_centre - 0.5 * voxel_um + options.ridge_depth_um + voxel_um) / voxel_um);
  const double z_min = band_centre - 0.5 * voxel_um - voxel_um * layers_below;
  const double z_max = z_min + voxel_um * std::ceil((headroom_um - z_min) / voxel_um);
  const double side_um = voxel_um * std::ceil(options.side_um / voxel_um);
  scenario.basement_membrane =
      engine::BasementMembraneSpec{.z_um = 0.0,
                                   .ridge_depth_um = options.ridge_depth_um,
                                   .ridge_period_um = options.ridge_period_um};
  scenario.voxel_um = voxel_um;
  scenario.domain.min_um = {0.0, 0.0, z_min};
  scenario.domain.max_um = {side_um, side_um, z_max};

  // Basal cells on a hexagonal lattice over the patch (rows offset by half a spacing), at the
  // membrane; the progenitor pattern of epidermis_scenario is kept.
  const std::size_t n = base.basal_cells;
  const double spacing =
      std::sqrt(2.0 / (std::sqrt(3.0) * static_cast<double>(n) / (side_um * side_um)));
  const auto per_row = static_cast<std::size_t>(std::max(1.0, std::floor(side_um / spacing)));
  const double row_height = spacing * std::sqrt(3.0) / 2.0;
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t row = c / per_row, column = c % per_row;
    double x = spacing * (static_cast<double>(column) + (row % 2 == 0 ? 0.25 : 0.75));
    double y = row_height * (static_cast<double>(row) + 0.5);
    x = std::fmod(x, side_um);
    y = std::fmod(y, side_um);
    const double z =
        engine::basement_membrane_z_um(*scenario.basement_membrane, x, y) + basal_radius;
    scenario.initial_cells[c].position_um = {x, y, z};
  }
  return scenario;
}

LayerThickness measure_layers(const engine::AgentStore& agents, const engine::Scenario& scenario,
                              double bin_um) {
  const double width = scenario.domain.max_um[0] - scenario.domain.min_um[0];
  const double depth = scenario.domain.max_um[1] - scenario.domain.min_um[1];
  const auto nx = static_cast<std::size_t>(std::max(1.0, std::floor(width / bin_um)));
  const auto ny = static_cast<std::size_t>(std::max(1.0, std::floor(depth / bin_um)));
  const double lowest = scenario.domain.min_um[2];
  std::vector<double> viable_top(nx * ny, lowest), cornified_top(nx * ny, lowest);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.state[i] != engine::AgentState::alive) continue;
    const auto bx = std::min(nx - 1, static_cast<std::size_t>(std::max(
                                         0.0, (agents.x_um[i] - scenario.domain.min_um[0]) /
                                                  (width / static_cast<double>(nx)))));
    const auto by = std::min(ny - 1, static_cast<std::size_t>(std::max(
                                         0.0, (agents.y_um[i] - scenario.domain.min_um[1]) /
                                                  (depth / static_cast<double>(ny)))));
    const double top = agents.z_um[i] + agents.radius_um[i];
    const int type = agents.type[i];
    if (type == progenitor || type == post_mitotic_basal || type == viable_suprabasal)
      viable_top[by * nx + bx] = std::max(viable_top[by * nx + bx], top);
    else if (type == corneocyte)
      cornified_top[by * nx + bx] = std::max(cornified_top[by * nx + bx], top);
  }
  LayerThickness mean;
  for (std::size_t by = 0; by < ny; ++by) {
    for (std::size_t bx = 0; bx < nx; ++bx) {
      const double x = scenario.domain.min_um[0] +
                       (static_cast<double>(bx) + 0.5) * width / static_cast<double>(nx);
      const double y = scenario.domain.min_um[1] +
                       (static_cast<double>(by) + 0.5) * depth / static_cast<double>(ny);
      const double membrane = scenario.basement_membrane ? engine::basement_membrane_z_um(
                                                               *scenario.basement_membrane, x, y)
                                                         : 0.0;
      const double viable = std::max(0.0, viable_top[by * nx + bx] - membrane);
      const double base = std::max(membrane, viable_top[by * nx + bx]);
      mean.viable_um += viable;
      mean.stratum_corneum_um += std::max(0.0, cornified_top[by * nx + bx] - base);
    }
  }
  const auto bins = static_cast<double>(nx * ny);
  mean.viable_um /= bins;
  mean.stratum_corneum_um /= bins;
  return mean;
}

}  // namespace dermasim::skin
