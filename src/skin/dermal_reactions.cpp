// The dermis's reaction step: cell counts per voxel, fibroblast activation, secretion, platelet
// release, matrix synthesis and breakdown, vessels and oxygen, the epidermis closing over wounds,
// and the recruitment of neutrophils and monocytes from perfused vessels.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "engine/random.hpp"
#include "skin/dermal_kinetics.hpp"
#include "skin/dermis_tissue.hpp"

namespace dermasim::skin {
namespace {

constexpr double ln2 = std::numbers::ln2;

constexpr double femtogram_in_ng = 1e-6;
constexpr auto recruitment_stream = static_cast<engine::RandomStream>(102);

double hill4_decreasing(double signal, double half_max) {
  const double ratio = std::max(signal, 0.0) / half_max;
  const double ratio2 = ratio * ratio;
  return 1.0 / (1.0 + ratio2 * ratio2);
}

}  // namespace

void DermisTissue::count_cells() {
  count_cells_into(m_counts, m_activation_sum);
}

void DermisTissue::count_cells_into(CellCounts& counts, std::vector<float>& activation_sum) const {
  const engine::AgentStore& agents = m_simulation.agents();
  const engine::VoxelGrid& grid = m_simulation.fields().grid();
  std::fill(counts.begin(), counts.end(), std::array<float, dermal_cell_type_count>{});
  std::fill(activation_sum.begin(), activation_sum.end(), 0.0f);
  const std::vector<double>& activation = agents.column(m_activation);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.state[i] == engine::AgentState::dying) continue;
    const long long v = grid.voxel_of(agents.x_um[i], agents.y_um[i], agents.z_um[i]);
    if (v < 0) continue;
    const auto voxel = static_cast<std::size_t>(v);
    if (agents.type[i] == proto_myofibroblast) {  // an activated fibroblast as the matrix sees it
      counts[voxel][fibroblast] += 1.0f;
      activation_sum[voxel] += 1.0f;
      continue;
    }
    counts[voxel][static_cast<std::size_t>(agents.type[i])] += 1.0f;
    if (agents.type[i] == fibroblast) activation_sum[voxel] += static_cast<float>(activation[i]);
  }
}

// Activation relaxes towards the Hill response to TGF-β1 + PDGF in the cell's voxel: quickly up,
// slowly down (activated fibroblasts stay so for weeks after the signal has gone).
void DermisTissue::update_activation(double dt_h) {
  engine::AgentStore& agents = m_simulation.agents();
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const FibroblastKinetics& f = m_scenario.parameters.fibroblasts;
  const double rise = -std::expm1(-dt_h / f.activation_time_h);
  const double fall = -std::expm1(-dt_h / f.deactivation_h);
  std::vector<double>& activation = agents.column(m_activation);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.type[i] != fibroblast) continue;
    const long long v = fields.grid().voxel_of(agents.x_um[i], agents.y_um[i], agents.z_um[i]);
    if (v < 0) continue;
    const auto voxel = static_cast<std::size_t>(v);
    const double signal = fields.value(voxel, tgf_beta1) + fields.value(voxel, pdgf);
    const double target = hill2(signal, f.activation_half_max_ng_per_ml);
    activation[i] += (target - activation[i]) * (target > activation[i] ? rise : fall);
  }
}

void DermisTissue::react(double dt_h) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const ReactionConstants constants = reaction_constants();
  update_epidermal_cover(dt_h);
  update_epidermal_thickness(dt_h);
  const int nz = grid.count[2];
  const std::size_t plane = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
#pragma omp parallel for schedule(static)
  for (int k = 0; k < nz; ++k) {
    const auto layer = static_cast<std::size_t>(k);
    m_plane_ledger[layer].fill(0.0);
    if (m_layers.layer[layer] == DermalLayer::epidermis) {
      react_epidermis_plane(k, dt_h);
      continue;
    }
    for (std::size_t offset = 0; offset < plane; ++offset)
      react_voxel(layer * plane + offset, layer, constants, dt_h);
  }
  for (std::size_t layer = 0; layer < m_plane_ledger.size(); ++layer) {
    const auto& sums = m_plane_ledger[layer];
    for (int c = 0; c < matrix_component_count; ++c)
      add_ledger(static_cast<MatrixComponent>(c), sums[2 * c], sums[2 * c + 1]);
    m_simulation.scalar(m_matured) += sums[2 * matrix_component_count];
  }
  set_uv_state(m_uv.advanced(uv_state(), dt_h));
}

