// `dermasim simulate`: run a scenario and write its summary, time series, snapshots and
// checkpoints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dermasim::cli {

struct SimulateOptions {
  std::filesystem::path scenario;
  std::filesystem::path out_dir;
  int threads = 0;  // 0: OpenMP's default
  std::optional<std::uint64_t> seed;
  std::optional<std::filesystem::path> restart_from;
  double checkpoint_every_h = 0.0;  // 0: no checkpoints
  bool progress = false;
};

// Runs the scenario; returns the summary that was written to out_dir/summary.json.
Result<nlohmann::json> simulate(const SimulateOptions& options);

}  // namespace dermasim::cli
