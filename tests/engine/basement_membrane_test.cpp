// Basement membrane: the surface against its formula, attached and floor contacts, determinism.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "engine/mechanics.hpp"
#include "engine/simulation.hpp"
#include "test_scenarios.hpp"

namespace dermasim::engine {
namespace {

constexpr double pi = std::numbers::pi;

// The egg-crate written out here, independently of the engine's inline function.
double surface_formula_um(const BasementMembraneSpec& m, double x, double y) {
  return m.z_um - m.ridge_depth_um *
                      (1.0 - std::cos(2.0 * pi * x / m.ridge_period_um) *
                                 std::cos(2.0 * pi * y / m.ridge_period_um)) /
                      2.0;
}

constexpr BasementMembraneSpec ridged{.z_um = 0.0, .ridge_depth_um = 20.0, .ridge_period_um = 80.0};

// A cell type of PhysiCell's default size and mechanics with the given contact.
CellTypeSpec contact_type(const char* name, MembraneContact contact) {
  CellTypeSpec type = testing::quiet_cell_type(name);
  type.mechanics.membrane = contact;
  return type;
}

// Every diffusion step a mechanics step, so that each step() can be checked.
Scenario membrane_box(double half_x, double half_y, double half_z) {
  Scenario scenario = testing::empty_box(half_x, half_y, half_z);
  scenario.time_steps.diffusion_h = scenario.time_steps.mechanics_h;
  scenario.basement_membrane = ridged;
  return scenario;
}

// Largest distance from the centroid in x–y.
double lateral_extent_um(const AgentStore& a) {
  double cx = 0.0, cy = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) cx += a.x_um[i], cy += a.y_um[i];
  cx /= static_cast<double>(a.size()), cy /= static_cast<double>(a.size());
  double extent = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    extent = std::max(extent, std::hypot(a.x_um[i] - cx, a.y_um[i] - cy));
  return extent;
}

TEST(BasementMembrane, SurfaceFollowsTheEggCrateFormula) {
  const double z = ridged.z_um, depth = ridged.ridge_depth_um, period = ridged.ridge_period_um;
  // Where cos·cos is 1 the surface is at its top, where it is −1 at the bottom of a peg, where a
  // cosine is 0 half way.
  EXPECT_NEAR(basement_membrane_z_um(ridged, 0.0, 0.0), z, 1e-12);
  EXPECT_NEAR(basement_membrane_z_um(ridged, period / 2, period / 2), z, 1e-12);
  EXPECT_NEAR(basement_membrane_z_um(ridged, -period, 2 * period), z, 1e-12);
  EXPECT_NEAR(basement_membrane_z_um(ridged, period / 2, 0.0), z - depth, 1e-12);
  EXPECT_NEAR(basement_membrane_z_um(ridged, 0.0, -period / 2), z - depth, 1e-12);
  EXPECT_NEAR(basement_membrane_z_um(ridged, period / 4, 0.0), z - depth / 2, 1e-12);
  EXPECT_NEAR(basement_membrane_z_um(ridged, period / 4, period / 3), z - depth / 2, 1e-12);
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> position(-200.0, 200.0);
  for (int k = 0; k < 200; ++k) {
    const double x = position(random), y = position(random);
    const double height = basement_membrane_z_um(ridged, x, y);
    EXPECT_NEAR(height, surface_formula_um(ridged, x, y), 1e-12);
    EXPECT_LE(height, z);
    EXPECT_GE(height, z - depth);
  }
  // Flat: exactly the level, whatever the (unused) period.
  const BasementMembraneSpec flat{.z_um = -12.5};
  EXPECT_EQ(basement_membrane_z_um(flat, 17.0, -3.0), -12.5);
  EXPECT_EQ(basement_membrane_normal(flat, 17.0, -3.0), (std::array<double, 3>{0.0, 0.0, 1.0}));
}

TEST(BasementMembrane, NormalIsTheUnitUpwardNormalOfTheFiniteDifferenceGradient) {
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> position(-200.0, 200.0);
  const double h = 1e-4;
  for (int k = 0; k < 200; ++k) {
    const double x = position(random), y = position(random);
    const double slope_x =
        (surface_formula_um(ridged, x + h, y) - surface_formula_um(ridged, x - h, y)) / (2 * h);
    const double slope_y =
        (surface_formula_um(ridged, x, y + h) - surface_formula_um(ridged, x, y - h)) / (2 * h);
    const double length = std::sqrt(slope_x * slope_x + slope_y * slope_y + 1.0);
    const auto normal = basement_membrane_normal(ridged, x, y);
    EXPECT_NEAR(normal[0], -slope_x / length, 1e-8) << x << " " << y;
    EXPECT_NEAR(normal[1], -slope_y / length, 1e-8) << x << " " << y;
    EXPECT_NEAR(normal[2], 1.0 / length, 1e-8) << x << " " << y;
    EXPECT_NEAR(std::hypot(normal[0], normal[1], normal[2]), 1.0, 1e-14);
    EXPECT_GT(normal[2], 0.0);
  }
  // Tops and peg bottoms are level.
  for (const auto& [x, y] : {std::pair{0.0, 0.0}, std::pair{40.0, 0.0}, std::pair{40.0, 40.0}}) {
    const auto normal = basement_membrane_normal(ridged, x, y);
    EXPECT_NEAR(normal[0], 0.0, 1e-14);
    EXPECT_NEAR(normal[1], 0.0, 1e-14);
    EXPECT_NEAR(normal[2], 1.0, 1e-14);
  }
}

TEST(BasementMembrane, AttachedCellsStayExactlyOnTheSurfaceWhileACrowdedPatchSpreads) {
  Scenario scenario = membrane_box(100, 100, 60);
  scenario.cell_types = {contact_type("basal", MembraneContact::attached)};
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> near(-6.0, 6.0), height(-30.0, 30.0);
  for (int k = 0; k < 30; ++k)  // 30 cells of radius 8.4 µm within 12 µm: heavily overlapping
    scenario.initial_cells.push_back({{10.0 + near(random), near(random), height(random)}, 0});
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  const double start_extent = lateral_extent_um(simulation->agents());
  const AgentStore& a = simulation->agents();
  for (std::int64_t step = 0; step < simulation->steps_for_hours(2.0); ++step) {
    simulation->step();
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_NEAR(a.z_um[i], surface_formula_um(ridged, a.x_um[i], a.y_um[i]) + a.radius_um[i],
                  1e-9)
          << "agent " << i << " after step " << step;
      ASSERT_EQ(a.vz_um_per_h[i], 0.0);
      ASSERT_EQ(a.previous_vz_um_per_h[i], 0.0);
    }
  }
  EXPECT_EQ(simulation->counts().frozen, 0u);
  // The patch spread sideways over the ridges: 30 cells about 16 µm apart cover a disc of radius
  // about 40 µm, against the 6√2 µm they started in.
  EXPECT_LT(start_extent, 9.0);
  EXPECT_GT(lateral_extent_um(a), 25.0);
}

