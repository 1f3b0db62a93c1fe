// The planner: a per-zone program for a patient (device settings, cartridge, product, interval and
// number of sessions) searched on the forecast under the patient's contraindications, PIH risk and
// accepted downtime, with the reasons in plain words, the alternatives the patient asked about,
// and lifestyle advice with its forecast effect (docs/planner.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "forecast/patient_forecast.hpp"
#include "planner/planner_parameters.hpp"

namespace dermasim::planner {

// What the planner chose for one zone.
struct ZonePlan {
  std::string zone;
  bool treated = false;          // false: nothing safe or worthwhile (see rationale)
  treatment::NeedlingPass pass;  // device, cartridge, depth, passes, speed
  std::string product;           // into the channels; empty for none
  double interval_days = 0.0;
  int sessions = 0;
  double first_day = 0.0;              // from the program's start (waits of relative rules)
  double downtime_days = 0.0;          // per session
  double pih_probability = 0.0;        // over the course
  double benefit = 0.0;                // forecast improvement, in shares of the scales
  std::vector<std::string> rationale;  // plain words, tied to the patient's data and the model
};

// An alternative the patient asked about, in the same forecast terms.
struct AlternativeOutcome {
  std::string zone, kind, description;
  bool allowed = true;   // false: a contraindication or the PIH limit rules it out
  double benefit = 0.0;  // as ZonePlan::benefit
  double needling_benefit = 0.0;
  double pih_probability = 0.0;
  double downtime_days = 0.0;
  std::string verdict;  // plain words
};

struct LifestyleAdvice {
  std::string change;  // e.g. "stop smoking"
  std::string effect;  // the forecast effect, in words with numbers
  double responsiveness_before = 1.0, responsiveness_after = 1.0;
};

struct Plan {
  std::string patient_id, start_date;
  std::vector<patient::Finding> findings;  // contraindications found (absolute and relative)
  std::vector<ZonePlan> zones;
  treatment::TreatmentSchedule program;  // the sessions, all zones merged by day
  forecast::PatientForecast forecast;    // of the program, with its band
  std::vector<AlternativeOutcome> alternatives;
  std::vector<LifestyleAdvice> advice;
  std::vector<std::string> evidence;  // tags of every depth and interval used
  std::string disclaimer;
};

// What a plan reads: the project's data, the planner's parameters and the patient's profile.
struct PlannerInputs {
  forecast::ForecastData data;
  PlannerParameters parameters;
  patient::PatientProfile patient;
};

// Loads them from the data folder and the profile file (TOML or JSON).
Result<PlannerInputs> load_planner_inputs(const std::filesystem::path& data_dir,
                                          const std::filesystem::path& patient_file);

// Plans for `patient`. A patient for whom every zone's needling is absolutely contraindicated gets
// Error::contraindicated naming the rule(s) (the command exits 5).
Result<Plan> plan_program(const forecast::ForecastData& data, const PlannerParameters& parameters,
                          const patient::PatientProfile& patient);

// The program as TOML: the [[session]] array of a scenario (CONTRACTS), dates from the start date.
std::string program_toml(const treatment::TreatmentSchedule& program, std::string_view start_date);

// The program as JSON (the same tables).
nlohmann::json program_json(const treatment::TreatmentSchedule& program,
                            std::string_view start_date);

// The whole plan: {"patient", "start_date", "program", "zones", "contraindications",
// "alternatives", "lifestyle", "evidence", "disclaimer", "forecast"}.
nlohmann::json plan_json(const Plan& plan);

// The plan as text for a terminal.
std::string plan_text(const Plan& plan);

}  // namespace dermasim::planner
