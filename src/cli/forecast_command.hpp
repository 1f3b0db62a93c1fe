// `dermasim forecast` and `dermasim recalibrate`: a patient's forecast under a program, as the
// CONTRACTS forecast JSON or a table, and the same after recorded outcomes narrow the patient's
// response multiplier (docs/forecast.md).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dermasim::cli {

struct ForecastOptions {
  std::filesystem::path patient;   // profile (.toml or .json)
  std::filesystem::path program;   // [[session]] tables (TOML)
  std::filesystem::path outcomes;  // recalibrate only: outcomes CSV
  std::filesystem::path data_dir;  // the project's data folder
  double horizon_days = 0.0;       // 0: 180 days after the last session, at least 365
};

// What a command prints: the JSON (--json) and the table (otherwise).
struct ForecastReport {
  nlohmann::json json;
  std::string text;
};

// {"observables": {...}} (CONTRACTS "Forecast JSON") and a table per zone and observable: start,
// then median [p05, p95] at 3, 6 and 12 months.
Result<ForecastReport> forecast_report(const ForecastOptions& options);

// The forecast after recalibration: the same JSON plus "recalibration": {"outcomes_used",
// "outcomes_skipped", "skipped": [...], "multiplier": {"prior", "posterior"}: {median, p05, p95}};
// the text says how the multiplier's 90 % band narrowed.
Result<ForecastReport> recalibrate_report(const ForecastOptions& options);

}  // namespace dermasim::cli
