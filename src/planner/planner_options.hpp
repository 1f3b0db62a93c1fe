// The options a plan weighs beside its own course: the alternatives the patient asked about
// (topical, injections, laser) and lifestyle changes, each with its forecast effect.
#pragma once

#include <vector>

#include "planner/planner.hpp"
#include "planner/zone_search.hpp"

namespace dermasim::planner {

std::vector<AlternativeOutcome> alternatives_for(const ZoneContext& z, const ZonePlan& plan,
                                                 const std::vector<patient::Finding>& findings);

std::vector<LifestyleAdvice> lifestyle_advice(const forecast::ForecastData& data,
                                              const PlannerParameters& parameters,
                                              const patient::PatientProfile& patient);

}  // namespace dermasim::planner
