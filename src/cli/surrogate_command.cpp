// The reduced model's fit and its error table (see surrogate_command.hpp).
#include "cli/surrogate_command.hpp"

#include <algorithm>
#include <cstdio>

#include "forecast/surrogate_fit.hpp"

namespace dermasim::cli {
namespace {

constexpr double aim = 0.10;  // issue 7: within 10 % of the agent-based runs on each observable

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", 100.0 * fraction);
  return text;
}

std::string value(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", v);
  return text;
}

std::string error_table(const std::vector<forecast::SurrogateError>& errors, bool holdout) {
  std::string out =
      "| run | seeds | observable (relative) | agents (mean of seeds), end | surrogate, end | "
      "error at end, % | RMS error over the run, % | within 10 % |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for (const forecast::SurrogateError& e : errors) {
    if (e.holdout != holdout) continue;
    const bool within = e.end_error <= aim && e.rms_error <= aim;
    out += "| " + e.run + " | " + std::to_string(e.seeds) + " | " +
           std::string(forecast::tissue_names[static_cast<std::size_t>(e.tissue)]) + " | " +
           value(e.agent_end) + " | " + value(e.surrogate_end) + " | " + percent(e.end_error) +
           " | " + percent(e.rms_error) + " | " + (within ? "yes" : "**no**") + " |\n";
  }
  return out;
}

std::string summary(const std::vector<forecast::SurrogateError>& errors) {
  std::size_t holdout = 0, within = 0;
  double worst = 0.0;
  for (const forecast::SurrogateError& e : errors) {
    if (!e.holdout) continue;
    ++holdout;
    within += e.end_error <= aim && e.rms_error <= aim;
    worst = std::max({worst, e.end_error, e.rms_error});
  }
  return "Held-out designs: " + std::to_string(within) + " of " + std::to_string(holdout) +
         " (design, observable) pairs within 10 % at the end and over the run; largest error " +
         percent(worst) + " %.\n";
}

}  // namespace

Result<std::string> fit_surrogate(const SurrogateFitOptions& options) {
  DERMASIM_TRY_ASSIGN(const forecast::Ensemble ensemble, forecast::load_ensemble(options.design));
  forecast::ReducedModel model;
  if (options.check) {
    DERMASIM_TRY_ASSIGN(model, forecast::ReducedModel::load(options.out));
  } else {
    model = forecast::fit_reduced_model(ensemble);
    DERMASIM_TRY(model.save(
        options.out,
        "# The forecast's reduced model, fitted to the agent-based ensemble of "
        "data/forecast/ensemble.toml\n# by `dermasim fit-surrogate` (docs/forecast.md). Do not "
        "edit: refit instead.\n# [reference]: intensity references (the ensemble's middle); "
        "[uncertainty]: log-normal sigma of a\n# patient's response multiplier (the seeds' "
        "spread and Lotfi 2013's between-patient CV);\n# [tissue.*]: each observable's shape "
        "and amplitudes per modality [fitted].\n"));
  }
  const std::vector<forecast::SurrogateError> errors =
      forecast::surrogate_errors(model, ensemble.runs);
  return summary(errors) + "\n### Runs held out of the fit\n\n" + error_table(errors, true) +
         "\n### Runs of the fit\n\n" + error_table(errors, false);
}

}  // namespace dermasim::cli
