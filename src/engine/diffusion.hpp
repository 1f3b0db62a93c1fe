// Implicit diffusion-decay of several substances on a voxel grid (locally one-dimensional
// splitting).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/scenario.hpp"
#include "engine/voxel_grid.hpp"

namespace dermasim::engine {

// Cell exchange of the occupied voxels, applied after the solve: c ← (c + add) · scale, with
// `add` and `scale` holding substance_count() values per listed voxel.
struct VoxelSources {
  const std::int64_t* voxels = nullptr;
  std::size_t count = 0;
  const double* add = nullptr;
  const double* scale = nullptr;
};

// One implicit step solves, along x, then y, then z, for every substance s:
//   (1 + dt·λ_s/3) c_i − r_s (c_{i−1} − 2 c_i + c_{i+1}) = c_i^old,  r_s = D_s dt / Δx²,
// with no-flux faces (the missing neighbour term dropped) and Dirichlet voxels, which are held at
// their value inside every sweep (DirichletMode::held) or reset before and after each sweep
// (DirichletMode::reset_between_sweeps, PhysiCell's order). Unconditionally stable.
//
// Storage is voxel-major with the substances of a voxel contiguous and padded to a multiple of
// four lanes: value(v, s) = values()[v · lanes() + s]. Every sweep then moves whole 4-lane vectors
// along strided lines, with one small table of Thomas factors per axis shared by all its lines.
// Lines whose Dirichlet voxels differ from the faces' pattern (needle channels, say) are solved
// again with their own factors.
class DiffusionSolver {
 public:
  DiffusionSolver(const VoxelGrid& grid, const std::vector<SubstanceSpec>& substances,
                  DirichletMode mode);

  const VoxelGrid& grid() const { return m_grid; }
  int substance_count() const { return m_substances; }
  int lanes() const { return m_lanes; }
  // Lanes the implicit sweeps solve: up to the last substance with diffusion or decay, rounded up
  // to a multiple of 4. Static substances (diffusion 0 and decay 0: matrix densities that only a
  // reaction kernel changes) listed last are never swept; sources and held voxels still apply.
  int solved_lanes() const { return m_solved_lanes; }
  DirichletMode dirichlet_mode() const { return m_mode; }

  // Padded storage (see above); padding lanes stay zero.
  std::vector<double>& values() { return m_values; }
  const std::vector<double>& values() const { return m_values; }
  double value(std::size_t voxel, int substance) const {
    return m_values[voxel * m_lanes + substance];
  }
  double& value(std::size_t voxel, int substance) { return m_values[voxel * m_lanes + substance]; }

  // Holds voxel `voxel` of `substance` at `value` from now on (sets it immediately).
  void set_dirichlet(std::size_t voxel, int substance, double value);
  // Releases a voxel held by set_dirichlet (face Dirichlet voxels stay held).
  void clear_dirichlet(std::size_t voxel, int substance);
  bool is_dirichlet(std::size_t voxel, int substance) const {
    return m_dirichlet_mask[voxel * m_lanes + substance] != 0;
  }
  // The value a held voxel enters each solve with (the exchange may move it between solves).
  double dirichlet_value(std::size_t voxel, int substance) const {
    return m_dirichlet_value[voxel * m_lanes + substance];
  }

  // Advances by dt_h, then applies the cell exchange.
  void step(double dt_h, const VoxelSources& sources = {});

  // Sum over voxels of concentration × voxel volume, per substance (fixed summation order).
  double total_amount(int substance) const;

 private:
  struct AxisFactors {  // per position along the axis, `lanes` values each
    double dt_h = -1.0;
    // forward  d'_i = d_i · inverse_pivot_i + lower_i · d'_{i−1};  backward x_i = d'_i − upper_i
    // x_{i+1}
    std::vector<double> inverse_pivot, lower, upper;
  };
  struct SpecialLine {  // a line (of one substance) whose Dirichlet pattern is not the faces'
    int axis = 0;
    int substance = 0;
    std::size_t first_voxel = 0;  // flat voxel index of position 0 on the line
    std::size_t stride = 0;       // voxel stride along the axis
    bool fully_held = false;      // every voxel held: nothing to solve
  };

  void factor_axis(int axis, double dt_h);
  void rebuild_special_lines();
  bool face_pattern_holds(int axis, int substance, int position) const;
  void sweep(int axis);
  void save_special_lines(int axis);
  void solve_special_lines(int axis, double dt_h);
  void reset_dirichlet_voxels();
  void apply_sources(const VoxelSources& sources);

  VoxelGrid m_grid;
  int m_substances = 0;
  int m_lanes = 0;
  int m_solved_lanes = 0;
  DirichletMode m_mode = DirichletMode::held;
  std::vector<double> m_diffusion_um2_per_h, m_decay_per_h;
  std::vector<std::array<FaceBoundary, face_count>> m_faces;
  std::vector<double> m_values;
  std::vector<std::uint8_t> m_dirichlet_mask;    // per voxel × lane
  std::vector<double> m_dirichlet_value;         // per voxel × lane, meaningful where masked
  std::vector<std::size_t> m_dirichlet_entries;  // flat (voxel · lanes + substance), ascending
  std::array<AxisFactors, 3> m_factors;
  std::vector<SpecialLine> m_special_lines;
  std::vector<double> m_special_rhs;  // saved right-hand sides of the special lines
  std::vector<double> m_line_upper;   // one line of Thomas uppers for the special solve
  bool m_lines_dirty = true;
};

}  // namespace dermasim::engine
