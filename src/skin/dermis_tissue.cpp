// Builds the dermis block (engine scenario, layer profile, homeostatic fields and cells) and
// runs it: events, reactions, recruitment, then the engine's step.
#include "skin/dermis_tissue.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/random.hpp"

namespace dermasim::skin {
namespace {

constexpr double never_h = 1e7;  // base waiting time of a transition that only a signal drives
// Random streams of the skin layer (beyond the engine's).
constexpr auto seeding_stream = static_cast<engine::RandomStream>(101);

double mm3(double um3) {
  return um3 * 1e-9;
}

engine::BehaviourRule substance_rule(int substance, engine::Behaviour behaviour, bool increases,
                                     double saturation, double half_max, double hill = 1.0) {
  engine::BehaviourRule rule;
  rule.signal = engine::SignalKind::substance;
  rule.substance = substance;
  rule.behaviour = behaviour;
  rule.increases = increases;
  rule.saturation = saturation;
  rule.half_max = half_max;
  rule.hill = hill;
  return rule;
}

void set_radius(engine::CellTypeSpec& type, double radius_um) {
  const double volume = 4.0 / 3.0 * std::numbers::pi * radius_um * radius_um * radius_um;
  type.volume.nuclear_um3 = volume * 540.0 / 2494.0;
  type.volume.total_um3 = volume;
}

void set_motility(engine::CellTypeSpec& type, double speed, double persistence, int substance,
                  double bias, double gradient_half_max) {
  type.motility.speed_um_per_h = speed;
  type.motility.persistence_h = persistence;
  type.motility.chemotaxis_substance = substance;
  type.motility.chemotaxis_bias = bias;
  type.motility.chemotaxis_gradient_half_max = gradient_half_max;
}

engine::CellTypeSpec dermal_type(const char* name, const DermalCells& cells, double radius_um,
                                 double lifespan_h) {
  engine::CellTypeSpec type;
  type.name = name;
  set_radius(type, radius_um);
  type.mechanics.repulsion_um_per_h = cells.repulsion_um_per_h;
  type.mechanics.adhesion_um_per_h = 0.0;
  type.apoptosis.rate_per_h = 1.0 / lifespan_h;
  return type;
}

// Fibroblasts: a slow exponential cycle sped up by PDGF, FGF-2 and TGF-β1 and slowed by crowding;
// death raised by crowding, with a base rate that balances births at the set point; conversion to
// myofibroblasts driven by TGF-β1; migration up PDGF gradients.
engine::CellTypeSpec fibroblast_type(const DermisParameters& p, double set_point_per_mm3,
                                     double healing_rate_scale) {
  const FibroblastKinetics& f = p.fibroblasts;
  const double birth_at_set_point =
      (1.0 - 0.5 * (1.0 - f.contact_inhibition_min_fraction)) / f.quiescent_cycle_h;
  const double death_base = birth_at_set_point / (1.0 + 0.5 * (f.crowding_death_max_fold - 1.0));
  engine::CellTypeSpec type = dermal_type(dermal_cell_type_names[fibroblast], p.cells,
                                          p.cells.fibroblast_radius_um, 1.0 / death_base);
  type.cycle = {{.name = "cycle",
                 .duration_h = f.quiescent_cycle_h,
                 .duration_kind = engine::PhaseDuration::exponential,
                 .divides_at_end = true}};
  using engine::Behaviour;
  type.rules = {
      substance_rule(pdgf, Behaviour::cycle, true,
                     1.0 + (f.proliferation_max_fold - 1.0) * healing_rate_scale,
                     f.pdgf_half_max_ng_per_ml),
      substance_rule(fgf2, Behaviour::cycle, true, f.fgf2_max_fold, f.fgf2_half_max_ng_per_ml),
      substance_rule(tgf_beta1, Behaviour::cycle, true,
                     1.0 + (f.tgf_proliferation_max_fold - 1.0) * healing_rate_scale,
                     f.activation_half_max_ng_per_ml, 2.0),
      substance_rule(crowding, Behaviour::cycle, false, f.contact_inhibition_min_fraction,
                     set_point_per_mm3, f.density_hill),
      substance_rule(crowding, Behaviour::death, true, f.crowding_death_max_fold, set_point_per_mm3,
                     f.density_hill),
      substance_rule(tgf_beta1, Behaviour::transition, true, never_h / f.myofibroblast_conversion_h,
                     f.myofibroblast_half_max_ng_per_ml, f.myofibroblast_hill),
  };
  type.transition = engine::TypeTransition{.to_type = proto_myofibroblast,
                                           .duration_h = never_h,
                                           .duration_kind = engine::PhaseDuration::exponential};
  set_motility(type, p.cells.fibroblast_speed_um_per_h, p.cells.fibroblast_persistence_h, pdgf,
               p.cells.fibroblast_chemotaxis_bias, p.cells.fibroblast_gradient_half_max_per_um);
  return type;
}

// Proto-myofibroblasts: committed by TGF-β1, they differentiate into myofibroblasts after a fixed
// time; meanwhile they work as activated fibroblasts and stay where they are.
engine::CellTypeSpec proto_myofibroblast_type(const DermisParameters& p, double lifespan_h) {
  engine::CellTypeSpec type = dermal_type(dermal_cell_type_names[proto_myofibroblast], p.cells,
                                          p.cells.fibroblast_radius_um, lifespan_h);
  type.transition = engine::TypeTransition{.to_type = myofibroblast,
                                           .duration_h = p.fibroblasts.proto_myofibroblast_h,
                                           .duration_kind = engine::PhaseDuration::fixed};
  return type;
}

engine::CellTypeSpec myofibroblast_type(const DermisParameters& p) {
  const FibroblastKinetics& f = p.fibroblasts;
  engine::CellTypeSpec type =
      dermal_type(dermal_cell_type_names[myofibroblast], p.cells, p.cells.fibroblast_radius_um,
                  f.myofibroblast_apoptosis_h);
  type.rules = {substance_rule(tgf_beta1, engine::Behaviour::death, false,
                               f.myofibroblast_survival_min_fraction,
                               f.myofibroblast_survival_half_max_ng_per_ml)};
  return type;
}

engine::CellTypeSpec neutrophil_type(const DermisParameters& p) {
  engine::CellTypeSpec type = dermal_type(dermal_cell_type_names[neutrophil], p.cells,
                                          p.cells.immune_radius_um, p.immune.neutrophil_lifespan_h);
  set_motility(type, p.cells.neutrophil_speed_um_per_h, p.cells.neutrophil_persistence_h, il1,
               p.cells.neutrophil_chemotaxis_bias, p.cells.neutrophil_gradient_half_max_per_um);
  return type;
}

engine::CellTypeSpec macrophage_type(const DermisParameters& p, DermalCellType kind) {
  const ImmuneParameters& im = p.immune;
  const double lifespan = kind == macrophage_m1 ? im.m1_lifespan_h : im.m2_lifespan_h;
  engine::CellTypeSpec type =
      dermal_type(dermal_cell_type_names[kind], p.cells, p.cells.immune_radius_um, lifespan);
  set_motility(type, p.cells.macrophage_speed_um_per_h, p.cells.macrophage_persistence_h, tnf_alpha,
               p.cells.macrophage_chemotaxis_bias, p.cells.macrophage_gradient_half_max_per_um);
  if (kind == macrophage_m1) {
    // M1 turn M2 on their own (efferocytosis of spent neutrophils) within m1_to_m2_h; IL-10
    // speeds the switch.
    type.rules = {substance_rule(il10, engine::Behaviour::transition, true, im.il10_switch_max_fold,
                                 im.m1_to_m2_half_max_ng_per_ml)};
    type.transition = engine::TypeTransition{.to_type = macrophage_m2,
                                             .duration_h = im.m1_to_m2_h,
                                             .duration_kind = engine::PhaseDuration::exponential};
  }
  return type;
}

std::vector<engine::SubstanceSpec> dermal_substances(const DermisScenario& s) {
  std::vector<engine::SubstanceSpec> substances(dermal_substance_count);
  for (int i = 0; i < dermal_substance_count; ++i) substances[i].name = dermal_substance_names[i];
  for (int i = 0; i < factor_count; ++i) {
    const FactorParameters& factor = s.factors.factors[static_cast<std::size_t>(i)];
    substances[i].diffusion_um2_per_h = factor.diffusion_um2_per_h;
    substances[i].decay_per_h = factor.decay_per_h;
  }
  substances[oxygen].diffusion_um2_per_h = s.factors.oxygen.diffusion_um2_per_h;
  const FibroblastKinetics& f = s.parameters.fibroblasts;
  substances[crowding].decay_per_h = 1.0 / f.crowding_decay_h;
  substances[crowding].diffusion_um2_per_h =
      f.crowding_length_um * f.crowding_length_um / f.crowding_decay_h;
  return substances;
}

engine::Scenario engine_scenario(const DermisScenario& s, double set_point_per_mm3) {
  engine::Scenario scenario;
  scenario.name = "dermis (" + s.zone.id + ")";
  scenario.source_file = s.source_file;
  scenario.seed = s.seed;
  scenario.duration_h = s.duration_h;
  scenario.voxel_um = s.voxel_um;
  scenario.domain.min_um = {0.0, 0.0, 0.0};
  scenario.domain.max_um = {s.side_um, s.side_um, s.depth_um};
  scenario.time_steps = {s.step_h, s.step_h, s.step_h};
  scenario.outside_domain = engine::OutsideDomain::clamp;
  scenario.wall_repulsion_um_per_h = 10.0 * s.parameters.cells.repulsion_um_per_h;
  scenario.substances = dermal_substances(s);
  const DermisParameters& p = s.parameters;
  engine::CellTypeSpec fibroblasts =
      fibroblast_type(p, set_point_per_mm3, s.modifiers.healing_rate_scale);
  const double fibroblast_lifespan_h = 1.0 / fibroblasts.apoptosis.rate_per_h;
  scenario.cell_types = {std::move(fibroblasts),
                         myofibroblast_type(p),
                         neutrophil_type(p),
                         macrophage_type(p, macrophage_m1),
                         macrophage_type(p, macrophage_m2),
                         proto_myofibroblast_type(p, fibroblast_lifespan_h)};
  scenario.output.summary = false;
  scenario.output.timeseries_interval_h = 0.0;
  return scenario;
}

// Layer of each voxel layer from its centre's depth below the surface, with the young reference
// and this person's resting state.
LayerProfile layer_profile(const DermisScenario& s) {
  const auto nz = static_cast<std::size_t>(std::lround(s.depth_um / s.voxel_um));
  const DermisParameters& p = s.parameters;
  const RestingMatrixScales person = resting_matrix_scales(p.matrix, s.modifiers);
  const double epidermis = s.zone.epidermis_um, dermis = s.dermis_um();
  const double band = p.geometry.plexus_band_um;
  const double superficial_plexus = epidermis + p.geometry.papillary_um;
  const double deep_plexus = epidermis + dermis;
  LayerProfile profile;
  const double collagen3 = p.matrix.collagen3_share * person.collagen3;
  profile.collagen3_share =
      collagen3 / (collagen3 + (1.0 - p.matrix.collagen3_share) * person.collagen1);
  const double collagen_scale = (1.0 - p.matrix.collagen3_share) * person.collagen1 + collagen3;
  for (std::size_t k = 0; k < nz; ++k) {
    // k counts from the bottom of the block; depth from the surface.
    const double depth = s.depth_um - (static_cast<double>(k) + 0.5) * s.voxel_um;
    DermalLayer layer = DermalLayer::hypodermis;
    if (depth < epidermis)
      layer = DermalLayer::epidermis;
    else if (depth < superficial_plexus)
      layer = DermalLayer::papillary;
    else if (depth < deep_plexus)
      layer = DermalLayer::reticular;
    const bool in_band = std::abs(depth - superficial_plexus) <= 0.5 * band ||
                         std::abs(depth - deep_plexus) <= 0.5 * band;
    double vessels = 0.0, matrix = 0.0, cells = 0.0, hyaluronan = 0.0;
    switch (layer) {
      case DermalLayer::epidermis:
        break;
      case DermalLayer::papillary:
        vessels = p.geometry.capillary_vessel_density, matrix = p.matrix.papillary_collagen_scale;
        cells = 1.0, hyaluronan = 1.0;
        break;
      case DermalLayer::reticular:
        vessels = p.geometry.reticular_vessel_density, matrix = 1.0, cells = 1.0;
        hyaluronan = 1.0;
        break;
      case DermalLayer::hypodermis:
        vessels = p.geometry.reticular_vessel_density;
        matrix = cells = p.geometry.hypodermis_collagen_fraction;
        hyaluronan = 1.0;
        break;
    }
    if (in_band && layer != DermalLayer::epidermis) vessels = 1.0;
    const double reference_cells = p.cells.reticular_fibroblasts_per_mm3 * cells;
    const double reference_collagen = p.matrix.collagen_mg_per_ml() * matrix;
    const double reference_elastin = p.matrix.elastin_mg_per_ml() * matrix;
    const double reference_hyaluronan = p.matrix.hyaluronan_mg_per_ml * hyaluronan;
    profile.layer.push_back(layer);
    profile.reference_fibroblasts_per_mm3.push_back(reference_cells);
    profile.reference_collagen_mg_per_ml.push_back(reference_collagen);
    profile.reference_elastin_mg_per_ml.push_back(reference_elastin);
    profile.reference_hyaluronan_mg_per_ml.push_back(reference_hyaluronan);
    profile.fibroblasts_per_mm3.push_back(reference_cells * person.fibroblasts);
    profile.collagen_mg_per_ml.push_back(reference_collagen * collagen_scale);
    profile.elastin_mg_per_ml.push_back(reference_elastin * person.elastin);
    profile.hyaluronan_mg_per_ml.push_back(reference_hyaluronan * person.hyaluronan);
    profile.vessel_density.push_back(vessels);
  }
  return profile;
}

// Fibroblasts at their layer's density, placed uniformly at random (keyed, so reproducible).
std::vector<engine::InitialCell> initial_fibroblasts(const DermisScenario& s,
                                                     const LayerProfile& layers) {
  std::vector<engine::InitialCell> cells;
  const double layer_mm3 = mm3(s.side_um * s.side_um * s.voxel_um);
  std::uint64_t counter = 0;
  for (std::size_t k = 0; k < layers.layer.size(); ++k) {
    const double expected = layers.fibroblasts_per_mm3[k] * layer_mm3;
    auto n = static_cast<std::uint64_t>(expected);
    const auto draw = engine::uniforms(s.seed, k, 0, seeding_stream);
    if (draw[0] < expected - static_cast<double>(n)) ++n;
    for (std::uint64_t c = 0; c < n; ++c, ++counter) {
      const auto u = engine::uniforms(s.seed, counter, 1, seeding_stream);
      const double z = (static_cast<double>(k) + u[2]) * s.voxel_um;
      cells.push_back({.position_um = {u[0] * s.side_um, u[1] * s.side_um, z}, .type = fibroblast});
    }
  }
  return cells;
}

double reticular_set_point(const DermisScenario& s) {
  return s.parameters.cells.reticular_fibroblasts_per_mm3 * s.modifiers.fibroblast_density_scale;
}

}  // namespace

DermisTissue::DermisTissue(DermisScenario scenario, engine::Simulation simulation,
                           LayerProfile layers)
    : m_scenario(std::move(scenario)),
      m_simulation(std::move(simulation)),
      m_layers(std::move(layers)),
      m_uv(m_scenario.modifier_parameters.acute_uv,
           {m_scenario.parameters.matrix.uv_collagenase_production_fold,
            m_scenario.parameters.matrix.uv_gelatinase_production_fold}) {
  const std::size_t voxels = m_simulation.fields().grid().voxel_total();
  m_counts.assign(voxels, {});
  m_activation_sum.assign(voxels, 0.0f);
  m_plane_ledger.assign(m_layers.layer.size(), {});
  const auto& count = m_simulation.fields().grid().count;
  m_cover_scratch.assign(static_cast<std::size_t>(count[0]) * count[1], 0.0);
}

void DermisTissue::register_state() {
  m_activation = m_simulation.agents().add_column("activation", 0.0);
  // Quiescent fibroblasts stay in their matrix; activated ones migrate (into a wound).
  m_simulation.scale_motility_by_column(fibroblast, m_activation);
  constexpr std::array<const char*, 4> uv_names = {"uv_signal", "uv_drive", "uv_hours_since",
                                                   "uv_last_dose"};
  const UvState rest;
  const std::array<double, 4> uv_initial = {rest.signal, rest.drive, rest.hours_since,
                                            rest.last_dose};
  for (std::size_t i = 0; i < uv_names.size(); ++i)
    m_uv_scalars[i] = m_simulation.add_scalar(uv_names[i], uv_initial[i]);
  constexpr std::array<const char*, matrix_component_count> names = {
      "collagen1", "collagen3", "elastin", "hyaluronan", "fibrin"};
  for (int c = 0; c < matrix_component_count; ++c) {
    const std::string name = names[static_cast<std::size_t>(c)];
    m_synthesized[c] = m_simulation.add_scalar(name + "_synthesized_mg", 0.0);
    m_degraded[c] = m_simulation.add_scalar(name + "_degraded_mg", 0.0);
    m_removed[c] = m_simulation.add_scalar(name + "_removed_mg", 0.0);
    m_deposited[c] = m_simulation.add_scalar(name + "_deposited_mg", 0.0);
  }
  m_matured = m_simulation.add_scalar("collagen3_matured_mg", 0.0);
  m_epidermal_thickness = m_simulation.add_scalar("epidermal_thickness_relative", 1.0);
  for (std::size_t k = 0; k < m_layers.layer.size(); ++k)
    if (m_layers.layer[k] == DermalLayer::papillary) m_grenz_layer = k;
  constexpr std::array<const char*, 4> layer_names = {"epidermis", "papillary", "reticular",
                                                      "hypodermis"};
  for (int f = 0; f < factor_count; ++f)
    for (std::size_t l = 0; l < layer_names.size(); ++l)
      m_delivered[static_cast<std::size_t>(f)][l] = m_simulation.add_scalar(
          std::string("delivered_") + dermal_substance_names[static_cast<std::size_t>(f)] + "_" +
              layer_names[l] + "_ng",
          0.0);
}

Result<DermisTissue> DermisTissue::create(DermisScenario scenario,
                                          std::optional<std::uint64_t> seed) {
  if (seed) scenario.seed = *seed;
  LayerProfile layers = layer_profile(scenario);
  engine::Scenario engine_run = engine_scenario(scenario, reticular_set_point(scenario));
  engine_run.initial_cells = initial_fibroblasts(scenario, layers);
  DERMASIM_TRY_ASSIGN(engine::Simulation simulation, engine::Simulation::create(engine_run));
  DermisTissue tissue(std::move(scenario), std::move(simulation), std::move(layers));
  tissue.register_state();
  tissue.seed_fields();
  for (const Injury& injury : tissue.m_scenario.injuries)
    if (injury.kind == InjuryKind::atrophic_scar) tissue.apply_injury(injury, 0);
  return tissue;
}

Result<DermisTissue> DermisTissue::restore(DermisScenario scenario,
                                           const std::filesystem::path& checkpoint,
                                           std::optional<std::uint64_t> seed) {
  LayerProfile layers = layer_profile(scenario);
  engine::Scenario engine_run = engine_scenario(scenario, reticular_set_point(scenario));
  DERMASIM_TRY_ASSIGN(engine::Simulation simulation, engine::Simulation::create(engine_run));
  DermisTissue tissue(std::move(scenario), std::move(simulation), std::move(layers));
  tissue.register_state();
  DERMASIM_TRY(tissue.m_simulation.restore_checkpoint(checkpoint, seed));
  if (seed) tissue.m_scenario.seed = *seed;
  return tissue;
}

Status DermisTissue::save_checkpoint(const std::filesystem::path& path) const {
  return m_simulation.save_checkpoint(path);
}

// Homeostatic state: matrix and vessels by layer, oxygen at blood level (it settles within
// hours), MMPs and TIMP at their resting levels, the crowding signal at the set point, the
// epidermis closed, fully mature collagen.
void DermisTissue::seed_fields() {
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const MatrixParameters& m = m_scenario.parameters.matrix;
  for (int k = 0; k < grid.count[2]; ++k) {
    const auto layer = static_cast<std::size_t>(k);
    const bool epidermis = m_layers.layer[layer] == DermalLayer::epidermis;
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i) {
        const std::size_t v = grid.index(i, j, k);
        const double collagen = m_layers.collagen_mg_per_ml[layer];
        fields.value(v, collagen1) = collagen * (1.0 - m_layers.collagen3_share);
        fields.value(v, collagen3) = collagen * m_layers.collagen3_share;
        fields.value(v, elastin) = m_layers.elastin_mg_per_ml[layer];
        fields.value(v, hyaluronan) = m_layers.hyaluronan_mg_per_ml[layer];
        fields.value(v, crosslink) = 1.0;
        fields.value(v, vessels) = m_layers.vessel_density[layer];
        fields.value(v, oxygen) = 1.0;
        fields.value(v, damage_il1_fold) = 1.0;
        fields.value(v, collagen_set_point) = 1.0;
        fields.value(v, epidermal_cover) = epidermis ? 1.0 : 0.0;
        fields.value(v, crowding) = m_layers.fibroblasts_per_mm3[layer];
        if (epidermis) continue;
        fields.value(v, collagenase) = m.collagenase_basal_ng_per_ml;
        fields.value(v, gelatinase) = m.gelatinase_basal_ng_per_ml;
        fields.value(v, timp) = m.timp_basal_ng_per_ml;
      }
  }
}

