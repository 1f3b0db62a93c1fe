// Cell fates: division outcomes, type transitions, shedding, lineage, and their determinism.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "engine/parallel.hpp"
#include "engine/phenotype.hpp"
#include "engine/simulation.hpp"
#include "phenotype_harness.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine {
namespace {

using testing::dt_h;
using Tissue = testing::PhenotypeHarness;

// A cycle of one phase that divides at its end, fixed or exponential with this duration.
std::vector<CyclePhaseSpec> dividing_cycle(double duration_h, PhaseDuration kind) {
  return {{"cycling", duration_h, kind, false, true}};
}

CellTypeSpec typed(const char* name, double volume_um3 = 2494.0) {
  CellTypeSpec type = testing::quiet_cell_type(name);
  type.volume.total_um3 = volume_um3;
  return type;
}

TypeTransition transition_to(int to_type, double duration_h, PhaseDuration kind,
                             double shift_z_um = 0.0) {
  return {to_type, duration_h, kind, shift_z_um};
}

double binomial_sd(double n, double p) {
  return std::sqrt(n * p * (1.0 - p));
}

TEST(DivisionOutcome, FrequenciesMatchTheProbabilities) {
  CellTypeSpec a = typed("A");
  a.cycle = dividing_cycle(dt_h, PhaseDuration::fixed);  // every agent divides in the first step
  a.division_outcomes = {{0, 0, 0.2}, {0, 1, 0.5}, {1, 1, 0.3}};
  constexpr std::size_t n = 20000;
  Tissue tissue({a, typed("B", 1500.0)}, n);
  const PhenotypeCounts counts = tissue.step_once();
  ASSERT_EQ(counts.births, n);
  // Daughters are appended in parent order: the daughter of agent i is agent n + i.
  std::array<double, 3> seen{};
  const AgentStore& agents = tissue.agents;
  for (std::size_t i = 0; i < n; ++i) {
    const int parent = agents.type[i], daughter = agents.type[n + i];
    ASSERT_FALSE(parent == 1 && daughter == 0);
    seen[parent + daughter] += 1.0;
    EXPECT_EQ(agents.steps_in_type[i], 0);
    EXPECT_EQ(agents.steps_in_type[n + i], 0);
  }
  const std::array<double, 3> p = {0.2, 0.5, 0.3};
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_NEAR(seen[k], n * p[k], 4 * binomial_sd(n, p[k])) << "outcome " << k;
  // A cell that changed type relaxes towards its new type's volume.
  for (std::size_t i = 0; i < 2 * n; ++i)
    if (agents.type[i] == 1) {
      EXPECT_DOUBLE_EQ(agents.target_nuclear_solid_um3[i], 540.0 * 0.25);
      EXPECT_DOUBLE_EQ(agents.target_cytoplasmic_solid_um3[i], (1500.0 - 540.0) * 0.25);
    }
}

TEST(TypeTransition, FixedTransitionFiresAfterExactlyItsStepsAndShiftsTheCell) {
  CellTypeSpec a = typed("A");
  a.transition = transition_to(1, 2.0, PhaseDuration::fixed, 10.0);  // 20 steps
  // The cycle would divide in the same step as the transition: the transition wins.
  a.cycle = dividing_cycle(2.0, PhaseDuration::fixed);
  Tissue tissue({a, typed("B", 1500.0)}, 100);
  for (int step = 1; step < 20; ++step) {
    tissue.step_once();
    ASSERT_EQ(tissue.count_of(0), 100u) << "step " << step;
  }
  EXPECT_EQ(tissue.step_once().births, 0u);
  ASSERT_EQ(tissue.count_of(1), 100u);
  const AgentStore& agents = tissue.agents;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    EXPECT_DOUBLE_EQ(agents.z_um[i], 10.0);
    EXPECT_EQ(agents.steps_in_type[i], 0);
    EXPECT_EQ(agents.phase[i], 0);
    EXPECT_EQ(agents.steps_in_phase[i], 0);
    EXPECT_DOUBLE_EQ(agents.target_fluid_fraction[i], 0.75);
    EXPECT_DOUBLE_EQ(agents.target_nuclear_solid_um3[i], 540.0 * 0.25);
    EXPECT_GT(agents.volume_um3[i], 1500.0);  // it keeps its volume and shrinks from there
  }
}

TEST(TypeTransition, ExponentialTransitionWaitsAreGeometricWithTheMeanDuration) {
  CellTypeSpec a = typed("A");
  a.transition = transition_to(1, 5.0, PhaseDuration::exponential);  // p = 0.02 per step
  constexpr std::size_t n = 20000;
  Tissue tissue({a, typed("B")}, n);
  std::vector<double> wait_steps(n, -1.0);
  for (int step = 1; step <= 2000; ++step) {
    tissue.step_once();
    for (std::size_t i = 0; i < n; ++i)
      if (tissue.agents.type[i] == 1 && wait_steps[i] < 0) wait_steps[i] = step;
  }
  // Geometric on {1, 2, ...} with p = 0.02: mean 50 steps, standard error sqrt(1−p)/p/sqrt(n).
  double sum = 0.0;
  for (const double w : wait_steps) sum += w;
  EXPECT_NEAR(sum / n, 50.0, 4 * std::sqrt(0.98) / 0.02 / std::sqrt(static_cast<double>(n)));
}

