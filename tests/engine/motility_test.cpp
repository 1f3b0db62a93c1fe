// Cell motility: persistent random walk and chemotaxis against closed forms, determinism, loader.
#include <gtest/gtest.h>
#include <omp.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/motility.hpp"
#include "engine/parallel.hpp"
#include "engine/simulation.hpp"
#include "support/files.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine {
namespace {

constexpr double minute_h = 1.0 / 60.0;

// ---------------------------------------------------------------------------------------------
// Closed forms for the discrete scheme

// Mean squared displacement after N mechanics steps of length dt of an unbiased walker of speed v
// whose direction is drawn at step 0 and redrawn (independently, uniform on the sphere) with
// probability p = 1 − exp(−dt/τ) at each later step, moved by Adams–Bashforth 2 from rest:
//   X_N = dt Σ_{n<N} (1.5 v_n − 0.5 v_{n−1}),  v_{−1} = 0,  so  X_N = dt (Σ_{n<N} v_n + v_{N−1}/2).
// Directions k steps apart share the one drawn before both unless a redraw came between:
// E[d_n · d_m] = q^|n−m| with q = 1 − p = exp(−dt/τ). Hence
//   E|X_N|² = v² dt² [N + 2 Σ_{k=1}^{N−1} (N − k) q^k + Σ_{k=0}^{N−1} q^k + 1/4],
// the first two terms the plain sum, the last two the Adams–Bashforth end term (its cross term
// with the sum, and its square).
double discrete_msd_um2(double speed_um_per_h, double dt_h, double persistence_h, int steps) {
  const double q = std::exp(-dt_h / persistence_h);
  double pairs = steps, end_cross = 0.0, power = 1.0;
  for (int k = 0; k < steps; ++k, power *= q) {
    if (k > 0) pairs += 2.0 * (steps - k) * power;
    end_cross += power;
  }
  return speed_um_per_h * speed_um_per_h * dt_h * dt_h * (pairs + end_cross + 0.25);
}

// Its limit for dt ≪ τ (Fürth's persistent random walk): 2 v² τ² (t/τ − 1 + e^{−t/τ}).
double continuous_msd_um2(double speed_um_per_h, double persistence_h, double t_h) {
  const double tau = persistence_h;
  return 2.0 * speed_um_per_h * speed_um_per_h * tau * tau *
         (t_h / tau - 1.0 + std::exp(-t_h / tau));
}

// Mean of d · g for d = normalise((1 − b) u + b g), u uniform on the sphere, g a unit vector. With
// a = 1 − b and μ = u · g uniform on [−1, 1] (Archimedes),
//   E = ½ ∫ (b + aμ) / √(a² + b² + 2abμ) dμ = 2b / (3a) for b <= a, 1 − a² / (3b²) for b >= a
// (substitute w = a² + b² + 2abμ; both branches give 2/3 at b = 1/2).
double mean_alignment(double bias) {
  const double a = 1.0 - bias;
  return bias <= a ? 2.0 * bias / (3.0 * a) : 1.0 - a * a / (3.0 * bias * bias);
}

// The gap is O(dt/t): 0.2 % at t = τ/2 with dt = τ/1000.
TEST(MotilityClosedForms, DiscreteMsdTendsToTheContinuousFormulaForSmallSteps) {
  const double v = 600.0, tau = 0.5;
  for (const double t : {0.25, 0.5, 2.0, 10.0}) {
    const double dt = tau * 1e-3;
    const int steps = static_cast<int>(std::lround(t / dt));
    EXPECT_NEAR(discrete_msd_um2(v, dt, tau, steps) / continuous_msd_um2(v, tau, t), 1.0, 4e-3);
  }
}

TEST(MotilityClosedForms, MeanAlignmentMatchesNumericalIntegration) {
  for (const double b : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0}) {
    const double a = 1.0 - b;
    constexpr int intervals = 200000;  // midpoint rule on μ
    double sum = 0.0;
    for (int k = 0; k < intervals; ++k) {
      const double mu = -1.0 + (k + 0.5) * 2.0 / intervals;
      const double length = std::sqrt(a * a + b * b + 2.0 * a * b * mu);
      sum += length > 0.0 ? (b + a * mu) / length : 0.0;
    }
    EXPECT_NEAR(mean_alignment(b), sum / intervals, 1e-6) << "b = " << b;
  }
}

