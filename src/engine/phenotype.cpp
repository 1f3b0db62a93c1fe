// Death, type transitions, cycle and PhysiCell's standard volume model per agent; divisions (with
// their outcomes) and removals afterwards.
#include "engine/phenotype.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "engine/parallel.hpp"
#include "engine/random.hpp"

namespace dermasim::engine {
namespace {

std::int32_t steps_for(double duration_h, double dt_h) {
  return std::max<std::int32_t>(1, static_cast<std::int32_t>(std::llround(duration_h / dt_h)));
}

double radius_of(double volume_um3) {
  return std::cbrt(std::max(volume_um3, 0.0) / (4.0 / 3.0 * std::numbers::pi));
}

struct VolumeRates {
  double fluid_per_h, nuclear_per_h, cytoplasmic_per_h;
};

// Explicit step of the standard volume model towards the agent's targets.
void relax_volume(AgentStore& a, std::size_t i, const VolumeRates& rates, double cyto_to_nuclear,
                  double dt_h) {
  double fluid =
      a.fluid_um3[i] +
      dt_h * rates.fluid_per_h * (a.target_fluid_fraction[i] * a.volume_um3[i] - a.fluid_um3[i]);
  fluid = std::max(fluid, 0.0);
  const double nuclear_fluid = (a.nuclear_um3[i] / (a.volume_um3[i] + 1e-16)) * fluid;
  const double cytoplasmic_fluid = fluid - nuclear_fluid;
  double nuclear_solid =
      a.nuclear_solid_um3[i] +
      dt_h * rates.nuclear_per_h * (a.target_nuclear_solid_um3[i] - a.nuclear_solid_um3[i]);
  nuclear_solid = std::max(nuclear_solid, 0.0);
  a.target_cytoplasmic_solid_um3[i] = cyto_to_nuclear * a.target_nuclear_solid_um3[i];
  double cytoplasmic_solid = a.cytoplasmic_solid_um3[i] +
                             dt_h * rates.cytoplasmic_per_h *
                                 (a.target_cytoplasmic_solid_um3[i] - a.cytoplasmic_solid_um3[i]);
  cytoplasmic_solid = std::max(cytoplasmic_solid, 0.0);
  a.fluid_um3[i] = fluid;
  a.nuclear_solid_um3[i] = nuclear_solid;
  a.cytoplasmic_solid_um3[i] = cytoplasmic_solid;
  a.nuclear_um3[i] = nuclear_solid + nuclear_fluid;
  a.volume_um3[i] = nuclear_solid + nuclear_fluid + cytoplasmic_solid + cytoplasmic_fluid;
  a.radius_um[i] = radius_of(a.volume_um3[i]);
}

// The targets of a freshly placed cell of this type (PhysiCell's default volume split).
void set_volume_targets(AgentStore& a, std::size_t i, const TypeRules& rules) {
  const VolumeSpec& v = rules.volume;
  a.target_nuclear_solid_um3[i] = v.nuclear_um3 * (1.0 - v.fluid_fraction);
  a.target_cytoplasmic_solid_um3[i] = (v.total_um3 - v.nuclear_um3) * (1.0 - v.fluid_fraction);
  a.target_fluid_fraction[i] = v.fluid_fraction;
}

// The agent becomes `type`: its cycle restarts and its volume relaxes towards the new type's.
void take_type(AgentStore& a, std::size_t i, std::int32_t type, const PhenotypeTable& table) {
  a.type[i] = type;
  a.phase[i] = 0;
  a.steps_in_phase[i] = 0;
  a.steps_in_type[i] = 0;
  set_volume_targets(a, i, table.types[type]);
}

void start_apoptosis(AgentStore& a, std::size_t i) {
  a.state[i] = AgentState::dying;
  a.steps_dying[i] = 0;
  a.target_fluid_fraction[i] = 0.0;
  a.target_nuclear_solid_um3[i] = 0.0;
  a.target_cytoplasmic_solid_um3[i] = 0.0;
}

void scale_volume(AgentStore& a, std::size_t i, double ratio) {
  for (auto* column :
       {&a.volume_um3, &a.fluid_um3, &a.nuclear_solid_um3, &a.cytoplasmic_solid_um3, &a.nuclear_um3,
        &a.target_nuclear_solid_um3, &a.target_cytoplasmic_solid_um3})
    (*column)[i] *= ratio;
  a.radius_um[i] = radius_of(a.volume_um3[i]);
}

void double_volume_targets(AgentStore& a, std::size_t i) {
  a.target_nuclear_solid_um3[i] *= 2.0;
  a.target_cytoplasmic_solid_um3[i] *= 2.0;
}

// Advances the cycle of a living agent by one step (exponential phases at `multiplier` times their
// rate); true when it divides now.
bool advance_cycle(AgentStore& a, std::size_t i, const TypeRules& rules, double draw,
                   double multiplier) {
  if (rules.phases.empty()) return false;
  const PhaseRule& phase = rules.phases[a.phase[i]];
  if (!phase.waiting.ends(++a.steps_in_phase[i], draw, multiplier)) return false;
  a.steps_in_phase[i] = 0;
  if (phase.divides_at_end) {
    a.phase[i] = 0;
    // Re-entering phase 0 is an entry too: a one-phase cycle that doubles at entry regrows to its
    // type's volume after each division (the division halves these targets).
    if (rules.phases[0].doubles_volume_at_entry) double_volume_targets(a, i);
    return true;
  }
  a.phase[i] = (a.phase[i] + 1) % static_cast<std::int32_t>(rules.phases.size());
  if (rules.phases[a.phase[i]].doubles_volume_at_entry) double_volume_targets(a, i);
  return false;
}

std::int32_t pick_outcome(const std::vector<OutcomeRule>& outcomes, double draw) {
  const auto last = static_cast<std::int32_t>(outcomes.size()) - 1;
  for (std::int32_t k = 0; k < last; ++k)
    if (draw < outcomes[k].cumulative_probability) return k;
  return last;
}

// The outcome drawn from the table mixed with one of its parts by the renewal bias b in [−1, 1]:
// a share |b| of the divisions is drawn from the self-renewing outcomes alone (b > 0) or from the
// differentiating ones alone (b < 0), each in proportion to its probability, the rest from the
// whole table. At b = ±1 every division renews or differentiates. An outcome of weight 0 is never
// drawn, not even by round-off at the end.
std::int32_t pick_biased_outcome(const std::vector<OutcomeRule>& outcomes, double bias,
                                 double draw) {
  const OutcomeKind favoured =
      bias > 0.0 ? OutcomeKind::self_renewing : OutcomeKind::differentiating;
  const double share = std::abs(bias);
  double favoured_total = 0.0;
  for (const OutcomeRule& outcome : outcomes)
    if (outcome.kind == favoured) favoured_total += outcome.probability;
  auto weight = [&](const OutcomeRule& outcome) {
    const double mixed = (1.0 - share) * outcome.probability;
    return outcome.kind == favoured && favoured_total > 0.0
               ? mixed + share * outcome.probability / favoured_total
               : mixed;
  };
  double total = 0.0;
  for (const OutcomeRule& outcome : outcomes) total += weight(outcome);
  const double target = draw * total;
  double cumulative = 0.0;
  std::int32_t last_drawable = 0;
  for (std::int32_t k = 0; k < static_cast<std::int32_t>(outcomes.size()); ++k) {
    const double w = weight(outcomes[static_cast<std::size_t>(k)]);
    if (!(w > 0.0)) continue;
    cumulative += w;
    last_drawable = k;
    if (target < cumulative) return k;
  }
  return last_drawable;
}

double uniform(std::uint64_t seed, const AgentStore& a, std::size_t i, std::uint64_t step,
               RandomStream stream) {
  return uniforms(seed, a.id[i], step, stream)[0];
}

enum class Fate { lives, dies, shed };

// The signals of one phenotype step: the fields, and the density counts made before the decisions.
struct Signals {
  const double* field_values = nullptr;
  std::size_t lanes = 0;
  std::size_t voxel_count = 0;
  const std::int32_t* density_counts = nullptr;
  std::size_t density_signal_count = 0;
  double per_face_mm2 = 0;  // 1 / (area of a voxel's x–y face in mm²)
};

double signal_value(const SignalRule& rule, std::int64_t voxel, const Signals& signals) {
  if (voxel < 0 || static_cast<std::size_t>(voxel) >= signals.voxel_count) return 0.0;
  const auto v = static_cast<std::size_t>(voxel);
  const auto source = static_cast<std::size_t>(rule.source);
  if (rule.signal == SignalKind::substance) {
    return signals.field_values == nullptr ? 0.0 : signals.field_values[v * signals.lanes + source];
  }
  return signals.per_face_mm2 *
         static_cast<double>(signals.density_counts[v * signals.density_signal_count + source]);
}

// Rate multipliers of the agent's cycle, transition and death, indexed by Behaviour: the product
// of its type's rules, in their order.
using Multipliers = std::array<double, 3>;
Multipliers multipliers_of(const AgentStore& a, std::size_t i, const TypeRules& rules,
                           const Signals& signals) {
  Multipliers m = {1.0, 1.0, 1.0};
  for (const SignalRule& rule : rules.signal_rules)
    m[static_cast<std::size_t>(rule.behaviour)] *=
        rule.multiplier(signal_value(rule, a.voxel[i], signals));
  return m;
}

// The summed bias of the agent's renewal rules, clamped to [−1, 1]; read only when it divides,
// from the same signals as its other rules.
double renewal_bias_of(const AgentStore& a, std::size_t i, const TypeRules& rules,
                       const Signals& signals) {
  double bias = 0.0;
  for (const SignalRule& rule : rules.renewal_rules)
    bias += rule.bias(signal_value(rule, a.voxel[i], signals));
  return std::clamp(bias, -1.0, 1.0);
}

// The index of the division outcome for this draw: from the fixed cumulative table without renewal
// rules (the draws of a run without them are unchanged), else reweighted by the renewal bias.
std::int32_t division_outcome(const AgentStore& a, std::size_t i, const TypeRules& rules,
                              const Signals& signals, double draw) {
  if (rules.renewal_rules.empty()) return pick_outcome(rules.division_outcomes, draw);
  return pick_biased_outcome(rules.division_outcomes, renewal_bias_of(a, i, rules, signals), draw);
}

constexpr std::size_t cycle_rate = static_cast<std::size_t>(Behaviour::cycle);
constexpr std::size_t transition_rate = static_cast<std::size_t>(Behaviour::transition);
constexpr std::size_t death_rate = static_cast<std::size_t>(Behaviour::death);

// Counts the step in the agent's type; true when its type's transition fires now.
bool transition_fires(AgentStore& a, std::size_t i, const TypeRules& rules, std::uint64_t seed,
                      std::uint64_t step, double multiplier) {
  ++a.steps_in_type[i];
  if (!rules.transition) return false;
  const WaitingRule& waiting = rules.transition->waiting;
  const double u = waiting.exponential ? uniform(seed, a, i, step, RandomStream::transition) : 1.0;
  return waiting.ends(a.steps_in_type[i], u, multiplier);
}

// The agent is marked for shedding, or takes the new type (shifted in z).
Fate apply_transition(AgentStore& a, std::size_t i, const TransitionRule& transition,
                      const PhenotypeTable& table, PhenotypeScratch& scratch) {
  if (transition.to_type == shed_type) {
    scratch.removes[i] = 1;
    return Fate::shed;
  }
  take_type(a, i, transition.to_type, table);
  a.z_um[i] += transition.shift_z_um;
  return Fate::lives;
}

// Death, then transition, then cycle, for a living agent; divisions are left in the scratch. An
// agent whose transition fired does not advance its cycle in this step. The signal rules of its
// type are evaluated once, before the death draw.
Fate decide_living(AgentStore& a, std::size_t i, const PhenotypeTable& table, std::uint64_t seed,
                   std::uint64_t step, PhenotypeScratch& scratch, const Signals& signals) {
  const TypeRules& rules = table.types[a.type[i]];
  const Multipliers m = multipliers_of(a, i, rules, signals);
  const double death_probability = std::min(1.0, rules.death_rate_per_step * m[death_rate]);
  if (uniform(seed, a, i, step, RandomStream::death) < death_probability) {
    start_apoptosis(a, i);
    return Fate::dies;
  }
  if (transition_fires(a, i, rules, seed, step, m[transition_rate]))
    return apply_transition(a, i, *rules.transition, table, scratch);
  if (!advance_cycle(a, i, rules, uniform(seed, a, i, step, RandomStream::cycle), m[cycle_rate]))
    return Fate::lives;
  const auto d = uniforms(seed, a.id[i], step, RandomStream::division_direction);
  scratch.divides[i] = 1;
  scratch.division_direction[i] = unit_sphere(d[0], d[1]);
  if (!rules.division_outcomes.empty()) {
    scratch.division_outcome[i] = division_outcome(
        a, i, rules, signals, uniform(seed, a, i, step, RandomStream::division_outcome));
  }
  return Fate::lives;
}

// The volume model with the agent's own (possibly just changed) type, apoptotic rates when dying.
void relax(AgentStore& a, std::size_t i, const TypeRules& rules, double dt_h) {
  const bool dying = a.state[i] == AgentState::dying;
  const VolumeRates rates = dying ? VolumeRates{rules.apoptosis.fluid_change_per_h,
                                                rules.apoptosis.nuclear_biomass_change_per_h,
                                                rules.apoptosis.cytoplasmic_biomass_change_per_h}
                                  : VolumeRates{rules.volume.fluid_change_per_h,
                                                rules.volume.nuclear_biomass_change_per_h,
                                                rules.volume.cytoplasmic_biomass_change_per_h};
  relax_volume(a, i, rates, dying ? 0.0 : rules.cytoplasmic_to_nuclear_ratio, dt_h);
}

// Parent and daughter take the types of the drawn outcome; both start counting steps_in_type anew.
void apply_outcome(AgentStore& a, std::size_t parent, std::size_t child, std::int32_t outcome,
                   const PhenotypeTable& table) {
  a.steps_in_type[parent] = 0;
  a.steps_in_type[child] = 0;
  if (outcome < 0) return;
  const OutcomeRule& rule = table.types[a.type[parent]].division_outcomes[outcome];
  if (a.type[child] != rule.daughter_type) take_type(a, child, rule.daughter_type, table);
  if (a.type[parent] != rule.parent_type) take_type(a, parent, rule.parent_type, table);
}

void divide(AgentStore& a, std::size_t i, const PhenotypeTable& table,
            const PhenotypeScratch& scratch, std::uint64_t& next_agent_id) {
  const double radius = a.radius_um[i];
  const auto& u = scratch.division_direction[i];
  scale_volume(a, i, 0.5);
  const std::size_t child = a.append_daughter(i, next_agent_id++);
  a.x_um[child] = a.x_um[i] + radius * u[0];
  a.y_um[child] = a.y_um[i] + radius * u[1];
  a.z_um[child] = a.z_um[i] + radius * u[2];
  a.x_um[i] -= 0.5 * radius * u[0];
  a.y_um[i] -= 0.5 * radius * u[1];
  a.z_um[i] -= 0.5 * radius * u[2];
  apply_outcome(a, i, child, scratch.division_outcome[i], table);
}

TransitionRule transition_rule(const TypeTransition& spec, double dt_h) {
  return {WaitingRule::from(spec.duration_h, spec.duration_kind, dt_h), spec.to_type,
          spec.shift_z_um};
}

OutcomeKind outcome_kind(const DivisionOutcome& outcome, int type) {
  const int kept = (outcome.parent_type == type) + (outcome.daughter_type == type);
  if (kept == 2) return OutcomeKind::self_renewing;
  return kept == 0 ? OutcomeKind::differentiating : OutcomeKind::asymmetric;
}

// The outcomes of cell type `type` as cumulative probabilities, normalised so that the last is
// exactly 1, with their kinds for renewal rules.
std::vector<OutcomeRule> outcome_rules(const std::vector<DivisionOutcome>& outcomes, int type) {
  double total = 0.0;
  for (const DivisionOutcome& outcome : outcomes) total += outcome.probability;
  std::vector<OutcomeRule> rules;
  double cumulative = 0.0;
  for (const DivisionOutcome& outcome : outcomes) {
    cumulative += outcome.probability;
    rules.push_back({cumulative / total, outcome.parent_type, outcome.daughter_type,
                     outcome.probability / total, outcome_kind(outcome, type)});
  }
  return rules;
}

// The density signal counting exactly `types` (sorted), added to the table when new.
std::int32_t density_signal(PhenotypeTable& table, std::vector<std::int32_t> types) {
  std::ranges::sort(types);
  const auto [first, last] = std::ranges::unique(types);
  types.erase(first, last);
  const auto found = std::ranges::find(table.density_signals, types);
  if (found != table.density_signals.end())
    return static_cast<std::int32_t>(found - table.density_signals.begin());
  table.density_signals.push_back(std::move(types));
  return static_cast<std::int32_t>(table.density_signals.size() - 1);
}

// Living agents per voxel and density signal, counted serially in agent order.
void count_densities(const AgentStore& a, const PhenotypeTable& table, std::size_t voxel_count,
                     std::vector<std::int32_t>& counts) {
  const std::size_t per_voxel = table.density_signals.size();
  if (counts.size() != voxel_count * per_voxel) counts.assign(voxel_count * per_voxel, 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.state[i] != AgentState::alive || a.voxel[i] < 0) continue;
    const auto v = static_cast<std::size_t>(a.voxel[i]);
    if (v >= voxel_count) continue;
    for (const std::int32_t s : table.signals_counting_type[a.type[i]])
      ++counts[v * per_voxel + static_cast<std::size_t>(s)];
  }
}

// Back to all zeros for the next step: clears every voxel that holds one of the first n agents.
void clear_densities(const AgentStore& a, std::size_t n, std::size_t voxel_count,
                     std::size_t per_voxel, std::vector<std::int32_t>& counts) {
  for (std::size_t i = 0; i < n; ++i) {
    if (a.voxel[i] < 0 || static_cast<std::size_t>(a.voxel[i]) >= voxel_count) continue;
    const auto begin = counts.begin() + static_cast<std::ptrdiff_t>(
                                            static_cast<std::size_t>(a.voxel[i]) * per_voxel);
    std::fill(begin, begin + static_cast<std::ptrdiff_t>(per_voxel), 0);
  }
}

}  // namespace