TEST(BasementMembrane, CellsAboveNeverGoBelowTheFloorAndMayLeaveUpwards) {
  Scenario scenario = membrane_box(100, 100, 60);
  scenario.cell_types = {contact_type("loose", MembraneContact::above)};
  std::mt19937_64 random(13);
  std::uniform_real_distribution<double> lateral(-40.0, 40.0), height(-35.0, 35.0);
  int below = 0;
  for (int k = 0; k < 60; ++k) {
    const InitialCell cell{{lateral(random), lateral(random), height(random)}, 0};
    below += cell.position_um[2] <
             surface_formula_um(ridged, cell.position_um[0], cell.position_um[1]) + 8.0;
    scenario.initial_cells.push_back(cell);
  }
  ASSERT_GT(below, 10);  // the floor has work to do
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  const AgentStore& a = simulation->agents();
  for (std::int64_t step = 0; step < simulation->steps_for_hours(1.0); ++step) {
    simulation->step();
    for (std::size_t i = 0; i < a.size(); ++i)
      ASSERT_GE(a.z_um[i], surface_formula_um(ridged, a.x_um[i], a.y_um[i]) + a.radius_um[i] - 1e-9)
          << "agent " << i << " after step " << step;
  }
  // A floor, not a glue: cells pushed up by their neighbours stay up.
  int lifted = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    lifted += a.z_um[i] > surface_formula_um(ridged, a.x_um[i], a.y_um[i]) + a.radius_um[i] + 5.0;
  EXPECT_GT(lifted, 10);
}

// Six overlapping cells stacked on the axis x = y = 0 (a top of the egg-crate) under the domain's
// top face: the wall holds the column down, so the bottom cell is pressed into the floor all along.
Scenario pressed_column(MembraneContact contact) {
  Scenario scenario = membrane_box(100, 100, 60);
  scenario.cell_types = {contact_type("stacked", contact)};
  const double radius = std::cbrt(2494.0 / (4.0 / 3.0 * pi));  // the default volume
  for (int k = 0; k < 6; ++k) scenario.initial_cells.push_back({{0.0, 0.0, radius + 8.0 * k}, 0});
  return scenario;
}

