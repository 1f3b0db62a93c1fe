// Lineage tracing: founders chosen by type and fraction, clone counts by cell type.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "engine/lineage.hpp"

namespace dermasim::engine {
namespace {

AgentStore agents_of_types(const std::vector<int>& types) {
  AgentStore agents;
  for (std::size_t i = 0; i < types.size(); ++i) agents.type[agents.append(i)] = types[i];
  return agents;
}

TEST(Lineage, FoundersAreChosenByTypeAndFraction) {
  std::vector<int> types(20000);
  for (std::size_t i = 0; i < types.size(); ++i) types[i] = static_cast<int>(i % 2);
  AgentStore agents = agents_of_types(types);
  agents.state[1] = AgentState::dying;  // dying cells are never labelled
  const LineageSpec spec{0.0, 0.3, {0}, 0.0};
  const std::size_t founders = label_founders(agents, spec, 11, 0);
  std::size_t labelled_type0 = 0;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.lineage[i] < 0) continue;
    EXPECT_EQ(agents.type[i], 0);
    EXPECT_EQ(agents.lineage[i], static_cast<std::int64_t>(agents.id[i]));
    ++labelled_type0;
  }
  EXPECT_EQ(founders, labelled_type0);
  // Binomial(10000, 0.3): sd = 45.8.
  EXPECT_NEAR(static_cast<double>(founders), 3000.0, 4 * 45.8);
  // The same seed and step choose the same agents.
  AgentStore again = agents_of_types(types);
  again.state[1] = AgentState::dying;
  label_founders(again, spec, 11, 0);
  EXPECT_EQ(again.lineage, agents.lineage);
}

TEST(Lineage, CensusCountsLivingMembersPerTypeInFounderOrder) {
  AgentStore agents = agents_of_types({0, 1, 1, 2, 0, 1, 2});
  agents.lineage = {9, 9, 4, 4, -1, 9, 4};
  agents.state[5] = AgentState::dying;
  const CloneCensus census = take_census(agents, 3);
  // Counted by hand: clone 4 = agents 2 (type 1), 3 (type 2), 6 (type 2); clone 9 = agents 0
  // (type 0) and 1 (type 1); agent 5 is dying and agent 4 unlabelled.
  ASSERT_EQ(census.founders, (std::vector<std::int64_t>{4, 9}));
  EXPECT_EQ(census.count(0, 0), 0);
  EXPECT_EQ(census.count(0, 1), 1);
  EXPECT_EQ(census.count(0, 2), 2);
  EXPECT_EQ(census.count(1, 0), 1);
  EXPECT_EQ(census.count(1, 1), 1);
  EXPECT_EQ(census.count(1, 2), 0);
}

}  // namespace
}  // namespace dermasim::engine
