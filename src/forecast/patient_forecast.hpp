// A patient's forecast: every zone of the profile under a program, each concern on its clinical
// scale and the tissue figures, as a median and a 90 % band over the response belief.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "forecast/reduced_model.hpp"
#include "forecast/response_belief.hpp"
#include "forecast/session_stimuli.hpp"
#include "patient/contraindications.hpp"
#include "patient/patient_profile.hpp"
#include "skin/clinical_scales.hpp"
#include "skin/dermis_parameters.hpp"
#include "skin/tissue_parameters.hpp"

namespace dermasim::forecast {

// Everything a forecast reads, loaded once from the project's data folder.
struct ForecastData {
  std::filesystem::path data_dir;
  ReducedModel model;                     // forecast/reduced_model.toml
  skin::ClinicalScaleParameters scales;   // dermis/clinical_scales.toml
  skin::TissueParameters epidermis;       // epidermis/tissue.toml (hydration)
  skin::DermisParameters dermis;          // dermis/dermis.toml (papillary depth)
  skin::ModifierParameters modifiers;     // dermis/modifiers.toml
  skin::DermisModifiers reference;        // the ensemble's person (45 years, non-smoker)
  treatment::TreatmentCatalogs catalogs;  // products.toml, treatment/*.toml
  patient::ZoneCatalog zones;             // zones.toml
  patient::ContraindicationRules rules;   // patient/contraindications.toml
};

Result<ForecastData> load_forecast_data(const std::filesystem::path& data_dir);

// One (zone, observable) of the forecast JSON (CONTRACTS "Forecast JSON").
struct ObservableBand {
  std::string zone, observable, unit;
  std::vector<double> t_days, median, p05, p95;
};

struct ZoneSetting {
  std::string zone;
  ZoneSkin skin;
  patient::ZoneGeometry geometry;
  const patient::ZoneProfile* profile = nullptr;
  std::vector<Stimulus> stimuli;
};

struct PatientForecast {
  double responsiveness = 1.0;  // the patient's synthesis relative to the ensemble's person
  std::vector<ZoneSetting> zones;
  std::vector<ObservableBand> bands;
  const ObservableBand* find(std::string_view zone, std::string_view observable) const;
};

struct ForecastOptions {
  double horizon_days = 0.0;  // 0: 180 days after the last session, at least 365
  double step_days = 7.0;
};

// The patient's responsiveness: collagen synthesis relative to the ensemble's person.
double patient_responsiveness(const ForecastData& data, const patient::PatientProfile& patient);

// The zone's geometry and skin, without stimuli.
ZoneSetting zone_base(const ForecastData& data, const patient::PatientProfile& patient,
                      const patient::ZoneProfile& zone);

// The zone's skin and stimuli under `program` (sessions on zones the profile lacks are refused by
// the caller, see check_program_zones).
Result<ZoneSetting> zone_setting(const ForecastData& data, const patient::PatientProfile& patient,
                                 const patient::ZoneProfile& zone,
                                 const treatment::TreatmentSchedule& program);

// Every session's zone must be one of the profile's zones (invalid_input naming the session).
Status check_program_zones(const patient::PatientProfile& patient,
                           const treatment::TreatmentSchedule& program);

// A program's safety for this patient: no needle deeper than the zone's maximum (REFERENCE §F2;
// invalid_input) and no treatment an absolute contraindication forbids in its zone
// (contraindicated, naming the rule). Relative rules are the planner's to apply.
Status check_program_safety(const ForecastData& data, const patient::PatientProfile& patient,
                            const treatment::TreatmentSchedule& program);

// The horizon the options give for `program`.
double forecast_horizon_days(const ForecastOptions& options,
                             const treatment::TreatmentSchedule& program);

Result<PatientForecast> forecast_program(const ForecastData& data,
                                         const patient::PatientProfile& patient,
                                         const treatment::TreatmentSchedule& program,
                                         const ResponseBelief& belief,
                                         const ForecastOptions& options);

// A named observable of one zone as a function of the tissue paths at time index i and
// response multiplier m: what the forecast evaluates and what recalibration compares with.
struct ZoneObservable {
  std::string id, unit;
  std::function<double(const TissuePaths&, std::size_t i, double m)> value;
};

// The observables of a zone: its concerns' scales, PIH probability and the tissue figures.
std::vector<ZoneObservable> zone_observables(const ForecastData& data,
                                             const patient::PatientProfile& patient,
                                             const ZoneSetting& zone);

// {"observables": {"<zone>.<observable>": {zone, observable, t_days, median, p05, p95, unit}}}
nlohmann::json forecast_json(const PatientForecast& forecast);

}  // namespace dermasim::forecast