TEST(BasementMembrane, CellPressedDownByAColumnAboveStaysOnTheFloor) {
  auto simulation = Simulation::create(pressed_column(MembraneContact::above));
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  const AgentStore& a = simulation->agents();
  const double floor_um = surface_formula_um(ridged, 0.0, 0.0);  // the level: 0
  for (std::int64_t step = 0; step < simulation->steps_for_hours(1.0); ++step) {
    simulation->step();
    ASSERT_GE(a.z_um[0], floor_um + a.radius_um[0]) << "after step " << step;
    ASSERT_GE(a.vz_um_per_h[0], 0.0);
    ASSERT_GE(a.previous_vz_um_per_h[0], 0.0);
  }
  // Still pushed down at the end: on the floor exactly, its downward velocity cancelled, and on the
  // axis (the forces have no sideways part there).
  EXPECT_EQ(a.z_um[0], floor_um + a.radius_um[0]);
  EXPECT_EQ(a.vz_um_per_h[0], 0.0);
  EXPECT_EQ(a.x_um[0], 0.0);
  EXPECT_EQ(a.y_um[0], 0.0);
  EXPECT_LT(a.z_um[0], a.z_um[1]);

  // Without contact the same column pushes the bottom cell through the surface.
  auto through = Simulation::create(pressed_column(MembraneContact::none));
  ASSERT_TRUE(through.has_value());
  through->advance_to_step(through->steps_for_hours(1.0));
  EXPECT_LT(through->agents().z_um[0], floor_um + through->agents().radius_um[0] - 1.0);
}

TEST(BasementMembrane, ContactIsAppliedEvenWhenNoForceMovesTheCells) {
  Scenario scenario = membrane_box(100, 100, 60);
  CellTypeSpec attached = contact_type("attached", MembraneContact::attached);
  CellTypeSpec above = contact_type("above", MembraneContact::above);
  for (CellTypeSpec* type : {&attached, &above})
    type->mechanics.repulsion_um_per_h = type->mechanics.adhesion_um_per_h = 0.0;
  scenario.wall_repulsion_um_per_h = 0.0;
  scenario.cell_types = {attached, above};
  scenario.initial_cells = {
      {{20.0, 10.0, 30.0}, 0}, {{-20.0, 5.0, -30.0}, 1}, {{5.0, 5.0, 40.0}, 1}};
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value()) << simulation.error().message;
  simulation->step();  // the first mechanics step runs at step 0
  const AgentStore& a = simulation->agents();
  EXPECT_NEAR(a.z_um[0], surface_formula_um(ridged, 20.0, 10.0) + a.radius_um[0], 1e-12);
  EXPECT_NEAR(a.z_um[1], surface_formula_um(ridged, -20.0, 5.0) + a.radius_um[1], 1e-12);
  EXPECT_EQ(a.z_um[2], 40.0);  // above the floor: left where it is
  EXPECT_EQ(a.x_um[0], 20.0);  // lateral positions are kept
  EXPECT_EQ(a.y_um[1], 5.0);
}

TEST(BasementMembrane, FrozenAgentsAndTypesWithoutContactAreUntouched) {
  Scenario scenario = membrane_box(100, 100, 60);
  scenario.cell_types = {contact_type("attached", MembraneContact::attached),
                         contact_type("free", MembraneContact::none),
                         contact_type("above", MembraneContact::above)};
  const MechanicsTable table = MechanicsTable::from(scenario);
  AgentStore agents;
  const std::int32_t types[] = {0, 0, 1, 2};
  const AgentState states[] = {AgentState::frozen, AgentState::dying, AgentState::alive,
                               AgentState::alive};
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t i = agents.append(k);
    agents.type[i] = types[k];
    agents.state[i] = states[k];
    agents.x_um[i] = 40.0;  // the bottom of a peg: z_bm = −20
    agents.z_um[i] = -50.0;
    agents.radius_um[i] = 5.0;
    agents.vz_um_per_h[i] = agents.previous_vz_um_per_h[i] = -7.0;
  }
  apply_basement_membrane(agents, table);
  EXPECT_EQ(agents.z_um[0], -50.0);  // frozen
  EXPECT_EQ(agents.vz_um_per_h[0], -7.0);
  EXPECT_NEAR(agents.z_um[1], -15.0, 1e-12);  // a dying cell is still a body on the surface
  EXPECT_EQ(agents.previous_vz_um_per_h[1], 0.0);
  EXPECT_EQ(agents.z_um[2], -50.0);  // no contact
  EXPECT_EQ(agents.previous_vz_um_per_h[2], -7.0);
  EXPECT_NEAR(agents.z_um[3], -15.0, 1e-12);  // lifted onto the floor
  EXPECT_EQ(agents.vz_um_per_h[3], 0.0);
}