// ---------------------------------------------------------------------------------------------
// Builders

// A motile type that feels no force.
CellTypeSpec walker(double speed_um_per_h, double persistence_h, int substance = no_chemotaxis,
                    double bias = 0.0) {
  CellTypeSpec type = testing::quiet_cell_type("walker");
  type.mechanics.repulsion_um_per_h = type.mechanics.adhesion_um_per_h = 0.0;
  type.motility = {speed_um_per_h, persistence_h, substance, bias};
  return type;
}

// `count` walkers at `start` in a big box with no wall, one mechanics step per diffusion step.
Scenario walkers_scenario(const CellTypeSpec& type, std::size_t count, std::array<double, 3> start,
                          double dt_h) {
  Scenario scenario = testing::empty_box(2500, 2500, 2500);
  scenario.voxel_um = 250.0;
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.time_steps = {dt_h, dt_h, 12 * dt_h};
  scenario.cell_types = {type};
  scenario.initial_cells.assign(count, InitialCell{start, 0});
  return scenario;
}

// Sample mean and its standard error.
struct Estimate {
  double mean = 0.0, standard_error = 0.0;
};

Estimate estimate(const std::vector<double>& samples) {
  const auto n = static_cast<double>(samples.size());
  double sum = 0.0, sum_sq = 0.0;
  for (const double s : samples) sum += s, sum_sq += s * s;
  const double mean = sum / n;
  const double variance = (sum_sq - n * mean * mean) / (n - 1.0);
  return {mean, std::sqrt(std::max(variance, 0.0) / n)};
}

// ---------------------------------------------------------------------------------------------
// (a) Unbiased persistent random walk

// Tolerance: the agents are independent (no forces; each has its own random stream), so the mean
// of their |X|² is a mean of i.i.d. bounded samples and, by the central limit theorem, within 4
// standard errors of its expectation except with probability 6e-5 per check. The standard error
// is estimated from the same samples (8000 agents: its own relative error is about 1 %).
void expect_msd_matches_discrete_formula(double persistence_h, double dt_h) {
  constexpr std::size_t agents = 8000;
  const double speed = 600.0;  // 10 µm/min
  auto simulation =
      Simulation::create(walkers_scenario(walker(speed, persistence_h), agents, {0, 0, 0}, dt_h));
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  for (const int steps : {10, 20, 60, 200}) {
    simulation->advance_to_step(steps);
    const AgentStore& a = simulation->agents();
    std::vector<double> squared(agents);
    for (std::size_t i = 0; i < agents; ++i)
      squared[i] = a.x_um[i] * a.x_um[i] + a.y_um[i] * a.y_um[i] + a.z_um[i] * a.z_um[i];
    const Estimate msd = estimate(squared);
    const double expected = discrete_msd_um2(speed, dt_h, persistence_h, steps);
    EXPECT_NEAR(msd.mean, expected, 4.0 * msd.standard_error)
        << "t = " << steps * dt_h << " h, continuous limit "
        << continuous_msd_um2(speed, persistence_h, steps * dt_h);
  }
  EXPECT_EQ(simulation->counts().frozen, 0u);  // nobody reached a face
}

TEST(PersistentRandomWalk, MsdMatchesTheDiscreteFormulaWhenStepsAreShortAgainstPersistence) {
  expect_msd_matches_discrete_formula(10.0 * minute_h, 0.5 * minute_h);  // dt/τ = 0.05
}

TEST(PersistentRandomWalk, MsdMatchesTheDiscreteFormulaWhenStepsAreLongAgainstPersistence) {
  // dt/τ = 0.5: the continuous formula is off by 2 to 12 % here; the discrete one is exact.
  expect_msd_matches_discrete_formula(1.0 * minute_h, 0.5 * minute_h);
}

TEST(PersistentRandomWalk, SpeedIsExactlyTheTypeSpeedAndDirectionsAreUnitVectors) {
  const double dt = 0.5 * minute_h;
  auto simulation =
      Simulation::create(walkers_scenario(walker(600.0, 10.0 * minute_h), 100, {0, 0, 0}, dt));
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(5);
  const AgentStore& a = simulation->agents();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double length = std::hypot(a.migration_x[i], a.migration_y[i], a.migration_z[i]);
    EXPECT_NEAR(length, 1.0, 1e-14);
    EXPECT_NEAR(std::hypot(a.vx_um_per_h[i], a.vy_um_per_h[i], a.vz_um_per_h[i]), 600.0, 1e-9);
  }
}

