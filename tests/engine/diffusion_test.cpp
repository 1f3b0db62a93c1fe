// Checks the LOD diffusion-decay solver against analytic solutions, conservation and a reference.
#include "engine/diffusion.hpp"
#include "engine/parallel.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace dermasim::engine {
namespace {

constexpr double voxel_um = 20.0;
constexpr double eps = 2.220446049250313e-16;  // double machine epsilon

// ---------------------------------------------------------------------------------------------
// Small builders.

VoxelGrid make_grid(std::array<int, 3> count) {
  VoxelGrid grid;
  grid.count = count;
  grid.voxel_um = voxel_um;
  return grid;
}

SubstanceSpec make_substance(double diffusion_um2_per_h, double decay_per_h, double initial = 0.0) {
  // Built in one initialiser: assigning the name afterwards trips g++ 12's false -Wrestrict.
  return SubstanceSpec{.name = "s",
                       .diffusion_um2_per_h = diffusion_um2_per_h,
                       .decay_per_h = decay_per_h,
                       .initial = initial};
}

void hold_face(SubstanceSpec& spec, int face, double value) {
  spec.faces[face] = FaceBoundary{BoundaryKind::dirichlet, value};
}

int min_face(int axis) {
  return 2 * axis;
}
int max_face(int axis) {
  return 2 * axis + 1;
}

// Grid with `n_long` voxels along `axis` and `n_short` along the other two.
VoxelGrid grid_along(int axis, int n_long, int n_short) {
  std::array<int, 3> count{n_short, n_short, n_short};
  count[axis] = n_long;
  return make_grid(count);
}

// Flat voxel index of position `p` along `axis`, with the other two coordinates `a` and `b`.
std::size_t voxel_on_line(const VoxelGrid& grid, int axis, int p, int a = 0, int b = 0) {
  std::array<int, 3> ijk{};
  ijk[axis] = p;
  ijk[(axis + 1) % 3] = a;
  ijk[(axis + 2) % 3] = b;
  return grid.index(ijk[0], ijk[1], ijk[2]);
}

// r = D·dt/Δx², the implicit scheme's diffusion number.
double diffusion_number(double diffusion_um2_per_h, double dt_h) {
  return diffusion_um2_per_h * dt_h / (voxel_um * voxel_um);
}

// The solver's field without its padding lanes: voxel × substance.
std::vector<double> field_of(const DiffusionSolver& solver) {
  std::vector<double> field;
  for (std::size_t v = 0; v < solver.grid().voxel_total(); ++v)
    for (int s = 0; s < solver.substance_count(); ++s) field.push_back(solver.value(v, s));
  return field;
}

double relative_difference(double got, double expected) {
  return std::abs(got - expected) / std::max(std::abs(expected), 1e-300);
}

double max_relative_difference(const std::vector<double>& got,
                               const std::vector<double>& expected) {
  double worst = 0.0;
  for (std::size_t e = 0; e < got.size(); ++e)
    worst = std::max(worst, relative_difference(got[e], expected[e]));
  return worst;
}

// ---------------------------------------------------------------------------------------------
// The test oracle: one LOD step done the slow, obvious way, following the header's contract. Every
// line of every axis gets its own tridiagonal system (no shared factors, no transposes) solved by
// the textbook Thomas algorithm. In `held` mode a Dirichlet voxel's row is the identity with its
// held value on the right, in every sweep; in `reset_between_sweeps` mode it is an ordinary
// unknown, reset before and after each sweep. The cell exchange c ← (c + add)·scale follows the
// solve, on the listed voxels only, and may move held voxels until the next step resets them.

// Solves lower[i]·x[i−1] + diagonal[i]·x[i] + upper[i]·x[i+1] = rhs[i] (textbook Thomas).
std::vector<double> thomas_solve(const std::vector<double>& lower, std::vector<double> diagonal,
                                 const std::vector<double>& upper, std::vector<double> rhs) {
  const std::size_t n = rhs.size();
  for (std::size_t i = 1; i < n; ++i) {
    const double m = lower[i] / diagonal[i - 1];
    diagonal[i] -= m * upper[i - 1];
    rhs[i] -= m * rhs[i - 1];
  }
  rhs[n - 1] /= diagonal[n - 1];
  for (std::size_t i = n - 1; i-- > 0;) rhs[i] = (rhs[i] - upper[i] * rhs[i + 1]) / diagonal[i];
  return rhs;
}

struct ReferenceSolver {
  VoxelGrid grid;
  std::vector<SubstanceSpec> substances;
  DirichletMode mode;
  std::vector<double> values;      // voxel × substance
  std::vector<char> held;          // voxel × substance
  std::vector<double> held_value;  // voxel × substance

  ReferenceSolver(const VoxelGrid& g, const std::vector<SubstanceSpec>& specs, DirichletMode m)
      : grid(g), substances(specs), mode(m) {
    const std::size_t entries = grid.voxel_total() * specs.size();
    values.assign(entries, 0.0);
    held.assign(entries, 0);
    held_value.assign(entries, 0.0);
    for (std::size_t v = 0; v < grid.voxel_total(); ++v)
      for (int s = 0; s < substance_count(); ++s) values[entry(v, s)] = specs[s].initial;
    for (int s = 0; s < substance_count(); ++s)
      for (int face = 0; face < face_count; ++face)
        if (specs[s].faces[face].kind == BoundaryKind::dirichlet) hold_face_voxels(s, face);
  }

  int substance_count() const { return static_cast<int>(substances.size()); }
  std::size_t entry(std::size_t voxel, int s) const { return voxel * substances.size() + s; }

  void hold(std::size_t voxel, int s, double value) {
    held[entry(voxel, s)] = 1;
    held_value[entry(voxel, s)] = value;
    values[entry(voxel, s)] = value;
  }

  void hold_face_voxels(int s, int face) {
    const int axis = face / 2;
    const int p = face % 2 == 0 ? 0 : grid.count[axis] - 1;
    for (int b = 0; b < grid.count[(axis + 2) % 3]; ++b)
      for (int a = 0; a < grid.count[(axis + 1) % 3]; ++a)
        hold(voxel_on_line(grid, axis, p, a, b), s, substances[s].faces[face].value);
  }

  void reset_held() {
    for (std::size_t e = 0; e < values.size(); ++e)
      if (held[e]) values[e] = held_value[e];
  }

