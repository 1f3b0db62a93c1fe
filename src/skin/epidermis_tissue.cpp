// The epidermis tissue: builds the engine scenario of a patch and advances the tissue-level state
// beside its cells.
#include "skin/epidermis_tissue.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/parallel.hpp"
#include "engine/phenotype.hpp"
#include "skin/epidermis.hpp"
#include "skin/stratified_epidermis.hpp"

namespace dermasim::skin {
namespace {

constexpr double hours_per_day = 24.0;
constexpr double um3_per_mm2_to_um = 1e-6;
constexpr double melanin_index_unit = 1e4;  // melanin units per mm² in one melanin_index
constexpr double proliferation_window_h = 24.0;
constexpr double transit_window_h = 7.0 * 24.0;
constexpr int egf_substance = 0, kgf_substance = 1;

engine::BehaviourRule growth_factor_rule(int substance, const GrowthFactorParameters& p) {
  engine::BehaviourRule rule;
  rule.signal = engine::SignalKind::substance;
  rule.substance = substance;
  rule.behaviour = engine::Behaviour::cycle;
  rule.increases = true;
  rule.saturation = p.max_fold;
  rule.half_max = p.half_max_ng_per_ml;
  rule.hill = p.hill;
  return rule;
}

engine::BehaviourRule density_rule(engine::Behaviour behaviour, double saturation, double set_point,
                                   double hill) {
  engine::BehaviourRule rule;
  rule.signal = engine::SignalKind::density;
  rule.density_types = {progenitor, post_mitotic_basal};
  rule.behaviour = behaviour;
  rule.increases = false;
  rule.saturation = saturation;
  rule.half_max = set_point;
  rule.hill = hill;
  return rule;
}

// Basal-layer concentration of a growth factor at dermal level `dermal` under a viable epidermis
// `viable_um` thick with an intact barrier.
double basal_level(SteadyProfile& profile, const GrowthFactorParameters& p, double dermal,
                   double viable_um) {
  profile.solve(p.column, {.dermal_ng_per_ml = dermal, .viable_um = viable_um});
  return profile.basal_layer_mean();
}

struct LiveCounts {
  std::array<double, epidermal_type_count + 1> by_type{};
  double basal() const { return by_type[progenitor] + by_type[post_mitotic_basal]; }
  double nucleated() const { return basal() + by_type[viable_suprabasal]; }
};

LiveCounts count_live(const engine::AgentStore& agents) {
  LiveCounts counts;
  count_living(agents, counts.by_type);
  return counts;
}

// Relaxes `value` towards `target` over dt with time constant tau (exact for a constant target).
double relax(double value, double target, double dt_h, double tau_h) {
  return target + (value - target) * std::exp(-dt_h / tau_h);
}

// The engine scenario of a patch: the SP-model epidermis at the zone's germinative density, the
// growth-factor and density rules on progenitors, and melanocytes.
// Side of the square patch: for the stratified model a whole number of 20-µm voxels.
double patch_side_um(const TissueScenario& s) {
  const double side = std::sqrt(s.area_mm2) * 1000.0;
  return s.model == TissueModel::stratified ? 20.0 * std::max(1.0, std::round(side / 20.0)) : side;
}

// The cells of the patch: the well-mixed SP model, or the same types stratified on a membrane.
engine::Scenario cell_scenario(const TissueScenario& s, const EpidermalSteadyState& homeostasis,
                               double area_mm2) {
  if (s.model == TissueModel::stratified) {
    StratifiedOptions options;
    options.side_um = patch_side_um(s);
    options.germinative_per_mm2 = homeostasis.germinative_per_mm2;
    options.ridge_depth_um = s.ridge_depth_um;
    options.ridge_period_um = s.ridge_period_um;
    options.duration_h = s.spin_up_h + s.duration_h;
    options.phenotype_step_h = s.step_h;
    options.seed = s.seed;
    options.mechanics = s.parameters.stratified;
    return stratified_epidermis_scenario(s.kinetics, options);
  }
  EpidermisOptions options;
  options.basal_cells = static_cast<std::size_t>(
      std::max(1.0, std::round(homeostasis.germinative_per_mm2 * area_mm2)));
  options.duration_h = s.spin_up_h + s.duration_h;
  options.step_h = s.step_h;
  options.seed = s.seed;
  return epidermis_scenario(s.kinetics, options);
}

// EGF and KGF: in a well-mixed patch the basal layer's value, set each step from the depth
// profile; in a stratified one real fields held at the dermal level under the membrane (the
// domain's lower face) and taken up by progenitors.
engine::SubstanceSpec growth_factor_field(const char* name, const GrowthFactorParameters& p,
                                          TissueModel model, double basal_level) {
  engine::SubstanceSpec substance;
  substance.name = name;
  if (model == TissueModel::well_mixed) {
    substance.initial = basal_level;  // a mirror: it neither diffuses nor decays in the engine
    return substance;
  }
  substance.diffusion_um2_per_h = p.column.diffusion_um2_per_h;
  substance.decay_per_h = p.column.decay_per_h;
  substance.initial = p.dermal_ng_per_ml;
  substance.faces[static_cast<int>(engine::Face::z_min)] = {engine::BoundaryKind::dirichlet,
                                                            p.dermal_ng_per_ml};
  return substance;
}

// Growth-factor and density rules on progenitors; the base cycle time is shortened so that at
// homeostasis (baseline growth factors, density at the set point) the rules give the measured Tc.
void add_progenitor_rules(engine::Scenario& scenario, const TissueScenario& s, double set_point,
                          double egf_basal, double kgf_basal) {
  const TissueParameters& p = s.parameters;
  engine::CellTypeSpec& progenitors = scenario.cell_types[progenitor];
  progenitors.rules = {growth_factor_rule(egf_substance, p.egf),
                       growth_factor_rule(kgf_substance, p.kgf)};
  double multiplier = engine::rule_multiplier(progenitors.rules[0], egf_basal) *
                      engine::rule_multiplier(progenitors.rules[1], kgf_basal);
  if (s.regulation) {
    const RegulationParameters& r = p.regulation;
    progenitors.rules.push_back(
        density_rule(engine::Behaviour::cycle, r.cycle_min_fraction, set_point, r.cycle_hill));
    progenitors.rules.push_back(
        density_rule(engine::Behaviour::renewal, r.renewal_bias, set_point, r.renewal_hill));
    multiplier *= engine::rule_multiplier(progenitors.rules[2], set_point);
  }
  progenitors.cycle[0].duration_h *= multiplier;
  if (s.model == TissueModel::stratified) {
    progenitors.exchange = {{egf_substance, 0.0, 0.0, p.egf.column.basal_uptake_per_h},
                            {kgf_substance, 0.0, 0.0, p.kgf.column.basal_uptake_per_h}};
  }
}

// Melanocytes spread over the basal lattice, beside the keratinocytes' centres; on the membrane
// in a stratified patch.
void add_melanocytes(engine::Scenario& scenario, const TissueScenario& s, double area_mm2) {
  engine::CellTypeSpec melanocytes;
  melanocytes.name = "melanocyte";
  const bool stratified = s.model == TissueModel::stratified;
  const engine::CellTypeSpec& basal = scenario.cell_types[progenitor];
  melanocytes.mechanics = basal.mechanics;
  melanocytes.volume = basal.volume;
  if (!stratified) melanocytes.mechanics.repulsion_um_per_h = 0.0;
  scenario.cell_types.push_back(melanocytes);
  const auto count = static_cast<std::size_t>(std::round(s.zone.melanocytes_per_mm2 * area_mm2));
  const std::size_t keratinocytes = scenario.initial_cells.size();
  const double offset = stratified ? 1.0 : 5.0;
  const auto inside = [&](double value, int axis) {  // shifted, but never out of the domain
    return std::min(value + offset, scenario.domain.max_um[axis] - offset);
  };
  for (std::size_t m = 0; m < count; ++m) {
    const engine::InitialCell& host =
        scenario.initial_cells[m * keratinocytes / std::max<std::size_t>(1, count)];
    scenario.initial_cells.push_back(
        {{inside(host.position_um[0], 0), inside(host.position_um[1], 1), host.position_um[2]},
         melanocyte});
  }
}

// The engine scenario of a patch.
engine::Scenario build_engine_scenario(const TissueScenario& s,
                                       const EpidermalSteadyState& homeostasis, double area_mm2,
                                       double egf_basal, double kgf_basal) {
  engine::Scenario scenario = cell_scenario(s, homeostasis, area_mm2);
  scenario.name = s.name;
  scenario.source_file = s.source_file;
  scenario.substances = {growth_factor_field("egf", s.parameters.egf, s.model, egf_basal),
                         growth_factor_field("kgf", s.parameters.kgf, s.model, kgf_basal)};
  // Density signals count basal cells per mm² of a voxel's face: in a well-mixed patch the one
  // voxel includes the margin around the lattice.
  double set_point = homeostasis.germinative_per_mm2;
  if (s.model == TissueModel::well_mixed) {
    const double face_mm2 = (scenario.domain.max_um[0] - scenario.domain.min_um[0]) *
                            (scenario.domain.max_um[1] - scenario.domain.min_um[1]) * 1e-6;
    set_point = static_cast<double>(scenario.initial_cells.size()) / face_mm2;
  }
  add_progenitor_rules(scenario, s, set_point, egf_basal, kgf_basal);
  add_melanocytes(scenario, s, area_mm2);
  return scenario;
}

// Intact skin loses water through the stratum corneum in inverse proportion to its thickness
// (Fick), capped at the open-wound rate; open skin loses it at that rate.
double tewl_index(const BarrierParameters& b, double barrier_integrity, double sc_um,
                  double homeostatic_sc_um) {
  const double intact = std::min(b.open_tewl_ratio, homeostatic_sc_um / std::max(sc_um, 1e-9));
  return (1.0 - barrier_integrity) * b.open_tewl_ratio + barrier_integrity * intact;
}

EpidermalSteadyState zone_homeostasis(const TissueScenario& s) {
  const GeometryParameters& geometry = s.parameters.geometry;
  return steady_state(s.kinetics, geometry,
                      germinative_density_for_thickness(s.kinetics, geometry, s.zone.epidermis_um));
}

}  // namespace

EpidermisTissue::EpidermisTissue(TissueScenario scenario, engine::Simulation simulation)
    : m_scenario(std::move(scenario)), m_simulation(std::move(simulation)) {
  const TissueParameters& p = m_scenario.parameters;
  m_homeostasis = zone_homeostasis(m_scenario);
  m_dermal_levels = {p.egf.dermal_ng_per_ml, p.kgf.dermal_ng_per_ml};
  m_constitutive_melanin_per_mm2 =
      constitutive_synthesis_per_mm2_per_day() *
      melanin_residence_days(m_scenario.kinetics, p.pigment.degradation_per_day);
}

void EpidermisTissue::register_state() {
  m_melanin =
      m_simulation.agents().add_column("melanin", 0.0, engine::ColumnKind::split_at_division);
  seed_basal_melanin();
  m_inflammation = m_simulation.add_scalar("inflammation", 0.0);
  m_uv_activation = m_simulation.add_scalar("uv_activation", 0.0);
  m_barrier = m_simulation.add_scalar("barrier_integrity", 1.0);
  m_hyaluronan = m_simulation.add_scalar("hyaluronan_relative", 1.0);
  m_water = m_simulation.add_scalar("stratum_corneum_water_relative", 1.0);
  m_births_per_h = m_simulation.add_scalar("births_per_h", 0.0);
  m_shed_per_h = m_simulation.add_scalar("shed_per_h", 0.0);
  m_pending_births = m_simulation.add_scalar("births_since_tissue_step", 0.0);
  m_pending_shed = m_simulation.add_scalar("shed_since_tissue_step", 0.0);
}

double EpidermisTissue::constitutive_synthesis_per_mm2_per_day() const {
  const PigmentParameters& p = m_scenario.parameters.pigment;
  return m_scenario.zone.melanocytes_per_mm2 * p.synthesis_per_melanocyte_per_day *
         p.constitutive_scale[m_scenario.fitzpatrick - 1];
}

void EpidermisTissue::seed_basal_melanin() {
  // The starting cells carry their steady-state melanin, so the pigment is at homeostasis once the
  // suprabasal layers have filled during the spin-up.
  const BasalMelanin steady =
      steady_basal_melanin(m_scenario.kinetics, constitutive_synthesis_per_mm2_per_day() /
                                                    m_homeostasis.germinative_per_mm2);
  engine::AgentStore& agents = m_simulation.agents();
  std::vector<double>& melanin = agents.column(m_melanin);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.type[i] == progenitor) melanin[i] = steady.progenitor;
    if (agents.type[i] == post_mitotic_basal) melanin[i] = steady.post_mitotic;
  }
}