// ---------------------------------------------------------------------------------------------
// (b) Chemotaxis up a fixed linear gradient

// Walkers at x = −1500 µm in one static substance (no diffusion, no decay), 0 until set.
Scenario gradient_scenario(const CellTypeSpec& type, std::size_t count) {
  Scenario scenario = walkers_scenario(type, count, {-1500.0, 0.0, 0.0}, 0.5 * minute_h);
  scenario.substances = {SubstanceSpec{.name = "attractant"}};
  return scenario;
}

// The static substance set to c = 10000 + k·x (x in µm) at the voxel centres.
void set_linear_field(Simulation& simulation, std::array<double, 3> k) {
  DiffusionSolver& fields = simulation.fields();
  const VoxelGrid& grid = fields.grid();
  for (int z = 0; z < grid.count[2]; ++z)
    for (int y = 0; y < grid.count[1]; ++y)
      for (int x = 0; x < grid.count[0]; ++x)
        fields.value(grid.index(x, y, z), 0) = 10000.0 + k[0] * grid.centre_um(0, x) +
                                               k[1] * grid.centre_um(1, y) +
                                               k[2] * grid.centre_um(2, z);
}

TEST(Chemotaxis, FullBiasGoesStraightUpTheGradientAtTheTypeSpeed) {
  const std::array<double, 3> k{2.0, 1.0, -2.0};  // unit gradient (2, 1, −2) / 3
  const CellTypeSpec type = walker(600.0, 5.0 * minute_h, 0, 1.0);
  auto simulation = Simulation::create(gradient_scenario(type, 50));
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  set_linear_field(*simulation, k);
  simulation->advance_to_step(1);
  const std::vector<double> x0 = simulation->agents().x_um, y0 = simulation->agents().y_um,
                            z0 = simulation->agents().z_um;
  simulation->advance_to_step(121);
  const double t = 120 * 0.5 * minute_h;
  const AgentStore& a = simulation->agents();
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR((a.x_um[i] - x0[i]) / t, 600.0 * 2.0 / 3.0, 1e-9);
    EXPECT_NEAR((a.y_um[i] - y0[i]) / t, 600.0 * 1.0 / 3.0, 1e-9);
    EXPECT_NEAR((a.z_um[i] - z0[i]) / t, -600.0 * 2.0 / 3.0, 1e-9);
  }
}

// Mean velocity along the gradient (x) from step 1 to step 121, per agent.
Estimate drift_along_x(double bias) {
  const CellTypeSpec type = walker(600.0, 1.0 * minute_h, 0, bias);
  auto simulation = Simulation::create(gradient_scenario(type, 4000));
  EXPECT_TRUE(simulation.has_value());
  set_linear_field(*simulation, {1.0, 0.0, 0.0});
  simulation->advance_to_step(1);
  const std::vector<double> x0 = simulation->agents().x_um;
  simulation->advance_to_step(121);
  const double t = 120 * 0.5 * minute_h;
  std::vector<double> velocity(x0.size());
  for (std::size_t i = 0; i < x0.size(); ++i)
    velocity[i] = (simulation->agents().x_um[i] - x0[i]) / t;
  return estimate(velocity);
}

// Every direction is drawn with the same g, so each has mean alignment E(b) with it (above), and
// so has the Adams–Bashforth combination 1.5 v_n − 0.5 v_{n−1} once the first step is past: the
// mean drift is v·E(b). Tolerance: 4 standard errors of the mean over independent agents. (All
// biases use the same draws, which with seed 1 lie 3.0 standard errors high for b = 0.25 and 0.5;
// over seeds 1 to 300 the mean of that z-score is −0.04 and its spread 1.03, so there is no bias.)
TEST(Chemotaxis, PartialBiasDriftsAtTheSpeedTimesTheMeanAlignment) {
  double previous = 0.0;
  for (const double bias : {0.25, 0.5, 0.75}) {
    const Estimate drift = drift_along_x(bias);
    EXPECT_NEAR(drift.mean, 600.0 * mean_alignment(bias), 4.0 * drift.standard_error)
        << "b = " << bias;
    EXPECT_GT(drift.mean, previous);
    EXPECT_LT(drift.mean, 600.0);
    previous = drift.mean;
  }
}

