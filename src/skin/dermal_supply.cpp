// Factor supplies of treatments (serum held in open channels, depots releasing, systemic
// exposure): where they reach and how much, with a ledger of what arrived by layer.
#include <cmath>

#include "skin/dermis_tissue.hpp"

namespace dermasim::skin {

void DermisTissue::apply_supplies(double dt_h) {
  const double t = time_h();
  for (const FactorSupply& supply : m_scenario.supplies)
    if (t + dt_h > supply.start_h && t < supply.end_h) apply_supply(supply, dt_h);
}

bool DermisTissue::in_region(const FactorSupply& supply, std::size_t v, int k) const {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const DermalLayer layer = m_layers.layer[static_cast<std::size_t>(k)];
  switch (supply.region) {
    case SupplyRegion::channels: {
      const double opened = fields.value(v, opened_at);
      return opened > 0.0 && std::abs(opened - 1.0 - supply.reference_h) <= 0.5 * m_scenario.step_h;
    }
    case SupplyRegion::papillary_top:
      return layer == DermalLayer::papillary &&
             (k + 1 >= static_cast<int>(m_layers.layer.size()) ||
              m_layers.layer[static_cast<std::size_t>(k) + 1] == DermalLayer::epidermis);
    case SupplyRegion::sphere: {
      const engine::VoxelGrid& grid = fields.grid();
      const std::size_t plane = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
      const auto rest = v % plane;
      const Sphere sphere{supply.centre_um[0], supply.centre_um[1],
                          m_scenario.depth_um - supply.centre_um[2], supply.radius_um};
      return sphere.contains(grid.centre_um(0, static_cast<int>(rest % grid.count[0])),
                             grid.centre_um(1, static_cast<int>(rest / grid.count[0])),
                             grid.centre_um(2, k));
    }
    case SupplyRegion::dermis:
      return layer == DermalLayer::papillary || layer == DermalLayer::reticular;
  }
  return false;
}

// Held: raises the region to the supply's level at this step. Released: the depot's output over
// this step, spread over the region's volume.
void DermisTissue::apply_supply(const FactorSupply& supply, double dt_h) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const std::size_t plane = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
  const double voxel_ml = grid.voxel_volume_um3() * 1e-12;
  const double t = time_h();
  double released_ng = 0.0;
  std::size_t voxels = 0;
  if (supply.mode == SupplyMode::released) {
    for (int k = 0; k < grid.count[2]; ++k)
      for (std::size_t o = 0; o < plane; ++o)
        if (in_region(supply, static_cast<std::size_t>(k) * plane + o, k)) ++voxels;
    if (voxels == 0) return;
    const double area_cm2 = m_scenario.side_um * m_scenario.side_um * 1e-8;
    const double total_ng = supply.region == SupplyRegion::sphere
                                ? supply.amount_ng
                                : supply.amount_ng_per_cm2 * area_cm2;
    const double from = std::max(0.0, t - supply.start_h);
    const double to = std::min(supply.end_h, t + dt_h) - supply.start_h;
    if (to <= from) return;
    released_ng = total_ng * (std::exp(-from / supply.time_constant_h) -
                              std::exp(-to / supply.time_constant_h));
  }
  const double level = supply.level_ng_per_ml *
                       std::exp(-std::max(0.0, t - supply.reference_h) / supply.time_constant_h);
  const double added_per_voxel =
      voxels > 0 ? released_ng / (static_cast<double>(voxels) * voxel_ml) : 0.0;
  const auto f = static_cast<std::size_t>(supply.factor);
  for (int k = 0; k < grid.count[2]; ++k) {
    double added_ng = 0.0;
    for (std::size_t o = 0; o < plane; ++o) {
      const std::size_t v = static_cast<std::size_t>(k) * plane + o;
      if (!in_region(supply, v, k)) continue;
      double& value = fields.value(v, supply.factor);
      const double add =
          supply.mode == SupplyMode::held ? std::max(0.0, level - value) : added_per_voxel;
      value += add;
      added_ng += add * voxel_ml;
    }
    if (added_ng > 0.0) {
      const auto layer = static_cast<std::size_t>(m_layers.layer[static_cast<std::size_t>(k)]);
      m_simulation.scalar(m_delivered[f][layer]) += added_ng;
    }
  }
}

double DermisTissue::delivered_ng(int factor, DermalLayer layer) const {
  return m_simulation.scalar(
      m_delivered[static_cast<std::size_t>(factor)][static_cast<std::size_t>(layer)]);
}

}  // namespace dermasim::skin
