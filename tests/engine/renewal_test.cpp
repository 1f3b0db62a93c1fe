// Renewal rules: the bias curve, outcome frequencies against the reweighted probabilities, the
// clamp of several rules, a density set point reached from below and above, and determinism.
#include <gtest/gtest.h>
#include <omp.h>

#include <array>
#include <cmath>
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

BehaviourRule renewal_rule(double max_bias, double half_max, double hill, int substance = 0) {
  BehaviourRule rule;
  rule.signal = SignalKind::substance;
  rule.substance = substance;
  rule.behaviour = Behaviour::renewal;
  rule.saturation = max_bias;
  rule.half_max = half_max;
  rule.hill = hill;
  return rule;
}

BehaviourRule density_renewal_rule(std::vector<int> types, double max_bias, double half_max,
                                   double hill) {
  BehaviourRule rule = renewal_rule(max_bias, half_max, hill);
  rule.signal = SignalKind::density;
  rule.density_types = std::move(types);
  return rule;
}

// A single-voxel field of 4 lanes with substance 0 at `value`.
struct OneVoxelField {
  std::vector<double> values = std::vector<double>(4, 0.0);
  explicit OneVoxelField(double value) { values[0] = value; }
  SignalView view() const { return {values.data(), 4, VoxelGrid{}}; }
};

// Type 0 divides at the end of every phenotype step with the outcomes (0, 0) 0.2, (0, 1) 0.5,
// (1, 1) 0.3; type 1 is still.
constexpr std::array<double, 3> base_probabilities = {0.2, 0.5, 0.3};
std::vector<CellTypeSpec> dividing_every_step(std::vector<BehaviourRule> rules) {
  CellTypeSpec a = testing::quiet_cell_type("A");
  a.cycle = {{"cycling", dt_h, PhaseDuration::fixed, false, true}};
  a.division_outcomes = {
      {0, 0, base_probabilities[0]}, {0, 1, base_probabilities[1]}, {1, 1, base_probabilities[2]}};
  a.rules = std::move(rules);
  return {a, testing::quiet_cell_type("B")};
}

// The specification's probabilities: the table mixed with its self-renewing part (b > 0) or its
// differentiating part (b < 0) in the proportion |b|; here each part is one outcome.
std::array<double, 3> reweighted(double bias) {
  const double keep = 1.0 - std::abs(bias);
  std::array<double, 3> p = {keep * base_probabilities[0], keep * base_probabilities[1],
                             keep * base_probabilities[2]};
  p[bias > 0.0 ? 0 : 2] += std::abs(bias);
  return p;
}

// Counts of the outcomes (0, 0), (0, 1), (1, 1) of one step in which all n agents divide.
std::array<double, 3> outcome_counts(Tissue& tissue, std::size_t n) {
  EXPECT_EQ(tissue.step_once().births, n);
  std::array<double, 3> seen{};
  for (std::size_t i = 0; i < n; ++i)  // the daughter of agent i is agent n + i
    seen[static_cast<std::size_t>(tissue.agents.type[i] + tissue.agents.type[n + i])] += 1.0;
  return seen;
}

// Pearson's statistic of the counts against probabilities p (every p > 0).
double chi_square(const std::array<double, 3>& seen, const std::array<double, 3>& p, double n) {
  double sum = 0.0;
  for (std::size_t k = 0; k < 3; ++k)
    sum += (seen[k] - n * p[k]) * (seen[k] - n * p[k]) / (n * p[k]);
  return sum;
}

// With 2 degrees of freedom the statistic is exponential with mean 2: P(X > x) = exp(−x / 2), so
// x = 2 ln(10⁶) is exceeded by chance once in a million runs.
const double chi_square_2_critical = 2.0 * std::log(1e6);

TEST(Renewal, BiasIsMaxBiasWithoutSignalZeroAtHalfMaxAndTowardsMinusMaxBiasAbove) {
  const BehaviourRule rule = renewal_rule(0.8, 2.0, 1.5);
  EXPECT_EQ(renewal_bias(rule, 0.0), 0.8);
  EXPECT_EQ(renewal_bias(rule, 2.0), 0.0);
  EXPECT_NEAR(renewal_bias(rule, 2e9), -0.8, 1e-10);
  for (const double s : {0.1, 1.0, 3.0, 10.0})
    EXPECT_NEAR(renewal_bias(rule, s), 0.8 * (1.0 - 2.0 * hill_formula(s, 2.0, 1.5)), 1e-12) << s;
}