// What a step's reactions need that does not change within the step.
DermisTissue::ReactionConstants DermisTissue::reaction_constants() const {
  const MatrixParameters& m = m_scenario.parameters.matrix;
  const DermisModifiers& mod = m_scenario.modifiers;
  const engine::VoxelGrid& grid = m_simulation.fields().grid();
  ReactionConstants c;
  c.voxel_ml = grid.voxel_volume_um3() * 1e-12;
  c.voxel_mm3 = grid.voxel_volume_um3() * 1e-9;
  c.uv = m_uv.response(uv_state());
  // Resting secretion of MMPs and TIMP per fibroblast: the level × decay / density.
  const double cells_ml = reticular_set_point_per_ml();
  const auto resting_rate = [&](int substance, double level) {
    return level * m_scenario.factors.factors[static_cast<std::size_t>(substance)].decay_per_h /
           cells_ml;
  };
  c.collagenase_per_cell = resting_rate(collagenase, m.collagenase_basal_ng_per_ml) *
                           mod.collagenase_scale * c.uv.collagenase_fold;
  c.gelatinase_per_cell = resting_rate(gelatinase, m.gelatinase_basal_ng_per_ml) *
                          mod.gelatinase_scale * c.uv.gelatinase_fold;
  c.timp_per_cell = resting_rate(timp, m.timp_basal_ng_per_ml) * mod.timp_scale;
  c.collagenase_rest = free_mmp(m.collagenase_basal_ng_per_ml, m.timp_basal_ng_per_ml, m);
  c.gelatinase_rest = free_mmp(m.gelatinase_basal_ng_per_ml, m.timp_basal_ng_per_ml, m);
  const double dt_h = m_scenario.step_h;
  c.platelet_release = -std::expm1(-dt_h / m_scenario.parameters.platelets.degranulation_h);
  c.hyaluronan_loss = -std::expm1(-dt_h * ln2 / m.hyaluronan_half_life_h);
  c.crosslink_gain = -std::expm1(-dt_h / m.crosslink_maturation_h);
  c.maturation = -std::expm1(-dt_h / m.collagen3_maturation_h);
  return c;
}

// Per-cell output of a young reference fibroblast of this layer: what keeps the reference matrix
// at rest (the person's scales act in matrix_synthesis).
LayerCellRates DermisTissue::layer_cell_rates(std::size_t layer) const {
  const MatrixParameters& m = m_scenario.parameters.matrix;
  const double cells_ml = m_layers.reference_fibroblasts_per_mm3[layer] * 1e3;
  if (cells_ml <= 0.0) return {};
  return {.collagen = m_layers.reference_collagen_mg_per_ml[layer] * ln2 / m.collagen_half_life_h /
                      cells_ml,
          .elastin =
              m_layers.reference_elastin_mg_per_ml[layer] * ln2 / m.elastin_half_life_h / cells_ml,
          .hyaluronan = m_layers.reference_hyaluronan_mg_per_ml[layer] * ln2 /
                        m.hyaluronan_half_life_h / cells_ml};
}

VoxelCells DermisTissue::voxel_cells(std::size_t v) const {
  const auto& n = m_counts[v];
  return {.fibroblasts = n[fibroblast],
          .activation = m_activation_sum[v],
          .myofibroblasts = n[myofibroblast],
          .neutrophils = n[neutrophil],
          .m1 = n[macrophage_m1],
          .m2 = n[macrophage_m2]};
}