WaitingRule WaitingRule::from(double duration_h, PhaseDuration kind, double dt_h) {
  // PhysiCell's transition probability: rate × dt (not 1 − exp(−rate dt)), as benchmark B1 states.
  return {kind == PhaseDuration::exponential, steps_for(duration_h, dt_h),
          std::min(1.0, dt_h / duration_h), dt_h / duration_h};
}

SignalRule SignalRule::from(const BehaviourRule& rule, std::int32_t source) {
  const double gain = rule.behaviour == Behaviour::renewal ? rule.saturation
                      : rule.increases                     ? rule.saturation - 1.0
                                                           : -(1.0 - rule.saturation);
  return {rule.signal, source, rule.behaviour, gain, rule.half_max, rule.hill};
}

PhenotypeTable PhenotypeTable::from(const Scenario& scenario) {
  PhenotypeTable table;
  const double dt_h = scenario.time_steps.phenotype_h;
  for (std::size_t type = 0; type < scenario.cell_types.size(); ++type) {
    const CellTypeSpec& spec = scenario.cell_types[type];
    TypeRules rules;
    for (const CyclePhaseSpec& phase : spec.cycle) {
      rules.phases.push_back({WaitingRule::from(phase.duration_h, phase.duration_kind, dt_h),
                              phase.doubles_volume_at_entry, phase.divides_at_end});
    }
    rules.volume = spec.volume;
    rules.cytoplasmic_to_nuclear_ratio =
        (spec.volume.total_um3 - spec.volume.nuclear_um3) / spec.volume.nuclear_um3;
    rules.apoptosis = spec.apoptosis;
    rules.death_probability_per_step = std::min(1.0, spec.apoptosis.rate_per_h * dt_h);
    rules.death_rate_per_step = spec.apoptosis.rate_per_h * dt_h;
    rules.dying_steps = steps_for(spec.apoptosis.duration_h, dt_h);
    if (spec.transition) rules.transition = transition_rule(*spec.transition, dt_h);
    rules.division_outcomes = outcome_rules(spec.division_outcomes, static_cast<int>(type));
    for (const BehaviourRule& rule : spec.rules) {
      const std::int32_t source = rule.signal == SignalKind::substance
                                      ? rule.substance
                                      : density_signal(table, rule.density_types);
      (rule.behaviour == Behaviour::renewal ? rules.renewal_rules : rules.signal_rules)
          .push_back(SignalRule::from(rule, source));
    }
    table.types.push_back(std::move(rules));
  }
  table.signals_counting_type.resize(table.types.size());
  for (std::size_t s = 0; s < table.density_signals.size(); ++s)
    for (const std::int32_t type : table.density_signals[s])
      table.signals_counting_type[static_cast<std::size_t>(type)].push_back(
          static_cast<std::int32_t>(s));
  return table;
}

