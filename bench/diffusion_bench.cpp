// Micro-benchmark of the diffusion solver on B1's field workload, in voxel-substance updates/s.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "engine/diffusion.hpp"

namespace {

using dermasim::engine::BoundaryKind;
using dermasim::engine::DiffusionSolver;
using dermasim::engine::DirichletMode;
using dermasim::engine::Face;
using dermasim::engine::SubstanceSpec;
using dermasim::engine::VoxelGrid;
using dermasim::engine::VoxelSources;

constexpr double minutes_per_hour = 60.0;
constexpr double dt_h = 0.01 / minutes_per_hour;  // B1: 0.01 min

SubstanceSpec b1_substance(const char* name, double diffusion_um2_per_min, double decay_per_min,
                           double initial) {
  SubstanceSpec spec;
  spec.name = name;
  spec.diffusion_um2_per_h = diffusion_um2_per_min * minutes_per_hour;
  spec.decay_per_h = decay_per_min * minutes_per_hour;
  spec.initial = initial;
  return spec;
}

// B1's three substances; the first is held at its initial value on z_min.
std::vector<SubstanceSpec> b1_substances() {
  std::vector<SubstanceSpec> substances{b1_substance("oxygen", 1e5, 0.1, 38.0),
                                        b1_substance("signal_a", 6000.0, 0.01, 0.0),
                                        b1_substance("signal_b", 6000.0, 0.1, 0.0)};
  substances[0].faces[static_cast<int>(Face::z_min)] = {BoundaryKind::dirichlet, 38.0};
  return substances;
}

VoxelGrid b1_grid() {
  VoxelGrid grid;
  grid.count = {50, 50, 10};
  grid.voxel_um = 20.0;
  return grid;
}

void report_rate(benchmark::State& state, const VoxelGrid& grid, int substances) {
  const double per_step = static_cast<double>(grid.voxel_total()) * substances;
  state.counters["voxel_updates_per_s"] = benchmark::Counter(
      per_step * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// One diffusion step of the B1 field, no cells; arg 0: held Dirichlet, 1: reset between sweeps.
void BM_DiffusionStepB1(benchmark::State& state) {
  const VoxelGrid grid = b1_grid();
  const auto mode = state.range(0) == 0 ? DirichletMode::held : DirichletMode::reset_between_sweeps;
  DiffusionSolver solver(grid, b1_substances(), mode);
  solver.step(dt_h);  // factors and special lines built outside the timed loop
  for (auto _ : state) {
    solver.step(dt_h);
    benchmark::DoNotOptimize(solver.values().data());
    benchmark::ClobberMemory();
  }
  report_rate(state, grid, solver.substance_count());
}
BENCHMARK(BM_DiffusionStepB1)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);

// The same with cell exchange on every fourth voxel (a dense tissue layer's worth of sources).
void BM_DiffusionStepB1WithSources(benchmark::State& state) {
  const VoxelGrid grid = b1_grid();
  DiffusionSolver solver(grid, b1_substances(), DirichletMode::held);
  const int S = solver.substance_count();
  std::vector<std::int64_t> voxels;
  for (std::size_t v = 0; v < grid.voxel_total(); v += 4)
    voxels.push_back(static_cast<std::int64_t>(v));
  const std::vector<double> add(voxels.size() * S, 1e-3), scale(voxels.size() * S, 0.999);
  const VoxelSources sources{voxels.data(), voxels.size(), add.data(), scale.data()};
  solver.step(dt_h, sources);
  for (auto _ : state) {
    solver.step(dt_h, sources);
    benchmark::DoNotOptimize(solver.values().data());
    benchmark::ClobberMemory();
  }
  report_rate(state, grid, S);
}
BENCHMARK(BM_DiffusionStepB1WithSources)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