// Secretion by the voxel's cells and by damage, and platelets releasing their granules.
void DermisTissue::secrete(double* value, const VoxelCells& c, const ReactionConstants& k,
                           double dt_h) const {
  const DermisParameters& p = m_scenario.parameters;
  const SecretionParameters& sec = p.secretion;
  const double to_conc = dt_h / k.voxel_ml;
  const double activated = c.activated();
  value[il1] += to_conc * (c.neutrophils * sec.neutrophil_il1 + c.m1 * sec.m1_il1) +
                dt_h * sec.damage_il1_ng_per_ml_h * value[necrosis] * value[damage_il1_fold];
  value[tnf_alpha] += to_conc * (c.neutrophils * sec.neutrophil_tnf + c.m1 * sec.m1_tnf);
  value[collagenase] +=
      to_conc *
      (c.neutrophils * sec.neutrophil_collagenase * m_scenario.modifiers.collagenase_scale +
       k.collagenase_per_cell *
           (c.quiescent() + activated * sec.activated_fibroblast_collagenase_fold));
  value[gelatinase] += to_conc * (c.neutrophils * sec.neutrophil_gelatinase +
                                  k.gelatinase_per_cell * (c.fibroblasts + c.myofibroblasts));
  value[timp] +=
      to_conc * k.timp_per_cell * (c.quiescent() + activated * sec.activated_fibroblast_timp_fold);
  const double oxygen_relative = value[oxygen] / m_scenario.factors.oxygen.plexus_mmhg;
  value[vegf] += to_conc * (c.m1 * sec.m1_vegf + c.m2 * sec.m2_vegf) +
                 dt_h * p.vessels.hypoxia_vegf_ng_per_ml_h *
                     hill4_decreasing(oxygen_relative, p.vessels.hypoxia_half_max);
  value[tgf_beta1] += to_conc * c.m2 * sec.m2_tgf_beta1;
  value[pdgf] += to_conc * c.m2 * sec.m2_pdgf;
  value[fgf2] += to_conc * c.m2 * sec.m2_fgf2;
  value[il10] += to_conc * c.m2 * sec.m2_il10;
  value[kgf] += to_conc * activated * sec.activated_fibroblast_kgf;
  value[crowding] +=
      dt_h / p.fibroblasts.crowding_decay_h * (c.fibroblasts + c.myofibroblasts) / k.voxel_mm3;
  const double released = value[platelets] * k.platelet_release;
  value[platelets] -= released;
  const double ng = released * femtogram_in_ng;
  value[pdgf] += ng * p.platelets.pdgf_fg;
  value[tgf_beta1] += ng * p.platelets.tgf_beta1_fg;
  value[vegf] += ng * p.platelets.vegf_fg;
  value[egf] += ng * p.platelets.egf_fg;
  value[fgf2] += ng * p.platelets.fgf2_fg;
}

