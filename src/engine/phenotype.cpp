// Death, type transitions, cycle and PhysiCell's standard volume model per agent; divisions (with
// their outcomes) and removals afterwards.
#include "engine/phenotype.hpp"

#include <algorithm>
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

// Advances the cycle of a living agent by one step; true when it divides now.
bool advance_cycle(AgentStore& a, std::size_t i, const TypeRules& rules, double draw) {
  if (rules.phases.empty()) return false;
  const PhaseRule& phase = rules.phases[a.phase[i]];
  if (!phase.waiting.ends(++a.steps_in_phase[i], draw)) return false;
  a.steps_in_phase[i] = 0;
  if (phase.divides_at_end) {
    a.phase[i] = 0;
    return true;
  }
  a.phase[i] = (a.phase[i] + 1) % static_cast<std::int32_t>(rules.phases.size());
  if (rules.phases[a.phase[i]].doubles_volume_at_entry) {
    a.target_nuclear_solid_um3[i] *= 2.0;
    a.target_cytoplasmic_solid_um3[i] *= 2.0;
  }
  return false;
}

std::int32_t pick_outcome(const std::vector<OutcomeRule>& outcomes, double draw) {
  const auto last = static_cast<std::int32_t>(outcomes.size()) - 1;
  for (std::int32_t k = 0; k < last; ++k)
    if (draw < outcomes[k].cumulative_probability) return k;
  return last;
}

double uniform(std::uint64_t seed, const AgentStore& a, std::size_t i, std::uint64_t step,
               RandomStream stream) {
  return uniforms(seed, a.id[i], step, stream)[0];
}

enum class Fate { lives, dies, shed };

// Counts the step in the agent's type; true when its type's transition fires now.
bool transition_fires(AgentStore& a, std::size_t i, const TypeRules& rules, std::uint64_t seed,
                      std::uint64_t step) {
  ++a.steps_in_type[i];
  if (!rules.transition) return false;
  const WaitingRule& waiting = rules.transition->waiting;
  const double u = waiting.exponential ? uniform(seed, a, i, step, RandomStream::transition) : 1.0;
  return waiting.ends(a.steps_in_type[i], u);
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
// agent whose transition fired does not advance its cycle in this step.
Fate decide_living(AgentStore& a, std::size_t i, const PhenotypeTable& table, std::uint64_t seed,
                   std::uint64_t step, PhenotypeScratch& scratch) {
  const TypeRules& rules = table.types[a.type[i]];
  if (uniform(seed, a, i, step, RandomStream::death) < rules.death_probability_per_step) {
    start_apoptosis(a, i);
    return Fate::dies;
  }
  if (transition_fires(a, i, rules, seed, step))
    return apply_transition(a, i, *rules.transition, table, scratch);
  if (!advance_cycle(a, i, rules, uniform(seed, a, i, step, RandomStream::cycle)))
    return Fate::lives;
  const auto d = uniforms(seed, a.id[i], step, RandomStream::division_direction);
  scratch.divides[i] = 1;
  scratch.division_direction[i] = unit_sphere(d[0], d[1]);
  if (!rules.division_outcomes.empty()) {
    scratch.division_outcome[i] = pick_outcome(
        rules.division_outcomes, uniform(seed, a, i, step, RandomStream::division_outcome));
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
  const std::size_t child = a.append_copy(i, next_agent_id++);
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

// Outcomes as cumulative probabilities, normalised so that the last is exactly 1.
std::vector<OutcomeRule> outcome_rules(const std::vector<DivisionOutcome>& outcomes) {
  double total = 0.0;
  for (const DivisionOutcome& outcome : outcomes) total += outcome.probability;
  std::vector<OutcomeRule> rules;
  double cumulative = 0.0;
  for (const DivisionOutcome& outcome : outcomes) {
    cumulative += outcome.probability;
    rules.push_back({cumulative / total, outcome.parent_type, outcome.daughter_type});
  }
  return rules;
}

}  // namespace

WaitingRule WaitingRule::from(double duration_h, PhaseDuration kind, double dt_h) {
  // PhysiCell's transition probability: rate × dt (not 1 − exp(−rate dt)), as benchmark B1 states.
  return {kind == PhaseDuration::exponential, steps_for(duration_h, dt_h),
          std::min(1.0, dt_h / duration_h)};
}

PhenotypeTable PhenotypeTable::from(const Scenario& scenario) {
  PhenotypeTable table;
  const double dt_h = scenario.time_steps.phenotype_h;
  for (const CellTypeSpec& spec : scenario.cell_types) {
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
    rules.dying_steps = steps_for(spec.apoptosis.duration_h, dt_h);
    if (spec.transition) rules.transition = transition_rule(*spec.transition, dt_h);
    rules.division_outcomes = outcome_rules(spec.division_outcomes);
    table.types.push_back(std::move(rules));
  }
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
                               PhenotypeScratch& scratch) {
  const std::size_t n = agents.size();
  scratch.divides.assign(n, 0);
  scratch.removes.assign(n, 0);
  scratch.division_direction.resize(n);
  scratch.division_outcome.assign(n, -1);
  std::size_t deaths_started = 0, shed = 0;
#pragma omp parallel for schedule(static) reduction(+ : deaths_started, shed) \
    if (n >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < static_cast<std::ptrdiff_t>(n); ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    if (agents.state[i] == AgentState::frozen) continue;
    if (agents.state[i] == AgentState::alive) {
      const Fate fate = decide_living(agents, i, table, seed, step, scratch);
      deaths_started += fate == Fate::dies;
      shed += fate == Fate::shed;
    } else if (++agents.steps_dying[i] >= table.types[agents.type[i]].dying_steps) {
      scratch.removes[i] = 1;
    }
    relax(agents, i, table.types[agents.type[i]], dt_h);
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
