// `dermasim validate`: calibration cases, simulated against published values, as text or JSON.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::cli {

struct ValidateOptions {
  std::vector<std::string> cases;  // empty: every case
  ValidationSize size = ValidationSize::reduced;
  std::filesystem::path data_dir;  // the project's data/ folder
  int threads = 0;
};

// Names of the cases `validate` knows, in run order.
std::vector<std::string> validation_case_names();

Result<std::vector<ValidationCase>> run_validation(const ValidateOptions& options);

// `{"cases": [{"case", "metrics": [{"name", "simulated", "reference", "tolerance", "unit", "pass",
// "source"}]}]}` (CONTRACTS.md).
nlohmann::json validation_json(const std::vector<ValidationCase>& cases);
std::string validation_table(const std::vector<ValidationCase>& cases);

}  // namespace dermasim::cli
