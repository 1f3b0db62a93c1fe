// Phenotype step: death, cell cycle and volume of every agent, then births and removals in fixed
// order.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

struct PhaseRule {
  bool exponential = false;
  std::int32_t fixed_steps = 1;     // a fixed phase ends after this many phenotype steps
  double probability_per_step = 0;  // an exponential phase ends with this probability each step
  bool doubles_volume_at_entry = false;
  bool divides_at_end = false;
};

struct TypeRules {
  std::vector<PhaseRule> phases;
  VolumeSpec volume;
  double cytoplasmic_to_nuclear_ratio = 0;
  ApoptosisSpec apoptosis;
  double death_probability_per_step = 0;
  std::int32_t dying_steps = 1;
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
};

struct PhenotypeCounts {
  std::size_t births = 0, deaths_started = 0, removals = 0;
};

// One phenotype step of length dt_h at step number `step` (the random-number counter). Decisions
// are made per agent in parallel from counter-based random numbers; divisions are then appended in
// ascending parent index and removals swap-removed in descending index, so the result is the same
// for any thread count.
PhenotypeCounts phenotype_step(AgentStore& agents, const PhenotypeTable& table, double dt_h,
                               std::uint64_t seed, std::uint64_t step, std::uint64_t& next_agent_id,
                               PhenotypeScratch& scratch);

}  // namespace dermasim::engine
