// Fitting the reduced model to the agent-based ensemble (data/forecast/ensemble.toml) and its
// error on the runs held out of the fit (docs/forecast.md, docs/validation.md).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "forecast/reduced_model.hpp"

namespace dermasim::forecast {

// One agent-based run of the ensemble: its stimuli and its observed time series, each relative to
// the run's start (a series is empty where the run does not have it, e.g. scar depth without a
// scar).
struct EnsembleRun {
  std::string name;  // "<id>_s<seed>"
  std::string id;
  bool holdout = false;
  std::vector<Stimulus> stimuli;
  double responsiveness = 1.0;
  std::vector<double> t_days;
  std::array<std::vector<double>, tissue_count> relative;
  std::array<double, tissue_count> start{};  // each series' first value, in its own unit
};

// The ensemble: the between-patient spread of the fit and the runs.
struct Ensemble {
  double between_patient_cv = 0.0;
  double person_age_years = 45.0, person_cigarettes_per_day = 0.0;
  std::vector<EnsembleRun> runs;
};

// The runs of the design file, each from <folder of the design>/ensemble/<id>_s<seed>.toml (its
// scenario) and .csv (its series). A run whose CSV is missing is not_found, naming the command
// that makes it.
Result<Ensemble> load_ensemble(const std::filesystem::path& design_file);

// Fits every tissue's shape (Nelder–Mead from several starts) and amplitudes (linear least squares)
// on the runs not held out; the response spread combines the ensemble's between-patient spread
// with the surrogate's error on the fit (as log-normal σ).
ReducedModel fit_reduced_model(const Ensemble& ensemble);

// The surrogate's trajectory of `tissue` for a run, at the run's sample times.
std::vector<double> surrogate_series(const ReducedModel& model, const EnsembleRun& run,
                                     Tissue tissue);

// The error of the surrogate on one design (the mean of its seeds) and tissue: at the run's end
// and over its course (root mean square), both relative to the agent-based value.
struct SurrogateError {
  std::string run;  // the design's id
  std::size_t seeds = 1;
  Tissue tissue = Tissue::papillary_collagen;
  bool holdout = false;
  double agent_end = 0.0, surrogate_end = 0.0;
  double end_error = 0.0, rms_error = 0.0;  // fractions
};

std::vector<SurrogateError> surrogate_errors(const ReducedModel& model,
                                             const std::vector<EnsembleRun>& runs);

}  // namespace dermasim::forecast
