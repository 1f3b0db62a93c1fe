// `dermasim plan PATIENT [--json] [--out DIR]`: the program per zone with its forecast and the
// reasons; the report folder (program.toml, plan.json, forecast.csv, one SVG per zone).
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace dermasim::cli {

struct PlanOptions {
  std::filesystem::path patient;
  std::filesystem::path out_dir;   // empty: print only
  std::filesystem::path data_dir;  // the project's data folder
  bool json = false;
};

// Plans and returns what to print (text or the plan's JSON); writes the report folder when
// `out_dir` is set. A contraindicated patient is Error::contraindicated (exit code 5).
Result<std::string> plan(const PlanOptions& options);

}  // namespace dermasim::cli
