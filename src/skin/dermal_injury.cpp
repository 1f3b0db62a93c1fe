// The injury interface of the dermis (needles, laser columns, boluses, punches, scars) and the
// acute UV response.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/random.hpp"
#include "skin/dermis_tissue.hpp"

namespace dermasim::skin {
namespace {

constexpr auto needle_stream = static_cast<engine::RandomStream>(103);
constexpr double ul_per_ml = 1e3;

}  // namespace

void DermisTissue::apply_injury(const Injury& injury, std::uint64_t key) {
  const double top = m_scenario.depth_um;
  std::array<double, 2> centre = injury.centre_um;
  if (injury.centred) centre = {0.5 * m_scenario.side_um, 0.5 * m_scenario.side_um};
  const Cylinder cylinder{centre[0], centre[1], injury.radius_um, top - injury.depth_um};
  // A needle channel's debris signals more than an excision's (sub-voxel channel, fitted); a
  // laser column's heat-killed tissue by its heat fold (its necrotic volume is large already).
  const double needle_fold = m_scenario.parameters.secretion.needle_damage_il1_fold;
  switch (injury.kind) {
    case InjuryKind::needle:
    case InjuryKind::needle_field:
      m_damage_il1_fold = needle_fold;
      break;
    case InjuryKind::laser_column:
      m_damage_il1_fold = injury.heat_inflammation_fold;
      break;
    default:
      m_damage_il1_fold = 1.0;
  }
  switch (injury.kind) {
    case InjuryKind::needle:
    case InjuryKind::punch:
      damage_cylinder(cylinder, Damage::removed);
      break;
    case InjuryKind::needle_field: {
      const double area_cm2 = m_scenario.side_um * m_scenario.side_um * 1e-8;
      const auto needles =
          static_cast<std::uint64_t>(std::llround(injury.density_per_cm2 * area_cm2));
      for (std::uint64_t n = 0; n < needles; ++n) {
        const auto u = engine::uniforms(m_scenario.seed, n, key, needle_stream);
        damage_cylinder({u[0] * m_scenario.side_um, u[1] * m_scenario.side_um, injury.radius_um,
                         cylinder.bottom_z_um},
                        Damage::removed);
      }
      break;
    }
    case InjuryKind::laser_column: {
      Cylinder rim = cylinder;
      rim.radius_um += injury.coagulation_rim_um;
      rim.bottom_z_um -= injury.coagulation_rim_um;
      damage_cylinder(rim, Damage::coagulated);
      if (injury.ablative) damage_cylinder(cylinder, Damage::removed);
      break;
    }
    case InjuryKind::bolus: {
      damage_cylinder({centre[0], centre[1], 0.5 * m_scenario.voxel_um, cylinder.bottom_z_um},
                      Damage::removed);
      damage_sphere({centre[0], centre[1], cylinder.bottom_z_um, injury.radius_um});
      break;
    }
    case InjuryKind::atrophic_scar:
      scar_cylinder(cylinder, injury);
      break;
  }
  m_simulation.agents_changed();
}

// Voxels whose centre lies in the shape (a column at least one voxel wide), and the agents inside
// it, take the damage. A column narrower than the voxels it touches damages only its own share of
// them, so that what a channel removes and the debris it leaves do not grow with the voxel size.
void DermisTissue::damage_cylinder(const Cylinder& shape, Damage damage) {
  const engine::VoxelGrid& grid = m_simulation.fields().grid();
  Cylinder voxels = shape;
  voxels.radius_um = std::max(shape.radius_um, 0.71 * grid.voxel_um);
  const auto inside = [&](int i, int j, int k) {
    return voxels.contains(grid.centre_um(0, i), grid.centre_um(1, j), grid.centre_um(2, k));
  };
  double columns = 0.0;
  for (int j = 0; j < grid.count[1]; ++j)
    for (int i = 0; i < grid.count[0]; ++i)
      if (inside(i, j, grid.count[2] - 1)) columns += 1.0;
  const double area = std::numbers::pi * shape.radius_um * shape.radius_um;
  const bool narrow = shape.radius_um < grid.voxel_um;
  const double share = narrow && columns > 0.0
                           ? std::min(1.0, area / (columns * grid.voxel_um * grid.voxel_um))
                           : 1.0;
  for (int k = 0; k < grid.count[2]; ++k)
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i)
        if (inside(i, j, k)) damage_voxel(grid.index(i, j, k), k, damage, share);
  remove_cells_where(
      [&](const std::array<double, 3>& p) { return voxels.contains(p[0], p[1], p[2]); });
}

