// Recalibration of the response belief by recorded outcomes (see recalibration.hpp).
#include "planner/recalibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace dermasim::planner {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "'" : ", '") + name + "'";
  return out;
}

Error row_error(const Outcome& o, std::string_view column, std::string message) {
  return Error::invalid_input(std::move(message), o.where() + " " + std::string(column));
}

// A zone's setting and its observables, computed once per zone the outcomes name.
struct ZoneModel {
  forecast::ZoneSetting setting;
  std::vector<forecast::ZoneObservable> observables;
};

}  // namespace

MultiplierSummary summarize(const forecast::ResponseBelief& belief) {
  std::vector<double> multipliers(belief.size());
  for (std::size_t j = 0; j < belief.size(); ++j) multipliers[j] = belief.multiplier(j);
  return {.median = forecast::weighted_quantile(multipliers, belief.weight, 0.5),
          .p05 = forecast::weighted_quantile(multipliers, belief.weight, 0.05),
          .p95 = forecast::weighted_quantile(multipliers, belief.weight, 0.95)};
}

Result<RecalibrationResult> recalibrate(const forecast::ForecastData& data,
                                        const OutcomeNoise& noise,
                                        const patient::PatientProfile& patient,
                                        const treatment::TreatmentSchedule& program,
                                        const forecast::ResponseBelief& prior,
                                        const std::vector<Outcome>& outcomes) {
  DERMASIM_TRY(forecast::check_program_zones(patient, program));
  RecalibrationResult result;
  result.prior_multiplier = summarize(prior);
  const double responsiveness = forecast::patient_responsiveness(data, patient);
  std::vector<std::string> zone_ids;
  for (const patient::ZoneProfile& zone : patient.zones) zone_ids.push_back(zone.id);

  // The outcomes' log-likelihoods at every point of the belief, summed (independent outcomes).
  std::vector<double> log_likelihood(prior.size(), 0.0);
  std::map<std::string, ZoneModel> zones;
  std::vector<double> predicted(prior.size());
  for (const Outcome& o : outcomes) {
    const patient::ZoneProfile* zone = patient.zone(o.zone);
    if (zone == nullptr)
      return fail(row_error(o, "zone",
                            "'" + o.zone +
                                "' is not a zone of the patient's profile; expected one of " +
                                joined(zone_ids)));
    auto found = zones.find(o.zone);
    if (found == zones.end()) {
      DERMASIM_TRY_ASSIGN(forecast::ZoneSetting setting,
                          forecast::zone_setting(data, patient, *zone, program));
      ZoneModel model{std::move(setting), {}};
      found = zones.emplace(o.zone, std::move(model)).first;
      // The observables capture the setting's stimuli by value, so they are made after the move.
      found->second.observables = forecast::zone_observables(data, patient, found->second.setting);
    }
    const ZoneModel& model = found->second;
    const auto observable =
        std::find_if(model.observables.begin(), model.observables.end(),
                     [&](const forecast::ZoneObservable& x) { return x.id == o.observable; });
    if (observable == model.observables.end()) {
      std::vector<std::string> ids;
      for (const forecast::ZoneObservable& x : model.observables) ids.push_back(x.id);
      return fail(row_error(o, "observable",
                            "'" + o.observable + "' is not forecast for zone '" + o.zone +
                                "' of this patient; expected one of " + joined(ids)));
    }
    if (o.unit != observable->unit)
      return fail(row_error(o, "unit",
                            "'" + o.unit + "' is not the unit of " + o.observable + "; expected '" +
                                observable->unit + "'"));
    const ObservableNoise* n = noise.find(o.observable);
    if (n == nullptr)
      return fail(Error::invalid_input("the noise table gives no noise for '" + o.observable +
                                           "'; add [noise." + o.observable +
                                           "] to data/planner/outcomes.toml",
                                       o.where() + " observable"));
    if (!n->informative) {
      result.skipped.push_back({o.where(), o.observable, n->note});
      continue;
    }
    const std::vector<double> t{o.t_days};
    const forecast::TissuePaths paths =
        forecast::tissue_paths(data.model, model.setting.stimuli, responsiveness, t);
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (std::size_t j = 0; j < prior.size(); ++j) {
      predicted[j] = observable->value(paths, 0, prior.multiplier(j));
      lowest = std::min(lowest, predicted[j]);
      highest = std::max(highest, predicted[j]);
    }
    if (!(highest - lowest > 1e-12 * std::max(1.0, std::abs(highest)))) {
      result.skipped.push_back(
          {o.where(), o.observable,
           "its forecast on " + o.date + " does not depend on the response multiplier"});
      continue;
    }
    for (std::size_t j = 0; j < prior.size(); ++j) {
      const double sd = n->relative ? n->sd * std::abs(predicted[j]) : n->sd;
      if (!(sd > 0.0) || !std::isfinite(predicted[j])) {
        log_likelihood[j] = -std::numeric_limits<double>::infinity();
        continue;
      }
      const double z = (o.value - predicted[j]) / sd;
      log_likelihood[j] += -0.5 * z * z - std::log(sd);
    }
    ++result.used;
  }
  result.posterior = prior;
  if (!result.posterior.update(log_likelihood))
    return fail(Error::internal("no response multiplier of the belief can produce the outcomes"));
  result.posterior_multiplier = summarize(result.posterior);
  return result;
}

}  // namespace dermasim::planner