// Matrix synthesis and breakdown, type III maturing to type I, cross-link maturity, fibrin
// cleared; the amounts go to this layer's ledger.
void DermisTissue::turn_over_matrix(double* value, const VoxelCells& c, std::size_t layer,
                                    const ReactionConstants& k, double dt_h) {
  const MatrixParameters& m = m_scenario.parameters.matrix;
  const double deficit =
      collagen_deficit(value[collagen1] + value[collagen3],
                       m_layers.collagen_mg_per_ml[layer] * value[collagen_set_point]);
  const MatrixSynthesis made = matrix_synthesis(c, layer_cell_rates(layer), m, m_scenario.modifiers,
                                                k.uv.procollagen_fraction, deficit, k.voxel_ml);
  const double made1 = made.collagen1 * dt_h, made3 = made.collagen3 * dt_h;
  const double made_elastin = made.elastin * dt_h, made_hyaluronan = made.hyaluronan * dt_h;
  const double k_collagen =
      collagen_breakdown_per_h(free_mmp(value[collagenase], value[timp], m), k.collagenase_rest, m);
  const double k_elastin =
      ln2 / m.elastin_half_life_h *
      ((1.0 - m.elastin_mmp_share) +
       m.elastin_mmp_share * free_mmp(value[gelatinase], value[timp], m) / k.gelatinase_rest);
  const double lost1 = first_order_loss(value[collagen1], k_collagen, dt_h);
  const double lost3 = first_order_loss(value[collagen3], k_collagen, dt_h);
  const double lost_elastin = first_order_loss(value[elastin], k_elastin, dt_h);
  const double lost_hyaluronan = value[hyaluronan] * k.hyaluronan_loss;
  double lost_fibrin = 0.0;
  if (value[fibrin] > 0.0) {
    const double k_fibrin =
        (1.0 + m.fibrinolysis_per_macrophage_fold * std::min(1.0, c.macrophages())) /
        m.fibrinolysis_h;
    lost_fibrin = first_order_loss(value[fibrin], k_fibrin, dt_h);
  }

  // New collagen is immature; all of it matures.
  const double kept = value[collagen1] + value[collagen3] - lost1 - lost3;
  const double total = kept + made1 + made3;
  if (total > 0.0) value[crosslink] *= kept / total;
  value[crosslink] += (1.0 - value[crosslink]) * k.crosslink_gain;

  value[collagen1] += made1 - lost1;
  value[collagen3] += made3 - lost3;
  value[elastin] += made_elastin - lost_elastin;
  value[hyaluronan] += made_hyaluronan - lost_hyaluronan;
  value[fibrin] -= lost_fibrin;
  // Type III beyond the resting share is replaced by type I (maturation).
  const double excess3 =
      value[collagen3] - m_layers.collagen3_share * (value[collagen1] + value[collagen3]);
  const double matured = excess3 > 0.0 ? excess3 * k.maturation : 0.0;
  value[collagen3] -= matured;
  value[collagen1] += matured;

  auto& sums = m_plane_ledger[layer];
  const double to_mg = k.voxel_ml;
  const std::array<std::pair<double, double>, matrix_component_count> amounts = {
      {{made1, lost1},
       {made3, lost3},
       {made_elastin, lost_elastin},
       {made_hyaluronan, lost_hyaluronan},
       {0.0, lost_fibrin}}};
  for (int component = 0; component < matrix_component_count; ++component) {
    sums[2 * component] += amounts[component].first * to_mg;
    sums[2 * component + 1] += amounts[component].second * to_mg;
  }
  sums[2 * matrix_component_count] += matured * to_mg;
}

// Dead tissue cleared, vessels regrowing where VEGF calls them, oxygen from perfusion against
// consumption (linearised implicit step).
void DermisTissue::tend_vessels(double* value, const VoxelCells& c, std::size_t layer,
                                double dt_h) const {
  const DermisParameters& p = m_scenario.parameters;
  const OxygenParameters& o = m_scenario.factors.oxygen;
  if (value[necrosis] > 0.0)
    value[necrosis] -= first_order_loss(
        value[necrosis],
        (1.0 + p.immune.debridement_per_macrophage_fold * std::min(1.0, c.macrophages())) /
            p.immune.debridement_h,
        dt_h);
  const double vessel_rest = m_layers.vessel_density[layer];
  if (value[vessels] < vessel_rest)
    value[vessels] += (vessel_rest - value[vessels]) *
                      -std::expm1(-dt_h * hill(value[vegf], p.vessels.vegf_half_max_ng_per_ml) /
                                  p.vessels.angiogenesis_h);
  const double perfusion = p.vessels.oxygen_perfusion_per_h * value[vessels] * dt_h;
  const double uptake = dt_h * o.max_consumption_mmhg_per_h /
                        (std::max(value[oxygen], 0.0) + o.consumption_half_max_mmhg);
  value[oxygen] = (value[oxygen] + perfusion * o.plexus_mmhg) / (1.0 + perfusion + uptake);
}

void DermisTissue::react_voxel(std::size_t v, std::size_t layer, const ReactionConstants& k,
                               double dt_h) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  double* value = &fields.values()[v * static_cast<std::size_t>(fields.lanes())];
  const VoxelCells c = voxel_cells(v);
  secrete(value, c, k, dt_h);
  turn_over_matrix(value, c, layer, k, dt_h);
  tend_vessels(value, c, layer, dt_h);
}