TEST(Renewal, OutcomeFrequenciesMatchTheReweightedProbabilities) {
  constexpr std::size_t n = 20000;
  constexpr double max_bias = 0.8, half_max = 2.0, hill = 1.5;
  for (const double s : {0.0, 1.0, 2.0, 5.0, 200.0}) {
    Tissue tissue(dividing_every_step({renewal_rule(max_bias, half_max, hill)}), n);
    const OneVoxelField field(s);
    tissue.signals = field.view();
    std::ranges::fill(tissue.agents.voxel, 0);
    const std::array<double, 3> seen = outcome_counts(tissue, n);
    const double bias = max_bias * (1.0 - 2.0 * hill_formula(s, half_max, hill));
    EXPECT_LT(chi_square(seen, reweighted(bias), n), chi_square_2_critical) << "s " << s;
    // The test tells the reweighted table from the plain one wherever the bias is not small.
    if (std::abs(bias) > 0.2) {
      EXPECT_GT(chi_square(seen, reweighted(0.0), n), chi_square_2_critical) << "s " << s;
    }
  }
}

TEST(Renewal, SeveralRulesAddAndTheirBiasIsClampedToPlusOrMinusOne) {
  constexpr std::size_t n = 20000;
  // Without signal each rule gives +0.8: the sum 1.6 is clamped to 1, so every division renews.
  {
    Tissue tissue(dividing_every_step({renewal_rule(0.8, 1.0, 1.0), renewal_rule(0.8, 3.0, 2.0)}),
                  n);
    const std::array<double, 3> seen = outcome_counts(tissue, n);
    EXPECT_EQ(seen[0], static_cast<double>(n));
  }
  // Far above half_max each gives almost −0.8: clamped to −1, every division differentiates.
  {
    Tissue tissue(dividing_every_step({renewal_rule(0.8, 1.0, 1.0), renewal_rule(0.8, 3.0, 2.0)}),
                  n);
    const OneVoxelField field(1e9);
    tissue.signals = field.view();
    std::ranges::fill(tissue.agents.voxel, 0);
    const std::array<double, 3> seen = outcome_counts(tissue, n);
    EXPECT_EQ(seen[2], static_cast<double>(n));
  }
}

// Type 0 divides with probability λ dt = 0.1 per step, outcomes (0, 0) r, (0, 1) 1 − 2r, (1, 1) r
// with r = 1/4, and a renewal rule on its own density, half_max K = 100 cells per voxel; type 1 is
// shed one step after it is made. Per voxel, N is a birth–death process with drift λ N b(N) (a
// share b of divisions renews, each adding one cell): up below K, down above. Near K,
// b ≈ −max_bias · n (N − K) / (2K), so N relaxes at κ = λ max_bias n / 2 = 1 /h and fluctuates
// (each division moves N by ±1 with probability 2r) with stationary variance
// 2 r λ K / (2 κ) = 2 r K / (max_bias · n) = 25 cells². 25 voxels start at K/2 and 25 at 2K;
// after 20 h (20 relaxation times) the mean of each group is K within 4 standard errors,
// sqrt(25 / 25) each; the tolerance below keeps the looser sqrt(50 / 25). The curvature of the
// drift shifts the mean by a fraction of a cell, well inside.
TEST(Renewal, DensityRuleBringsThePopulationBackToItsSetPointFromBelowAndAbove) {
  constexpr double cells_at_set_point = 100.0, voxel_face_mm2 = 20.0 * 20.0 * 1e-6;
  constexpr std::size_t voxels = 50, below = 50, above = 200;
  constexpr int steps = 200;
  CellTypeSpec a = testing::quiet_cell_type("A");
  a.cycle = {{"cycling", 1.0, PhaseDuration::exponential, false, true}};
  a.division_outcomes = {{0, 0, 0.25}, {0, 1, 0.5}, {1, 1, 0.25}};
  a.rules = {density_renewal_rule({0}, 1.0, cells_at_set_point / voxel_face_mm2, 2.0)};
  CellTypeSpec b = testing::quiet_cell_type("B");
  b.transition = TypeTransition{shed_type, dt_h, PhaseDuration::fixed, 0.0};
  Tissue tissue({a, b}, 0);
  tissue.signals.grid.count = {static_cast<int>(voxels), 1, 1};
  for (std::size_t v = 0; v < voxels; ++v)
    for (std::size_t c = 0; c < (v < voxels / 2 ? below : above); ++c)
      tissue.agents.voxel[tissue.add(0)] = static_cast<std::int64_t>(v);

  for (int step = 0; step < steps; ++step) tissue.step_once();
  std::array<double, 2> mean{};  // started below, started above
  for (std::size_t i = 0; i < tissue.agents.size(); ++i)
    if (tissue.agents.type[i] == 0)
      mean[static_cast<std::size_t>(tissue.agents.voxel[i]) < voxels / 2 ? 0 : 1] += 1.0;
  const double group = static_cast<double>(voxels / 2);
  const double standard_error = std::sqrt(cells_at_set_point / 2.0 / group);
  EXPECT_NEAR(mean[0] / group, cells_at_set_point, 4.0 * standard_error);
  EXPECT_NEAR(mean[1] / group, cells_at_set_point, 4.0 * standard_error);
}

