// Cell cycle and death against their distributions: fixed phases exact, exponential phases
// geometric.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "core/statistics.hpp"
#include "engine/phenotype.hpp"
#include "phenotype_harness.hpp"

namespace dermasim::engine {
namespace {

TEST(CellCycle, ExponentialPhaseWaitsAreGeometricWithTheMeanDuration) {
  CellTypeSpec type = testing::quiet_cell_type();
  // G0/G1 mean 300 min ends with probability 0.02 per 6-min step; S is long enough never to end
  // in the test, so each agent's first transition is its G0/G1 waiting time.
  type.cycle = {{"G0G1", 5.0, PhaseDuration::exponential, false, false},
                {"S", 1000.0, PhaseDuration::fixed, true, false},
                {"M", 1.0, PhaseDuration::fixed, false, true}};
  testing::PhenotypeHarness population({type}, 20000, 0, 42);
  std::vector<double> wait_steps(20000, -1.0);
  for (int step = 1; step <= 2000; ++step) {
    population.step_once();
    for (std::size_t i = 0; i < population.agents.size(); ++i)
      if (population.agents.phase[i] == 1 && wait_steps[population.agents.id[i]] < 0)
        wait_steps[population.agents.id[i]] = step;
  }
  // Waiting steps T are geometric on {1, 2, ...} with p = dt/mean = 0.02: mean 1/p = 50 steps,
  // standard error sqrt(1−p)/p/sqrt(n) = 0.35 steps. 2000 steps leave e^-40 of agents waiting.
  double sum = 0.0;
  for (const double w : wait_steps) sum += w;
  const double mean = sum / static_cast<double>(wait_steps.size());
  EXPECT_NEAR(mean, 50.0, 4 * 0.35);
  const double p = 0.02;
  const double ks = ks_distance_integer(
      wait_steps, [p](double t) { return t < 1 ? 0.0 : 1.0 - std::pow(1.0 - p, t); });
  // 1.63/sqrt(n) is the KS critical value at the 1 % level.
  EXPECT_LT(ks, 1.63 / std::sqrt(20000.0));
}

TEST(CellCycle, FixedPhasesLastExactlyTheirDurationAndDivisionHalvesVolume) {
  CellTypeSpec type = testing::quiet_cell_type();
  // G0/G1 exponential, then S 480 min, G2 240 min, M 60 min as in B1: division 780 min after entry.
  type.cycle = {{"G0G1", 5.0, PhaseDuration::exponential, false, false},
                {"S", 8.0, PhaseDuration::fixed, true, false},
                {"G2", 4.0, PhaseDuration::fixed, false, false},
                {"M", 1.0, PhaseDuration::fixed, false, true}};
  testing::PhenotypeHarness population({type}, 400, 0, 42);
  std::map<std::uint64_t, int> entered_s;
  std::vector<int> s_to_division;
  for (int step = 0; step < 400; ++step) {
    const std::size_t before = population.agents.size();
    std::vector<std::int32_t> previous_phase(population.agents.phase);
    population.step_once();
    for (std::size_t i = 0; i < before; ++i) {
      const auto id = population.agents.id[i];
      if (previous_phase[i] == 0 && population.agents.phase[i] == 1) entered_s[id] = step;
      if (previous_phase[i] == 3 && population.agents.phase[i] == 0 && entered_s.contains(id))
        s_to_division.push_back(step - entered_s[id]);
    }
  }
  ASSERT_GT(s_to_division.size(), 50u);
  for (const int steps : s_to_division) EXPECT_EQ(steps, 130);  // 780 min / 6 min
  // Daughters inherit half the parent's doubled volume: back near the initial 2494 µm³.
  for (std::size_t i = 0; i < population.agents.size(); ++i)
    EXPECT_LT(population.agents.volume_um3[i], 2 * 2494.0);
}

TEST(CellCycle, VolumeGrowsTowardsDoubleAfterEnteringAVolumeDoublingPhase) {
  CellTypeSpec type = testing::quiet_cell_type();
  type.cycle = {{"G0G1", 0.1, PhaseDuration::fixed, false, false},
                {"S", 1000.0, PhaseDuration::fixed, true, false},
                {"M", 1.0, PhaseDuration::fixed, false, true}};
  testing::PhenotypeHarness population({type}, 1, 0, 42);
  for (int step = 0; step < 2000; ++step) population.step_once();  // 200 h ≫ 1/0.0045 per min
  EXPECT_NEAR(population.agents.volume_um3[0], 2 * 2494.0, 1e-6 * 2494.0);
  EXPECT_NEAR(population.agents.radius_um[0], std::cbrt(3 * 2 * 2494.0 / (4 * std::numbers::pi)),
              1e-6);
}

TEST(Apoptosis, DeathsFollowTheRateAndDeadCellsAreRemovedAfterTheirDuration) {
  CellTypeSpec type = testing::quiet_cell_type();
  type.apoptosis.rate_per_h = 0.05;  // probability 0.005 per 6-min step
  type.apoptosis.duration_h = 8.5;   // 85 steps
  testing::PhenotypeHarness population({type}, 20000, 0, 42);
  std::size_t started = 0;
  for (int step = 0; step < 10; ++step) started += population.step_once().deaths_started;
  // Binomial: expected 20000 (1 − 0.995^10) = 977.6, sd ≈ 30.5.
  const double expected = 20000 * (1 - std::pow(0.995, 10));
  EXPECT_NEAR(static_cast<double>(started), expected, 4 * 30.5);
  std::size_t removed = 0;
  for (int step = 10; step < 85; ++step) removed += population.step_once().removals;
  EXPECT_EQ(removed, 0u);  // nobody has been dying for 85 steps yet
  for (int step = 85; step < 95; ++step) removed += population.step_once().removals;
  EXPECT_GT(removed, 0u);
  for (std::size_t i = 0; i < population.agents.size(); ++i)
    if (population.agents.state[i] == AgentState::dying) {
      EXPECT_LT(population.agents.steps_dying[i], 85);
    }
}

}  // namespace
}  // namespace dermasim::engine