// With a gradient half-max h, a gradient of steepness g biases as b·g/(g + h) would without one:
// here g = h (slope 1 per µm), so bias 1 drifts exactly like bias 0.5 (the same draws).
TEST(Chemotaxis, GradientHalfMaxScalesTheBiasByTheGradientsSteepness) {
  const auto drift = [](double bias, double half_max) {
    CellTypeSpec type = walker(600.0, 1.0 * minute_h, 0, bias);
    type.motility.chemotaxis_gradient_half_max = half_max;
    auto simulation = Simulation::create(gradient_scenario(type, 200));
    EXPECT_TRUE(simulation.has_value());
    set_linear_field(*simulation, {1.0, 0.0, 0.0});
    simulation->advance_to_step(61);
    return simulation->agents().x_um;
  };
  const std::vector<double> halved = drift(1.0, 1.0), half_bias = drift(0.5, 0.0);
  ASSERT_EQ(halved.size(), half_bias.size());
  for (std::size_t i = 0; i < halved.size(); ++i) EXPECT_NEAR(halved[i], half_bias[i], 1e-6);
  const std::vector<double> full = drift(1.0, 0.0);
  EXPECT_NE(full, halved);
}

TEST(Chemotaxis, FullBiasWithoutAGradientDoesNotMove) {
  const CellTypeSpec type = walker(600.0, 5.0 * minute_h, 0, 1.0);
  auto simulation = Simulation::create(gradient_scenario(type, 20));  // uniform field
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(20);
  for (const double x : simulation->agents().x_um) EXPECT_EQ(x, -1500.0);
  EXPECT_EQ(simulation->agents().migration_x[0], 0.0);  // still none: drawn again each step
}

// ---------------------------------------------------------------------------------------------
// The gradient

TEST(Chemotaxis, GradientIsCentralInsideOneSidedOnFacesAndNoneAlongASingleVoxel) {
  VoxelGrid grid;
  grid.count = {5, 4, 1};
  grid.voxel_um = 10.0;
  constexpr int lanes = 4, substance = 1;
  std::vector<double> values(grid.voxel_total() * lanes, 0.0);
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 5; ++i)
      values[grid.index(i, j, 0) * lanes + substance] = i * i + j;  // per voxel index
  const SignalView fields{values.data(), lanes, grid};
  auto centre = [&](int i, int j) {
    return std::array<double, 3>{grid.centre_um(0, i), grid.centre_um(1, j), 5.0};
  };
  auto expect_direction = [&](std::array<double, 3> got, double gx, double gy) {
    const double length = std::hypot(gx, gy);
    EXPECT_NEAR(got[0], gx / length, 1e-15);
    EXPECT_NEAR(got[1], gy / length, 1e-15);
    EXPECT_EQ(got[2], 0.0);
  };
  // Interior (i, 1): x central (i+1)² − (i−1)² over 2 voxels = 2i; y central 2 over 2 voxels = 1.
  expect_direction(unit_gradient(fields, substance, centre(2, 1)), 4.0, 1.0);
  // x_min face: one-sided (1 − 0) over 1 voxel; y_max face: one-sided 1 over 1 voxel.
  expect_direction(unit_gradient(fields, substance, centre(0, 3)), 1.0, 1.0);
  // x_max face: 4² − 3² = 7.
  expect_direction(unit_gradient(fields, substance, centre(4, 1)), 7.0, 1.0);
  // A position past a face reads the voxel on the face.
  expect_direction(unit_gradient(fields, substance, {60.0, 15.0, 5.0}), 7.0, 1.0);
  const std::array<double, 3> none{0.0, 0.0, 0.0};
  EXPECT_EQ(unit_gradient(fields, 0, centre(2, 1)), none);  // a flat substance
  EXPECT_EQ(unit_gradient(fields, no_chemotaxis, centre(2, 1)), none);
  EXPECT_EQ(unit_gradient(SignalView{}, 0, centre(2, 1)), none);  // no fields
  EXPECT_EQ(unit_gradient(fields, substance, {std::nan(""), 1.0, 1.0}), none);
}