Result<EpidermisTissue> EpidermisTissue::create(TissueScenario scenario,
                                                std::optional<std::uint64_t> seed) {
  if (seed) scenario.seed = *seed;
  const TissueParameters& p = scenario.parameters;
  const EpidermalSteadyState homeostasis = zone_homeostasis(scenario);
  // The basal layer's baseline growth factors: from the depth profile, or (stratified) the dermal
  // level held just under the membrane.
  SteadyProfile profile;
  const bool mixed = scenario.model == TissueModel::well_mixed;
  const double egf =
      mixed ? basal_level(profile, p.egf, p.egf.dermal_ng_per_ml, homeostasis.viable_um)
            : p.egf.dermal_ng_per_ml;
  const double kgf =
      mixed ? basal_level(profile, p.kgf, p.kgf.dermal_ng_per_ml, homeostasis.viable_um)
            : p.kgf.dermal_ng_per_ml;
  const double side_um = patch_side_um(scenario);
  scenario.area_mm2 = side_um * side_um * 1e-6;
  DERMASIM_TRY_ASSIGN(engine::Simulation simulation,
                      engine::Simulation::create(build_engine_scenario(
                          scenario, homeostasis, scenario.area_mm2, egf, kgf)));
  EpidermisTissue tissue(std::move(scenario), std::move(simulation));
  tissue.register_state();
  return tissue;
}

