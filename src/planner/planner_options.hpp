// The options a plan weighs beside its own course: the alternatives the patient asked about
// (topical, injections, laser) and lifestyle changes, each with its forecast effect.
#pragma once

#include <vector>

#include "planner/planner.hpp"
#include "planner/zone_search.hpp"

namespace dermasim::planner {

std::vector<AlternativeOutcome> alternatives_for(const ZoneContext& z, const ZonePlan& plan,
                                                 const std::vector<patient::Finding>& findings);

// The laser in the same forecast terms, for the zone's reasons when the patient's skin is dark
// (Fitzpatrick IV–VI) or has had PIH: why the plan needles instead (heat-based treatments inflame,
// and inflammation darkens such skin).
AlternativeOutcome laser_comparison(const ZoneContext& z, const ZonePlan& plan,
                                    const std::vector<patient::Finding>& findings);

std::vector<LifestyleAdvice> lifestyle_advice(const forecast::ForecastData& data,
                                              const PlannerParameters& parameters,
                                              const patient::PatientProfile& patient);

}  // namespace dermasim::planner