  void solve_line(int axis, int a, int b, int s, double dt_h) {
    const int n = grid.count[axis];
    const double r = diffusion_number(substances[s].diffusion_um2_per_h, dt_h);
    const double decay_share = dt_h * substances[s].decay_per_h / 3.0;
    std::vector<double> lower(n), diagonal(n), upper(n), rhs(n);
    for (int p = 0; p < n; ++p) {
      const std::size_t e = entry(voxel_on_line(grid, axis, p, a, b), s);
      if (mode == DirichletMode::held && held[e]) {
        lower[p] = upper[p] = 0.0;
        diagonal[p] = 1.0;
        rhs[p] = held_value[e];
        continue;
      }
      lower[p] = p > 0 ? -r : 0.0;
      upper[p] = p < n - 1 ? -r : 0.0;
      diagonal[p] = 1.0 + decay_share - lower[p] - upper[p];
      rhs[p] = values[e];
    }
    const std::vector<double> solution = thomas_solve(lower, diagonal, upper, rhs);
    for (int p = 0; p < n; ++p) values[entry(voxel_on_line(grid, axis, p, a, b), s)] = solution[p];
  }

  void apply_sources(const VoxelSources& sources) {
    const std::size_t S = substances.size();
    for (std::size_t k = 0; k < sources.count; ++k)
      for (std::size_t s = 0; s < S; ++s) {
        double& c = values[entry(static_cast<std::size_t>(sources.voxels[k]), static_cast<int>(s))];
        c = (c + sources.add[k * S + s]) * sources.scale[k * S + s];
      }
  }

  void step(double dt_h, const VoxelSources& sources = {}) {
    for (int axis = 0; axis < 3; ++axis) {
      if (mode == DirichletMode::reset_between_sweeps || axis == 0) reset_held();
      for (int b = 0; b < grid.count[(axis + 2) % 3]; ++b)
        for (int a = 0; a < grid.count[(axis + 1) % 3]; ++a)
          for (int s = 0; s < substance_count(); ++s) solve_line(axis, a, b, s, dt_h);
      if (mode == DirichletMode::reset_between_sweeps) reset_held();
    }
    apply_sources(sources);
  }
};

// ---------------------------------------------------------------------------------------------
// Random problems for the oracle and thread tests.

struct HeldVoxel {
  std::size_t voxel;
  int substance;
  double value;
};

struct RandomProblem {
  VoxelGrid grid;
  std::vector<SubstanceSpec> substances;
  std::vector<double> initial;  // voxel × substance, applied to voxels not held by a face
  std::vector<HeldVoxel> held;  // per-voxel Dirichlet voxels, set after the initial field
  std::vector<std::int64_t> source_voxels;  // occupied voxels, unique, in random order
  std::vector<double> add, scale;           // per occupied voxel × substance

  VoxelSources sources() const {
    return {source_voxels.data(), source_voxels.size(), add.data(), scale.data()};
  }
};

// A random field, random held voxels (density `held_fraction`), one needle column along each axis
// for one substance each, and random cell exchange on about a third of the voxels. Faces are as
// given in `substances`.
RandomProblem make_random_problem(std::uint64_t seed, std::array<int, 3> count,
                                  std::vector<SubstanceSpec> substances, double held_fraction) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  RandomProblem problem{make_grid(count), std::move(substances), {}, {}, {}, {}, {}};
  const std::size_t voxels = problem.grid.voxel_total();
  const int S = static_cast<int>(problem.substances.size());
  const std::size_t entries = voxels * static_cast<std::size_t>(S);
  for (std::size_t e = 0; e < entries; ++e) problem.initial.push_back(0.5 + unit(rng));
  for (std::size_t v = 0; v < voxels; ++v)
    if (unit(rng) < 0.3) problem.source_voxels.push_back(static_cast<std::int64_t>(v));
  std::shuffle(problem.source_voxels.begin(), problem.source_voxels.end(), rng);
  for (std::size_t e = 0; e < problem.source_voxels.size() * static_cast<std::size_t>(S); ++e) {
    problem.add.push_back(0.1 * unit(rng));
    problem.scale.push_back(0.9 + 0.1 * unit(rng));
  }
  for (std::size_t v = 0; v < voxels; ++v)
    for (int s = 0; s < S; ++s)
      if (unit(rng) < held_fraction) problem.held.push_back({v, s, 0.5 + unit(rng)});
  for (int axis = 0; axis < 3; ++axis) {  // needle columns through the whole domain
    const int a = 1 + static_cast<int>(unit(rng) * (count[(axis + 1) % 3] - 2));
    const int b = 1 + static_cast<int>(unit(rng) * (count[(axis + 2) % 3] - 2));
    const double value = 2.0 + unit(rng);
    for (int p = 0; p < count[axis]; ++p)
      problem.held.push_back({voxel_on_line(problem.grid, axis, p, a, b), axis % S, value});
  }
  return problem;
}

// Loads a problem's initial field (where no face holds the voxel) and held voxels into a solver.
template <typename Value, typename IsHeld, typename Hold>
void load_problem(const RandomProblem& problem, Value value, IsHeld is_held, Hold hold) {
  const int S = static_cast<int>(problem.substances.size());
  for (std::size_t v = 0; v < problem.grid.voxel_total(); ++v)
    for (int s = 0; s < S; ++s)
      if (!is_held(v, s)) value(v, s) = problem.initial[v * S + s];
  for (const HeldVoxel& h : problem.held) hold(h.voxel, h.substance, h.value);
}

DiffusionSolver make_solver(const RandomProblem& problem, DirichletMode mode) {
  DiffusionSolver solver(problem.grid, problem.substances, mode);
  load_problem(
      problem, [&](std::size_t v, int s) -> double& { return solver.value(v, s); },
      [&](std::size_t v, int s) { return solver.is_dirichlet(v, s); },
      [&](std::size_t v, int s, double value) { solver.set_dirichlet(v, s, value); });
  return solver;
}

ReferenceSolver make_reference(const RandomProblem& problem, DirichletMode mode) {
  ReferenceSolver reference(problem.grid, problem.substances, mode);
  load_problem(
      problem,
      [&](std::size_t v, int s) -> double& { return reference.values[reference.entry(v, s)]; },
      [&](std::size_t v, int s) { return reference.held[reference.entry(v, s)] != 0; },
      [&](std::size_t v, int s, double value) { reference.hold(v, s, value); });
  return reference;
}

// Runs `steps` steps of both and returns the worst relative difference seen after any step.
double worst_difference_against_reference(const RandomProblem& problem, DirichletMode mode,
                                          double dt_h, int steps, bool with_sources) {
  DiffusionSolver solver = make_solver(problem, mode);
  ReferenceSolver reference = make_reference(problem, mode);
  const VoxelSources sources = with_sources ? problem.sources() : VoxelSources{};
  double worst = 0.0;
  for (int k = 0; k < steps; ++k) {
    solver.step(dt_h, sources);
    reference.step(dt_h, sources);
    worst = std::max(worst, max_relative_difference(field_of(solver), reference.values));
  }
  return worst;
}

std::vector<SubstanceSpec> three_substances(double decay_per_h) {
  // r = D·dt/Δx² of 0.05, 2 and 40 at dt = 0.02 h: weak, moderate and strong coupling.
  return {make_substance(1000.0, decay_per_h), make_substance(40000.0, 2.0 * decay_per_h),
          make_substance(800000.0, 0.5 * decay_per_h)};
}

