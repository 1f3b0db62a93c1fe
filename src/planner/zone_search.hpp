// The per-zone search of the planner: candidate needling courses for one zone, scored on the
// forecast at the assessment day under the patient's limits (used by planner.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "forecast/patient_forecast.hpp"
#include "planner/planner_parameters.hpp"

namespace dermasim::planner {

// One course for one zone: the same pass (and product) every session.
struct Course {
  treatment::NeedlingPass pass;
  std::string product;  // into the channels; empty for none
  double first_day = 0.0, interval_days = 28.0;
  int sessions = 1;
};

// Limits of the zone for this patient (contraindications, preferences).
struct ZoneLimits {
  double max_depth_mm = 0.0;       // zone maximum × the strictest relative rule
  double min_interval_days = 0.0;  // relative rules (e.g. keloid history)
  double first_day = 0.0;          // waits of relative rules, from the program's start
  double max_downtime_days = 7.0;  // the patient's
  double max_pih_probability = 0.2;
  int max_sessions = 6;
};

struct CourseScore {
  double benefit = 0.0;          // Σ concerns' improvement as shares of their scales
  double pih_probability = 0.0;  // over the course
  double downtime_days = 0.0;    // per session
  bool targets_met = false;
  double score = 0.0;                                   // benefit − costs + target bonus
  std::vector<std::pair<std::string, double>> medians;  // concern observable → median at assessment
};

// Everything the search needs about one zone.
struct ZoneContext {
  const forecast::ForecastData* data = nullptr;
  const PlannerParameters* parameters = nullptr;
  const patient::PatientProfile* patient = nullptr;
  const patient::ZoneProfile* zone = nullptr;
  double responsiveness = 1.0;
  ZoneLimits limits;
  forecast::ZoneSetting base;  // the zone's geometry and skin (forecast::zone_base), once
};

// The one-zone schedule of a course (cartridge ids per session).
treatment::TreatmentSchedule course_schedule(const ZoneContext& z, const Course& course);

// The forecast score of a stimulus list on the zone (benefit at the assessment, at the median
// response), with PIH over the stimuli.
CourseScore score_stimuli(const ZoneContext& z, const std::vector<forecast::Stimulus>& stimuli);

// The score of a needling course; nullopt when a limit rules it out.
std::optional<CourseScore> score_course(const ZoneContext& z, const Course& course);

// The depth range the zone's concerns call for (REFERENCE §F2) and the cartridge.
struct DepthChoice {
  double min_depth_mm = 0.25, max_depth_mm = 1.0;
  std::string cartridge = "12";
  std::vector<std::string> evidence;
};
DepthChoice depth_choice(const ZoneContext& z);

struct SearchResult {
  std::optional<Course> best;
  CourseScore best_score;
  int candidates = 0, rejected_downtime = 0, rejected_pih = 0;
  std::optional<Course> best_without_product;
  CourseScore best_without_product_score;
  // The best course at each interval (in the order searched): for the rationale, and to align
  // the zones' visits.
  struct IntervalBest {
    double interval_days = 0.0;
    Course course;
    CourseScore score;
  };
  std::vector<IntervalBest> best_by_interval;
};

SearchResult search_zone(const ZoneContext& z);

}  // namespace dermasim::planner
