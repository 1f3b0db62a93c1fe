// Small scenarios built in code for the engine tests.
#pragma once

#include "engine/scenario.hpp"

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

}  // namespace dermasim::engine::testing
