// Phenotype step: death, type transitions, cell cycle and volume of every agent, then births and
// removals in fixed order.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"
#include "engine/voxel_grid.hpp"

namespace dermasim::engine {

// When something that lasts a while ends: after a fixed number of phenotype steps, or with a fixed
// probability each step (PhysiCell's rate × dt).
struct WaitingRule {
  bool exponential = false;
  std::int32_t fixed_steps = 1;     // a fixed wait ends after this many phenotype steps
  double probability_per_step = 0;  // an exponential wait ends with this probability each step
  double rate_per_step = 0;         // dt / mean, unclamped (probability_per_step = min(1, it))
  static WaitingRule from(double duration_h, PhaseDuration kind, double dt_h);
  // Whether the wait ends in this step, `steps` steps after it started (this one included).
  bool ends(std::int32_t steps, double draw) const {
    return exponential ? draw < probability_per_step : steps >= fixed_steps;
  }
  // The same with an exponential wait's rate scaled by `multiplier` (>= 0), the probability
  // clamped to 1; a fixed wait ignores it. With multiplier 1 this is ends(steps, draw).
  bool ends(std::int32_t steps, double draw, double multiplier) const {
    return exponential ? draw < std::min(1.0, rate_per_step * multiplier) : steps >= fixed_steps;
  }
};

// Hill response h = s^n / (s^n + K^n) of a signal s >= 0 (0 for s <= 0 or NaN), computed as
// 1 / (1 + (K/s)^n) so that neither a large s nor a large n overflows.
inline double hill_response(double signal, double half_max, double hill) {
  if (!(signal > 0.0)) return 0.0;
  const double ratio = half_max / signal;
  return 1.0 / (1.0 + (hill == 1.0 ? ratio : std::pow(ratio, hill)));
}

// A BehaviourRule resolved for the step: the rate multiplier is 1 + gain · h(s), with
// gain = max_fold − 1 (increasing) or −(1 − min_fraction) (decreasing); a renewal rule's bias is
// gain · (1 − 2 h(s)), with gain = its saturation.
struct SignalRule {
  SignalKind signal = SignalKind::substance;
  std::int32_t source = 0;  // substance index, or index into PhenotypeTable::density_signals
  Behaviour behaviour = Behaviour::cycle;
  double gain = 0;
  double half_max = 1, hill = 1;
  static SignalRule from(const BehaviourRule& rule, std::int32_t source);
  double multiplier(double value) const {
    return 1.0 + gain * hill_response(value, half_max, hill);
  }
  double bias(double value) const {
    return gain * (1.0 - 2.0 * hill_response(value, half_max, hill));
  }
};

// The factor by which `rule` scales its rate at signal value `signal` (in the signal's unit).
inline double rule_multiplier(const BehaviourRule& rule, double signal) {
  return SignalRule::from(rule, 0).multiplier(signal);
}

// The bias of a renewal rule at signal value `signal`, before several rules are added and clamped.
inline double renewal_bias(const BehaviourRule& rule, double signal) {
  return SignalRule::from(rule, 0).bias(signal);
}

struct PhaseRule {
  WaitingRule waiting;
  bool doubles_volume_at_entry = false;
  bool divides_at_end = false;
};

struct TransitionRule {
  WaitingRule waiting;  // counted in steps_in_type
  std::int32_t to_type = shed_type;
  double shift_z_um = 0;
};

// What a renewal rule favours in a division outcome of type T: both cells T (self-renewing),
// neither T (differentiating); one of each (asymmetric) is never favoured.
enum class OutcomeKind : std::uint8_t { self_renewing, differentiating, asymmetric };

// One division outcome with the cumulative probability of it and all before it (the last is 1),
// and its own probability (normalised) for the draws that renewal rules reweight.
struct OutcomeRule {
  double cumulative_probability = 1;
  std::int32_t parent_type = 0, daughter_type = 0;
  double probability = 1;
  OutcomeKind kind = OutcomeKind::asymmetric;
};

struct TypeRules {
  std::vector<PhaseRule> phases;
  VolumeSpec volume;
  double cytoplasmic_to_nuclear_ratio = 0;
  ApoptosisSpec apoptosis;
  double death_probability_per_step = 0;
  double death_rate_per_step = 0;  // rate × dt, unclamped
  std::int32_t dying_steps = 1;
  std::optional<TransitionRule> transition;
  std::vector<OutcomeRule> division_outcomes;  // empty: both cells keep the type
  std::vector<SignalRule> signal_rules;        // rate rules; empty: constant rates
  std::vector<SignalRule> renewal_rules;       // empty: the outcome table as it is
};

// Per-type rules in phenotype steps, resolved once from the scenario. Density rules that count the
// same set of types share one density signal, counted once per voxel and step.
struct PhenotypeTable {
  std::vector<TypeRules> types;
  std::vector<std::vector<std::int32_t>> density_signals;  // the types each signal counts, sorted
  std::vector<std::vector<std::int32_t>> signals_counting_type;  // per type: signals counting it
  static PhenotypeTable from(const Scenario& scenario);
};

// What the phenotype step reads of the rest of the tissue for signal rules: the substance fields
// (DiffusionSolver's padded voxel-major storage: value(v, s) = field_values[v · lanes + s]) and
// the voxel grid that agents.voxel indexes (its voxel count and face area). The default has no
// fields, so a substance rule reads 0, and one voxel of 20 µm; a caller without a Simulation that
// wants density signals sets `grid` and agents.voxel itself. An agent whose voxel is −1 (outside
// the domain) or beyond the grid reads 0 for every signal and is not counted.
struct SignalView {
  const double* field_values = nullptr;
  int lanes = 0;
  VoxelGrid grid;
};

// Sets the volume columns of a newly placed agent of its type (PhysiCell's default volume split).
void initialise_volume(AgentStore& agents, std::size_t i, const TypeRules& rules);

// Working arrays kept between steps so that a phenotype step allocates nothing.
struct PhenotypeScratch {
  std::vector<std::uint8_t> divides, removes;
  std::vector<std::array<double, 3>> division_direction;
  std::vector<std::int32_t> division_outcome;  // index into the type's outcomes, -1 for none
  // Living agents per voxel and density signal; sized once, all zero between steps.
  std::vector<std::int32_t> density_counts;
};

// removals: dead cells removed at the end of apoptosis; shed: cells removed by a transition to
// `shed_type` (not counted in removals); removed_by_event: living cells removed at once by an event
// between steps (Simulation::remove_random_agents; a phenotype step never counts any).
struct PhenotypeCounts {
  std::size_t births = 0, deaths_started = 0, removals = 0, shed = 0, removed_by_event = 0;
  PhenotypeCounts& operator+=(const PhenotypeCounts& other) {
    births += other.births;
    deaths_started += other.deaths_started;
    removals += other.removals;
    shed += other.shed;
    removed_by_event += other.removed_by_event;
    return *this;
  }
};

// One phenotype step of length dt_h at step number `step` (the random-number counter). Decisions
// (death, transition, cycle, division outcome) are made per agent in parallel from counter-based
// random numbers; divisions are then appended in ascending parent index and removals swap-removed
// in descending index, so the result is the same for any thread count. Signal rules read
// `signals` at agents.voxel (set by the caller; the Simulation's exchange keeps it current), once
// per agent and step, before any decision; density signals are counted serially first.
PhenotypeCounts phenotype_step(AgentStore& agents, const PhenotypeTable& table, double dt_h,
                               std::uint64_t seed, std::uint64_t step, std::uint64_t& next_agent_id,
                               PhenotypeScratch& scratch, const SignalView& signals = {});

}  // namespace dermasim::engine