void DermisTissue::apply_due_events() {
  const std::int64_t step = m_simulation.step_index();
  for (std::size_t e = 0; e < m_scenario.injuries.size(); ++e) {
    const Injury& injury = m_scenario.injuries[e];
    if (injury.kind != InjuryKind::atrophic_scar && step_at(injury.at_h) == step)
      apply_injury(injury, e + 1);
  }
  for (const UvExposure& uv : m_scenario.uv)
    if (step_at(uv.at_h) == step) apply_uv(uv.dose_med);
}

void DermisTissue::step_once() {
  const double dt_h = m_scenario.step_h;
  apply_due_events();
  apply_supplies(dt_h);
  count_cells();
  update_activation(dt_h);
  react(dt_h);
  recruit(dt_h);
  m_simulation.step();
}

void DermisTissue::advance_to_step(std::int64_t target_step) {
  while (m_simulation.step_index() < target_step) step_once();
}

UvState DermisTissue::uv_state() const {
  return {m_simulation.scalar(m_uv_scalars[0]), m_simulation.scalar(m_uv_scalars[1]),
          m_simulation.scalar(m_uv_scalars[2]), m_simulation.scalar(m_uv_scalars[3])};
}

void DermisTissue::set_uv_state(const UvState& state) {
  m_simulation.scalar(m_uv_scalars[0]) = state.signal;
  m_simulation.scalar(m_uv_scalars[1]) = state.drive;
  m_simulation.scalar(m_uv_scalars[2]) = state.hours_since;
  m_simulation.scalar(m_uv_scalars[3]) = state.last_dose;
}