TEST(Chemotaxis, DirectionMixesRandomAndGradientByTheBias) {
  const std::array<double, 3> u{0.0, 1.0, 0.0}, g{1.0, 0.0, 0.0};
  EXPECT_EQ(migration_direction(u, 0.0, g), u);
  EXPECT_EQ(migration_direction(u, 1.0, g), g);
  const std::array<double, 3> half = migration_direction(u, 0.5, g);
  EXPECT_NEAR(half[0], std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(half[1], std::sqrt(0.5), 1e-15);
  const std::array<double, 3> none{0.0, 0.0, 0.0};
  EXPECT_EQ(migration_direction({-1.0, 0.0, 0.0}, 0.5, g), none);  // cancel out
}

// ---------------------------------------------------------------------------------------------
// Who migrates

TEST(Motility, DyingFrozenAndNonMotileAgentsDoNotMigrate) {
  Scenario scenario = walkers_scenario(walker(600.0, minute_h), 4, {0, 0, 0}, 0.5 * minute_h);
  CellTypeSpec still = walker(0.0, minute_h);
  still.name = "still";
  scenario.cell_types.push_back(still);
  scenario.initial_cells[3].type = 1;
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  AgentStore& a = simulation->agents();
  a.state[1] = AgentState::dying;
  a.state[2] = AgentState::frozen;
  simulation->advance_to_step(10);
  EXPECT_GT(std::hypot(a.x_um[0], a.y_um[0], a.z_um[0]), 1.0);
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(a.x_um[i], 0.0) << i;
    EXPECT_EQ(a.migration_x[i], 0.0) << i;
  }
}

TEST(Motility, DaughterStartsWithoutADirectionAndTheParentKeepsItsOwn) {
  AgentStore agents;
  agents.append(0);
  agents.migration_x[0] = 0.6;
  agents.migration_z[0] = -0.8;
  const std::size_t daughter = agents.append_daughter(0, 1);
  EXPECT_EQ(agents.migration_x[0], 0.6);
  EXPECT_EQ(agents.migration_z[0], -0.8);
  EXPECT_EQ(agents.migration_x[daughter], 0.0);
  EXPECT_EQ(agents.migration_y[daughter], 0.0);
  EXPECT_EQ(agents.migration_z[daughter], 0.0);
}

TEST(Motility, AttachedMotileCellsCrawlAlongTheBasementMembrane) {
  Scenario scenario =
      walkers_scenario(walker(600.0, 5.0 * minute_h), 200, {0, 0, 0}, 0.5 * minute_h);
  const BasementMembraneSpec membrane{
      .z_um = 0.0, .ridge_depth_um = 40.0, .ridge_period_um = 150.0};
  scenario.basement_membrane = membrane;
  scenario.cell_types[0].mechanics.membrane = MembraneContact::attached;
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  simulation->advance_to_step(100);
  const AgentStore& a = simulation->agents();
  double lateral = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a.z_um[i], basement_membrane_z_um(membrane, a.x_um[i], a.y_um[i]) + a.radius_um[i],
                1e-9);
    lateral += std::hypot(a.x_um[i], a.y_um[i]) / static_cast<double>(a.size());
  }
  EXPECT_GT(lateral, 50.0);
}

// ---------------------------------------------------------------------------------------------
// (c) Determinism: threads and checkpoints

// The busy tissue of the engine tests (births, deaths, forces, a secreted signal) with 700 agents
// (parallel loops) that crawl up the gradient of the signal they secrete.
Scenario motile_tissue(bool motile = true) {
  Scenario scenario = testing::empty_box(100, 100, 60);
  scenario.substances = {SubstanceSpec{"signal", 3.6e5, 0.6, 0.0, {}}};
  CellTypeSpec type = testing::busy_cell_type();
  type.exchange = {{0, 6.0, 1.0, 0.0}};
  if (motile) type.motility = {60.0, 0.1, 0, 0.5};
  scenario.cell_types = {type};
  for (int i = 0; i < 700; ++i)
    scenario.initial_cells.push_back(
        {{-90.0 + (i * 37) % 180, -90.0 + (i * 53) % 180, -50.0 + (i * 11) % 100}, 0});
  return scenario;
}

