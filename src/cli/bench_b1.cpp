// Benchmark B1: times the simulation loop and reports throughput, counts, profiles and memory.
#include "cli/bench_b1.hpp"

#include <omp.h>
#include <sys/resource.h>

#include <chrono>

#include "engine/simulation.hpp"

namespace dermasim::cli {
namespace {

using engine::Scenario;
using engine::Simulation;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

// B1-L: the B1 cells tiled 2 × 2, shifted by ±500 µm in x and y.
std::vector<engine::InitialCell> tiled(const std::vector<engine::InitialCell>& cells) {
  std::vector<engine::InitialCell> result;
  result.reserve(4 * cells.size());
  for (const double sx : {-500.0, 500.0})
    for (const double sy : {-500.0, 500.0})
      for (engine::InitialCell cell : cells) {
        cell.position_um[0] += sx;
        cell.position_um[1] += sy;
        result.push_back(cell);
      }
  return result;
}

// x–y averaged value of each substance in each z layer of voxels, bottom first.
nlohmann::json depth_profiles(const Simulation& simulation) {
  const engine::DiffusionSolver& fields = simulation.fields();
  const engine::VoxelGrid& grid = fields.grid();
  const std::size_t layer = static_cast<std::size_t>(grid.count[0]) * grid.count[1];
  nlohmann::json profiles = nlohmann::json::object();
  for (int s = 0; s < fields.substance_count(); ++s) {
    std::vector<double> values;
    for (int k = 0; k < grid.count[2]; ++k) {
      double sum = 0.0;
      for (std::size_t v = 0; v < layer; ++v) sum += fields.value(k * layer + v, s);
      values.push_back(sum / static_cast<double>(layer));
    }
    profiles[simulation.scenario().substances[s].name] = values;
  }
  return profiles;
}

// Seconds of the loop of a one-cell run of the same domain and duration.
Result<double> diffusion_only_seconds(Scenario scenario) {
  scenario.initial_cells.resize(std::min<std::size_t>(1, scenario.initial_cells.size()));
  DERMASIM_TRY_ASSIGN(Simulation simulation, Simulation::create(std::move(scenario)));
  const auto start = std::chrono::steady_clock::now();
  simulation.advance_to_step(simulation.steps_for_hours(simulation.scenario().duration_h));
  return seconds_since(start);
}

}  // namespace

Result<Scenario> b1_scenario(const BenchB1Options& options) {
  if (options.size != "s" && options.size != "m" && options.size != "l")
    return fail(Error::invalid_input("size must be s, m or l", "--size"));
  if (!(options.hours > 0.0 && options.hours <= 240.0))
    return fail(Error::invalid_input("hours must be in (0, 240]", "--hours"));
  DERMASIM_TRY_ASSIGN(Scenario scenario, engine::load_scenario(options.data_dir / "b1.toml"));
  const double half = options.size == "s" ? 250.0 : options.size == "m" ? 500.0 : 1000.0;
  scenario.domain.min_um = {-half, -half, -100.0};
  scenario.domain.max_um = {half, half, 100.0};
  const auto cell_file =
      options.data_dir / (options.size == "s" ? "b1s_cells.csv" : "b1_cells.csv");
  DERMASIM_TRY_ASSIGN(auto cells, engine::load_cells_csv(cell_file));
  scenario.initial_cells = options.size == "l" ? tiled(cells) : std::move(cells);
  scenario.duration_h = options.hours;
  scenario.dirichlet_mode = options.dirichlet_mode;
  scenario.output = {};
  DERMASIM_TRY(engine::validate(scenario));
  return scenario;
}

Result<nlohmann::json> bench_b1(const BenchB1Options& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (options.threads > 0) omp_set_num_threads(options.threads);
  DERMASIM_TRY_ASSIGN(Scenario scenario, b1_scenario(options));
  const Scenario diffusion_scenario = scenario;
  DERMASIM_TRY_ASSIGN(Simulation simulation, Simulation::create(std::move(scenario)));
  const std::size_t cells_start = simulation.counts().live;
  const std::int64_t end_step = simulation.steps_for_hours(options.hours);
  const std::int64_t hour = simulation.steps_for_hours(1.0);

  std::vector<std::size_t> hourly_live{cells_start}, hourly_agents{simulation.counts().agents};
  const auto loop_start = std::chrono::steady_clock::now();
  while (simulation.step_index() < end_step) {
    simulation.advance_to_step(std::min(end_step, simulation.step_index() + hour));
    if (simulation.step_index() % hour == 0) {
      const engine::AgentCounts c = simulation.counts();
      hourly_live.push_back(c.live);
      hourly_agents.push_back(c.agents);
    }
  }
  const double loop_s = seconds_since(loop_start);

  nlohmann::json report = {
      {"benchmark", "b1"},
      {"size", options.size},
      {"threads", omp_get_max_threads()},
      {"hours", options.hours},
      {"cells_start", cells_start},
      {"cells_end", simulation.counts().live},
      {"agents_end", simulation.counts().agents},
      {"loop_s", loop_s},
      {"agent_steps", simulation.agent_steps()},
      {"agent_steps_per_s", static_cast<double>(simulation.agent_steps()) / loop_s},
      {"state_checksum", simulation.state_checksum_hex()},
      {"hourly_live_cells", hourly_live},
      {"hourly_agents", hourly_agents},
      {"profiles", depth_profiles(simulation)},
      {"build", DERMASIM_BUILD_FLAVOR},
  };
  if (options.diffusion_run) {
    DERMASIM_TRY_ASSIGN(const double seconds, diffusion_only_seconds(diffusion_scenario));
    const engine::VoxelGrid& grid = simulation.fields().grid();
    const double updates = static_cast<double>(grid.voxel_total()) *
                           simulation.fields().substance_count() * static_cast<double>(end_step);
    report["diffusion_only_loop_s"] = seconds;
    report["voxel_updates_per_s"] = updates / seconds;
  }
  report["peak_rss_mb"] = peak_rss_mb();
  report["wall_s"] = seconds_since(wall_start);
  return report;
}

}  // namespace dermasim::cli
