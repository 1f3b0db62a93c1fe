// A population stepped by phenotype_step alone (no mechanics, no fields), for phenotype tests.
// Signal rules read `signals`: by default no fields (substances read 0) and one voxel; a test sets
// its own field values, grid and agents.voxel (−1, outside, by default).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/phenotype.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine::testing {

inline constexpr double dt_h = 0.1;  // phenotype step: 6 min, as in benchmark B1

struct PhenotypeHarness {
  AgentStore agents;
  PhenotypeTable table;
  PhenotypeScratch scratch;
  SignalView signals;
  std::uint64_t next_id = 0;
  std::uint64_t step = 0;
  std::uint64_t seed = 7;

  PhenotypeHarness(std::vector<CellTypeSpec> types, std::size_t count, int type = 0,
                   std::uint64_t random_seed = 7)
      : seed(random_seed) {
    Scenario scenario = empty_box(1000, 1000, 1000);
    scenario.cell_types = std::move(types);
    // Declares the substances that rules name (s0, s1, ...); their values come from `signals`.
    for (const CellTypeSpec& spec : scenario.cell_types)
      for (const BehaviourRule& rule : spec.rules)
        while (rule.signal == SignalKind::substance &&
               static_cast<int>(scenario.substances.size()) <= rule.substance)
          scenario.substances.push_back(
              SubstanceSpec{.name = "s" + std::to_string(scenario.substances.size())});
    scenario.time_steps.phenotype_h = dt_h;
    EXPECT_TRUE(validate(scenario).has_value());
    table = PhenotypeTable::from(scenario);
    agents.reserve(4 * count + 16);
    for (std::size_t c = 0; c < count; ++c) add(type);
  }
  std::size_t add(int type) {
    const std::size_t i = agents.append(next_id++);
    agents.type[i] = type;
    initialise_volume(agents, i, table.types[type]);
    return i;
  }
  PhenotypeCounts step_once() {
    return phenotype_step(agents, table, dt_h, seed, step++, next_id, scratch, signals);
  }
  std::size_t count_of(int type) const {
    return static_cast<std::size_t>(std::ranges::count(agents.type, type));
  }
};

}  // namespace dermasim::engine::testing