Result<EpidermisTissue> EpidermisTissue::restore(TissueScenario scenario,
                                                 const std::filesystem::path& checkpoint,
                                                 std::optional<std::uint64_t> seed) {
  // Set up exactly as a new run (cells, scalars, the melanin column), then take the saved state.
  DERMASIM_TRY_ASSIGN(EpidermisTissue tissue, create(std::move(scenario)));
  DERMASIM_TRY(tissue.m_simulation.restore_checkpoint(checkpoint, seed));
  if (seed) tissue.m_scenario.seed = *seed;
  return tissue;
}

Status EpidermisTissue::save_checkpoint(const std::filesystem::path& path) const {
  return m_simulation.save_checkpoint(path);
}

std::int64_t EpidermisTissue::step_at(double t_h) const {
  return m_simulation.steps_for_hours(m_scenario.spin_up_h + t_h);
}

double EpidermisTissue::dermal_level(GrowthFactor factor) const {
  const TissueParameters& p = m_scenario.parameters;
  double level = factor == GrowthFactor::egf ? p.egf.dermal_ng_per_ml : p.kgf.dermal_ng_per_ml;
  const double t = time_h();
  for (const TissueEvent& e : m_scenario.events)  // a few events: a scan costs nothing
    if (e.kind == TissueEventKind::growth_factor && e.factor == factor && t >= e.at_h &&
        t < e.until_h)
      level = e.dermal_ng_per_ml;
  return level;
}