std::uint64_t checksum_after(const Scenario& scenario, int threads, double hours) {
  omp_set_num_threads(threads);
  auto simulation = Simulation::create(scenario);
  EXPECT_TRUE(simulation.has_value());
  simulation->advance_to_step(simulation->steps_for_hours(hours));
  EXPECT_GT(simulation->agents().size(), min_parallel_agents);
  return simulation->state_checksum();
}

TEST(Motility, StateChecksumIsTheSameForOneAndTwoThreads) {
  const std::uint64_t one = checksum_after(motile_tissue(), 1, 0.5);
  const std::uint64_t two = checksum_after(motile_tissue(), 2, 0.5);
  omp_set_num_threads(2);
  EXPECT_EQ(one, two);
  EXPECT_NE(checksum_after(motile_tissue(false), 2, 0.5), two);  // migration changed the run
}

TEST(Motility, RestoredCheckpointContinuesExactlyLikeTheUninterruptedRun) {
  const Scenario scenario = motile_tissue();
  auto first = Simulation::create(scenario);
  ASSERT_TRUE(first.has_value());
  testing::expect_restore_continues_exactly(*first, scenario, "motility.ckpt", 0.25, 0.5);
}

// A custom column scales each agent's speed (a cell's own activation, say): 0 stays, 0.5 goes
// half as far as 1 along the same directions; the scaling is kept through a checkpoint restore.
TEST(Motility, ColumnScalesEachAgentsSpeedAndSurvivesARestore) {
  const CellTypeSpec type = walker(600.0, 1.0 * minute_h, 0, 1.0);
  Scenario scenario = gradient_scenario(type, 3);
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  const ColumnHandle activity = simulation->agents().add_column("activity", 0.0);
  simulation->scale_motility_by_column(0, activity);
  simulation->agents().column(activity) = {0.0, 0.5, 1.0};
  set_linear_field(*simulation, {1.0, 0.0, 0.0});
  const std::vector<double> x0 = simulation->agents().x_um;
  simulation->advance_to_step(11);
  const auto moved = [&](const Simulation& s, std::size_t i) { return s.agents().x_um[i] - x0[i]; };
  EXPECT_DOUBLE_EQ(moved(*simulation, 0), 0.0);
  EXPECT_GT(moved(*simulation, 2), 0.0);
  EXPECT_NEAR(moved(*simulation, 1), 0.5 * moved(*simulation, 2), 1e-9);

  const auto path = std::filesystem::path(::testing::TempDir()) / "speed_column.ckpt";
  ASSERT_TRUE(simulation->save_checkpoint(path).has_value());
  auto restored = Simulation::create(scenario);
  ASSERT_TRUE(restored.has_value());
  restored->agents().add_column("activity", 0.0);
  restored->scale_motility_by_column(0, activity);
  ASSERT_TRUE(restored->restore_checkpoint(path).has_value());
  simulation->advance_to_step(21);
  restored->advance_to_step(21);
  EXPECT_EQ(restored->state_checksum(), simulation->state_checksum());
}

TEST(Motility, MigrationDirectionsAreInTheStateChecksum) {
  auto simulation = Simulation::create(motile_tissue());
  ASSERT_TRUE(simulation.has_value());
  simulation->step();
  const std::uint64_t before = simulation->state_checksum();
  simulation->agents().migration_y[3] += 0.25;
  EXPECT_NE(simulation->state_checksum(), before);
}

TEST(Motility, CheckpointOfTheFormatBeforeMotilityIsRefusedWithAClearMessage) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "version3.ckpt";
  auto simulation = Simulation::create(motile_tissue());
  ASSERT_TRUE(simulation.has_value());
  ASSERT_TRUE(simulation->save_checkpoint(path).has_value());
  // The same file relabelled as format 3, with its checksum made good again.
  std::string bytes = dermasim::testing::read_text(path);
  const std::uint32_t old_version = 3;
  std::memcpy(bytes.data() + 8, &old_version, sizeof old_version);
  const std::uint64_t hash = XXH3_64bits(bytes.data(), bytes.size() - sizeof hash);
  std::memcpy(bytes.data() + bytes.size() - sizeof hash, &hash, sizeof hash);
  dermasim::testing::write_text(path, bytes);
  const auto restored = Simulation::restore(motile_tissue(), path);
  ASSERT_FALSE(restored.has_value());
  EXPECT_EQ(restored.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(restored.error().message.find("format version 3, written by an older dermasim"),
            std::string::npos)
      << restored.error().message;
  EXPECT_EQ(restored.error().field, path.string());
}

