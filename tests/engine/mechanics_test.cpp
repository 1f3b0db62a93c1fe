// Mechanics against analytic results: pair equilibrium distance, wall push, neighbour completeness.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "engine/mechanics.hpp"
#include "engine/simulation.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine {
namespace {

double distance(const AgentStore& a, std::size_t i, std::size_t j) {
  return std::hypot(a.x_um[i] - a.x_um[j], a.y_um[i] - a.y_um[j], a.z_um[i] - a.z_um[j]);
}

// Where repulsion ρ(1 − d/R)² equals adhesion α(1 − d/S)² with d < R:
// √ρ (1 − d/R) = √α (1 − d/S)  ⇒  d = (√ρ − √α) / (√ρ/R − √α/S).
double equilibrium_distance(double rho, double alpha, double contact, double adhesion_range) {
  return (std::sqrt(rho) - std::sqrt(alpha)) /
         (std::sqrt(rho) / contact - std::sqrt(alpha) / adhesion_range);
}

TEST(Mechanics, TwoOverlappingCellsSeparateToThePotentialsEquilibrium) {
  Scenario scenario = testing::empty_box(200, 200, 200);
  scenario.cell_types = {testing::quiet_cell_type()};
  scenario.initial_cells = {{{-2.0, 0.0, 0.0}, 0}, {{2.0, 0.0, 0.0}, 0}};
  scenario.duration_h = 10.0;
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  simulation->advance_to_step(simulation->steps_for_hours(10.0));
  const AgentStore& a = simulation->agents();
  const double r = a.radius_um[0];
  const MechanicsSpec& m = scenario.cell_types[0].mechanics;
  const double expected = equilibrium_distance(m.repulsion_um_per_h, m.adhesion_um_per_h, 2 * r,
                                               2 * m.max_adhesion_distance_ratio * r);
  // The relaxation rate near equilibrium is ~8/h, so after 10 h the residual is e^-80: only
  // rounding remains.
  EXPECT_NEAR(distance(a, 0, 1), expected, 1e-9 * expected);
  // Equal and opposite forces: the centre of mass stays at the origin, motion stays on the x axis.
  EXPECT_NEAR(a.x_um[0] + a.x_um[1], 0.0, 1e-12);
  EXPECT_EQ(a.y_um[0], 0.0);
  EXPECT_EQ(a.z_um[1], 0.0);
}

TEST(Mechanics, CellsBeyondTheAdhesionRangeDoNotMove) {
  Scenario scenario = testing::empty_box(200, 200, 200);
  scenario.cell_types = {testing::quiet_cell_type()};
  // 2 · 1.25 · 8.41 µm ≈ 21 µm adhesion range: 30 µm apart do not interact.
  scenario.initial_cells = {{{-15.0, 0.0, 0.0}, 0}, {{15.0, 0.0, 0.0}, 0}};
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(100);
  EXPECT_EQ(simulation->agents().x_um[0], -15.0);
  EXPECT_EQ(simulation->agents().x_um[1], 15.0);
}

TEST(Mechanics, NearestWallPushesInwardsWithItsPotential) {
  Scenario scenario = testing::empty_box(100, 100, 100);
  scenario.cell_types = {testing::quiet_cell_type()};
  scenario.initial_cells = {{{0.0, 0.0, -96.0}, 0}};  // 4 µm from z_min, radius 8.41 µm
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(1);  // the first mechanics step runs at step 0
  const AgentStore& a = simulation->agents();
  const double r = a.radius_um[0];
  const double overlap = 1.0 - 4.0 / r;
  EXPECT_NEAR(a.vz_um_per_h[0], scenario.wall_repulsion_um_per_h * overlap * overlap, 1e-9);
  EXPECT_EQ(a.vx_um_per_h[0], 0.0);
  // Adams–Bashforth with no previous velocity: x ← x + 1.5 dt v.
  EXPECT_NEAR(a.z_um[0], -96.0 + 1.5 * scenario.time_steps.mechanics_h * a.vz_um_per_h[0], 1e-12);
}

TEST(Mechanics, CellLeavingTheDomainIsFrozenButCounted) {
  Scenario scenario = testing::empty_box(100, 100, 100);
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.cell_types = {testing::quiet_cell_type()};
  // Two overlapping cells at the x_max face push one of them out.
  scenario.initial_cells = {{{99.0, 0.0, 0.0}, 0}, {{95.0, 0.0, 0.0}, 0}};
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(2000);
  const AgentCounts counts = simulation->counts();
  EXPECT_EQ(counts.agents, 2u);
  EXPECT_EQ(counts.frozen, 1u);
  EXPECT_EQ(counts.live, 2u);
}

TEST(Mechanics, WithClampACellPushedOutStaysOnTheFaceAndActive) {
  Scenario scenario = testing::empty_box(100, 100, 100);
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.outside_domain = OutsideDomain::clamp;
  scenario.cell_types = {testing::quiet_cell_type()};
  scenario.initial_cells = {{{99.0, 0.0, 0.0}, 0}, {{95.0, 0.0, 0.0}, 0}};
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(2000);
  EXPECT_EQ(simulation->counts().frozen, 0u);
  const AgentStore& a = simulation->agents();
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_LE(a.x_um[i], scenario.domain.max_um[0]);
    EXPECT_GE(a.x_um[i], scenario.domain.min_um[0]);
  }
  // The pushed cell sits on the x_max face; its neighbour moved away from it.
  EXPECT_DOUBLE_EQ(std::max(a.x_um[0], a.x_um[1]), scenario.domain.max_um[0]);
}

TEST(NeighborGrid, CandidatesIncludeEveryAgentWithinRangeAndVisitInAFixedOrder) {
  Box domain{{-100, -80, -60}, {100, 80, 60}};
  AgentStore agents;
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::uint64_t id = 0; id < 600; ++id) {
    const std::size_t i = agents.append(id);
    agents.x_um[i] = -100 + 200 * unit(random);
    agents.y_um[i] = -80 + 160 * unit(random);
    agents.z_um[i] = -60 + 120 * unit(random);
  }
  const double range = 17.0;
  NeighborGrid grid;
  grid.configure(domain, range);
  grid.rebuild(agents);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    std::vector<std::size_t> visited;
    grid.for_each_candidate(i, [&](std::size_t j) { visited.push_back(j); });
    const std::set<std::size_t> candidates(visited.begin(), visited.end());
    EXPECT_EQ(candidates.size(), visited.size()) << "agent visited twice";
    for (std::size_t j = 0; j < agents.size(); ++j)  // brute force: every pair within range
      if (distance(agents, i, j) < range) {
        EXPECT_TRUE(candidates.contains(j)) << i << " " << j;
      }
    std::vector<std::size_t> again;
    grid.for_each_candidate(i, [&](std::size_t j) { again.push_back(j); });
    EXPECT_EQ(again, visited);
  }
}

}  // namespace
}  // namespace dermasim::engine