// A tissue of more than 512 agents (parallel loops) with a density and a substance renewal rule.
Scenario renewing_tissue(bool with_rules = true) {
  Scenario scenario = testing::empty_box(200, 200, 200);
  scenario.time_steps = {0.01, 0.01, dt_h};
  SubstanceSpec factor{.name = "factor", .diffusion_um2_per_h = 6000.0, .decay_per_h = 0.6};
  scenario.substances.push_back(factor);
  CellTypeSpec stem = testing::quiet_cell_type("stem");
  stem.cycle = {{"cycling", 1.0, PhaseDuration::exponential, false, true}};
  stem.division_outcomes = {{0, 0, 0.2}, {0, 1, 0.6}, {1, 1, 0.2}};
  if (with_rules)
    stem.rules = {density_renewal_rule({0}, 0.6, 5000.0, 2.0), renewal_rule(0.3, 0.5, 1.0)};
  CellTypeSpec made = testing::quiet_cell_type("made");
  made.transition = TypeTransition{shed_type, 1.5, PhaseDuration::fixed, 0.0};
  made.exchange = {{0, 6.0, 2.0, 0.0}};  // secretes the factor towards 2
  scenario.cell_types = {stem, made};
  for (int i = 0; i < 700; ++i)
    scenario.initial_cells.push_back(
        {{-190.0 + (i * 37) % 380, -190.0 + (i * 53) % 380, -150.0 + (i * 11) % 200}, i % 2});
  return scenario;
}

std::uint64_t renewing_checksum(int threads, bool with_rules = true) {
  omp_set_num_threads(threads);
  auto simulation = Simulation::create(renewing_tissue(with_rules));
  EXPECT_TRUE(simulation.has_value()) << simulation.error().message;
  simulation->advance_to_step(simulation->steps_for_hours(3.0));
  EXPECT_GT(simulation->agents().size(), min_parallel_agents);
  return simulation->state_checksum();
}

TEST(Renewal, StateChecksumIsTheSameForOneAndTwoThreads) {
  const std::uint64_t one = renewing_checksum(1);
  const std::uint64_t two = renewing_checksum(2);
  omp_set_num_threads(2);
  EXPECT_EQ(one, two);
  EXPECT_NE(renewing_checksum(2, false), two);  // the rules change the run
}

TEST(Renewal, RestoredCheckpointContinuesExactlyLikeTheUninterruptedRun) {
  auto first = Simulation::create(renewing_tissue());
  ASSERT_TRUE(first.has_value());
  testing::expect_restore_continues_exactly(*first, renewing_tissue(), "renewal.ckpt", 1.5, 3.0);
}

}  // namespace
}  // namespace dermasim::engine