void DermisTissue::damage_sphere(const Sphere& shape) {
  const engine::VoxelGrid& grid = m_simulation.fields().grid();
  for (int k = 0; k < grid.count[2]; ++k)
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i)
        if (shape.contains(grid.centre_um(0, i), grid.centre_um(1, j), grid.centre_um(2, k)))
          damage_voxel(grid.index(i, j, k), k, Damage::displaced);
  remove_cells_where(
      [&](const std::array<double, 3>& p) { return shape.contains(p[0], p[1], p[2]); });
}

void DermisTissue::remove_cells_where(
    const std::function<bool(const std::array<double, 3>&)>& inside) {
  const std::vector<bool> every_type(dermal_cell_type_count, true);
  m_simulation.remove_agents_where_position(every_type, inside);
}

void DermisTissue::damage_voxel(std::size_t v, int k, Damage damage, double share) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const DermisParameters& p = m_scenario.parameters;
  const auto layer = m_layers.layer[static_cast<std::size_t>(k)];
  double* value = &fields.values()[v * static_cast<std::size_t>(fields.lanes())];
  if (damage == Damage::removed) value[opened_at] = 1.0 + time_h();
  if (layer == DermalLayer::epidermis) {
    if (damage == Damage::removed) open_epidermis_over(v);
    return;
  }
  value[wound] = 1.0;
  value[damage_il1_fold] = m_damage_il1_fold;
  const double voxel_ml = fields.grid().voxel_volume_um3() * 1e-12;
  const auto remove_share = [&](DermalSubstance s, MatrixComponent c, double part) {
    const double lost = value[s] * part;
    value[s] -= lost;
    m_simulation.scalar(m_removed[c]) += lost * voxel_ml;
  };
  switch (damage) {
    case Damage::removed: {
      const bool bleeds = value[vessels] > 0.0;
      remove_share(collagen1, ledger_collagen1, share);
      remove_share(collagen3, ledger_collagen3, share);
      remove_share(elastin, ledger_elastin, share);
      remove_share(hyaluronan, ledger_hyaluronan, share);
      value[crosslink] *= 1.0 - share;
      value[necrosis] = std::max(value[necrosis], share);
      value[vessels] *= 1.0 - share;
      if (bleeds) {
        const double clot = p.platelets.clot_blood_fraction * share;
        value[platelets] += p.platelets.blood_platelets_per_ul * ul_per_ml * clot;
        const double fibrin_laid = p.platelets.fibrinogen_mg_per_ml * clot;
        value[fibrin] += fibrin_laid;
        m_simulation.scalar(m_deposited[ledger_fibrin]) += fibrin_laid * voxel_ml;
      }
      break;
    }
    case Damage::coagulated: {
      const double denatured = p.matrix.denatured_collagen_fraction * share;
      remove_share(collagen1, ledger_collagen1, denatured);
      remove_share(collagen3, ledger_collagen3, denatured);
      remove_share(elastin, ledger_elastin, denatured);
      value[necrosis] = std::max(value[necrosis], share);
      value[vessels] *= 1.0 - share;
      break;
    }
    case Damage::displaced:
      value[necrosis] = std::max(value[necrosis], p.immune.displaced_necrosis);
      break;
  }
}

void DermisTissue::open_epidermis_over(std::size_t v) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const std::size_t plane = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
  const std::size_t top = static_cast<std::size_t>(grid.count[2] - 1) * plane + v % plane;
  fields.value(top, epidermal_cover) = 0.0;
}

// An old atrophic scar: less collagen, more of it type III, little elastin, fully cross-linked.
void DermisTissue::scar_cylinder(const Cylinder& shape, const Injury& injury) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  for (int k = 0; k < grid.count[2]; ++k) {
    const auto layer = static_cast<std::size_t>(k);
    if (m_layers.layer[layer] == DermalLayer::epidermis) continue;
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i) {
        if (!shape.contains(grid.centre_um(0, i), grid.centre_um(1, j), grid.centre_um(2, k)))
          continue;
        const std::size_t v = grid.index(i, j, k);
        const double collagen = m_layers.collagen_mg_per_ml[layer] * injury.collagen_fraction;
        // A healed scar is at rest: its fibroblasts keep the scar's matrix, not the skin's.
        fields.value(v, collagen_set_point) = injury.collagen_fraction;
        fields.value(v, collagen1) = collagen * (1.0 - injury.collagen3_share);
        fields.value(v, collagen3) = collagen * injury.collagen3_share;
        fields.value(v, elastin) =
            m_layers.elastin_mg_per_ml[layer] * m_scenario.parameters.matrix.scar_elastin_fraction;
      }
  }
}

void DermisTissue::apply_uv(double dose_med) {
  set_uv_state(m_uv.exposed(uv_state(), dose_med));
}

}  // namespace dermasim::skin