// ---------------------------------------------------------------------------------------------
// (d) Scenario file and validate()

constexpr std::string_view base_scenario = R"([simulation]
duration_h = 1
[domain]
x_um = [-100, 100]
y_um = [-100, 100]
z_um = [-40, 40]
[[substance]]
name = "chemokine"
diffusion_um2_per_min = 1000
decay_per_min = 0.01
[[cell_type]]
name = "neutrophil"
[cell_type.motility]
)";

Result<Scenario> parse_motility(std::string_view keys) {
  return parse_scenario(std::string(base_scenario) + std::string(keys), "scenario.toml");
}

// "scenario.toml:LINE:COLUMN cell_type[0].motility.KEY" for a key at the start of line `line`.
std::string motility_field(std::string_view keys, std::string_view key) {
  const std::string text = std::string(base_scenario) + std::string(keys);
  const auto offset = text.find(std::string(key) + " =");
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  return "scenario.toml:" + std::to_string(line) + ":1 cell_type[0].motility." + std::string(key);
}

::testing::AssertionResult fails_at(std::string_view keys, std::string_view key,
                                    std::string_view message_part) {
  const Result<Scenario> result = parse_motility(keys);
  if (result) return ::testing::AssertionFailure() << "expected an error for: " << keys;
  const Error& error = result.error();
  const std::string field = motility_field(keys, key);
  if (error.category != ErrorCategory::invalid_input || error.field != field ||
      error.message.find(message_part) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "got " << category_name(error.category) << " field='" << error.field << "' message='"
           << error.message << "'; expected field='" << field << "' message containing '"
           << message_part << "'";
  }
  return ::testing::AssertionSuccess();
}

TEST(MotilityLoader, KeysConvertToInternalUnitsAndResolveTheSubstance) {
  const auto scenario = parse_motility(
      "speed_um_per_min = 2\npersistence_min = 30\nchemotaxis_substance = \"chemokine\"\n"
      "chemotaxis_bias = 0.8\n");
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message;
  const MotilitySpec& m = scenario->cell_types[0].motility;
  EXPECT_DOUBLE_EQ(m.speed_um_per_h, 120.0);
  EXPECT_DOUBLE_EQ(m.persistence_h, 0.5);
  EXPECT_EQ(m.chemotaxis_substance, 0);
  EXPECT_EQ(m.chemotaxis_bias, 0.8);
  const auto in_hours = parse_motility("speed_um_per_min = 1\npersistence_h = 2\n");
  ASSERT_TRUE(in_hours.has_value()) << in_hours.error().message;
  EXPECT_EQ(in_hours->cell_types[0].motility.persistence_h, 2.0);
  EXPECT_EQ(in_hours->cell_types[0].motility.chemotaxis_substance, no_chemotaxis);
}

TEST(MotilityLoader, WithoutTheTableATypeDoesNotMigrate) {
  const std::string text(base_scenario.substr(0, base_scenario.find("[cell_type.motility]")));
  const auto scenario = parse_scenario(text, "scenario.toml");
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message;
  EXPECT_EQ(scenario->cell_types[0].motility.speed_um_per_h, 0.0);
}

TEST(MotilityLoader, NegativeSpeedIsOutOfRange) {
  EXPECT_TRUE(fails_at("speed_um_per_min = -1\n", "speed_um_per_min", "must be >= 0"));
}

TEST(MotilityLoader, SpeedPerHourSuggestsTheKeyWithTheLoadersUnit) {
  EXPECT_TRUE(fails_at("speed_um_per_h = 1\n", "speed_um_per_h", "speed_um_per_min"));
}