// The whole block's collagen synthesis and breakdown per hour in its present state.
DermisTissue::SynthesisRates DermisTissue::synthesis_rates(
    const CellCounts& counts, const std::vector<float>& activation) const {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const ReactionConstants k = reaction_constants();
  const MatrixParameters& m = m_scenario.parameters.matrix;
  const std::size_t plane =
      static_cast<std::size_t>(fields.grid().count[0]) * fields.grid().count[1];
  SynthesisRates rates;
  for (std::size_t layer = 0; layer < m_layers.layer.size(); ++layer) {
    if (m_layers.layer[layer] == DermalLayer::epidermis) continue;
    const LayerCellRates cell_rates = layer_cell_rates(layer);
    for (std::size_t offset = 0; offset < plane; ++offset) {
      const std::size_t v = layer * plane + offset;
      const auto& n = counts[v];
      const VoxelCells c{.fibroblasts = n[fibroblast],
                         .activation = activation[v],
                         .myofibroblasts = n[myofibroblast]};
      const double deficit = collagen_deficit(
          fields.value(v, collagen1) + fields.value(v, collagen3),
          m_layers.collagen_mg_per_ml[layer] * fields.value(v, collagen_set_point));
      const MatrixSynthesis made = matrix_synthesis(c, cell_rates, m, m_scenario.modifiers,
                                                    k.uv.procollagen_fraction, deficit, k.voxel_ml);
      rates.collagen1_mg_per_h += made.collagen1 * k.voxel_ml;
      rates.collagen3_mg_per_h += made.collagen3 * k.voxel_ml;
      const double breakdown = collagen_breakdown_per_h(
          free_mmp(fields.value(v, collagenase), fields.value(v, timp), m), k.collagenase_rest, m);
      rates.collagen_breakdown_mg_per_h +=
          breakdown * (fields.value(v, collagen1) + fields.value(v, collagen3)) * k.voxel_ml;
    }
  }
  return rates;
}

void DermisTissue::add_ledger(MatrixComponent component, double synthesized, double degraded) {
  m_simulation.scalar(m_synthesized[component]) += synthesized;
  m_simulation.scalar(m_degraded[component]) += degraded;
}

// Epidermis voxels: IL-1 from keratinocytes where the epidermis is open.
void DermisTissue::react_epidermis_plane(int k, double dt_h) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const double rate = m_scenario.parameters.secretion.open_surface_il1_ng_per_ml_h;
  for (int j = 0; j < grid.count[1]; ++j)
    for (int i = 0; i < grid.count[0]; ++i) {
      const double cover = fields.value(grid.index(i, j, grid.count[2] - 1), epidermal_cover);
      fields.value(grid.index(i, j, k), il1) += dt_h * rate * (1.0 - cover);
    }
}

// The epidermis (top voxel layer) closes over open columns from their closed neighbours, at the
// migration speed, faster with EGF and KGF.
void DermisTissue::update_epidermal_cover(double dt_h) {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const EpidermalCoverParameters& e = m_scenario.parameters.epidermis;
  const int nx = grid.count[0], ny = grid.count[1], top = grid.count[2] - 1;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i)
      m_cover_scratch[static_cast<std::size_t>(j) * nx + i] =
          fields.value(grid.index(i, j, top), epidermal_cover);
  const auto old_cover = [&](int i, int j) {
    if (i < 0 || j < 0 || i >= nx || j >= ny) return 0.0;
    return m_cover_scratch[static_cast<std::size_t>(j) * nx + i];
  };
  const double step = dt_h * e.reepithelialisation_um_per_h *
                      m_scenario.modifiers.healing_rate_scale / grid.voxel_um;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double here = old_cover(i, j);
      if (here >= 1.0) continue;
      // Only a closed neighbour leads: the front then moves one voxel per voxel/speed hours.
      const double edge = std::max({old_cover(i - 1, j), old_cover(i + 1, j), old_cover(i, j - 1),
                                    old_cover(i, j + 1)}) >= 1.0
                              ? 1.0
                              : 0.0;
      const std::size_t v = grid.index(i, j, top);
      const double signal = fields.value(v, egf) + fields.value(v, kgf);
      const double speed = 1.0 + (e.growth_factor_speed_fold - 1.0) *
                                     hill(signal, e.growth_factor_half_max_ng_per_ml);
      fields.value(v, epidermal_cover) = std::min(1.0, here + step * speed * edge);
    }
}

