// The planner's search space, objective and safety limits (data/planner/planner.toml).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "patient/patient_profile.hpp"

namespace dermasim::planner {

// Needle settings for one kind of concern (REFERENCE §F2).
struct ConcernSettings {
  double min_depth_mm = 0.25, max_depth_mm = 1.0;
  std::string cartridge = "12";
  std::vector<std::string> single_for;  // scar types stamped with the single needle
  std::string evidence;
};

struct AlternativeSettings {
  std::string topical_product;
  double topical_times_per_day = 2.0, topical_volume_ul_per_cm2 = 1.0, topical_days = 90.0;
  std::string injection_product;
  double injection_volume_ul_per_cm2 = 20.0, injection_depth_mm = 0.5;
  int injection_sessions = 3;
  double injection_interval_days = 28.0;
  std::string ablative_laser, nonablative_laser;
  double ablative_energy_mj = 15.0, ablative_density_per_cm2 = 200.0;
  double nonablative_energy_mj = 20.0, nonablative_density_per_cm2 = 400.0;
  int laser_sessions = 3;
  double laser_interval_days = 42.0;
};

struct PlannerParameters {
  std::vector<double> intervals_days;
  std::vector<int> passes;
  double speed_cm_per_s = 4.0;
  double depth_step_mm = 0.25;
  double assessed_after_days = 365.0;
  double settle_days = 60.0;
  double session_cost = 0.01, product_cost = 0.005, target_bonus = 1.0;
  double alignment_tolerance = 0.02;  // benefit a zone may give up to share the others' visits
  double max_pih_probability = 0.2, max_pih_probability_with_history = 0.1;
  std::vector<double> downtime_depth_mm, downtime_days;
  double ablative_laser_downtime_days = 7.0, nonablative_laser_downtime_days = 3.0;
  std::array<ConcernSettings, 8> concerns{};  // by patient::ConcernKind
  std::vector<std::string> channel_products;
  double channel_volume_ul_per_cm2 = 20.0;
  AlternativeSettings alternatives;

  const ConcernSettings& concern(patient::ConcernKind kind) const {
    return concerns[static_cast<std::size_t>(kind)];
  }
};

// Loads data/planner/planner.toml; unknown keys, missing keys and impossible values are refused
// (invalid_input naming file:line:column and the key).
Result<PlannerParameters> load_planner_parameters(const std::filesystem::path& path);

// Downtime of a needling session at `depth_mm`: linear between the table's points, flat beyond.
double needling_downtime_days(const PlannerParameters& p, double depth_mm);

}  // namespace dermasim::planner
