// What the dermis block shows: matrix, cells, signals, inflammation proxies, the wound and scars.
#include <algorithm>
#include <cmath>

#include "skin/dermis_tissue.hpp"

namespace dermasim::skin {

const std::array<DermisObservableField, 44> dermis_observable_fields = {{
    {"t_days", "days", &DermisObservables::t_days},
    {"dermal_thickness_um", "um", &DermisObservables::dermal_thickness_um},
    {"collagen1_mg_per_ml", "mg/mL", &DermisObservables::collagen1_mg_per_ml},
    {"collagen3_mg_per_ml", "mg/mL", &DermisObservables::collagen3_mg_per_ml},
    {"collagen_i_iii_ratio", "ratio", &DermisObservables::collagen_i_iii_ratio},
    {"papillary_collagen_relative", "ratio", &DermisObservables::papillary_collagen_relative},
    {"elastin_mg_per_ml", "mg/mL", &DermisObservables::elastin_mg_per_ml},
    {"hyaluronan_mg_per_ml", "mg/mL", &DermisObservables::hyaluronan_mg_per_ml},
    {"fibroblasts_per_mm3", "1/mm3", &DermisObservables::fibroblasts_per_mm3},
    {"fibroblast_activation", "fraction", &DermisObservables::fibroblast_activation},
    {"myofibroblasts_per_mm3", "1/mm3", &DermisObservables::myofibroblasts_per_mm3},
    {"neutrophils_per_mm3", "1/mm3", &DermisObservables::neutrophils_per_mm3},
    {"macrophages_per_mm3", "1/mm3", &DermisObservables::macrophages_per_mm3},
    {"m2_fraction", "fraction", &DermisObservables::m2_fraction},
    {"il1_ng_per_ml", "ng/mL", &DermisObservables::il1_ng_per_ml},
    {"tnf_ng_per_ml", "ng/mL", &DermisObservables::tnf_ng_per_ml},
    {"tgf_beta1_ng_per_ml", "ng/mL", &DermisObservables::tgf_beta1_ng_per_ml},
    {"inflammation_index", "index", &DermisObservables::inflammation_index},
    {"erythema_index", "ratio", &DermisObservables::erythema_index},
    {"oedema_index", "mL/mL", &DermisObservables::oedema_index},
    {"epidermal_cover", "fraction", &DermisObservables::epidermal_cover},
    {"wound_collagen_relative", "ratio", &DermisObservables::wound_collagen_relative},
    {"wound_collagen3_share", "fraction", &DermisObservables::wound_collagen3_share},
    {"tensile_strength_relative", "ratio", &DermisObservables::tensile_strength_relative},
    {"wound_fibroblasts_per_mm3", "1/mm3", &DermisObservables::wound_fibroblasts_per_mm3},
    {"wound_fibroblast_activation", "fraction", &DermisObservables::wound_fibroblast_activation},
    {"wound_activated_cells_per_mm3", "1/mm3", &DermisObservables::wound_activated_cells_per_mm3},
    {"wound_myofibroblasts_per_mm3", "1/mm3", &DermisObservables::wound_myofibroblasts_per_mm3},
    {"wound_neutrophils_per_mm3", "1/mm3", &DermisObservables::wound_neutrophils_per_mm3},
    {"wound_macrophages_per_mm3", "1/mm3", &DermisObservables::wound_macrophages_per_mm3},
    {"wound_il1_tnf_ng_per_ml", "ng/mL", &DermisObservables::wound_il1_tnf_ng_per_ml},
    {"scar_depth_um", "um", &DermisObservables::scar_depth_um},
    {"scar_volume_mm3", "mm3", &DermisObservables::scar_volume_mm3},
    {"collagen1_synthesis_mg_per_day", "mg/day",
     &DermisObservables::collagen1_synthesis_mg_per_day},
    {"collagen3_synthesis_mg_per_day", "mg/day",
     &DermisObservables::collagen3_synthesis_mg_per_day},
    {"collagen_degradation_mg_per_day", "mg/day",
     &DermisObservables::collagen_degradation_mg_per_day},
    {"collagenase_ng_per_ml", "ng/mL", &DermisObservables::collagenase_ng_per_ml},
    {"gelatinase_ng_per_ml", "ng/mL", &DermisObservables::gelatinase_ng_per_ml},
    {"timp_ng_per_ml", "ng/mL", &DermisObservables::timp_ng_per_ml},
    {"wound_volume_mm3", "mm3", &DermisObservables::wound_volume_mm3},
    {"epidermal_thickness_relative", "ratio", &DermisObservables::epidermal_thickness_relative},
    {"epidermal_thickness_um", "um", &DermisObservables::epidermal_thickness_um},
    {"grenz_zone_collagen_relative", "ratio", &DermisObservables::grenz_zone_collagen_relative},
    {"atrophic_scar_depth_um", "um", &DermisObservables::atrophic_scar_depth_um},
}};

namespace {

double ratio(double numerator, double denominator) {
  return denominator > 0.0 ? numerator / denominator : 0.0;
}

// Sums over a set of voxels.
struct Tally {
  double voxels = 0.0, collagen1 = 0.0, collagen3 = 0.0, collagen_rest = 0.0, mature = 0.0;
  double fibroblasts = 0.0, activation = 0.0, myofibroblasts = 0.0, neutrophils = 0.0, m1 = 0.0,
         m2 = 0.0;
  double elastin = 0.0, hyaluronan = 0.0, il1 = 0.0, tnf = 0.0, tgf = 0.0, collagenase = 0.0,
         gelatinase = 0.0, timp = 0.0, matrix = 0.0, matrix_rest = 0.0, extra_water = 0.0;
};

}  // namespace

DermisObservables DermisTissue::observe() const {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const DermisParameters& p = m_scenario.parameters;
  const double voxel_mm3 = grid.voxel_volume_um3() * 1e-9;
  const std::size_t plane = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
  std::vector<std::array<float, dermal_cell_type_count>> counts(grid.voxel_total());
  std::vector<float> activation(grid.voxel_total(), 0.0f);
  count_cells_into(counts, activation);

  Tally dermis, wound_region, papillary, grenz;
  double blood = 0.0, blood_rest = 0.0, deepest_deficit_um = 0.0, scar_voxels = 0.0;
  std::vector<double> column_deficit(plane, 0.0);
  for (int k = 0; k < grid.count[2]; ++k) {
    const auto layer = static_cast<std::size_t>(k);
    const DermalLayer kind = m_layers.layer[layer];
    if (kind != DermalLayer::papillary && kind != DermalLayer::reticular) continue;
    const double rest = m_layers.collagen_mg_per_ml[layer];
    const double matrix_rest =
        rest + m_layers.elastin_mg_per_ml[layer] + m_layers.hyaluronan_mg_per_ml[layer];
    for (std::size_t offset = 0; offset < plane; ++offset) {
      const std::size_t v = layer * plane + offset;
      const auto value = [&](int s) { return fields.value(v, s); };
      const double collagen = value(collagen1) + value(collagen3);
      const double matrix = collagen + value(elastin) + value(hyaluronan) + value(fibrin);
      const double dilation =
          1.0 + (p.vessels.erythema_max_fold - 1.0) *
                    ratio(value(il1) + value(tnf_alpha),
                          value(il1) + value(tnf_alpha) + p.vessels.erythema_half_max_ng_per_ml);
      const auto add = [&](Tally& t) {
        t.voxels += 1.0, t.collagen1 += value(collagen1), t.collagen3 += value(collagen3);
        t.collagen_rest += rest, t.mature += collagen * value(crosslink);
        t.fibroblasts += counts[v][fibroblast], t.activation += activation[v];
        t.myofibroblasts += counts[v][myofibroblast], t.neutrophils += counts[v][neutrophil];
        t.m1 += counts[v][macrophage_m1], t.m2 += counts[v][macrophage_m2];
        t.elastin += value(elastin), t.hyaluronan += value(hyaluronan);
        t.il1 += value(il1), t.tnf += value(tnf_alpha), t.tgf += value(tgf_beta1);
        t.collagenase += value(collagenase), t.gelatinase += value(gelatinase);
        t.timp += value(timp), t.matrix += matrix, t.matrix_rest += matrix_rest;
        t.extra_water += (value(hyaluronan) - m_layers.hyaluronan_mg_per_ml[layer]) *
                             p.matrix.hyaluronan_water_ml_per_mg +
                         p.vessels.leak_water_fold * value(vessels) * (dilation - 1.0);
      };
      add(dermis);
      if (value(wound) >= 0.5) add(wound_region);
      if (kind == DermalLayer::papillary) {
        add(papillary);
        if (layer == m_grenz_layer) add(grenz);
        blood += value(vessels) * dilation;
        blood_rest += m_layers.vessel_density[layer];
      }
      column_deficit[offset] += std::max(0.0, 1.0 - ratio(collagen, rest)) * grid.voxel_um;
      const double share3 = ratio(value(collagen3), collagen);
      if (std::abs(ratio(collagen, rest) - 1.0) > 0.25 || share3 > 0.3) scar_voxels += 1.0;
    }
  }
  for (double deficit : column_deficit) deepest_deficit_um = std::max(deepest_deficit_um, deficit);
  double scar_deficit_um = 0.0, scar_columns = 0.0;
  for (std::size_t offset = 0; offset < plane; ++offset) {
    const auto i = static_cast<int>(offset % static_cast<std::size_t>(grid.count[0]));
    const auto j = static_cast<int>(offset / static_cast<std::size_t>(grid.count[0]));
    if (!in_atrophic_scar(grid.centre_um(0, i), grid.centre_um(1, j))) continue;
    scar_deficit_um += column_deficit[offset];
    scar_columns += 1.0;
  }

  DermisObservables o;
  o.t_days = time_h() / 24.0;
  const double dermis_mm3 = dermis.voxels * voxel_mm3;
  o.dermal_thickness_um = m_scenario.dermis_um() * ratio(dermis.matrix, dermis.matrix_rest);
  o.collagen1_mg_per_ml = ratio(dermis.collagen1, dermis.voxels);
  o.collagen3_mg_per_ml = ratio(dermis.collagen3, dermis.voxels);
  o.collagen_i_iii_ratio = ratio(dermis.collagen1, dermis.collagen3);
  o.papillary_collagen_relative =
      ratio(papillary.collagen1 + papillary.collagen3, papillary.collagen_rest);
  o.elastin_mg_per_ml = ratio(dermis.elastin, dermis.voxels);
  o.hyaluronan_mg_per_ml = ratio(dermis.hyaluronan, dermis.voxels);
  o.fibroblasts_per_mm3 = ratio(dermis.fibroblasts, dermis_mm3);
  o.fibroblast_activation = ratio(dermis.activation, dermis.fibroblasts);
  o.myofibroblasts_per_mm3 = ratio(dermis.myofibroblasts, dermis_mm3);
  o.neutrophils_per_mm3 = ratio(dermis.neutrophils, dermis_mm3);
  o.macrophages_per_mm3 = ratio(dermis.m1 + dermis.m2, dermis_mm3);
  o.m2_fraction = ratio(dermis.m2, dermis.m1 + dermis.m2);
  o.il1_ng_per_ml = ratio(dermis.il1, dermis.voxels);
  o.tnf_ng_per_ml = ratio(dermis.tnf, dermis.voxels);
  o.tgf_beta1_ng_per_ml = ratio(dermis.tgf, dermis.voxels);
  const Tally& focus = wound_region.voxels > 0.0 ? wound_region : dermis;
  o.inflammation_index = ratio(focus.il1 + focus.tnf, focus.voxels) /
                         p.immune.neutrophil_recruitment_half_max_ng_per_ml;
  o.erythema_index = ratio(blood, blood_rest);
  o.oedema_index = ratio(dermis.extra_water, dermis.voxels);
  o.epidermal_cover = epidermal_cover_share();
  const double wound_mm3 = wound_region.voxels * voxel_mm3;
  o.wound_volume_mm3 = wound_mm3;
  o.wound_collagen_relative =
      ratio(wound_region.collagen1 + wound_region.collagen3, wound_region.collagen_rest);
  o.wound_collagen3_share =
      ratio(wound_region.collagen3, wound_region.collagen1 + wound_region.collagen3);
  o.tensile_strength_relative = ratio(wound_region.mature, wound_region.collagen_rest);
  o.wound_fibroblasts_per_mm3 = ratio(wound_region.fibroblasts, wound_mm3);
  o.wound_fibroblast_activation = ratio(wound_region.activation, wound_region.fibroblasts);
  o.wound_activated_cells_per_mm3 =
      ratio(wound_region.activation + wound_region.myofibroblasts, wound_mm3);
  o.wound_myofibroblasts_per_mm3 = ratio(wound_region.myofibroblasts, wound_mm3);
  o.wound_neutrophils_per_mm3 = ratio(wound_region.neutrophils, wound_mm3);
  o.wound_macrophages_per_mm3 = ratio(wound_region.m1 + wound_region.m2, wound_mm3);
  o.wound_il1_tnf_ng_per_ml = ratio(wound_region.il1 + wound_region.tnf, wound_region.voxels);
  o.scar_depth_um = deepest_deficit_um;
  o.scar_volume_mm3 = scar_voxels * voxel_mm3;
  const SynthesisRates rates = synthesis_rates(counts, activation);
  o.collagen1_synthesis_mg_per_day = rates.collagen1_mg_per_h * 24.0;
  o.collagen3_synthesis_mg_per_day = rates.collagen3_mg_per_h * 24.0;
  o.collagen_degradation_mg_per_day = rates.collagen_breakdown_mg_per_h * 24.0;
  o.collagenase_ng_per_ml = ratio(dermis.collagenase, dermis.voxels);
  o.gelatinase_ng_per_ml = ratio(dermis.gelatinase, dermis.voxels);
  o.timp_ng_per_ml = ratio(dermis.timp, dermis.voxels);
  o.epidermal_thickness_relative = m_simulation.scalar(m_epidermal_thickness);
  o.epidermal_thickness_um = m_scenario.zone.epidermis_um * o.epidermal_thickness_relative;
  o.grenz_zone_collagen_relative = ratio(grenz.collagen1 + grenz.collagen3, grenz.collagen_rest);
  o.atrophic_scar_depth_um = ratio(scar_deficit_um, scar_columns);
  return o;
}

bool DermisTissue::in_atrophic_scar(double x_um, double y_um) const {
  for (const Injury& injury : m_scenario.injuries) {
    if (injury.kind != InjuryKind::atrophic_scar) continue;
    const double cx = injury.centred ? 0.5 * m_scenario.side_um : injury.centre_um[0];
    const double cy = injury.centred ? 0.5 * m_scenario.side_um : injury.centre_um[1];
    const double dx = x_um - cx, dy = y_um - cy;
    if (dx * dx + dy * dy <= injury.radius_um * injury.radius_um) return true;
  }
  return false;
}

double DermisTissue::epidermal_cover_share() const {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  double covered = 0.0;
  for (int j = 0; j < grid.count[1]; ++j)
    for (int i = 0; i < grid.count[0]; ++i)
      covered += fields.value(grid.index(i, j, grid.count[2] - 1), epidermal_cover);
  return covered / static_cast<double>(grid.count[0] * grid.count[1]);
}

}  // namespace dermasim::skin