// ---------------------------------------------------------------------------------------------
// 1. Steady state with decay in 1-D, along each axis.

class SteadyStateWithDecay : public ::testing::TestWithParam<int> {};

TEST_P(SteadyStateWithDecay, MatchesCoshProfileFromDirichletFace) {
  const int axis = GetParam();
  const int n = 100;
  const VoxelGrid grid = grid_along(axis, n, 2);
  const double c0 = 3.0;
  const double length_scale_um = 10.0 * voxel_um;  // λ_D = sqrt(D/decay) = 10 voxels
  const double decay_per_h = 2.5;
  const double diffusion = decay_per_h * length_scale_um * length_scale_um;
  SubstanceSpec spec = make_substance(diffusion, decay_per_h);
  hold_face(spec, min_face(axis), c0);
  DiffusionSolver solver(grid, {spec}, DirichletMode::held);

  const double a = 1e-3;  // decay share per sweep, dt·decay/3
  const double dt_h = 3.0 * a / decay_per_h;
  // The slowest mode relaxes at least at the decay rate: after decay·t = 35 the transient is
  // c0·e^−35 ≈ 6e−16·c0, negligible against the 1e−9 tolerance below even at the far end
  // (~1e−4·c0).
  const int steps = static_cast<int>(std::ceil(35.0 / (decay_per_h * dt_h)));
  for (int k = 0; k < steps; ++k) solver.step(dt_h);

  auto c = [&](int p) { return solver.value(voxel_on_line(grid, axis, p, 1, 1), 0); };
  EXPECT_EQ(c(0), c0);

  // Discrete analytic steady state. The field is uniform across the line, so the two other sweeps
  // only divide the interior by (1+a) each, whichever side of the along-axis sweep they fall; the
  // fixed point then obeys, for interior voxels,
  //   ((1+a)³ − 1) / ((1+a)² r) · c_i = c_{i−1} − 2c_i + c_{i+1},
  // whose solution with the no-flux ghost c_n = c_{n−1} is c_i ∝ cosh(κ(M − i)), M = n − 1/2,
  // cosh κ = 1 + μ/2. The shape c_i/c_1 is independent of how the held value enters; rounding in
  // a well-conditioned tridiagonal solve stays far below 1e−9.
  const double r = diffusion_number(diffusion, dt_h);
  const double mu = (std::pow(1.0 + a, 3) - 1.0) / (std::pow(1.0 + a, 2) * r);
  const double kappa = std::acosh(1.0 + mu / 2.0);
  const double M = n - 0.5;
  for (int p = 1; p < n; ++p) {
    const double expected_ratio = std::cosh(kappa * (M - p)) / std::cosh(kappa * (M - 1));
    EXPECT_NEAR(c(p) / c(1), expected_ratio, 1e-9 * expected_ratio)
        << "axis " << axis << " p " << p;
  }
  // The boundary value the interior sees, g = c_1·cosh(κM)/cosh(κ(M−1)). Splitting lets the held
  // voxel and the interior decay by different shares within one step, so g lies between
  // c0/(1+a)² (both other sweeps' decay applied to the interior only) and c0 (none).
  const double g = c(1) * std::cosh(kappa * M) / std::cosh(kappa * (M - 1));
  EXPECT_GE(g, c0 / std::pow(1.0 + a, 2) * (1.0 - 1e-12));
  EXPECT_LE(g, c0 * (1.0 + 1e-12));

  // Continuous analytic: c(x) = c0·cosh((L − x)/λ_D)/cosh(L/λ_D), x from the held voxel centre,
  // L = M·Δx to the no-flux face. Error budget (relative):
  //  - held value: |g/c0 − 1| ≤ (1+a)² − 1 ≈ 2a = 2e−3;
  //  - the discrete decay rate κ differs from Δx/λ_D by δ = |κλ_D/Δx − 1| (≈ μ/24 from the
  //    3-point Laplacian, ≈ a/2 from the time step); the profile's sensitivity to the rate is
  //    |(M−m)·tanh(κ(M−m)) − M·tanh(κM)|·κ per unit relative change.
  // Tolerance: twice that first-order budget (second-order terms are < 1e−5 here).
  const double kappa_continuous = voxel_um / length_scale_um;
  const double delta = std::abs(kappa / kappa_continuous - 1.0);
  for (int p = 0; p < n; ++p) {
    const double x_um = p * voxel_um;
    const double L_um = M * voxel_um;
    const double expected =
        c0 * std::cosh((L_um - x_um) / length_scale_um) / std::cosh(L_um / length_scale_um);
    const double sensitivity =
        kappa_continuous * std::abs((M - p) * std::tanh(kappa_continuous * (M - p)) -
                                    M * std::tanh(kappa_continuous * M));
    const double tolerance = 2.0 * ((std::pow(1.0 + a, 2) - 1.0) + delta * sensitivity);
    EXPECT_NEAR(c(p), expected, tolerance * expected) << "axis " << axis << " p " << p;
  }
}

INSTANTIATE_TEST_SUITE_P(AllAxes, SteadyStateWithDecay, ::testing::Values(0, 1, 2));

// ---------------------------------------------------------------------------------------------
// 2. Gaussian spreading of a point source, zero decay, 3-D.

struct Moments {
  double mass = 0.0;
  std::array<double, 3> mean_um{};
  std::array<double, 3> variance_um2{};
};

// Mass-weighted mean and variance per axis, coordinates relative to voxel `centre`.
Moments moments(const DiffusionSolver& solver, std::array<int, 3> centre) {
  const VoxelGrid& grid = solver.grid();
  Moments m;
  std::array<double, 3> first{}, second{};
  for (int k = 0; k < grid.count[2]; ++k)
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i) {
        const double c = solver.value(grid.index(i, j, k), 0);
        const std::array<int, 3> ijk{i, j, k};
        m.mass += c;
        for (int axis = 0; axis < 3; ++axis) {
          const double x = (ijk[axis] - centre[axis]) * voxel_um;
          first[axis] += c * x;
          second[axis] += c * x * x;
        }
      }
  for (int axis = 0; axis < 3; ++axis) {
    m.mean_um[axis] = first[axis] / m.mass;
    m.variance_um2[axis] = second[axis] / m.mass - m.mean_um[axis] * m.mean_um[axis];
  }
  return m;
}

// Amount within `layers` voxels of any face, relative to the total: how much the finite box
// matters.
double fraction_near_faces(const DiffusionSolver& solver, int layers) {
  const VoxelGrid& grid = solver.grid();
  double near = 0.0, total = 0.0;
  for (int k = 0; k < grid.count[2]; ++k)
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i) {
        const double c = solver.value(grid.index(i, j, k), 0);
        total += c;
        const std::array<int, 3> ijk{i, j, k};
        bool is_near = false;
        for (int axis = 0; axis < 3; ++axis)
          is_near = is_near || ijk[axis] < layers || ijk[axis] >= grid.count[axis] - layers;
        if (is_near) near += c;
      }
  return near / total;
}

