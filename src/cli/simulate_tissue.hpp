// `dermasim simulate` for a tissue scenario (a TOML file with [tissue]): the epidermis patch with
// its observables in the time series and the summary.
#pragma once

#include <nlohmann/json.hpp>

#include "cli/simulate_command.hpp"
#include "core/error.hpp"

namespace dermasim::cli {

// Runs the tissue scenario; writes OUT/timeseries.csv (one row per output time after the
// spin-up: every observable), OUT/summary.json and checkpoints; returns the summary.
Result<nlohmann::json> simulate_tissue_scenario(const SimulateOptions& options);

}  // namespace dermasim::cli
