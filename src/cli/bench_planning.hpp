// `dermasim bench planning`: how long a plan and a forecast take for a patient (issue 7: a
// five-zone plan under 2 s and a forecast under 100 ms on 2 cores; docs/performance.md).
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dermasim::cli {

struct BenchPlanningOptions {
  std::filesystem::path patient;  // default data/patients/photoageing_smoker.toml (five zones)
  std::filesystem::path data_dir;
  int runs = 20;  // the median wall time is reported
};

// Loads the data once (not timed), then times `runs` plans of the patient and `runs` forecasts
// of the planned program with the full band; returns medians, minima and what was computed.
Result<nlohmann::json> bench_planning(const BenchPlanningOptions& options);

}  // namespace dermasim::cli