double DermisTissue::reticular_set_point_per_ml() const {
  return reticular_set_point(m_scenario) * 1e3;
}

MatrixLedger DermisTissue::ledger() const {
  MatrixLedger ledger;
  for (int c = 0; c < matrix_component_count; ++c) {
    ledger.synthesized[c] = m_simulation.scalar(m_synthesized[c]);
    ledger.degraded[c] = m_simulation.scalar(m_degraded[c]);
    ledger.removed[c] = m_simulation.scalar(m_removed[c]);
    ledger.deposited[c] = m_simulation.scalar(m_deposited[c]);
  }
  ledger.matured_collagen3_to_1 = m_simulation.scalar(m_matured);
  return ledger;
}

double DermisTissue::matrix_amount_mg(MatrixComponent component) const {
  constexpr std::array<DermalSubstance, matrix_component_count> substance = {
      collagen1, collagen3, elastin, hyaluronan, fibrin};
  const engine::DiffusionSolver& fields = m_simulation.fields();
  // mg/mL × mL per voxel
  return fields.total_amount(substance[static_cast<std::size_t>(component)]) * 1e-12;
}

double DermisTissue::factor_amount_ng(DermalSubstance substance) const {
  return m_simulation.fields().total_amount(substance) * 1e-12;
}

}  // namespace dermasim::skin
