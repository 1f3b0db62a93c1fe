// The forecast and recalibrate commands (see forecast_command.hpp).
#include "cli/forecast_command.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "engine/toml_reader.hpp"
#include "forecast/patient_forecast.hpp"
#include "planner/outcomes.hpp"
#include "planner/recalibration.hpp"
#include "treatment/treatment_schedule.hpp"

namespace dermasim::cli {
namespace {

// A program may run this long when no --horizon-days bounds it (sessions after it are refused).
constexpr double longest_program_days = 5.0 * 365.0;

struct Inputs {
  forecast::ForecastData data;
  patient::PatientProfile patient;
  treatment::TreatmentSchedule program;
  forecast::ForecastOptions options;
};

// Every session's zone must be a zone of the catalog (data/zones.toml) before it can be one of the
// profile's: a typo gets a suggestion.
Status check_catalog_zones(const forecast::ForecastData& data,
                           const treatment::TreatmentSchedule& program,
                           const std::filesystem::path& file) {
  const std::vector<std::string> ids = data.zones.ids();
  for (std::size_t s = 0; s < program.sessions.size(); ++s)
    for (std::size_t z = 0; z < program.sessions[s].zones.size(); ++z) {
      const std::string& zone = program.sessions[s].zones[z].zone;
      if (data.zones.find(zone) == nullptr)
        return fail(Error::invalid_input(
            "unknown zone '" + zone + "'" + engine::detail::suggestion(zone, ids),
            file.string() + " session[" + std::to_string(s) + "].zone[" + std::to_string(z) +
                "].zone"));
    }
  return {};
}

Result<Inputs> load_inputs(const ForecastOptions& options) {
  Inputs in;
  if (!(options.horizon_days >= 0.0))
    return fail(Error::invalid_input("must be a number of days >= 0", "--horizon-days"));
  DERMASIM_TRY_ASSIGN(in.data, forecast::load_forecast_data(options.data_dir));
  DERMASIM_TRY_ASSIGN(in.patient,
                      patient::read_patient_profile(options.patient, in.data.zones, in.data.rules));
  const double horizon = options.horizon_days > 0.0 ? options.horizon_days : longest_program_days;
  DERMASIM_TRY_ASSIGN(in.program,
                      treatment::read_program(options.program, in.patient.preferences.start_date,
                                              horizon, options.data_dir));
  DERMASIM_TRY(check_catalog_zones(in.data, in.program, options.program));
  if (auto zones = forecast::check_program_zones(in.patient, in.program); !zones) {
    Error error = std::move(zones.error());
    error.field = options.program.string() + " " + error.field;
    return fail(std::move(error));
  }
  in.options.horizon_days = options.horizon_days;
  return in;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

// Linear interpolation of `values` (at `t`) at `day`; nothing past the last time.
std::optional<double> at_day(const std::vector<double>& t, const std::vector<double>& values,
                             double day) {
  if (t.empty() || day > t.back() + 1e-9) return std::nullopt;
  const auto upper = std::lower_bound(t.begin(), t.end(), day);
  if (upper == t.begin()) return values.front();
  const std::size_t k = static_cast<std::size_t>(upper - t.begin());
  const double f = (day - t[k - 1]) / (t[k] - t[k - 1]);
  return values[k - 1] + f * (values[k] - values[k - 1]);
}

constexpr std::array<std::pair<std::string_view, double>, 3> table_times = {
    {{"3 months", 91.0}, {"6 months", 182.0}, {"12 months", 365.0}}};

std::string forecast_table(const forecast::PatientForecast& f) {
  std::string out =
      "Forecast from the program's start: median [5th - 95th percentile]\n\n"
      "| zone | observable | unit | start |";
  for (const auto& [name, day] : table_times) out += " " + std::string(name) + " |";
  out += "\n|---|---|---|---|---|---|---|\n";
  for (const forecast::ObservableBand& b : f.bands) {
    out += "| " + b.zone + " | " + b.observable + " | " + b.unit + " | " +
           (b.median.empty() ? "-" : number(b.median.front())) + " |";
    for (const auto& [name, day] : table_times) {
      const auto median = at_day(b.t_days, b.median, day);
      if (!median) {
        out += " - |";
        continue;
      }
      out += " " + number(*median) + " [" + number(*at_day(b.t_days, b.p05, day)) + " - " +
             number(*at_day(b.t_days, b.p95, day)) + "] |";
    }
    out += "\n";
  }
  return out;
}

nlohmann::json summary_json(const planner::MultiplierSummary& s) {
  return {{"median", s.median}, {"p05", s.p05}, {"p95", s.p95}};
}

std::string summary_text(const planner::MultiplierSummary& s) {
  return "median " + number(s.median) + ", 90 % band " + number(s.p05) + " - " + number(s.p95);
}

}  // namespace

Result<ForecastReport> forecast_report(const ForecastOptions& options) {
  DERMASIM_TRY_ASSIGN(const Inputs in, load_inputs(options));
  const forecast::ResponseBelief prior =
      forecast::ResponseBelief::prior(in.data.model.response_log_sd);
  DERMASIM_TRY_ASSIGN(
      const forecast::PatientForecast f,
      forecast::forecast_program(in.data, in.patient, in.program, prior, in.options));
  return ForecastReport{forecast::forecast_json(f), forecast_table(f)};
}

Result<ForecastReport> recalibrate_report(const ForecastOptions& options) {
  DERMASIM_TRY_ASSIGN(const Inputs in, load_inputs(options));
  DERMASIM_TRY_ASSIGN(const planner::OutcomeNoise noise,
                      planner::load_outcome_noise(options.data_dir / "planner" / "outcomes.toml"));
  DERMASIM_TRY_ASSIGN(const std::vector<planner::Outcome> outcomes,
                      planner::read_outcomes(options.outcomes, in.patient.preferences.start_date));
  const forecast::ResponseBelief prior =
      forecast::ResponseBelief::prior(in.data.model.response_log_sd);
  DERMASIM_TRY_ASSIGN(
      const planner::RecalibrationResult r,
      planner::recalibrate(in.data, noise, in.patient, in.program, prior, outcomes));
  DERMASIM_TRY_ASSIGN(
      const forecast::PatientForecast f,
      forecast::forecast_program(in.data, in.patient, in.program, r.posterior, in.options));
  ForecastReport report{forecast::forecast_json(f), {}};
  nlohmann::json skipped = nlohmann::json::array();
  for (const planner::SkippedOutcome& s : r.skipped)
    skipped.push_back({{"row", s.where}, {"observable", s.observable}, {"reason", s.reason}});
  report.json["recalibration"] = {{"outcomes_used", r.used},
                                  {"outcomes_skipped", r.skipped.size()},
                                  {"skipped", skipped},
                                  {"multiplier",
                                   {{"prior", summary_json(r.prior_multiplier)},
                                    {"posterior", summary_json(r.posterior_multiplier)}}}};
  const double prior_band = r.prior_multiplier.band(),
               posterior_band = r.posterior_multiplier.band();
  const double narrower = prior_band > 0.0 ? 100.0 * (1.0 - posterior_band / prior_band) : 0.0;
  std::string text = "Recalibrated on " + std::to_string(r.used) + " outcome(s) (" +
                     std::to_string(r.skipped.size()) + " skipped as uninformative).\n" +
                     "Response multiplier before: " + summary_text(r.prior_multiplier) + "\n" +
                     "Response multiplier after:  " + summary_text(r.posterior_multiplier) + "\n" +
                     "The multiplier's 90 % band is " + number(std::abs(narrower)) + " % " +
                     (narrower >= 0.0 ? "narrower" : "wider") +
                     "; every forecast band below follows from it.\n";
  for (const planner::SkippedOutcome& s : r.skipped)
    text += "  skipped " + s.where + " (" + s.observable + "): " + s.reason + "\n";
  report.text = text + "\n" + forecast_table(f);
  return report;
}

}  // namespace dermasim::cli