void EpidermisTissue::advance_to_step(std::int64_t target_step) {
  // The tissue state advances once per tissue step (`step_h`, the phenotype step); the engine may
  // take several diffusion and mechanics steps in between, whose births and sheddings are summed.
  const std::int64_t engine_steps_per_update =
      std::max<std::int64_t>(1, m_simulation.steps_for_hours(m_scenario.step_h));
  while (m_simulation.step_index() < target_step) {
    const std::int64_t step = m_simulation.step_index();
    for (std::size_t e = 0; e < m_scenario.events.size(); ++e)
      if (step_at(m_scenario.events[e].at_h) == step) apply_event(m_scenario.events[e], e);
    const engine::PhenotypeCounts before = m_simulation.fate_totals();
    m_simulation.step();
    const engine::PhenotypeCounts& after = m_simulation.fate_totals();
    m_simulation.scalar(m_pending_births) += static_cast<double>(after.births - before.births);
    m_simulation.scalar(m_pending_shed) += static_cast<double>(after.shed - before.shed);
    if (m_simulation.step_index() % engine_steps_per_update == 0) after_step(m_scenario.step_h);
  }
}

void EpidermisTissue::apply_event(const TissueEvent& event, std::size_t index) {
  const TissueParameters& p = m_scenario.parameters;
  double& inflammation = m_simulation.scalar(m_inflammation);
  double& barrier = m_simulation.scalar(m_barrier);
  switch (event.kind) {
    case TissueEventKind::uv: {
      const double med = event.dose_mj_per_cm2 /
                         p.pigment.minimal_erythema_dose_mj_per_cm2[m_scenario.fitzpatrick - 1];
      m_simulation.scalar(m_uv_activation) += p.pigment.uv_activation_per_med * med;
      inflammation += p.inflammation.per_med_above_one * std::max(0.0, med - 1.0);
      break;
    }
    case TissueEventKind::abrasion: {
      std::vector<bool> removed(melanocyte + 1, false);
      removed[corneocyte] = true;
      if (event.depth != AbrasionDepth::stratum_corneum) removed[viable_suprabasal] = true;
      // Melanocytes are not removed: they repopulate a superficial wound from its edges and the
      // follicles within days (not modelled), faster than the keratinocytes that carry pigment.
      if (event.depth == AbrasionDepth::basal)
        removed[progenitor] = removed[post_mitotic_basal] = true;
      remove_abraded(removed, event.area_fraction, index);
      barrier *= 1.0 - event.area_fraction;
      inflammation += p.inflammation.per_abraded_area_fraction * event.area_fraction;
      break;
    }
    case TissueEventKind::barrier_breach:
      barrier *= 1.0 - event.area_fraction;
      inflammation += p.inflammation.per_breached_area_fraction * event.area_fraction;
      break;
    case TissueEventKind::inflammation:
      inflammation += event.level;
      break;
    case TissueEventKind::growth_factor:
      break;  // read each step by dermal_level
  }
}

