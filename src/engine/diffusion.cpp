// Locally one-dimensional implicit diffusion-decay solver: strided 4-lane sweeps, shared factors.
#include "engine/diffusion.hpp"

#include <algorithm>
#include <cstring>

#include "engine/parallel.hpp"

namespace dermasim::engine {
namespace {

constexpr int axis_x = 0, axis_y = 1, axis_z = 2;
// Lines are swept in chunks small enough that a chunk's whole line data stays in the L1 cache
// between the forward and the backward pass.
constexpr std::size_t chunk_bytes = 24 * 1024;

// Where the lines of one axis lie, in voxels: position p of line l of block b is at
// b · block_stride + l · line_stride + p · position_stride.
struct SweepShape {
  int positions = 1;
  std::size_t position_stride = 1;
  int lines = 1;
  std::size_t line_stride = 1;
  int blocks = 1;
  std::size_t block_stride = 0;
};

SweepShape shape_of(const VoxelGrid& grid, int axis) {
  const int nx = grid.count[0], ny = grid.count[1], nz = grid.count[2];
  const std::size_t plane = static_cast<std::size_t>(nx) * ny;
  if (axis == axis_x) return {nx, 1, ny, static_cast<std::size_t>(nx), nz, plane};
  if (axis == axis_y) return {ny, static_cast<std::size_t>(nx), nx, 1, nz, plane};
  return {nz, plane, nx * ny, 1, 1, 0};
}

// Lanes per voxel (the stride) and how many of them, from the first, a sweep solves.
struct LaneCounts {
  int lanes = 4;
  int solved = 4;
};

// Four lanes of doubles as one value (one AVX register, or two SSE2 registers in the portable
// build); loads and stores go through memcpy, so no alignment is assumed.
using Lanes4 = double __attribute__((vector_size(4 * sizeof(double))));

inline Lanes4 load4(const double* at) {
  Lanes4 v;
  std::memcpy(&v, at, sizeof v);
  return v;
}
inline void store4(double* at, Lanes4 v) {
  std::memcpy(at, &v, sizeof v);
}

// Thomas elimination and back-substitution of lines [first, last) of one block, all lanes at once.
// Lines are interleaved in the inner loop, so the recurrence along a line never stalls the
// pipeline.
// Only the first `solved` lanes of each voxel are swept (the others hold static substances); the
// stride between voxels stays `lanes`.
template <int FixedLanes, int FixedSolved>
void sweep_lines(double* values, LaneCounts runtime, const SweepShape& shape, int block, int first,
                 int last, const double* inverse_pivot, const double* lower, const double* upper) {
  const std::size_t lanes = FixedLanes > 0 ? FixedLanes : static_cast<std::size_t>(runtime.lanes);
  const std::size_t solved =
      FixedSolved > 0 ? FixedSolved : static_cast<std::size_t>(runtime.solved);
  const std::size_t position_step = shape.position_stride * lanes;
  const std::size_t line_step = shape.line_stride * lanes;
  double* base = values + static_cast<std::size_t>(block) * shape.block_stride * lanes;
  for (int l = first; l < last; ++l) {
    double* current = base + static_cast<std::size_t>(l) * line_step;
    for (std::size_t q = 0; q < solved; q += 4)
      store4(current + q, load4(current + q) * load4(inverse_pivot + q));
  }
  for (int p = 1; p < shape.positions; ++p) {
    const double* pivot = inverse_pivot + static_cast<std::size_t>(p) * lanes;
    const double* low = lower + static_cast<std::size_t>(p) * lanes;
    double* row = base + static_cast<std::size_t>(p) * position_step;
    for (std::size_t q = 0; q < solved; q += 4) {
      const Lanes4 pivot4 = load4(pivot + q), low4 = load4(low + q);
      for (int l = first; l < last; ++l) {
        double* current = row + static_cast<std::size_t>(l) * line_step + q;
        store4(current, load4(current) * pivot4 + low4 * load4(current - position_step));
      }
    }
  }
  for (int p = shape.positions - 2; p >= 0; --p) {
    const double* up = upper + static_cast<std::size_t>(p) * lanes;
    double* row = base + static_cast<std::size_t>(p) * position_step;
    for (std::size_t q = 0; q < solved; q += 4) {
      const Lanes4 up4 = load4(up + q);
      for (int l = first; l < last; ++l) {
        double* current = row + static_cast<std::size_t>(l) * line_step + q;
        store4(current, load4(current) - up4 * load4(current + position_step));
      }
    }
  }
}

template <int FixedLanes, int FixedSolved>
void sweep_all(double* values, LaneCounts lanes, const SweepShape& shape,
               const double* inverse_pivot, const double* lower, const double* upper) {
  const std::size_t line_bytes =
      static_cast<std::size_t>(shape.positions) * lanes.lanes * sizeof(double);
  const int lines_per_chunk =
      std::clamp(static_cast<int>(chunk_bytes / line_bytes), 4, std::max(shape.lines, 4));
  const int chunks = (shape.lines + lines_per_chunk - 1) / lines_per_chunk;
  const int items = shape.blocks * chunks;
  const std::size_t work =
      static_cast<std::size_t>(shape.blocks) * shape.lines * shape.positions * lanes.solved;
#pragma omp parallel for schedule(static) if (work >= min_parallel_values)
  for (int item = 0; item < items; ++item) {
    const int first = (item % chunks) * lines_per_chunk;
    sweep_lines<FixedLanes, FixedSolved>(values, lanes, shape, item / chunks, first,
                                         std::min(shape.lines, first + lines_per_chunk),
                                         inverse_pivot, lower, upper);
  }
}

// Lanes up to the last substance that diffuses or decays, rounded up to a whole 4-lane group. A
// static substance (no diffusion, no decay) has identity rows on every axis, Dirichlet or not, so
// its sweep would change no bit: the lanes after the last moving substance are left out.
int solved_lanes_of(const std::vector<SubstanceSpec>& substances) {
  int moving = 0;
  for (std::size_t s = 0; s < substances.size(); ++s)
    if (substances[s].diffusion_um2_per_h != 0.0 || substances[s].decay_per_h != 0.0)
      moving = static_cast<int>(s) + 1;
  return (moving + 3) / 4 * 4;
}

}  // namespace

DiffusionSolver::DiffusionSolver(const VoxelGrid& grid,
                                 const std::vector<SubstanceSpec>& substances, DirichletMode mode)
    : m_grid(grid),
      m_substances(static_cast<int>(substances.size())),
      m_lanes((static_cast<int>(substances.size()) + 3) / 4 * 4),
      m_mode(mode) {
  const std::size_t voxels = m_grid.voxel_total();
  const std::size_t entries = voxels * static_cast<std::size_t>(m_lanes);
  m_values.assign(entries, 0.0);
  m_dirichlet_mask.assign(entries, 0);
  m_dirichlet_value.assign(entries, 0.0);
  for (const auto& substance : substances) {
    m_diffusion_um2_per_h.push_back(substance.diffusion_um2_per_h);
    m_decay_per_h.push_back(substance.decay_per_h);
    m_faces.push_back(substance.faces);
  }
  for (std::size_t v = 0; v < voxels; ++v)
    for (int s = 0; s < m_substances; ++s) value(v, s) = substances[s].initial;
  m_solved_lanes = solved_lanes_of(substances);

  // Face Dirichlet voxels are held like any other.
  for (int s = 0; s < m_substances; ++s)
    for (int face = 0; face < face_count; ++face) {
      const FaceBoundary& boundary = m_faces[s][face];
      if (boundary.kind != BoundaryKind::dirichlet) continue;
      const int axis = face / 2;
      const int fixed = (face % 2 == 0) ? 0 : m_grid.count[axis] - 1;
      for (int k = 0; k < m_grid.count[2]; ++k)
        for (int j = 0; j < m_grid.count[1]; ++j)
          for (int i = 0; i < m_grid.count[0]; ++i) {
            const std::array<int, 3> ijk{i, j, k};
            if (ijk[axis] == fixed) set_dirichlet(m_grid.index(i, j, k), s, boundary.value);
          }
    }
}

void DiffusionSolver::set_dirichlet(std::size_t voxel, int substance, double held_value) {
  const std::size_t entry = voxel * m_lanes + substance;
  if (!m_dirichlet_mask[entry]) {
    m_dirichlet_mask[entry] = 1;
    m_dirichlet_entries.insert(
        std::lower_bound(m_dirichlet_entries.begin(), m_dirichlet_entries.end(), entry), entry);
    m_lines_dirty = true;
  }
  m_dirichlet_value[entry] = held_value;
  m_values[entry] = held_value;
}

void DiffusionSolver::clear_dirichlet(std::size_t voxel, int substance) {
  const std::size_t entry = voxel * m_lanes + substance;
  if (!m_dirichlet_mask[entry]) return;
  const std::size_t nx = static_cast<std::size_t>(m_grid.count[0]);
  const std::size_t ny = static_cast<std::size_t>(m_grid.count[1]);
  const std::array<int, 3> ijk{static_cast<int>(voxel % nx), static_cast<int>((voxel / nx) % ny),
                               static_cast<int>(voxel / (nx * ny))};
  for (int axis = 0; axis < 3; ++axis)
    if (face_pattern_holds(axis, substance, ijk[axis])) return;  // face voxels stay held
  m_dirichlet_mask[entry] = 0;
  m_dirichlet_entries.erase(
      std::lower_bound(m_dirichlet_entries.begin(), m_dirichlet_entries.end(), entry));
  m_lines_dirty = true;
}

bool DiffusionSolver::face_pattern_holds(int axis, int substance, int position) const {
  const auto& faces = m_faces[substance];
  if (position == 0 && faces[2 * axis].kind == BoundaryKind::dirichlet) return true;
  return position == m_grid.count[axis] - 1 && faces[2 * axis + 1].kind == BoundaryKind::dirichlet;
}

// Thomas factors of the tridiagonal system of one axis; padding lanes get the identity.
void DiffusionSolver::factor_axis(int axis, double dt_h) {
  AxisFactors& f = m_factors[axis];
  const int n = m_grid.count[axis];
  const std::size_t size = static_cast<std::size_t>(n) * m_lanes;
  f.inverse_pivot.assign(size, 1.0);
  f.lower.assign(size, 0.0);
  f.upper.assign(size, 0.0);
  const double dx2 = m_grid.voxel_um * m_grid.voxel_um;
  for (int s = 0; s < m_substances; ++s) {
    const double r = m_diffusion_um2_per_h[s] * dt_h / dx2;
    const double diagonal = 1.0 + dt_h * m_decay_per_h[s] / 3.0;
    double previous_upper = 0.0;
    for (int p = 0; p < n; ++p) {
      const bool held = m_mode == DirichletMode::held && face_pattern_holds(axis, s, p);
      const double a = (held || p == 0) ? 0.0 : -r;
      const double c = (held || p == n - 1) ? 0.0 : -r;
      const double b = held ? 1.0 : diagonal + (p > 0 ? r : 0.0) + (p < n - 1 ? r : 0.0);
      const double pivot = b - a * previous_upper;
      const std::size_t at = static_cast<std::size_t>(p) * m_lanes + s;
      f.inverse_pivot[at] = 1.0 / pivot;
      f.lower[at] = -a / pivot;
      f.upper[at] = c / pivot;
      previous_upper = c / pivot;
    }
  }
  f.dt_h = dt_h;
}

void DiffusionSolver::rebuild_special_lines() {
  m_special_lines.clear();
  m_lines_dirty = false;
  if (m_mode != DirichletMode::held) return;
  for (int axis = 0; axis < 3; ++axis) {
    const SweepShape shape = shape_of(m_grid, axis);
    for (int block = 0; block < shape.blocks; ++block)
      for (int line = 0; line < shape.lines; ++line) {
        const std::size_t first = block * shape.block_stride + line * shape.line_stride;
        for (int s = 0; s < m_substances; ++s) {
          bool differs = false, all_held = true;
          for (int p = 0; p < shape.positions; ++p) {
            const bool held = is_dirichlet(first + p * shape.position_stride, s);
            differs = differs || held != face_pattern_holds(axis, s, p);
            all_held = all_held && held;
          }
          if (differs) m_special_lines.push_back({axis, s, first, shape.position_stride, all_held});
        }
      }
  }
}

void DiffusionSolver::save_special_lines(int axis) {
  m_special_rhs.clear();
  for (const SpecialLine& line : m_special_lines) {
    if (line.axis != axis || line.fully_held) continue;
    for (int p = 0; p < m_grid.count[axis]; ++p)
      m_special_rhs.push_back(value(line.first_voxel + p * line.stride, line.substance));
  }
}

// Thomas algorithm on each special line with its own Dirichlet pattern, from the saved right-hand
// side; overwrites what the shared-factor sweep computed there.
void DiffusionSolver::solve_special_lines(int axis, double dt_h) {
  const int n = m_grid.count[axis];
  m_line_upper.resize(static_cast<std::size_t>(n));
  const double dx2 = m_grid.voxel_um * m_grid.voxel_um;
  std::size_t saved = 0;
  for (const SpecialLine& line : m_special_lines) {
    if (line.axis != axis || line.fully_held) continue;
    const int s = line.substance;
    const double r = m_diffusion_um2_per_h[s] * dt_h / dx2;
    const double diagonal = 1.0 + dt_h * m_decay_per_h[s] / 3.0;
    double* rhs = m_special_rhs.data() + saved;
    double previous_upper = 0.0, previous_rhs = 0.0;
    for (int p = 0; p < n; ++p) {
      const std::size_t voxel = line.first_voxel + p * line.stride;
      const bool held = is_dirichlet(voxel, s);
      const double a = (held || p == 0) ? 0.0 : -r;
      const double c = (held || p == n - 1) ? 0.0 : -r;
      const double b = held ? 1.0 : diagonal + (p > 0 ? r : 0.0) + (p < n - 1 ? r : 0.0);
      const double d = held ? m_dirichlet_value[voxel * m_lanes + s] : rhs[p];
      const double pivot = b - a * previous_upper;
      m_line_upper[p] = c / pivot;
      rhs[p] = (d - a * previous_rhs) / pivot;
      previous_upper = m_line_upper[p];
      previous_rhs = rhs[p];
    }
    for (int p = n - 2; p >= 0; --p) rhs[p] -= m_line_upper[p] * rhs[p + 1];
    for (int p = 0; p < n; ++p) value(line.first_voxel + p * line.stride, s) = rhs[p];
    saved += static_cast<std::size_t>(n);
  }
}

void DiffusionSolver::reset_dirichlet_voxels() {
  for (const std::size_t entry : m_dirichlet_entries) m_values[entry] = m_dirichlet_value[entry];
}

void DiffusionSolver::sweep(int axis) {
  if (m_solved_lanes == 0) return;  // every substance is static
  const AxisFactors& f = m_factors[axis];
  const SweepShape shape = shape_of(m_grid, axis);
  const double *pivot = f.inverse_pivot.data(), *lower = f.lower.data(), *upper = f.upper.data();
  const LaneCounts lanes{m_lanes, m_solved_lanes};
  double* values = m_values.data();
  if (m_lanes == 4) {
    sweep_all<4, 4>(values, lanes, shape, pivot, lower, upper);
  } else if (m_lanes == 8 && m_solved_lanes == 8) {
    sweep_all<8, 8>(values, lanes, shape, pivot, lower, upper);
  } else if (m_lanes == 8) {
    sweep_all<8, 4>(values, lanes, shape, pivot, lower, upper);
  } else {
    sweep_all<0, 0>(values, lanes, shape, pivot, lower, upper);
  }
}

void DiffusionSolver::apply_sources(const VoxelSources& sources) {
  const std::size_t S = static_cast<std::size_t>(m_substances);
  const auto lanes = static_cast<std::size_t>(m_lanes);
  double* values = m_values.data();
#pragma omp parallel for schedule(static) if (sources.count * S >= min_parallel_values)
  for (std::size_t k = 0; k < sources.count; ++k) {
    double* __restrict c = values + static_cast<std::size_t>(sources.voxels[k]) * lanes;
    for (std::size_t s = 0; s < S; ++s)
      c[s] = (c[s] + sources.add[k * S + s]) * sources.scale[k * S + s];
  }
}

void DiffusionSolver::step(double dt_h, const VoxelSources& sources) {
  if (m_substances == 0) return;
  for (int axis = 0; axis < 3; ++axis)
    if (m_factors[axis].dt_h != dt_h) factor_axis(axis, dt_h);
  if (m_lines_dirty) rebuild_special_lines();
  // Held voxels enter every sweep at their value and leave it unchanged (lines held throughout are
  // not solved, so they are reset after the shared sweep). The cell exchange after the solve may
  // then move them (uptake lowers a held layer slightly until the next step), as in B1.md.
  reset_dirichlet_voxels();
  for (int axis = 0; axis < 3; ++axis) {
    save_special_lines(axis);
    sweep(axis);
    solve_special_lines(axis, dt_h);
    reset_dirichlet_voxels();
  }
  if (sources.count > 0) apply_sources(sources);
}

double DiffusionSolver::total_amount(int substance) const {
  double sum = 0.0;
  for (std::size_t v = 0; v < m_grid.voxel_total(); ++v) sum += value(v, substance);
  return sum * m_grid.voxel_volume_um3();
}

}  // namespace dermasim::engine
