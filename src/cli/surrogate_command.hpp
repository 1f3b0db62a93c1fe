// `dermasim fit-surrogate`: fits the forecast's reduced model to the agent-based ensemble and
// prints its error on every run, the held-out ones apart (docs/forecast.md).
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace dermasim::cli {

struct SurrogateFitOptions {
  std::filesystem::path design;  // data/forecast/ensemble.toml
  std::filesystem::path out;     // the fitted model, data/forecast/reduced_model.toml
  bool check = false;            // only report the committed model's errors, write nothing
};

// Fits (unless `check`), writes the model and returns the error table (Markdown).
Result<std::string> fit_surrogate(const SurrogateFitOptions& options);

}  // namespace dermasim::cli