void initialise_volume(AgentStore& a, std::size_t i, const TypeRules& rules) {
  const VolumeSpec& v = rules.volume;
  a.volume_um3[i] = v.total_um3;
  a.nuclear_um3[i] = v.nuclear_um3;
  a.fluid_um3[i] = v.fluid_fraction * v.total_um3;
  a.nuclear_solid_um3[i] = v.nuclear_um3 * (1.0 - v.fluid_fraction);
  a.cytoplasmic_solid_um3[i] = (v.total_um3 - v.nuclear_um3) * (1.0 - v.fluid_fraction);
  set_volume_targets(a, i, rules);
  a.radius_um[i] = radius_of(v.total_um3);
}

PhenotypeCounts phenotype_step(AgentStore& agents, const PhenotypeTable& table, double dt_h,
                               std::uint64_t seed, std::uint64_t step, std::uint64_t& next_agent_id,
                               PhenotypeScratch& scratch, const SignalView& view) {
  const std::size_t n = agents.size();
  scratch.divides.assign(n, 0);
  scratch.removes.assign(n, 0);
  scratch.division_direction.resize(n);
  scratch.division_outcome.assign(n, -1);
  Signals signals;
  signals.field_values = view.field_values;
  signals.lanes = static_cast<std::size_t>(view.lanes);
  signals.voxel_count = view.grid.voxel_total();
  if (!table.density_signals.empty()) {
    count_densities(agents, table, signals.voxel_count, scratch.density_counts);
    signals.density_counts = scratch.density_counts.data();
    signals.density_signal_count = table.density_signals.size();
    signals.per_face_mm2 = 1.0 / (view.grid.voxel_um * view.grid.voxel_um * 1e-6);
  }
  std::size_t deaths_started = 0, shed = 0;
#pragma omp parallel for schedule(static) reduction(+ : deaths_started, shed) \
    if (n >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < static_cast<std::ptrdiff_t>(n); ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    if (agents.state[i] == AgentState::frozen) continue;
    if (agents.state[i] == AgentState::alive) {
      const Fate fate = decide_living(agents, i, table, seed, step, scratch, signals);
      deaths_started += fate == Fate::dies;
      shed += fate == Fate::shed;
    } else if (++agents.steps_dying[i] >= table.types[agents.type[i]].dying_steps) {
      scratch.removes[i] = 1;
    }
    relax(agents, i, table.types[agents.type[i]], dt_h);
  }

  if (!table.density_signals.empty()) {
    clear_densities(agents, n, signals.voxel_count, signals.density_signal_count,
                    scratch.density_counts);
  }

  PhenotypeCounts counts;
  counts.deaths_started = deaths_started;
  counts.shed = shed;
  for (std::size_t i = 0; i < n; ++i) {
    if (!scratch.divides[i]) continue;
    divide(agents, i, table, scratch, next_agent_id);
    ++counts.births;
  }
  std::size_t removed = 0;
  for (std::size_t i = n; i-- > 0;) {
    if (!scratch.removes[i]) continue;
    agents.remove_swap_last(i);
    ++removed;
  }
  counts.removals = removed - shed;  // the rest were shed
  return counts;
}

}  // namespace dermasim::engine
