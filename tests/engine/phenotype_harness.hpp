// A population stepped by phenotype_step alone (no mechanics, no fields), for phenotype tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/phenotype.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine::testing {

inline constexpr double dt_h = 0.1;  // phenotype step: 6 min, as in benchmark B1

struct PhenotypeHarness {
  AgentStore agents;
  PhenotypeTable table;
  PhenotypeScratch scratch;
  std::uint64_t next_id = 0;
  std::uint64_t step = 0;
  std::uint64_t seed = 7;

  PhenotypeHarness(std::vector<CellTypeSpec> types, std::size_t count, int type = 0,
                   std::uint64_t random_seed = 7)
      : seed(random_seed) {
    Scenario scenario = empty_box(1000, 1000, 1000);
    scenario.cell_types = std::move(types);
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
    return phenotype_step(agents, table, dt_h, seed, step++, next_id, scratch);
  }
  std::size_t count_of(int type) const {
    return static_cast<std::size_t>(std::ranges::count(agents.type, type));
  }
};

}  // namespace dermasim::engine::testing