void EpidermisTissue::remove_abraded(const std::vector<bool>& types, double area_fraction,
                                     std::size_t event_index) {
  if (m_scenario.model == TissueModel::well_mixed) {
    // No geometry: a random share of the cells, as the area's share of the patch.
    m_simulation.remove_random_agents(types, area_fraction, event_index);
    return;
  }
  // A band across the patch from its x_min side, the area's share of it wide: a wound with edges
  // from which the epidermis grows back.
  engine::Box band = m_simulation.scenario().domain;
  band.max_um[0] = band.min_um[0] + area_fraction * (band.max_um[0] - band.min_um[0]);
  m_simulation.remove_agents_in_box(types, band);
}

void EpidermisTissue::update_growth_factors(double viable_um) {
  const TissueParameters& p = m_scenario.parameters;
  engine::DiffusionSolver& fields = m_simulation.fields();
  fields.value(0, egf_substance) =
      basal_level(m_egf_profile, p.egf, dermal_level(GrowthFactor::egf), viable_um);
  fields.value(0, kgf_substance) =
      basal_level(m_kgf_profile, p.kgf, dermal_level(GrowthFactor::kgf), viable_um);
}

void EpidermisTissue::update_dermal_boundary() {
  const std::array<double, 2> levels = {dermal_level(GrowthFactor::egf),
                                        dermal_level(GrowthFactor::kgf)};
  if (levels == m_dermal_levels) return;
  engine::DiffusionSolver& fields = m_simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  for (int substance : {egf_substance, kgf_substance}) {
    if (levels[substance] == m_dermal_levels[substance]) continue;
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i)
        fields.set_dirichlet(grid.index(i, j, 0), substance, levels[substance]);
  }
  m_dermal_levels = levels;
}