DiffusionSolver spread_point_source(int half_width, double diffusion, double dt_h, int steps) {
  const int n = 2 * half_width + 1;
  const VoxelGrid grid = make_grid({n, n, n});
  DiffusionSolver solver(grid, {make_substance(diffusion, 0.0)}, DirichletMode::held);
  solver.value(grid.index(half_width, half_width, half_width), 0) = 1.0;
  for (int k = 0; k < steps; ++k) solver.step(dt_h);
  return solver;
}

TEST(GaussianSpreading, VarianceGrowsAsTwoDtPerAxisIndependentOfTimeStep) {
  const int half_width = 30;
  const double diffusion = 3200.0;  // µm²/h
  const double t_h = 1.0;           // 2Dt = 6400 µm² = 16 Δx²: σ = 4 voxels, faces 7.6σ away
  const std::array<int, 3> centre{half_width, half_width, half_width};
  // Implicit Euler along one axis multiplies the Fourier transform by 1/(1 + 2r(1 − cos k)), whose
  // second derivative at k = 0 is −2r: on an unbounded lattice each sweep adds exactly 2r·Δx² =
  // 2D·dt to the variance, for any dt. The only departures are rounding (~1e−13) and the box
  // faces: the lattice kernel has exponential, not Gaussian, tails, so a fraction f ~ 1e−10 of the
  // mass sits in the outermost layer. Mass that meets a face is reflected, which moves its x² by at
  // most (2L)², L the half width: relative variance error ≲ 10·f·(2L)²/(2Dt), the 10 covering mass
  // that met a face and left the outer layer again. That is ~1e−7, far tighter than a few %.
  const double expected = 2.0 * diffusion * t_h;  // σ0² = 0: all mass in one voxel
  const double two_l = 2.0 * (half_width + 1) * voxel_um;
  for (const int steps : {100, 200}) {
    const double dt_h = t_h / steps;
    const DiffusionSolver solver = spread_point_source(half_width, diffusion, dt_h, steps);
    const double outer = fraction_near_faces(solver, 1);
    EXPECT_LT(outer, 1e-9);
    const double tolerance = 1e-12 + 10.0 * outer * two_l * two_l / expected;
    const Moments m = moments(solver, centre);
    EXPECT_NEAR(m.mass, 1.0, 1e-12);
    for (int axis = 0; axis < 3; ++axis) {
      EXPECT_NEAR(m.mean_um[axis], 0.0, 1e-9 * voxel_um) << "axis " << axis;
      EXPECT_NEAR(m.variance_um2[axis], expected, tolerance * expected)
          << "axis " << axis << " steps " << steps;
    }
  }
}

TEST(GaussianSpreading, ProfileMatchesGaussianWithinEdgeworthCorrection) {
  const int half_width = 30;
  const double diffusion = 3200.0;
  const int steps = 100;
  const double dt_h = 0.01;  // r = 0.08
  const DiffusionSolver solver = spread_point_source(half_width, diffusion, dt_h, steps);
  const VoxelGrid& grid = solver.grid();
  const double s2 = 2.0 * diffusion * dt_h * steps;
  const double amount = grid.voxel_volume_um3();  // concentration 1 in one voxel
  const double peak = amount / std::pow(2.0 * std::numbers::pi * s2, 1.5);
  // The lattice kernel's fourth cumulant per sweep is 2r + 12r² (Δx⁴), from
  // −ln(1 + 2r(1 − cos k)) = −r k² + (r/12 + r²/2) k⁴ + …; after n steps the local Edgeworth
  // correction per axis is κ4/(24κ2²)·He4(u), |He4(u)·e^(−u²/2)| ≤ 3. Summed over three axes, the
  // deviation from the Gaussian is at most 9·(2r + 12r²)/(96 r² n) of the peak (≈ 3.5 %);
  // tolerance 1.5× that for the higher-order terms.
  const double r = diffusion_number(diffusion, dt_h);
  const double tolerance = 1.5 * 9.0 * (2.0 * r + 12.0 * r * r) / (96.0 * r * r * steps) * peak;
  double worst = 0.0;
  for (int k = 0; k < grid.count[2]; ++k)
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i) {
        const double dx = (i - half_width) * voxel_um, dy = (j - half_width) * voxel_um,
                     dz = (k - half_width) * voxel_um;
        const double expected = peak * std::exp(-(dx * dx + dy * dy + dz * dz) / (2.0 * s2));
        worst = std::max(worst, std::abs(solver.value(grid.index(i, j, k), 0) - expected));
      }
  EXPECT_LT(worst, tolerance) << "peak " << peak;
}

// ---------------------------------------------------------------------------------------------
// 3. Mass conservation.

// Fills a solver with a random field (fixed seed) and returns the total amount per substance.
std::vector<double> randomise_field(DiffusionSolver& solver, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t v = 0; v < solver.grid().voxel_total(); ++v)
    for (int s = 0; s < solver.substance_count(); ++s) solver.value(v, s) = unit(rng);
  std::vector<double> totals;
  for (int s = 0; s < solver.substance_count(); ++s) totals.push_back(solver.total_amount(s));
  return totals;
}

TEST(MassConservation, NoFluxZeroDecayKeepsTotalAmountOnRandomField) {
  const VoxelGrid grid = make_grid({7, 5, 4});
  // r = 0.05, 0.5 and 2 at dt = 0.02 h (B1's oxygen has r ≈ 2.5).
  DiffusionSolver solver(
      grid,
      {make_substance(1000.0, 0.0), make_substance(10000.0, 0.0), make_substance(40000.0, 0.0)},
      DirichletMode::held);
  const std::vector<double> before = randomise_field(solver, 20240611);
  // Each tridiagonal system has unit column sums (diagonal 1 + r·neighbours, off-diagonals −r), so
  // it conserves the line sum in real arithmetic. Rounding changes the sum by ~1e−16 relative per
  // solve for r ≤ 2 (partly systematically, the factors being the same every step): 3000 solves
  // stay below 1e−12.
  for (int k = 0; k < 1000; ++k) solver.step(0.02);
  for (int s = 0; s < 3; ++s)
    EXPECT_NEAR(solver.total_amount(s), before[s], 1e-12 * before[s]) << "substance " << s;
  // The most strongly coupled substance has relaxed to its mean everywhere.
  const double mean =
      before[2] / (static_cast<double>(grid.voxel_total()) * grid.voxel_volume_um3());
  for (std::size_t v = 0; v < grid.voxel_total(); ++v) EXPECT_NEAR(solver.value(v, 2), mean, 1e-9);
}

