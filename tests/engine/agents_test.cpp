// Agent storage: custom columns copied or split at division, and their values for new agents.
#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <vector>

#include "engine/agents.hpp"
#include "phenotype_harness.hpp"

namespace dermasim::engine {
namespace {

using testing::dt_h;
using Tissue = testing::PhenotypeHarness;

// A type whose one exponential phase divides at its end with probability 0.3 per step.
CellTypeSpec dividing() {
  CellTypeSpec type = testing::quiet_cell_type("dividing");
  type.cycle = {{"cycling", dt_h / 0.3, PhaseDuration::exponential, false, true}};
  return type;
}

TEST(AgentColumns, NewAgentsTakeTheInitialValueWhateverTheKind) {
  AgentStore agents;
  agents.append(0);
  const ColumnHandle copied = agents.add_column("state", 2.5);
  const ColumnHandle split = agents.add_column("amount", 4.0, ColumnKind::split_at_division);
  agents.append(1);
  EXPECT_EQ(agents.column(copied), (std::vector<double>{2.5, 2.5}));
  EXPECT_EQ(agents.column(split), (std::vector<double>{4.0, 4.0}));
  EXPECT_EQ(agents.column_kind(copied), ColumnKind::copied_at_division);
  EXPECT_EQ(agents.column_kind(split), ColumnKind::split_at_division);
  EXPECT_EQ(agents.column_initial_value(split), 4.0);
}

TEST(AgentColumns, AppendDaughterHalvesSplitColumnsAndCopiesTheOthers) {
  AgentStore agents;
  const ColumnHandle copied = agents.add_column("state");
  const ColumnHandle split = agents.add_column("amount", 0.0, ColumnKind::split_at_division);
  agents.append(0);
  agents.column(copied)[0] = 3.0;
  agents.column(split)[0] = 5.0;
  const std::size_t daughter = agents.append_daughter(0, 1);
  EXPECT_EQ(agents.id[daughter], 1u);
  EXPECT_EQ(agents.column(copied), (std::vector<double>{3.0, 3.0}));
  EXPECT_EQ(agents.column(split), (std::vector<double>{2.5, 2.5}));
  // append_copy stays a plain copy: a split column is shared only at a division.
  agents.append_copy(0, 2);
  EXPECT_EQ(agents.column(split)[2], 2.5);
}

// Every agent founds a clone that the copied column names; the split column holds an amount. After
// many divisions each clone still holds exactly its founder's amount. Amounts are whole numbers and
// an agent is halved at most once per step, so every value is k / 2^m with m <= steps: the sums
// need fewer than 53 bits and are exact, whatever their order.
TEST(AgentColumns, SplitColumnTotalIsConservedThroughDivisionsAndCopiedColumnsAreInherited) {
  constexpr std::size_t founders = 500;
  constexpr int steps = 20;
  Tissue tissue({dividing()}, founders);
  const ColumnHandle clone = tissue.agents.add_column("clone");
  const ColumnHandle amount =
      tissue.agents.add_column("amount", 0.0, ColumnKind::split_at_division);
  for (std::size_t i = 0; i < founders; ++i) {
    tissue.agents.column(clone)[i] = static_cast<double>(i);
    tissue.agents.column(amount)[i] = static_cast<double>(i + 1);
  }
  std::size_t births = 0;
  for (int step = 0; step < steps; ++step) births += tissue.step_once().births;
  ASSERT_GT(births, 10 * founders);  // 1.3^20 ≈ 190 cells per founder

  const AgentStore& agents = tissue.agents;
  std::map<double, double> clone_amount;
  double total = 0.0;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    clone_amount[agents.column(clone)[i]] += agents.column(amount)[i];
    total += agents.column(amount)[i];
  }
  EXPECT_EQ(total, static_cast<double>(founders * (founders + 1) / 2));
  ASSERT_EQ(clone_amount.size(), founders);  // the copied column kept every founder's value
  for (const auto& [founder, held] : clone_amount) EXPECT_EQ(held, founder + 1.0) << founder;
}

}  // namespace
}  // namespace dermasim::engine