// Births, deaths and movement (as in the simulation tests), with or without a ridged membrane.
Scenario busy_tissue(bool with_membrane, MembraneContact contact) {
  Scenario scenario = testing::empty_box(100, 100, 60);
  CellTypeSpec type = testing::busy_cell_type();
  type.mechanics.membrane = contact;
  scenario.cell_types = {type};
  if (with_membrane) scenario.basement_membrane = ridged;
  for (int i = 0; i < 120; ++i)
    scenario.initial_cells.push_back(
        {{-90.0 + (i * 37) % 180, -90.0 + (i * 53) % 180, -50.0 + (i * 11) % 100}, 0});
  return scenario;
}

std::uint64_t checksum_after(const Scenario& scenario, int threads, double hours) {
  omp_set_num_threads(threads);
  auto simulation = Simulation::create(scenario);
  EXPECT_TRUE(simulation.has_value()) << simulation.error().message;
  simulation->advance_to_step(simulation->steps_for_hours(hours));
  return simulation->state_checksum();
}

TEST(BasementMembrane, TypesWithoutContactRunExactlyAsWithoutTheMembrane) {
  const std::uint64_t without = checksum_after(busy_tissue(false, MembraneContact::none), 2, 1.0);
  EXPECT_EQ(checksum_after(busy_tissue(true, MembraneContact::none), 2, 1.0), without);
  // The comparison can tell: with contact the same tissue takes another course.
  EXPECT_NE(checksum_after(busy_tissue(true, MembraneContact::above), 2, 1.0), without);
}

// More than min_parallel_agents agents of the three contacts over ridges, dividing and dying.
Scenario ridged_tissue() {
  Scenario scenario = membrane_box(150, 150, 60);
  scenario.basement_membrane =
      BasementMembraneSpec{.z_um = 0.0, .ridge_depth_um = 20.0, .ridge_period_um = 60.0};
  CellTypeSpec basal = testing::busy_cell_type();
  basal.name = "basal";
  basal.mechanics.membrane = MembraneContact::attached;
  CellTypeSpec upper = testing::busy_cell_type();
  upper.name = "upper";
  upper.mechanics.membrane = MembraneContact::above;
  scenario.cell_types = {basal, upper, testing::quiet_cell_type("free")};
  for (int i = 0; i < 600; ++i)
    scenario.initial_cells.push_back(
        {{-140.0 + (i * 37) % 280, -140.0 + (i * 53) % 280, -50.0 + (i * 11) % 100}, i % 3});
  return scenario;
}

TEST(BasementMembrane, StateChecksumIsTheSameForOneAndTwoThreads) {
  const Scenario scenario = ridged_tissue();
  const std::uint64_t one = checksum_after(scenario, 1, 0.5);
  const std::uint64_t two = checksum_after(scenario, 2, 0.5);
  EXPECT_EQ(one, two);

  // And the daughters born on the way sit where their type says.
  auto simulation = Simulation::create(scenario);
  ASSERT_TRUE(simulation.has_value());
  simulation->advance_to_step(simulation->steps_for_hours(0.5));
  const AgentStore& a = simulation->agents();
  EXPECT_GT(simulation->fate_totals().births, 0u);
  const BasementMembraneSpec& m = *scenario.basement_membrane;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.state[i] == AgentState::frozen) continue;
    const double resting = surface_formula_um(m, a.x_um[i], a.y_um[i]) + a.radius_um[i];
    if (a.type[i] == 0) {
      EXPECT_NEAR(a.z_um[i], resting, 1e-9) << i;
    } else if (a.type[i] == 1) {
      EXPECT_GE(a.z_um[i], resting - 1e-9) << i;
    }
  }
}

TEST(BasementMembrane, RestoredCheckpointContinuesExactlyLikeTheUninterruptedRun) {
  const Scenario scenario = ridged_tissue();
  auto first = Simulation::create(scenario);
  ASSERT_TRUE(first.has_value());
  testing::expect_restore_continues_exactly(*first, scenario, "membrane.ckpt", 0.25, 0.5);
}

}  // namespace
}  // namespace dermasim::engine