void EpidermisTissue::update_pigment(double dt_h, double basal_cells, double melanocytes) {
  const PigmentParameters& p = m_scenario.parameters.pigment;
  const int type_index = m_scenario.fitzpatrick - 1;
  engine::AgentStore& agents = m_simulation.agents();
  const double activation = 1.0 + m_simulation.scalar(m_uv_activation) +
                            p.inflammation_gain[type_index] * m_simulation.scalar(m_inflammation);
  const double made = melanocytes * p.synthesis_per_melanocyte_per_day / hours_per_day * dt_h *
                      p.constitutive_scale[type_index] * activation;
  const double share = basal_cells > 0.0 ? made / basal_cells : 0.0;
  const double kept = std::exp(-p.degradation_per_day / hours_per_day * dt_h);
  std::vector<double>& melanin = agents.column(m_melanin);
  const auto n = static_cast<std::int64_t>(agents.size());
#pragma omp parallel for schedule(static) if (agents.size() >= engine::min_parallel_agents)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    if (agents.state[i] != engine::AgentState::alive) continue;
    const int type = agents.type[i];
    if (type == progenitor || type == post_mitotic_basal)
      melanin[i] += share;
    else if (type == viable_suprabasal || type == corneocyte)
      melanin[i] *= kept;
  }
}

void EpidermisTissue::after_step(double dt_h) {
  const TissueParameters& p = m_scenario.parameters;
  const LiveCounts counts = count_live(m_simulation.agents());
  const double area = m_scenario.area_mm2;
  double& births = m_simulation.scalar(m_births_per_h);
  double& shed = m_simulation.scalar(m_shed_per_h);
  double& pending_births = m_simulation.scalar(m_pending_births);
  double& pending_shed = m_simulation.scalar(m_pending_shed);
  births = relax(births, pending_births / dt_h, dt_h, proliferation_window_h);
  shed = relax(shed, pending_shed / dt_h, dt_h, transit_window_h);
  pending_births = pending_shed = 0.0;

  if (m_scenario.model == TissueModel::well_mixed)
    update_growth_factors(counts.nucleated() / area * p.geometry.nucleated_cell_volume_um3 *
                          um3_per_mm2_to_um);
  else
    update_dermal_boundary();
  update_pigment(dt_h, counts.basal(), counts.by_type[melanocyte]);

  double& inflammation = m_simulation.scalar(m_inflammation);
  inflammation = relax(inflammation, 0.0, dt_h, p.inflammation.decay_days * hours_per_day);
  double& uv = m_simulation.scalar(m_uv_activation);
  uv = relax(uv, 0.0, dt_h, p.pigment.uv_activation_decay_days * hours_per_day);
  double& barrier = m_simulation.scalar(m_barrier);
  barrier = relax(barrier, 1.0, dt_h, p.barrier.recovery_h);
  // Epidermal hyaluronan: made by viable keratinocytes, cleared with its half-life.
  const double nucleated_homeostatic =
      (m_homeostasis.germinative_per_mm2 + m_homeostasis.viable_suprabasal_per_mm2) * area;
  double& hyaluronan = m_simulation.scalar(m_hyaluronan);
  hyaluronan = relax(hyaluronan, counts.nucleated() / nucleated_homeostatic, dt_h,
                     p.hydration.hyaluronan_half_life_days * hours_per_day / std::log(2.0));
  // Stratum corneum water: held by natural moisturising factor (made in corneocytes), supplied
  // from the viable epidermis' hyaluronan, lost with TEWL.
  const double sc_um =
      counts.by_type[corneocyte] / area * p.geometry.corneocyte_volume_um3 * um3_per_mm2_to_um;
  const double water_loss = tewl_index(p.barrier, barrier, sc_um, m_homeostasis.stratum_corneum_um);
  const double nmf = counts.by_type[corneocyte] / (m_homeostasis.corneocytes_per_mm2 * area);
  double& water = m_simulation.scalar(m_water);
  const double target = std::pow(nmf, p.hydration.nmf_exponent) *
                        std::pow(hyaluronan, p.hydration.hyaluronan_exponent) /
                        std::pow(water_loss, p.hydration.tewl_exponent);
  water = relax(water, target, dt_h, p.hydration.water_relaxation_h);
}

