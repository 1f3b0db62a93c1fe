// `dermasim simulate` for a dermis scenario: runs the block with its injuries and UV and writes
// its observables in the time series and the summary.
#pragma once

#include <nlohmann/json.hpp>

#include "cli/simulate_command.hpp"
#include "core/error.hpp"

namespace dermasim::cli {

// Runs the dermis scenario; writes OUT/timeseries.csv (every observable at each output time),
// OUT/summary.json and checkpoints; returns the summary.
Result<nlohmann::json> simulate_dermis_scenario(const SimulateOptions& options);

}  // namespace dermasim::cli
