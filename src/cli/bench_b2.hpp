// `dermasim bench b2`: benchmark B2 "micro-needling slab" (shared/bench/B2.md, bench/b2.toml).
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dermasim::cli {

struct BenchB2Options {
  std::filesystem::path workload;  // bench/b2.toml
  int runs = 3;                    // per thread count; the median wall time is reported
  std::vector<int> threads = {1, 2};
};

// Runs the workload `runs` times at each thread count and returns the JSON report: the B2 metrics,
// wall times and their medians, agent-steps per second, peak memory, and whether every run ended
// in the same state (checksum).
Result<nlohmann::json> bench_b2(const BenchB2Options& options);

}  // namespace dermasim::cli