TEST(MassConservation, StrongCouplingDriftStaysWithinTheFactorisationRoundingBound) {
  // r = 40: the rounded LU factors (fixed for all steps) perturb the column sums by up to
  // ~(1 + 4r)·eps, and that bias repeats every solve; a textbook Thomas solve shows the same
  // ~1e−15 per solve. Bound: steps · 3 sweeps · (1 + 4r) · eps.
  const double r = 40.0, dt_h = 0.02;
  DiffusionSolver solver(make_grid({7, 5, 4}),
                         {make_substance(r * voxel_um * voxel_um / dt_h, 0.0)},
                         DirichletMode::held);
  const double before = randomise_field(solver, 7)[0];
  const int steps = 500;
  for (int k = 0; k < steps; ++k) solver.step(dt_h);
  EXPECT_NEAR(solver.total_amount(0), before, steps * 3.0 * (1.0 + 4.0 * r) * eps * before);
}

// ---------------------------------------------------------------------------------------------
// 4. Decay only.

TEST(DecayOnly, UniformFieldDecaysByTheSchemeFactorEachStep) {
  const VoxelGrid grid = make_grid({4, 3, 2});
  const std::vector<SubstanceSpec> specs{make_substance(0.0, 3.0, 2.5),
                                         make_substance(0.0, 0.3, 1.0)};
  DiffusionSolver solver(grid, specs, DirichletMode::held);
  const double dt_h = 0.01;
  for (int k = 0; k < 100; ++k) {
    const std::vector<double> before = field_of(solver);
    solver.step(dt_h);
    for (std::size_t v = 0; v < grid.voxel_total(); ++v)
      for (int s = 0; s < 2; ++s) {
        // With D = 0 each sweep solves (1 + dt·λ/3)·c_new = c_old, so one step multiplies by
        // (1 + dt·λ/3)^−3. Rounding: one reciprocal and three products in the solver, pow here:
        // at most ~3 ulp, tolerance 8·eps.
        const double factor = std::pow(1.0 + dt_h * specs[s].decay_per_h / 3.0, -3.0);
        const double old = before[v * 2 + s];
        EXPECT_NEAR(solver.value(v, s), old * factor, 8.0 * eps * old);
      }
  }
}

