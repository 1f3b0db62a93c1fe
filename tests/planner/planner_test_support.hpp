// Shared set-up for the planner's tests: the project's data loaded once, example patients.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "forecast/patient_forecast.hpp"
#include "planner/planner.hpp"

namespace dermasim::planner::testing {

inline std::filesystem::path data_dir() {
  return std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";
}

inline const forecast::ForecastData& shipped_data() {
  static const forecast::ForecastData data = [] {
    auto loaded = forecast::load_forecast_data(data_dir());
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message << " " << loaded.error().field;
    return loaded.value_or(forecast::ForecastData{});
  }();
  return data;
}

inline const PlannerParameters& shipped_parameters() {
  static const PlannerParameters parameters = [] {
    auto loaded = load_planner_parameters(data_dir() / "planner" / "planner.toml");
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message << " " << loaded.error().field;
    return loaded.value_or(PlannerParameters{});
  }();
  return parameters;
}

inline patient::PatientProfile example_patient(const std::string& name) {
  const forecast::ForecastData& data = shipped_data();
  auto profile =
      patient::read_patient_profile(data_dir() / "patients" / name, data.zones, data.rules);
  EXPECT_TRUE(profile.has_value()) << profile.error().message << " " << profile.error().field;
  return profile.value_or(patient::PatientProfile{});
}

inline const ZonePlan* zone_plan(const Plan& plan, std::string_view zone) {
  for (const ZonePlan& z : plan.zones)
    if (z.zone == zone) return &z;
  return nullptr;
}

}  // namespace dermasim::planner::testing