TEST(TypeTransition, ShedAgentsAreRemovedAndCountedApartFromTheDead) {
  CellTypeSpec a = typed("A");
  a.transition = transition_to(shed_type, 0.5, PhaseDuration::fixed);  // shed in step 5
  CellTypeSpec b = typed("B");
  b.apoptosis.rate_per_h = 10.0;  // dies in step 1
  b.apoptosis.duration_h = 0.3;   // removed 3 steps later
  Tissue tissue({a, b}, 300);
  for (int c = 0; c < 200; ++c) tissue.add(1);
  PhenotypeCounts total;
  for (int step = 1; step <= 5; ++step) {
    const PhenotypeCounts counts = tissue.step_once();
    total.shed += counts.shed;
    total.removals += counts.removals;
    if (step < 5) {
      EXPECT_EQ(counts.shed, 0u);
    }
  }
  EXPECT_EQ(total.shed, 300u);
  EXPECT_EQ(total.removals, 200u);
  EXPECT_TRUE(tissue.agents.empty());
}

TEST(Lineage, LabelIsInheritedByBothCellsAndUnlabelledCellsStayUnlabelled) {
  CellTypeSpec a = typed("A");
  a.cycle = dividing_cycle(dt_h, PhaseDuration::fixed);
  Tissue tissue({a}, 2);
  tissue.agents.lineage[0] = static_cast<std::int64_t>(tissue.agents.id[0]);
  for (int step = 0; step < 4; ++step) tissue.step_once();
  ASSERT_EQ(tissue.agents.size(), 32u);
  EXPECT_EQ(std::ranges::count(tissue.agents.lineage, 0), 16);
  EXPECT_EQ(std::ranges::count(tissue.agents.lineage, -1), 16);
}

// The committed-progenitor model: (A, A) r, (A, B) 1 − 2r, (B, B) r is critical branching for
// the progenitors, so E[N_A(t)] = N_A(0), with variance 2 r λ t N_A(0).
TEST(DivisionOutcome, ProgenitorModelKeepsTheExpectedNumberOfProgenitors) {
  constexpr double r = 0.1, mean_cycle_h = 10.0;  // λ = 0.1 /h: division probability 0.01 / step
  CellTypeSpec a = typed("progenitor");
  a.cycle = dividing_cycle(mean_cycle_h, PhaseDuration::exponential);
  a.division_outcomes = {{0, 0, r}, {0, 1, 1.0 - 2.0 * r}, {1, 1, r}};
  constexpr std::size_t n = 20000;
  constexpr int steps = 200;
  Tissue tissue({a, typed("post_mitotic")}, n);
  for (int step = 0; step < steps; ++step) tissue.step_once();
  const double t_h = steps * dt_h;
  const double sd = std::sqrt(2.0 * r * (1.0 / mean_cycle_h) * t_h * n);
  EXPECT_NEAR(static_cast<double>(tissue.count_of(0)), static_cast<double>(n), 4 * sd);
}

// A tissue of more than 512 agents (so loops run in parallel) with every fate rule active:
// progenitor divisions with outcomes, stratification with a shift, shedding, and clone labels.
Scenario fate_tissue() {
  Scenario scenario = testing::empty_box(200, 200, 200);
  scenario.time_steps = {0.01, 0.01, dt_h};
  CellTypeSpec progenitor = typed("progenitor");
  progenitor.cycle = dividing_cycle(1.0, PhaseDuration::exponential);
  progenitor.division_outcomes = {{0, 0, 0.2}, {0, 1, 0.6}, {1, 1, 0.2}};
  CellTypeSpec post_mitotic = typed("post_mitotic");
  post_mitotic.transition = transition_to(2, 1.0, PhaseDuration::exponential, 5.0);
  CellTypeSpec suprabasal = typed("suprabasal", 3000.0);
  suprabasal.transition = transition_to(shed_type, 1.5, PhaseDuration::fixed);
  scenario.cell_types = {progenitor, post_mitotic, suprabasal};
  for (int i = 0; i < 700; ++i)
    scenario.initial_cells.push_back(
        {{-190.0 + (i * 37) % 380, -190.0 + (i * 53) % 380, -150.0 + (i * 11) % 200}, i % 3});
  return scenario;
}

Simulation labelled_fate_tissue() {
  auto simulation = Simulation::create(fate_tissue());
  EXPECT_TRUE(simulation.has_value());
  for (std::size_t i = 0; i < simulation->agents().size(); i += 2) simulation->label_clone(i);
  return std::move(*simulation);
}

std::uint64_t fate_checksum(int threads, double hours) {
  omp_set_num_threads(threads);
  Simulation simulation = labelled_fate_tissue();
  simulation.advance_to_step(simulation.steps_for_hours(hours));
  return simulation.state_checksum();
}

TEST(Fates, LabelCloneMarksTheFounderOnly) {
  Simulation simulation = labelled_fate_tissue();
  const AgentStore& agents = simulation.agents();
  for (std::size_t i = 0; i < agents.size(); ++i)
    EXPECT_EQ(agents.lineage[i], i % 2 == 0 ? static_cast<std::int64_t>(agents.id[i]) : -1);
}

TEST(Fates, StateChecksumIsTheSameForOneAndTwoThreads) {
  const std::uint64_t one = fate_checksum(1, 3.0);
  const std::uint64_t two = fate_checksum(2, 3.0);
  omp_set_num_threads(2);
  EXPECT_EQ(one, two);
}

TEST(Fates, RestoredCheckpointContinuesExactlyLikeTheUninterruptedRun) {
  Simulation first = labelled_fate_tissue();
  testing::expect_restore_continues_exactly(first, fate_tissue(), "fates.ckpt", 1.5, 3.0);
  const AgentStore& agents = first.agents();
  EXPECT_GT(agents.size(), min_parallel_agents);     // the phenotype loop ran in parallel
  EXPECT_GT(std::ranges::count(agents.type, 2), 0);  // stratified
  EXPECT_GT(std::ranges::count_if(agents.lineage, [](auto l) { return l >= 0; }), 0);
}

}  // namespace
}  // namespace dermasim::engine