// The epidermis thickens under EGF and KGF from the papillary dermis below it and thins back over
// its turnover time.
void DermisTissue::update_epidermal_thickness(double dt_h) {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const EpidermalCoverParameters& e = m_scenario.parameters.epidermis;
  const std::size_t plane = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
  // The basal layer sees what reaches it from the whole papillary dermis (its mean).
  double growth = 0.0, voxels = 0.0, inhibitor = 0.0;
  for (std::size_t k = 0; k < m_layers.layer.size(); ++k) {
    if (m_layers.layer[k] != DermalLayer::papillary) continue;
    for (std::size_t o = 0; o < plane; ++o)
      growth += fields.value(k * plane + o, egf) + fields.value(k * plane + o, kgf);
    voxels += static_cast<double>(plane);
  }
  for (std::size_t o = 0; o < plane; ++o)
    inhibitor += fields.value(m_grenz_layer * plane + o, tgf_beta1);
  growth /= std::max(voxels, 1.0);
  inhibitor /= static_cast<double>(plane);
  const double ratio = std::pow(growth / e.thickening_half_max_ng_per_ml, e.thickening_hill);
  const double target = 1.0 + (e.thickening_max_fold - 1.0) * ratio / (1.0 + ratio) /
                                  (1.0 + inhibitor / e.tgf_inhibition_half_max_ng_per_ml);
  double& thickness = m_simulation.scalar(m_epidermal_thickness);
  thickness += (target - thickness) * -std::expm1(-dt_h / e.turnover_h);
}

// Neutrophils (IL-1) and monocytes becoming M1 macrophages (IL-1 + TNF-α) leave perfused
// vessels in proportion to vessel density and a Hill response to their signal.
void DermisTissue::recruit(double dt_h) {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const ImmuneParameters& im = m_scenario.parameters.immune;
  const double voxel_mm3 = grid.voxel_volume_um3() * 1e-9;
  const auto step = static_cast<std::uint64_t>(m_simulation.step_index());
  m_recruits.clear();
  for (std::size_t v = 0; v < grid.voxel_total(); ++v) {
    const double vessel = fields.value(v, vessels);
    if (vessel <= 0.0) continue;
    const double expected_neutrophils =
        im.neutrophil_recruitment_per_mm3_h * voxel_mm3 * vessel *
        hill2(fields.value(v, il1), im.neutrophil_recruitment_half_max_ng_per_ml) * dt_h;
    const double expected_monocytes = im.macrophage_recruitment_per_mm3_h * voxel_mm3 * vessel *
                                      hill2(fields.value(v, il1) + fields.value(v, tnf_alpha),
                                            im.macrophage_recruitment_half_max_ng_per_ml) *
                                      dt_h;
    // Below one recruit in 10⁹ steps: nothing to draw.
    if (expected_neutrophils + expected_monocytes < 1e-9) continue;
    const auto u = engine::uniforms(m_scenario.seed, v, step, recruitment_stream);
    const auto draw = [&](double expected, double uniform, DermalCellType type) {
      auto n = static_cast<int>(expected);
      if (uniform < expected - n) ++n;
      for (int c = 0; c < n; ++c) m_recruits.push_back({v, type, c});
    };
    draw(expected_neutrophils, u[0], neutrophil);
    draw(expected_monocytes, u[1], macrophage_m1);
  }
  for (const Recruit& r : m_recruits) {
    const auto u =
        engine::uniforms(m_scenario.seed, r.voxel * 8 + static_cast<std::size_t>(r.type),
                         step * 64 + static_cast<std::uint64_t>(r.ordinal), recruitment_stream);
    const auto k =
        static_cast<int>(r.voxel / (static_cast<std::size_t>(grid.count[0]) * grid.count[1]));
    const auto rest = r.voxel % (static_cast<std::size_t>(grid.count[0]) * grid.count[1]);
    const auto j = static_cast<int>(rest / static_cast<std::size_t>(grid.count[0]));
    const auto i = static_cast<int>(rest % static_cast<std::size_t>(grid.count[0]));
    const double half = 0.5 * grid.voxel_um;
    m_simulation.add_agent(r.type, {grid.centre_um(0, i) + (2.0 * u[0] - 1.0) * half,
                                    grid.centre_um(1, j) + (2.0 * u[1] - 1.0) * half,
                                    grid.centre_um(2, k) + (2.0 * u[2] - 1.0) * half});
  }
}

}  // namespace dermasim::skin