TEST(DecayOnly, ApproachesExponentialDecayForSmallTimeSteps) {
  const double decay_per_h = 3.0, t_h = 1.0;
  for (const double dt_h : {0.01, 0.0001}) {
    DiffusionSolver solver(make_grid({3, 2, 2}), {make_substance(0.0, decay_per_h, 1.0)},
                           DirichletMode::held);
    const int steps = static_cast<int>(std::lround(t_h / dt_h));
    for (int k = 0; k < steps; ++k) solver.step(dt_h);
    // (1+a)^(−3N) = exp(−3N·ln(1+a)) with a = dt·λ/3 and a − a²/2 ≤ ln(1+a) ≤ a − a²/2 + a³/3, so
    // the ratio to exp(−λt) lies in [exp(3N(a²/2 − a³/3)), exp(3N·a²/2)], i.e. ≈ 1 + λt·a/2.
    const double a = dt_h * decay_per_h / 3.0;
    const double ratio = solver.value(0, 0) / std::exp(-decay_per_h * t_h);
    EXPECT_GE(ratio, std::exp(3.0 * steps * (a * a / 2.0 - a * a * a / 3.0)) * (1.0 - 1e-12));
    EXPECT_LE(ratio, std::exp(3.0 * steps * a * a / 2.0) * (1.0 + 1e-12));
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Dirichlet faces without decay: a linear steady profile.

class OpposingDirichletFaces : public ::testing::TestWithParam<int> {};

SubstanceSpec opposing_faces_substance(int axis, double diffusion, double c1, double c2) {
  SubstanceSpec spec = make_substance(diffusion, 0.0, 0.0);
  hold_face(spec, min_face(axis), c1);
  hold_face(spec, max_face(axis), c2);
  return spec;
}

TEST_P(OpposingDirichletFaces, HeldModeReachesLinearProfileAndHoldsFacesExactly) {
  const int axis = GetParam();
  const int n = 9;
  const double c1 = 2.0, c2 = 7.0;
  std::array<int, 3> count{3, 3, 3};
  count[axis] = n;
  count[(axis + 1) % 3] = 2;
  const VoxelGrid grid = make_grid(count);
  DiffusionSolver solver(grid, {opposing_faces_substance(axis, 1e5, c1, c2)}, DirichletMode::held);
  const double dt_h = 0.04;  // r = 10
  // The slowest error mode decays by 1/(1 + r·2(1 − cos(π/(n−1)))) ≈ 0.4 per step: 300 steps
  // leave nothing; the residual error is rounding, ~eps·(1 + 4r), so 1e−12 relative.
  for (int k = 0; k < 300; ++k) {
    solver.step(dt_h);
    for (int b = 0; b < count[(axis + 2) % 3]; ++b)
      for (int a = 0; a < count[(axis + 1) % 3]; ++a) {
        ASSERT_EQ(solver.value(voxel_on_line(grid, axis, 0, a, b), 0), c1);
        ASSERT_EQ(solver.value(voxel_on_line(grid, axis, n - 1, a, b), 0), c2);
      }
  }
  for (int b = 0; b < count[(axis + 2) % 3]; ++b)
    for (int a = 0; a < count[(axis + 1) % 3]; ++a)
      for (int p = 0; p < n; ++p) {
        const double expected = c1 + (c2 - c1) * p / (n - 1);
        EXPECT_NEAR(solver.value(voxel_on_line(grid, axis, p, a, b), 0), expected, 1e-12 * c2);
      }
}

TEST_P(OpposingDirichletFaces, ResetBetweenSweepsConvergesToLinearProfileAsDtShrinks) {
  const int axis = GetParam();
  const int n = 9;
  const double c1 = 2.0, c2 = 7.0;
  const VoxelGrid grid = grid_along(axis, n, 2);
  for (const double r : {0.2, 0.05}) {
    const double diffusion = 1e5;
    const double dt_h = r * voxel_um * voxel_um / diffusion;
    DiffusionSolver solver(grid, {opposing_faces_substance(axis, diffusion, c1, c2)},
                           DirichletMode::reset_between_sweeps);
    // The slowest mode decays at ≈ r·(π/(n−1))² per step: 35/that steps leave < 1e−15.
    const int steps = static_cast<int>(35.0 / (r * std::pow(std::numbers::pi / (n - 1), 2)));
    for (int k = 0; k < steps; ++k) {
      solver.step(dt_h);
      ASSERT_EQ(solver.value(voxel_on_line(grid, axis, 0), 0), c1);
      ASSERT_EQ(solver.value(voxel_on_line(grid, axis, n - 1), 0), c2);
    }
    // Fixed point (derived): the held voxels are solved as unknowns with no-flux rows, so the
    // pre-reset solution u is linear with u_0 − r(u_1 − u_0) = c1 and the mirror at the other end:
    // slope β = (c2 − c1)/(n − 1 + 2r), interior c_i = c1 + β(r + i). Its distance from the
    // held-mode line c1 + (c2 − c1)·i/(n − 1) is below |c2 − c1|·r/(n − 1): first order in dt.
    const double beta = (c2 - c1) / (n - 1 + 2.0 * r);
    for (int p = 1; p < n - 1; ++p) {
      const double c = solver.value(voxel_on_line(grid, axis, p, 1, 1), 0);
      EXPECT_NEAR(c, c1 + beta * (r + p), 1e-12 * c2) << "r " << r << " p " << p;
      EXPECT_NEAR(c, c1 + (c2 - c1) * p / (n - 1), (c2 - c1) * r / (n - 1)) << "r " << r;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllAxes, OpposingDirichletFaces, ::testing::Values(0, 1, 2));

// ---------------------------------------------------------------------------------------------
// 6. Per-voxel Dirichlet: a needle channel (an infinite line source) and the reference oracle.

struct NeedleRun {
  VoxelGrid grid;
  std::vector<double> values;
  int centre = 0;
  double length_scale_um = 0.0;
};

// Steady state around a held column along z through the centre of an n×n×2 box with decay.
constexpr int needle_half_width = 16;
constexpr double needle_length_scale_voxels = 4.0;  // λ_D = sqrt(D/decay) = 80 µm
constexpr double needle_final_r = 0.02;             // r of the final, accurate phase

// Steady state around a held column along z through the centre of a 33×33×2 box with decay.
// Phase one (r = 0.25, decay·t = 30) gets close cheaply; phase two (r = 0.02, decay·t = 8) relaxes
// the O(r) splitting difference between the two fixed points by e^−8. The needle voxels are
// checked to hold exactly their value after every step.
NeedleRun run_needle_to_steady_state() {
  const int n = 2 * needle_half_width + 1;
  NeedleRun run{make_grid({n, n, 2}), {}, needle_half_width, needle_length_scale_voxels * voxel_um};
  const double diffusion = 1e5;
  const double decay = diffusion / (run.length_scale_um * run.length_scale_um);
  DiffusionSolver solver(run.grid, {make_substance(diffusion, decay)}, DirichletMode::held);
  const double c0 = 1.0;
  for (int k = 0; k < 2; ++k)
    solver.set_dirichlet(run.grid.index(run.centre, run.centre, k), 0, c0);
  int steps_not_held = 0;
  double last_seen = c0;
  for (const auto& [r, decay_times] : {std::pair{0.25, 30.0}, std::pair{needle_final_r, 8.0}}) {
    const double dt_h = r * voxel_um * voxel_um / diffusion;
    const int steps = static_cast<int>(std::ceil(decay_times / (decay * dt_h)));
    for (int step = 0; step < steps; ++step) {
      solver.step(dt_h);
      for (int k = 0; k < 2; ++k) {
        const double held = solver.value(run.grid.index(run.centre, run.centre, k), 0);
        if (held != c0) last_seen = held;
        steps_not_held += held != c0 ? 1 : 0;
      }
    }
  }
  EXPECT_EQ(steps_not_held, 0) << "needle voxel held at " << c0 << " read " << last_seen;
  run.values = field_of(solver);
  return run;
}

// One run shared by the needle tests.
const NeedleRun& needle_steady_state() {
  static const NeedleRun run = run_needle_to_steady_state();
  return run;
}

double needle_value(const NeedleRun& run, int di, int dj, int k = 0) {
  return run.values[run.grid.index(run.centre + di, run.centre + dj, k)];
}

TEST(NeedleChannel, SteadyStateIsMirrorSymmetricAndUniformAlongTheNeedle) {
  const NeedleRun& run = needle_steady_state();
  for (int d = 1; d <= needle_half_width; ++d)
    for (int e = 0; e <= needle_half_width; ++e) {
      // Each sweep's operator commutes with the mirrors x → −x and y → −y about the needle, so the
      // unique fixed point is mirror symmetric; the two sides differ only by rounding.
      const double c = needle_value(run, d, e);
      EXPECT_NEAR(needle_value(run, -d, e), c, 1e-12 * c) << d << "," << e;
      EXPECT_NEAR(needle_value(run, d, -e), c, 1e-12 * c) << d << "," << e;
      EXPECT_NEAR(needle_value(run, -d, -e), c, 1e-12 * c) << d << "," << e;
      EXPECT_NEAR(needle_value(run, d, e, 1), c, 1e-12 * c) << d << "," << e;  // along z
      EXPECT_NEAR(needle_value(run, e, d), needle_value(run, e, -d), 1e-12 * c);
    }
}

// Relative contribution of the four nearest mirror images (no-flux side faces) of the line source
// at offset (di, dj) from it, with K0 the direct term.
double mirror_images_share(const NeedleRun& run, int di, int dj, double k0) {
  const double wall = 2.0 * (run.centre + 0.5);  // source-to-image distance across a face, voxels
  double share = 0.0;
  for (const double d : {wall - di, wall + di})
    share += std::cyl_bessel_k(0.0, std::hypot(d, dj) * voxel_um / run.length_scale_um);
  for (const double d : {wall - dj, wall + dj})
    share += std::cyl_bessel_k(0.0, std::hypot(di, d) * voxel_um / run.length_scale_um);
  return share / k0;
}

TEST(NeedleChannel, SteadyStateFollowsTheBesselK0LineSourceProfile) {
  const double r = needle_final_r;
  const NeedleRun& run = needle_steady_state();
  const double lambda_um = run.length_scale_um;
  // Continuous line source with decay: c(ρ) ∝ K0(ρ/λ_D). Compare shapes against the value at
  // ρ_ref = 2Δx on +x, for lattice points 2Δx ≤ ρ ≤ 2λ_D (beyond, the box's mirror images grow).
  // Error budget (relative), doubled:
  //  - the 5-point lattice Green's function differs from the continuous one by cos4θ/(24π ρ²)
  //    (ρ in voxels) against a magnitude K0(ρ/λ_D)/(2π): relative 1/(12 ρ² K0) at ρ and at ρ_ref;
  //  - the lattice's screening rate differs from 1/λ_D by ≈ (Δx/λ_D)²/24 per unit distance;
  //  - LOD splitting perturbs the fixed point by O(r) near the needle;
  //  - the no-flux side faces act as mirrors: each nearest image adds K0(d_image/λ_D)/K0(ρ/λ_D).
  const double rho_ref = 2.0;
  const double k0_ref = std::cyl_bessel_k(0.0, rho_ref * voxel_um / lambda_um);
  const double c_ref = needle_value(run, 2, 0);
  const double dispersion = std::pow(voxel_um / lambda_um, 2) / 24.0;
  for (int di = 0; di <= 8; ++di)
    for (int dj = 0; dj <= di; ++dj) {
      const double rho = std::hypot(di, dj);
      if (rho < 2.0 || rho * voxel_um > 2.0 * lambda_um) continue;
      const double k0 = std::cyl_bessel_k(0.0, rho * voxel_um / lambda_um);
      const double expected = k0 / k0_ref;
      const double images = mirror_images_share(run, di, dj, k0);
      const double tolerance =
          2.0 * (1.0 / (12.0 * rho * rho * k0) + 1.0 / (12.0 * rho_ref * rho_ref * k0_ref) +
                 dispersion * std::abs(rho - rho_ref) * voxel_um / lambda_um + r + images);
      const double got = needle_value(run, di, dj) / c_ref;
      EXPECT_NEAR(got, expected, tolerance * expected) << "offset " << di << "," << dj;
    }
  // x and y sweeps come in a fixed order, so the fixed point is symmetric under x ↔ y only up to
  // the O(r) splitting error, not exactly.
  for (int d = 1; d <= 12; ++d) {
    const double cx = needle_value(run, d, 0), cy = needle_value(run, 0, d);
    EXPECT_NEAR(cx, cy, r * cx) << "distance " << d;
  }
}

// Oracle tolerance: the two implementations do the same O(n) operations in a different order
// (inverse pivots vs divisions); each solve loses a few ulp times the tridiagonal condition number
// (≤ 1 + 4r ≈ 160 for r = 40), and a handful of steps compounds that to ~1e−13 at most: 1e−12.
constexpr double oracle_tolerance = 1e-12;

TEST(ReferenceOracle, RandomInteriorMasksWithSourcesMatchInBothModes) {
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    std::vector<SubstanceSpec> specs = three_substances(0.7);
    hold_face(specs[1], static_cast<int>(Face::x_min), 1.3);  // x faces are swept first
    const RandomProblem problem = make_random_problem(seed, {9, 7, 6}, specs, 0.08);
    for (const DirichletMode mode : {DirichletMode::held, DirichletMode::reset_between_sweeps}) {
      for (const bool sources : {false, true})
        EXPECT_LT(worst_difference_against_reference(problem, mode, 0.02, 5, sources),
                  oracle_tolerance)
            << "seed " << seed << " mode " << static_cast<int>(mode) << " sources " << sources;
    }
  }
}

TEST(ReferenceOracle, SolverHoldsTheSameVoxelsAsTheReference) {
  std::vector<SubstanceSpec> specs = three_substances(0.7);
  hold_face(specs[0], static_cast<int>(Face::z_min), 1.0);
  hold_face(specs[2], static_cast<int>(Face::y_max), 2.0);
  const RandomProblem problem = make_random_problem(9, {6, 5, 4}, specs, 0.1);
  const DiffusionSolver solver = make_solver(problem, DirichletMode::held);
  const ReferenceSolver reference = make_reference(problem, DirichletMode::held);
  for (std::size_t v = 0; v < problem.grid.voxel_total(); ++v)
    for (int s = 0; s < 3; ++s)
      EXPECT_EQ(solver.is_dirichlet(v, s), reference.held[reference.entry(v, s)] != 0) << v;
}

// A Dirichlet face on every face in turn, with decay, random interior masks and sources (the B1
// set-up holds z_min of oxygen).
class FaceDirichletOracle : public ::testing::TestWithParam<int> {};

TEST_P(FaceDirichletOracle, DirichletFaceWithDecayMatchesReference) {
  const int face = GetParam();
  std::vector<SubstanceSpec> specs = three_substances(6.0);
  hold_face(specs[0], face, 1.0);
  const RandomProblem problem = make_random_problem(11, {8, 7, 6}, specs, 0.05);
  for (const bool sources : {false, true})
    EXPECT_LT(worst_difference_against_reference(problem, DirichletMode::held, 0.02, 5, sources),
              oracle_tolerance)
        << face_names[face] << " sources " << sources;
}

INSTANTIATE_TEST_SUITE_P(AllFaces, FaceDirichletOracle, ::testing::Range(0, face_count),
                         [](const ::testing::TestParamInfo<int>& face) {
                           return std::string(face_names[face.param]);
                         });

TEST(ReferenceOracle, NeedleEnteringThroughADirichletFaceWithoutDecayMatchesReference) {
  // A needle channel from the z_min surface into the tissue, held above the surface value.
  std::vector<SubstanceSpec> specs{make_substance(40000.0, 0.0)};
  hold_face(specs[0], static_cast<int>(Face::z_min), 1.0);
  RandomProblem problem = make_random_problem(5, {7, 7, 5}, specs, 0.0);
  problem.held.clear();
  for (int k = 0; k < 3; ++k) problem.held.push_back({problem.grid.index(3, 3, k), 0, 4.0});
  EXPECT_LT(worst_difference_against_reference(problem, DirichletMode::held, 0.02, 5, false),
            oracle_tolerance);
}

// ---------------------------------------------------------------------------------------------
// 7. clear_dirichlet.

TEST(ClearDirichlet, ReleasedInteriorVoxelEvolvesButFaceVoxelsStayHeld) {
  SubstanceSpec spec = make_substance(40000.0, 0.5, 0.2);
  hold_face(spec, static_cast<int>(Face::x_min), 1.0);
  const VoxelGrid grid = make_grid({7, 6, 3});
  DiffusionSolver solver(grid, {spec}, DirichletMode::held);
  ReferenceSolver reference(grid, {spec}, DirichletMode::held);
  const std::size_t interior = grid.index(4, 3, 1), face = grid.index(0, 2, 1);
  solver.set_dirichlet(interior, 0, 5.0);
  reference.hold(interior, 0, 5.0);
  for (int k = 0; k < 3; ++k) {
    solver.step(0.02);
    reference.step(0.02);
  }
  EXPECT_EQ(solver.value(interior, 0), 5.0);

  solver.clear_dirichlet(interior, 0);
  reference.held[reference.entry(interior, 0)] = 0;
  solver.clear_dirichlet(face, 0);  // a face voxel: stays held
  EXPECT_FALSE(solver.is_dirichlet(interior, 0));
  EXPECT_TRUE(solver.is_dirichlet(face, 0));
  for (int k = 0; k < 3; ++k) {
    const double before = solver.value(interior, 0);
    solver.step(0.02);
    reference.step(0.02);
    EXPECT_LT(solver.value(interior, 0), before);  // the released peak spreads and decays
    EXPECT_EQ(solver.value(face, 0), 1.0);
    EXPECT_LT(max_relative_difference(field_of(solver), reference.values), oracle_tolerance);
  }
}

// ---------------------------------------------------------------------------------------------
// 8. Thread independence.

TEST(ThreadIndependence, OneAndTwoThreadsGiveBitwiseIdenticalFields) {
  std::vector<SubstanceSpec> specs = three_substances(0.7);
  hold_face(specs[0], static_cast<int>(Face::z_min), 1.0);
  const RandomProblem problem = make_random_problem(17, {40, 30, 20}, specs, 0.01);
  // Large enough that the sweeps and the exchange both run as parallel regions.
  ASSERT_GE(problem.grid.voxel_total() * 4, min_parallel_values);
  ASSERT_GE(problem.source_voxels.size() * specs.size(), min_parallel_values);
  const int saved_threads = omp_get_max_threads();
  std::vector<std::vector<double>> results;
  for (const int threads : {1, 2}) {
    omp_set_num_threads(threads);
    DiffusionSolver solver = make_solver(problem, DirichletMode::held);
    for (int k = 0; k < 10; ++k) solver.step(0.02, problem.sources());
    results.push_back(solver.values());
  }
  omp_set_num_threads(saved_threads);
  ASSERT_EQ(results[0].size(), results[1].size());
  EXPECT_EQ(std::memcmp(results[0].data(), results[1].data(), results[0].size() * sizeof(double)),
            0);
}

// ---------------------------------------------------------------------------------------------
// 9. Sources.

TEST(Sources, WithoutDiffusionAndDecayOneStepAppliesAddThenScaleExactly) {
  std::vector<SubstanceSpec> specs{make_substance(0.0, 0.0), make_substance(0.0, 0.0)};
  const RandomProblem problem = make_random_problem(3, {5, 4, 3}, specs, 0.0);
  DiffusionSolver solver(problem.grid, specs, DirichletMode::held);
  for (std::size_t v = 0; v < problem.grid.voxel_total(); ++v)
    for (int s = 0; s < 2; ++s) solver.value(v, s) = problem.initial[v * 2 + s];
  const std::vector<double> before = field_of(solver);
  solver.step(0.1, problem.sources());
  // With r = 0 and no decay every pivot is exactly 1 and every off-diagonal 0, so the solve is the
  // identity in floating point too, and the exchange is one IEEE addition and one product: exact.
  std::vector<double> expected = before;
  for (std::size_t k = 0; k < problem.source_voxels.size(); ++k)
    for (std::size_t s = 0; s < 2; ++s) {
      const std::size_t e = static_cast<std::size_t>(problem.source_voxels[k]) * 2 + s;
      expected[e] = (before[e] + problem.add[k * 2 + s]) * problem.scale[k * 2 + s];
    }
  ASSERT_FALSE(problem.source_voxels.empty());
  EXPECT_EQ(field_of(solver), expected);
}

// ---------------------------------------------------------------------------------------------
// 10. Static substances (no diffusion, no decay): left out of the sweeps.

bool bitwise_equal(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

TEST(StaticSubstances, SolvedLanesEndAtTheLastSubstanceThatDiffusesOrDecays) {
  const VoxelGrid grid = make_grid({3, 3, 3});
  const SubstanceSpec still = make_substance(0.0, 0.0), diffusing = make_substance(1000.0, 0.0),
                      decaying = make_substance(0.0, 0.5);
  auto solved = [&](std::vector<SubstanceSpec> specs) {
    return DiffusionSolver(grid, specs, DirichletMode::held).solved_lanes();
  };
  EXPECT_EQ(solved({}), 0);
  EXPECT_EQ(solved({still, still}), 0);
  EXPECT_EQ(solved({decaying}), 4);
  EXPECT_EQ(solved({still, diffusing}), 4);
  EXPECT_EQ(solved({diffusing, still, still, still, still, still}), 4);
  EXPECT_EQ(solved({still, still, still, still, decaying}), 8);  // listed last: no gain
}

// Three moving substances with three static ones after them (8 lanes, 4 solved) against the three
// alone (4 lanes): the moving ones are bit for bit the same, the static ones, a Dirichlet face and
// random held voxels included, keep every bit.
TEST(StaticSubstances, KeepEveryBitWhileTheOthersDiffuseExactlyAsWithoutThem) {
  std::vector<SubstanceSpec> moving = three_substances(0.7);
  hold_face(moving[0], static_cast<int>(Face::z_min), 1.0);
  std::vector<SubstanceSpec> specs = moving;
  for (int k = 0; k < 3; ++k) specs.push_back(make_substance(0.0, 0.0));
  hold_face(specs[4], static_cast<int>(Face::x_max), 3.0);
  const RandomProblem problem = make_random_problem(23, {12, 10, 8}, specs, 0.02);
  for (const DirichletMode mode : {DirichletMode::held, DirichletMode::reset_between_sweeps}) {
    DiffusionSolver full = make_solver(problem, mode);
    DiffusionSolver alone(problem.grid, moving, mode);
    ASSERT_EQ(full.lanes(), 8);
    ASSERT_EQ(full.solved_lanes(), 4);
    const std::size_t voxels = problem.grid.voxel_total();
    for (std::size_t v = 0; v < voxels; ++v)
      for (int s = 0; s < 3; ++s) {
        alone.value(v, s) = full.value(v, s);
        if (full.is_dirichlet(v, s)) alone.set_dirichlet(v, s, full.dirichlet_value(v, s));
      }
    const std::vector<double> static_before = full.values();
    for (int k = 0; k < 10; ++k) {
      full.step(0.02);
      alone.step(0.02);
    }
    std::size_t moving_differ = 0, static_differ = 0, moved = 0;
    for (std::size_t v = 0; v < voxels; ++v) {
      for (int s = 0; s < 3; ++s) {
        moving_differ += !bitwise_equal(full.value(v, s), alone.value(v, s));
        moved += full.value(v, s) != static_before[v * 8 + s];
      }
      for (int s = 3; s < 6; ++s)
        static_differ += !bitwise_equal(full.value(v, s), static_before[v * 8 + s]);
    }
    EXPECT_EQ(moving_differ, 0u);
    EXPECT_EQ(static_differ, 0u);
    EXPECT_GT(moved, voxels);  // the moving substances did move
  }
}

TEST(StaticSubstances, StillTakeTheCellExchange) {
  std::vector<SubstanceSpec> specs{make_substance(40000.0, 1.4)};
  for (int k = 0; k < 4; ++k) specs.push_back(make_substance(0.0, 0.0));
  const RandomProblem problem = make_random_problem(5, {6, 5, 4}, specs, 0.0);
  DiffusionSolver solver = make_solver(problem, DirichletMode::held);
  ASSERT_EQ(solver.solved_lanes(), 4);
  const std::vector<double> before = field_of(solver);
  solver.step(0.1, problem.sources());
  const std::vector<double> after = field_of(solver);
  std::vector<double> expected = before;
  for (std::size_t k = 0; k < problem.source_voxels.size(); ++k)
    for (std::size_t s = 0; s < 5; ++s) {
      const std::size_t e = static_cast<std::size_t>(problem.source_voxels[k]) * 5 + s;
      expected[e] = (before[e] + problem.add[k * 5 + s]) * problem.scale[k * 5 + s];
    }
  ASSERT_FALSE(problem.source_voxels.empty());
  std::size_t differ = 0;  // entries of the static substances (not 0 mod 5) off by any bit
  for (std::size_t e = 0; e < after.size(); ++e)
    differ += e % 5 != 0 && !bitwise_equal(after[e], expected[e]);
  EXPECT_EQ(differ, 0u);
}

}  // namespace
}  // namespace dermasim::engine
