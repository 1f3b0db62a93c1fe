// Recalibration: a patient's response multiplier narrowed by the outcomes recorded during a
// program (Bayes on the forecast's response belief; docs/forecast.md "Recalibration").
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "forecast/patient_forecast.hpp"
#include "forecast/response_belief.hpp"
#include "patient/patient_profile.hpp"
#include "planner/outcomes.hpp"
#include "treatment/treatment_schedule.hpp"

namespace dermasim::planner {

// The response multiplier's weighted median and 90 % band under a belief.
struct MultiplierSummary {
  double median = 1.0, p05 = 1.0, p95 = 1.0;
  double band() const { return p95 - p05; }
};

MultiplierSummary summarize(const forecast::ResponseBelief& belief);

// An outcome left out of the update, and why.
struct SkippedOutcome {
  std::string where;  // file:line
  std::string observable;
  std::string reason;
};

struct RecalibrationResult {
  forecast::ResponseBelief posterior;
  std::size_t used = 0;
  std::vector<SkippedOutcome> skipped;  // uninformative outcomes (noise table, or a forecast
                                        // that does not depend on the multiplier)
  MultiplierSummary prior_multiplier, posterior_multiplier;
};

// Multiplies `prior` by the likelihood of every outcome: each outcome's zone must be one of the
// profile's zones, its observable one of that zone's forecast observables and its unit that
// observable's unit (invalid_input naming the row's file:line and the valid choices). The
// forecast value at the outcome's time is evaluated at each point of the belief; the likelihood is
// normal with the noise table's SD (absolute, or relative to the forecast value). The multiplier is
// the patient's, shared by every zone. `noise` must cover every observable of the outcomes.
Result<RecalibrationResult> recalibrate(const forecast::ForecastData& data,
                                        const OutcomeNoise& noise,
                                        const patient::PatientProfile& patient,
                                        const treatment::TreatmentSchedule& program,
                                        const forecast::ResponseBelief& prior,
                                        const std::vector<Outcome>& outcomes);

}  // namespace dermasim::planner
