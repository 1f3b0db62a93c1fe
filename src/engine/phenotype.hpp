// Phenotype step: death, type transitions, cell cycle and volume of every agent, then births and
// removals in fixed order.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

// When something that lasts a while ends: after a fixed number of phenotype steps, or with a fixed
// probability each step (PhysiCell's rate × dt).
struct WaitingRule {
  bool exponential = false;
  std::int32_t fixed_steps = 1;     // a fixed wait ends after this many phenotype steps
  double probability_per_step = 0;  // an exponential wait ends with this probability each step
  static WaitingRule from(double duration_h, PhaseDuration kind, double dt_h);
  // Whether the wait ends in this step, `steps` steps after it started (this one included).
  bool ends(std::int32_t steps, double draw) const {
    return exponential ? draw < probability_per_step : steps >= fixed_steps;
  }
};

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

// One division outcome with the cumulative probability of it and all before it (the last is 1).
struct OutcomeRule {
  double cumulative_probability = 1;
  std::int32_t parent_type = 0, daughter_type = 0;
};

struct TypeRules {
  std::vector<PhaseRule> phases;
  VolumeSpec volume;
  double cytoplasmic_to_nuclear_ratio = 0;
  ApoptosisSpec apoptosis;
  double death_probability_per_step = 0;
  std::int32_t dying_steps = 1;
  std::optional<TransitionRule> transition;
  std::vector<OutcomeRule> division_outcomes;  // empty: both cells keep the type
};

// Per-type rules in phenotype steps, resolved once from the scenario.
struct PhenotypeTable {
  std::vector<TypeRules> types;
  static PhenotypeTable from(const Scenario& scenario);
};

// Sets the volume columns of a newly placed agent of its type (PhysiCell's default volume split).
void initialise_volume(AgentStore& agents, std::size_t i, const TypeRules& rules);

// Working arrays kept between steps so that a phenotype step allocates nothing.
struct PhenotypeScratch {
  std::vector<std::uint8_t> divides, removes;
  std::vector<std::array<double, 3>> division_direction;
  std::vector<std::int32_t> division_outcome;  // index into the type's outcomes, -1 for none
};

// removals: dead cells removed at the end of apoptosis; shed: cells removed by a transition to
// `shed_type` (not counted in removals).
struct PhenotypeCounts {
  std::size_t births = 0, deaths_started = 0, removals = 0, shed = 0;
};

// One phenotype step of length dt_h at step number `step` (the random-number counter). Decisions
// (death, transition, cycle, division outcome) are made per agent in parallel from counter-based
// random numbers; divisions are then appended in ascending parent index and removals swap-removed
// in descending index, so the result is the same for any thread count.
PhenotypeCounts phenotype_step(AgentStore& agents, const PhenotypeTable& table, double dt_h,
                               std::uint64_t seed, std::uint64_t step, std::uint64_t& next_agent_id,
                               PhenotypeScratch& scratch);

}  // namespace dermasim::engine
