// Small scenarios built in code for the engine tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/scenario.hpp"
#include "engine/simulation.hpp"

namespace dermasim::engine::testing {

// A cell type with PhysiCell's default volume and mechanics, no cycle and no death.
inline CellTypeSpec quiet_cell_type(const char* name = "cell") {
  CellTypeSpec type;
  type.name = name;
  return type;
}

// A fast-cycling, dying cell type so that births and removals happen within a few hours.
inline CellTypeSpec busy_cell_type() {
  CellTypeSpec type = quiet_cell_type("busy");
  type.cycle = {{"G0G1", 0.5, PhaseDuration::exponential, false, false},
                {"S", 0.2, PhaseDuration::fixed, true, false},
                {"M", 0.1, PhaseDuration::fixed, false, true}};
  type.apoptosis.rate_per_h = 0.3;
  type.apoptosis.duration_h = 0.5;
  return type;
}

// A box of the given half-widths (µm) with no substances and no cells.
inline Scenario empty_box(double half_x, double half_y, double half_z) {
  Scenario scenario;
  scenario.name = "test";
  scenario.domain.min_um = {-half_x, -half_y, -half_z};
  scenario.domain.max_um = {half_x, half_y, half_z};
  scenario.voxel_um = 20.0;
  return scenario;
}

// Saves `first` at save_h into a temporary file named `name`, runs it on to end_h, then restores
// the file with `scenario` and runs that to end_h too; expects both to end in the same state.
inline void expect_restore_continues_exactly(Simulation& first, const Scenario& scenario,
                                             const std::string& name, double save_h, double end_h) {
  const auto path = std::filesystem::path(::testing::TempDir()) / name;
  first.advance_to_step(first.steps_for_hours(save_h));
  ASSERT_TRUE(first.save_checkpoint(path).has_value());
  first.advance_to_step(first.steps_for_hours(end_h));
  auto restored = Simulation::restore(scenario, path);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  restored->advance_to_step(restored->steps_for_hours(end_h));
  EXPECT_EQ(restored->state_checksum(), first.state_checksum());
}

}  // namespace dermasim::engine::testing
