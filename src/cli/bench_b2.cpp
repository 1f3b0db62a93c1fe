// Benchmark B2: the micro-needling slab timed at several thread counts (see bench_b2.hpp).
#include "cli/bench_b2.hpp"

#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>

#include "treatment/needling_slab.hpp"

namespace dermasim::cli {
namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

nlohmann::json metrics_json(const treatment::SlabMetrics& m) {
  return {{"reepithelialisation_h", m.reepithelialisation_h},
          {"channel_closure_h", m.channel_closure_h},
          {"collagen_per_channel_ng", m.collagen_per_channel_ng},
          {"peak_inflammation_cells", m.peak_inflammation_cells},
          {"peak_inflammation_h", m.peak_inflammation_h},
          {"steps", m.steps},
          {"agent_steps", m.agent_steps},
          {"state_checksum", m.state_checksum}};
}

}  // namespace

Result<nlohmann::json> bench_b2(const BenchB2Options& options) {
  if (options.runs < 1) return fail(Error::invalid_input("runs must be at least 1", "--runs"));
  DERMASIM_TRY_ASSIGN(const treatment::NeedlingSlab slab,
                      treatment::load_needling_slab(options.workload));
  nlohmann::json report = {{"benchmark", "b2"}, {"workload", options.workload.string()}};
  nlohmann::json timings = nlohmann::json::array();
  std::optional<treatment::SlabMetrics> first;
  bool identical = true;
  for (const int threads : options.threads) {
    omp_set_num_threads(threads);
    std::vector<double> walls;
    for (int run = 0; run < options.runs; ++run) {
      const auto start = std::chrono::steady_clock::now();
      DERMASIM_TRY_ASSIGN(const treatment::SlabMetrics m, treatment::run_needling_slab(slab));
      walls.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (!first) first = m;
      identical = identical && m.state_checksum == first->state_checksum;
    }
    const double wall = median(walls);
    timings.push_back({{"threads", threads},
                       {"wall_s", walls},
                       {"median_wall_s", wall},
                       {"agent_steps_per_s", first->agent_steps / wall}});
  }
  report["metrics"] = metrics_json(*first);
  report["timings"] = timings;
  report["identical_across_runs_and_threads"] = identical;
  report["peak_rss_mb"] = peak_rss_mb();
  return report;
}

}  // namespace dermasim::cli