double EpidermisTissue::basal_mean(int substance) const {
  const engine::DiffusionSolver& fields = m_simulation.fields();
  if (m_scenario.model == TissueModel::well_mixed) return fields.value(0, substance);
  // Mean over the progenitors of the concentration in their voxels.
  const engine::AgentStore& agents = m_simulation.agents();
  double sum = 0.0, cells = 0.0;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.type[i] != progenitor || agents.voxel[i] < 0) continue;
    sum += fields.value(static_cast<std::size_t>(agents.voxel[i]), substance);
    cells += 1.0;
  }
  return cells > 0.0 ? sum / cells : 0.0;
}

EpidermisObservables EpidermisTissue::observe() const {
  const TissueParameters& p = m_scenario.parameters;
  const engine::AgentStore& agents = m_simulation.agents();
  const LiveCounts counts = count_live(agents);
  const double area = m_scenario.area_mm2;
  EpidermisObservables o;
  o.t_days = time_h() / hours_per_day;
  // Water loss and NMF follow the amount of stratum corneum, whatever its shape.
  const double sc_amount_um =
      counts.by_type[corneocyte] / area * p.geometry.corneocyte_volume_um3 * um3_per_mm2_to_um;
  if (m_scenario.model == TissueModel::stratified) {
    const LayerThickness layers = measure_layers(agents, m_simulation.scenario());
    o.viable_epidermis_um = layers.viable_um;
    o.stratum_corneum_um = layers.stratum_corneum_um;
  } else {
    o.viable_epidermis_um =
        counts.nucleated() / area * p.geometry.nucleated_cell_volume_um3 * um3_per_mm2_to_um;
    o.stratum_corneum_um = sc_amount_um;
  }
  o.basal_density_per_mm2 = counts.basal() / area;
  const double basal = std::max(1.0, counts.basal());
  o.proliferation_per_day = m_simulation.scalar(m_births_per_h) * hours_per_day / basal;
  o.growth_fraction = counts.by_type[progenitor] / basal;
  const double shed_per_day = m_simulation.scalar(m_shed_per_h) * hours_per_day;
  o.transit_time_days =
      shed_per_day > 0.0
          ? (counts.by_type[viable_suprabasal] + counts.by_type[corneocyte]) / shed_per_day
          : 0.0;
  const std::vector<double>& melanin = agents.column(m_melanin);
  double total = 0.0;  // in index order: the same sum for any thread count
  for (std::size_t i = 0; i < agents.size(); ++i)
    if (agents.state[i] == engine::AgentState::alive) total += melanin[i];
  o.melanin_index = total / area / melanin_index_unit;
  o.melanin_relative = total / area / m_constitutive_melanin_per_mm2;
  o.barrier_integrity = m_simulation.scalar(m_barrier);
  o.tewl_index =
      tewl_index(p.barrier, o.barrier_integrity, sc_amount_um, m_homeostasis.stratum_corneum_um);
  o.tewl_g_per_m2_h = p.barrier.baseline_tewl_g_per_m2_h * o.tewl_index;
  o.hydration_index = m_simulation.scalar(m_water);
  o.inflammation = m_simulation.scalar(m_inflammation);
  o.egf_basal_ng_per_ml = basal_mean(egf_substance);
  o.kgf_basal_ng_per_ml = basal_mean(kgf_substance);
  return o;
}

}  // namespace dermasim::skin
