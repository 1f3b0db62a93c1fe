// Signal -> behaviour rules: the Hill multiplier, each behaviour against its predicted rate, the
// signals (substance, density) read in the agent's voxel, and determinism with rules active.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "engine/parallel.hpp"
#include "engine/phenotype.hpp"
#include "engine/simulation.hpp"
#include "phenotype_harness.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine {
namespace {

using testing::dt_h;
using Tissue = testing::PhenotypeHarness;

double hill_formula(double s, double half_max, double hill) {
  return std::pow(s, hill) / (std::pow(s, hill) + std::pow(half_max, hill));
}

BehaviourRule substance_rule(Behaviour behaviour, bool increases, double saturation,
                             double half_max, double hill, int substance = 0) {
  BehaviourRule rule;
  rule.signal = SignalKind::substance;
  rule.substance = substance;
  rule.behaviour = behaviour;
  rule.increases = increases;
  rule.saturation = saturation;
  rule.half_max = half_max;
  rule.hill = hill;
  return rule;
}

BehaviourRule density_rule(std::vector<int> types, Behaviour behaviour, bool increases,
                           double saturation, double half_max, double hill) {
  BehaviourRule rule = substance_rule(behaviour, increases, saturation, half_max, hill);
  rule.signal = SignalKind::density;
  rule.density_types = std::move(types);
  return rule;
}

// A cell type that does not move, with a cycle of one exponential phase that divides at its end.
CellTypeSpec cycling(const char* name, double mean_h) {
  CellTypeSpec type = testing::quiet_cell_type(name);
  type.mechanics = {0.0, 0.0, 1.0, MembraneContact::none};
  type.cycle = {{"cycling", mean_h, PhaseDuration::exponential, false, true}};
  return type;
}

CellTypeSpec still(const char* name) {
  CellTypeSpec type = testing::quiet_cell_type(name);
  type.mechanics = {0.0, 0.0, 1.0, MembraneContact::none};
  return type;
}

double binomial_sd(double n, double p) {
  return std::sqrt(n * p * (1.0 - p));
}

// Mean of a geometric waiting time on {1, 2, ...} with success probability p, and its standard
// error over n samples.
double geometric_mean_error(double p, double n) {
  return std::sqrt(1.0 - p) / p / std::sqrt(n);
}

// ---------------------------------------------------------------------------------------------
// The response curve

TEST(Rules, HillMultiplierMatchesTheFormula) {
  const BehaviourRule up = substance_rule(Behaviour::cycle, true, 3.0, 2.5, 2.0);
  const BehaviourRule down = substance_rule(Behaviour::cycle, false, 0.2, 2.5, 2.0);
  EXPECT_EQ(rule_multiplier(up, 0.0), 1.0);
  EXPECT_EQ(rule_multiplier(down, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(rule_multiplier(up, 2.5), 2.0);    // half response: 1 + (3 − 1) / 2
  EXPECT_DOUBLE_EQ(rule_multiplier(down, 2.5), 0.6);  // 1 − (1 − 0.2) / 2
  EXPECT_NEAR(rule_multiplier(up, 2.5e6), 3.0, 1e-10);
  EXPECT_NEAR(rule_multiplier(down, 2.5e6), 0.2, 1e-10);
  for (const double s : {0.01, 0.7, 1.3, 2.5, 4.0, 40.0}) {
    for (const double n : {0.5, 1.0, 1.7, 2.0, 6.0}) {
      const BehaviourRule a = substance_rule(Behaviour::death, true, 5.0, 2.5, n);
      const BehaviourRule b = substance_rule(Behaviour::death, false, 0.3, 2.5, n);
      const double h = hill_formula(s, 2.5, n);
      EXPECT_NEAR(rule_multiplier(a, s), 1.0 + 4.0 * h, 1e-12) << "s " << s << " n " << n;
      EXPECT_NEAR(rule_multiplier(b, s), 1.0 - 0.7 * h, 1e-12) << "s " << s << " n " << n;
    }
  }
}

TEST(Rules, HillResponseOfNoSignalIsZeroAndOfAHugeOneIsOne) {
  EXPECT_EQ(hill_response(0.0, 1.0, 3.0), 0.0);
  EXPECT_EQ(hill_response(-1.0, 1.0, 3.0), 0.0);
  EXPECT_EQ(hill_response(std::nan(""), 1.0, 3.0), 0.0);
  EXPECT_EQ(hill_response(1e-300, 1.0, 50.0), 0.0);  // (K/s)^n overflows to infinity
  EXPECT_EQ(hill_response(1e300, 1.0, 50.0), 1.0);   // s^n would overflow
  EXPECT_EQ(hill_response(std::numeric_limits<double>::infinity(), 1.0, 2.0), 1.0);
}

// ---------------------------------------------------------------------------------------------
// Cycle: a constant substance field in a Simulation

// n cycling agents of type 0 (one exponential phase, mean 10 h) whose division makes two cells
// of the still type 1, so that an agent's first division is the step its type becomes 1.
Scenario uniform_field_tissue(std::size_t n, const std::vector<BehaviourRule>& rules) {
  Scenario scenario = testing::empty_box(100, 100, 100);
  scenario.time_steps = {dt_h, dt_h, dt_h};
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.substances.push_back(SubstanceSpec{.name = "egf"});  // D = 0, decay 0, initial 0
  CellTypeSpec a = cycling("A", 10.0);
  a.division_outcomes = {{1, 1, 1.0}};
  a.rules = rules;
  scenario.cell_types = {a, still("B")};
  for (std::size_t i = 0; i < n; ++i)
    scenario.initial_cells.push_back({{-90.0 + static_cast<double>(i % 19) * 10.0,
                                       -90.0 + static_cast<double>(i / 19 % 19) * 10.0, 0.0},
                                      0});
  return scenario;
}

// Steps until every agent of type 0 has divided; the mean, over the first n, of the step of its
// first division.
double mean_first_division_step(Simulation& simulation, std::size_t n, int max_steps) {
  std::vector<double> first(n, -1.0);
  std::size_t waiting = n;
  for (int step = 1; step <= max_steps && waiting > 0; ++step) {
    simulation.step();
    for (std::size_t i = 0; i < n; ++i)
      if (first[i] < 0 && simulation.agents().type[i] == 1) {
        first[i] = step;
        --waiting;
      }
  }
  double sum = 0.0;
  for (const double f : first) {
    EXPECT_GE(f, 1.0);
    sum += f;
  }
  return sum / static_cast<double>(n);
}

TEST(Rules, IncreasingCycleRuleShortensTheExponentialWaitByThePredictedFactor) {
  constexpr std::size_t n = 20000;
  constexpr double s = 5.0;
  const BehaviourRule rule = substance_rule(Behaviour::cycle, true, 3.0, 2.5, 2.0);
  auto simulation = Simulation::create(uniform_field_tissue(n, {rule}));
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  DiffusionSolver& fields = simulation->fields();
  for (std::size_t v = 0; v < fields.grid().voxel_total(); ++v) fields.value(v, 0) = s;

  const double factor = 1.0 + 2.0 * hill_formula(s, 2.5, 2.0);  // 2.6
  const double p = dt_h / 10.0 * factor;
  const double mean = mean_first_division_step(*simulation, n, 1200);
  EXPECT_NEAR(mean, 1.0 / p, 4.0 * geometric_mean_error(p, n));
  EXPECT_DOUBLE_EQ(fields.value(0, 0), s);  // D = 0, decay 0: the field stays as set
}

TEST(Rules, WithoutTheSignalTheCycleKeepsItsBaseRate) {
  constexpr std::size_t n = 20000;
  const BehaviourRule rule = substance_rule(Behaviour::cycle, true, 3.0, 2.5, 2.0);
  auto simulation = Simulation::create(uniform_field_tissue(n, {rule}));  // field 0 everywhere
  ASSERT_TRUE(simulation.has_value());
  const double p = dt_h / 10.0;
  const double mean = mean_first_division_step(*simulation, n, 3000);
  EXPECT_NEAR(mean, 1.0 / p, 4.0 * geometric_mean_error(p, n));
}

// ---------------------------------------------------------------------------------------------
// Cycle: a decreasing density rule, crowded voxels against sparse ones, in a Simulation

TEST(Rules, DecreasingDensityRuleLowersDivisionInACrowdedVoxelByThePredictedFactor) {
  constexpr std::size_t crowded_voxels = 1000, per_crowded_voxel = 20, sparse_voxels = 20000;
  constexpr double voxel_um = 20.0, face_mm2 = voxel_um * voxel_um * 1e-6;
  constexpr double half_max = 20000.0, hill = 2.0, min_fraction = 0.2;  // cells per mm²
  Scenario scenario = testing::empty_box(1, 1, 1);
  scenario.domain = {
      {0.0, 0.0, 0.0},
      {voxel_um * static_cast<double>(crowded_voxels + sparse_voxels), voxel_um, voxel_um}};
  scenario.voxel_um = voxel_um;
  scenario.time_steps = {dt_h, dt_h, dt_h};
  scenario.wall_repulsion_um_per_h = 0.0;
  CellTypeSpec a = cycling("A", 0.2);  // division probability 0.5 per step without the rule
  a.rules = {density_rule({0}, Behaviour::cycle, false, min_fraction, half_max, hill)};
  scenario.cell_types = {a};
  auto centre = [&](std::size_t voxel) -> std::array<double, 3> {
    return {(static_cast<double>(voxel) + 0.5) * voxel_um, 0.5 * voxel_um, 0.5 * voxel_um};
  };
  for (std::size_t v = 0; v < crowded_voxels; ++v)
    for (std::size_t k = 0; k < per_crowded_voxel; ++k)
      scenario.initial_cells.push_back({centre(v), 0});
  for (std::size_t v = 0; v < sparse_voxels; ++v)
    scenario.initial_cells.push_back({centre(crowded_voxels + v), 0});
  auto simulation = Simulation::create(std::move(scenario));
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  simulation->step();  // one phenotype step

  // A division restarts steps_in_type at 0; every other agent has counted one step.
  const AgentStore& agents = simulation->agents();
  const std::size_t n_crowded = crowded_voxels * per_crowded_voxel;
  double crowded = 0.0, sparse = 0.0;
  for (std::size_t i = 0; i < n_crowded + sparse_voxels; ++i)
    (i < n_crowded ? crowded : sparse) += agents.steps_in_type[i] == 0;
  auto probability = [&](double cells) {  // the agent counts itself
    return 0.5 * (1.0 - (1.0 - min_fraction) * hill_formula(cells / face_mm2, half_max, hill));
  };
  const double p_crowded = probability(per_crowded_voxel), p_sparse = probability(1.0);
  EXPECT_NEAR(crowded, n_crowded * p_crowded, 4.0 * binomial_sd(n_crowded, p_crowded));
  EXPECT_NEAR(sparse, sparse_voxels * p_sparse, 4.0 * binomial_sd(sparse_voxels, p_sparse));
  EXPECT_LT(p_crowded, 0.4 * p_sparse);  // the test separates the two clearly
}

// ---------------------------------------------------------------------------------------------
// The harness (no Simulation): fields by hand, voxels by hand

// A single-voxel field of `lanes` values with substance 0 at `value`.
struct OneVoxelField {
  std::vector<double> values = std::vector<double>(4, 0.0);
  explicit OneVoxelField(double value) { values[0] = value; }
  SignalView view() const { return {values.data(), 4, VoxelGrid{}}; }
};

TEST(Rules, DeathRuleScalesTheDeathProbabilityInsideTheFieldOnly) {
  CellTypeSpec a = still("A");
  a.apoptosis.rate_per_h = 0.5;  // p = 0.05 per step
  a.rules = {substance_rule(Behaviour::death, true, 4.0, 1.0, 1.0)};
  constexpr std::size_t n = 20000;
  Tissue tissue({a}, 2 * n);
  const OneVoxelField field(3.0);
  tissue.signals = field.view();
  for (std::size_t i = 0; i < n; ++i) tissue.agents.voxel[i] = 0;  // the others are outside: −1
  tissue.step_once();
  double inside = 0.0, outside = 0.0;
  for (std::size_t i = 0; i < 2 * n; ++i)
    (i < n ? inside : outside) += tissue.agents.state[i] == AgentState::dying;
  const double p_inside = 0.05 * (1.0 + 3.0 * 0.75), p_outside = 0.05;
  EXPECT_NEAR(inside, n * p_inside, 4.0 * binomial_sd(n, p_inside));
  EXPECT_NEAR(outside, n * p_outside, 4.0 * binomial_sd(n, p_outside));
}

TEST(Rules, ScaledProbabilityIsClampedToOne) {
  CellTypeSpec a = still("A");
  a.apoptosis.rate_per_h = 5.0;  // p = 0.5 per step; the rule makes it 5
  a.rules = {substance_rule(Behaviour::death, true, 10.0, 1.0, 1.0)};
  Tissue tissue({a}, 1000);
  const OneVoxelField field(1e12);
  tissue.signals = field.view();
  std::ranges::fill(tissue.agents.voxel, 0);
  EXPECT_EQ(tissue.step_once().deaths_started, 1000u);
}

TEST(Rules, DecreasingTransitionRuleLengthensTheExponentialTransitionByThePredictedFactor) {
  CellTypeSpec a = still("A");
  a.transition = TypeTransition{1, 5.0, PhaseDuration::exponential, 0.0};  // p = 0.02
  a.rules = {substance_rule(Behaviour::transition, false, 0.25, 2.0, 3.0)};
  constexpr std::size_t n = 20000;
  Tissue tissue({a, still("B")}, n);
  const OneVoxelField field(2.0);  // s = K: half response, factor 1 − 0.75 / 2
  tissue.signals = field.view();
  std::ranges::fill(tissue.agents.voxel, 0);
  std::vector<double> wait_steps(n, -1.0);
  std::size_t waiting = n;
  for (int step = 1; step <= 3000 && waiting > 0; ++step) {
    tissue.step_once();
    for (std::size_t i = 0; i < n; ++i)
      if (tissue.agents.type[i] == 1 && wait_steps[i] < 0) {
        wait_steps[i] = step;
        --waiting;
      }
  }
  EXPECT_EQ(waiting, 0u);
  double sum = 0.0;
  for (const double w : wait_steps) sum += w;
  const double p = 0.02 * 0.625;
  EXPECT_NEAR(sum / n, 1.0 / p, 4.0 * geometric_mean_error(p, n));
}

TEST(Rules, FixedPhasesAreNotScaled) {
  CellTypeSpec a = still("A");
  a.cycle = {{"G1", 5.0, PhaseDuration::exponential, false, false},
             {"S-G2-M", 0.5, PhaseDuration::fixed, false, true}};  // 5 steps
  a.rules = {substance_rule(Behaviour::cycle, true, 100.0, 1.0, 1.0)};
  Tissue tissue({a}, 1000);
  const OneVoxelField field(1e6);
  tissue.signals = field.view();
  std::ranges::fill(tissue.agents.voxel, 0);
  std::ranges::fill(tissue.agents.phase, 1);
  for (int step = 1; step < 5; ++step) EXPECT_EQ(tissue.step_once().births, 0u) << step;
  EXPECT_EQ(tissue.step_once().births, 1000u);
}

TEST(Rules, HarnessWithoutFieldsReadsZeroForSubstances) {
  CellTypeSpec a = still("A");
  a.apoptosis.rate_per_h = 0.5;
  a.rules = {substance_rule(Behaviour::death, true, 1000.0, 1e-9, 1.0)};
  constexpr std::size_t n = 20000;
  Tissue tissue({a}, n);
  std::ranges::fill(tissue.agents.voxel, 0);  // no fields: s = 0 in every voxel
  const double deaths = static_cast<double>(tissue.step_once().deaths_started);
  EXPECT_NEAR(deaths, n * 0.05, 4.0 * binomial_sd(n, 0.05));
}

TEST(Rules, DensityCountsLivingAgentsOfTheListedTypesAndAreClearedAfterTheStep) {
  // Type A dies at 0.5 /h times 1 + 9 h(s) with K = one cell per voxel face, n = 1: s counts the
  // living agents of type B in the voxel. Voxel 0 holds 3 B (one of them dying, so 2 count) and
  // type A agents; voxel 1 holds only A agents.
  CellTypeSpec a = still("A");
  a.apoptosis.rate_per_h = 0.5;
  constexpr double face_mm2 = 20.0 * 20.0 * 1e-6;
  a.rules = {density_rule({1}, Behaviour::death, true, 10.0, 1.0 / face_mm2, 1.0)};
  constexpr std::size_t n = 10000;
  Tissue tissue({a, still("B")}, 2 * n);
  tissue.signals.grid.count = {2, 1, 1};
  for (std::size_t i = 0; i < 2 * n; ++i) tissue.agents.voxel[i] = i < n ? 0 : 1;
  for (int k = 0; k < 3; ++k) tissue.agents.voxel[tissue.add(1)] = 0;
  tissue.agents.state.back() = AgentState::dying;
  tissue.step_once();
  double in_crowd = 0.0, alone = 0.0;
  for (std::size_t i = 0; i < 2 * n; ++i)
    (i < n ? in_crowd : alone) += tissue.agents.state[i] == AgentState::dying;
  const double p_crowd = 0.05 * (1.0 + 9.0 * 2.0 / 3.0), p_alone = 0.05;
  EXPECT_NEAR(in_crowd, n * p_crowd, 4.0 * binomial_sd(n, p_crowd));
  EXPECT_NEAR(alone, n * p_alone, 4.0 * binomial_sd(n, p_alone));
  ASSERT_EQ(tissue.scratch.density_counts.size(), 2u);
  EXPECT_EQ(tissue.scratch.density_counts[0], 0);
  EXPECT_EQ(tissue.scratch.density_counts[1], 0);
}

TEST(Rules, TableSharesOneDensitySignalPerSetOfTypes) {
  Scenario scenario = testing::empty_box(100, 100, 100);
  CellTypeSpec a = still("A");
  a.cycle = {{"cycling", 10.0, PhaseDuration::exponential, false, true}};
  a.apoptosis.rate_per_h = 0.01;
  a.rules = {density_rule({0, 1}, Behaviour::cycle, false, 0.5, 100.0, 1.0),
             density_rule({1, 0}, Behaviour::death, true, 2.0, 100.0, 1.0),
             density_rule({1}, Behaviour::death, true, 2.0, 100.0, 1.0)};
  scenario.cell_types = {a, still("B")};
  ASSERT_TRUE(validate(scenario).has_value());
  const PhenotypeTable table = PhenotypeTable::from(scenario);
  ASSERT_EQ(table.density_signals.size(), 2u);
  EXPECT_EQ(table.density_signals[0], (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(table.types[0].signal_rules[1].source, 0);
  EXPECT_EQ(table.types[0].signal_rules[2].source, 1);
  EXPECT_EQ(table.signals_counting_type[0], (std::vector<std::int32_t>{0}));
  EXPECT_EQ(table.signals_counting_type[1], (std::vector<std::int32_t>{0, 1}));
}

// ---------------------------------------------------------------------------------------------
// Determinism: every kind of rule in a tissue of more than 512 agents (parallel loops)

Scenario ruled_tissue() {
  Scenario scenario = testing::empty_box(200, 200, 200);
  scenario.time_steps = {0.01, 0.01, dt_h};
  SubstanceSpec egf{.name = "egf", .diffusion_um2_per_h = 6000.0, .decay_per_h = 0.6};
  scenario.substances.push_back(egf);
  CellTypeSpec progenitor = testing::quiet_cell_type("progenitor");
  progenitor.cycle = {{"cycling", 1.0, PhaseDuration::exponential, false, true}};
  progenitor.division_outcomes = {{0, 0, 0.2}, {0, 1, 0.6}, {1, 1, 0.2}};
  progenitor.apoptosis.rate_per_h = 0.05;
  progenitor.rules = {substance_rule(Behaviour::cycle, true, 3.0, 0.5, 2.0),
                      density_rule({0, 1}, Behaviour::cycle, false, 0.2, 5000.0, 2.0),
                      substance_rule(Behaviour::death, false, 0.1, 0.2, 1.0)};
  CellTypeSpec post_mitotic = testing::quiet_cell_type("post_mitotic");
  post_mitotic.transition = TypeTransition{2, 1.0, PhaseDuration::exponential, 5.0};
  post_mitotic.rules = {density_rule({1, 2}, Behaviour::transition, true, 4.0, 2500.0, 1.0)};
  post_mitotic.exchange = {{0, 6.0, 2.0, 0.0}};  // secretes egf towards 2
  CellTypeSpec suprabasal = testing::quiet_cell_type("suprabasal");
  suprabasal.transition = TypeTransition{shed_type, 1.5, PhaseDuration::fixed, 0.0};
  suprabasal.apoptosis.rate_per_h = 0.2;
  suprabasal.rules = {density_rule({2}, Behaviour::death, true, 3.0, 5000.0, 1.0)};
  scenario.cell_types = {progenitor, post_mitotic, suprabasal};
  for (int i = 0; i < 700; ++i)
    scenario.initial_cells.push_back(
        {{-190.0 + (i * 37) % 380, -190.0 + (i * 53) % 380, -150.0 + (i * 11) % 200}, i % 3});
  return scenario;
}

Simulation ruled_simulation(Scenario scenario = ruled_tissue()) {
  auto simulation = Simulation::create(std::move(scenario));
  EXPECT_TRUE(simulation.has_value()) << simulation.error().message;
  return std::move(*simulation);
}

std::uint64_t ruled_checksum(int threads, double hours, Scenario scenario = ruled_tissue()) {
  omp_set_num_threads(threads);
  Simulation simulation = ruled_simulation(std::move(scenario));
  simulation.advance_to_step(simulation.steps_for_hours(hours));
  return simulation.state_checksum();
}

TEST(Rules, StateChecksumIsTheSameForOneAndTwoThreads) {
  const std::uint64_t one = ruled_checksum(1, 3.0);
  const std::uint64_t two = ruled_checksum(2, 3.0);
  omp_set_num_threads(2);
  EXPECT_EQ(one, two);
  Scenario without = ruled_tissue();
  for (CellTypeSpec& type : without.cell_types) type.rules.clear();
  EXPECT_NE(ruled_checksum(2, 3.0, std::move(without)), two);  // the rules change the run
}

TEST(Rules, RestoredCheckpointContinuesExactlyLikeTheUninterruptedRun) {
  Simulation first = ruled_simulation();
  testing::expect_restore_continues_exactly(first, ruled_tissue(), "rules.ckpt", 1.5, 3.0);
  EXPECT_GT(first.agents().size(), min_parallel_agents);  // the phenotype loop ran in parallel
}

}  // namespace
}  // namespace dermasim::engine