TEST(MotilityLoader, ZeroOrNegativePersistenceIsOutOfRange) {
  EXPECT_TRUE(
      fails_at("speed_um_per_min = 1\npersistence_min = 0\n", "persistence_min", "must be > 0"));
  EXPECT_TRUE(
      fails_at("speed_um_per_min = 1\npersistence_h = -2\n", "persistence_h", "must be > 0"));
}

TEST(MotilityLoader, PersistenceInTwoUnitsIsAnError) {
  const auto scenario = parse_motility("persistence_min = 5\npersistence_h = 1\n");
  ASSERT_FALSE(scenario.has_value());
  EXPECT_EQ(scenario.error().category, ErrorCategory::invalid_input);
}

TEST(MotilityLoader, BiasOutsideZeroToOneIsOutOfRange) {
  EXPECT_TRUE(fails_at("chemotaxis_substance = \"chemokine\"\nchemotaxis_bias = 1.5\n",
                       "chemotaxis_bias", "in [0, 1]"));
  EXPECT_TRUE(fails_at("chemotaxis_substance = \"chemokine\"\nchemotaxis_bias = -0.1\n",
                       "chemotaxis_bias", "in [0, 1]"));
}

TEST(MotilityLoader, UnknownSubstanceSuggestsTheNearestName) {
  EXPECT_TRUE(fails_at("chemotaxis_substance = \"chemokin\"\nchemotaxis_bias = 0.5\n",
                       "chemotaxis_substance",
                       "unknown substance 'chemokin'; did you mean "
                       "'chemokine'?"));
}

TEST(MotilityLoader, SubstanceAndBiasGoTogether) {
  const std::string no_bias = "chemotaxis_substance = \"chemokine\"\n";
  const auto missing = parse_motility(no_bias);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("missing required key 'chemotaxis_bias'"),
            std::string::npos);
  // Reported at the table, where the key is missing.
  EXPECT_EQ(missing.error().field, "scenario.toml:13:1 cell_type[0].motility.chemotaxis_bias");
  EXPECT_TRUE(fails_at("chemotaxis_bias = 0.5\n", "chemotaxis_bias", "needs chemotaxis_substance"));
}

// validate() on scenarios built in code names the field.
::testing::AssertionResult validate_fails(const MotilitySpec& motility, std::string_view field,
                                          std::string_view message_part) {
  Scenario scenario = testing::empty_box(100, 100, 100);
  scenario.substances = {SubstanceSpec{.name = "chemokine"}};
  scenario.cell_types = {testing::quiet_cell_type()};
  scenario.cell_types[0].motility = motility;
  const Status status = validate(scenario);
  if (status) return ::testing::AssertionFailure() << "expected an error at " << field;
  if (status.error().category != ErrorCategory::invalid_input || status.error().field != field ||
      status.error().message.find(message_part) == std::string::npos) {
    return ::testing::AssertionFailure() << "got field='" << status.error().field << "' message='"
                                         << status.error().message << "'";
  }
  return ::testing::AssertionSuccess();
}

TEST(MotilityValidate, RejectsEachBadFieldByName) {
  EXPECT_TRUE(validate_fails({.speed_um_per_h = -1.0}, "cell_types[0].motility.speed_um_per_h",
                             "must be >= 0"));
  EXPECT_TRUE(validate_fails({.speed_um_per_h = 60.0, .persistence_h = 0.0},
                             "cell_types[0].motility.persistence_h", "must be > 0"));
  EXPECT_TRUE(validate_fails({.chemotaxis_substance = 0, .chemotaxis_bias = 1.2},
                             "cell_types[0].motility.chemotaxis_bias", "in [0, 1]"));
  EXPECT_TRUE(validate_fails({.chemotaxis_substance = 1, .chemotaxis_bias = 0.5},
                             "cell_types[0].motility.chemotaxis_substance", "out of range"));
  EXPECT_TRUE(validate_fails({.chemotaxis_bias = 0.5}, "cell_types[0].motility.chemotaxis_bias",
                             "needs a chemotaxis substance"));
  // A type that does not migrate may leave its persistence at anything.
  Scenario scenario = testing::empty_box(100, 100, 100);
  scenario.cell_types = {testing::quiet_cell_type()};
  scenario.cell_types[0].motility.persistence_h = 0.0;
  EXPECT_TRUE(validate(scenario).has_value());
}

}  // namespace
}  // namespace dermasim::engine
