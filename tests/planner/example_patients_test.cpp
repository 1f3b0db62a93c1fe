// The planner on the example patients of data/patients/: the properties a practitioner expects
// of each program (issue 7, "Must show"), checked against the rules and charts they come from.
#include <gtest/gtest.h>

#include <algorithm>

#include "planner/planner_test_support.hpp"

namespace dermasim::planner {
namespace {

using testing::example_patient;
using testing::shipped_data;
using testing::shipped_parameters;
using testing::zone_plan;

Plan plan_for(const std::string& file) {
  auto plan = plan_program(shipped_data(), shipped_parameters(), example_patient(file));
  EXPECT_TRUE(plan.has_value()) << plan.error().message;
  return plan.value_or(Plan{});
}

// Every depth of every session within the zone's maximum of REFERENCE §F2 (data/zones.toml).
void expect_depths_within_zone_limits(const Plan& plan) {
  for (const treatment::Session& s : plan.program.sessions)
    for (const treatment::ZoneTreatment& z : s.zones) {
      const patient::CatalogZone* zone = shipped_data().zones.find(z.zone);
      ASSERT_NE(zone, nullptr);
      for (const treatment::NeedlingPass& pass : z.passes)
        EXPECT_LE(pass.depth_mm, zone->max_needle_depth_mm + 1e-9) << z.zone;
    }
}

// Cartridges are single-use: no id in two sessions (CONTRACTS).
void expect_fresh_cartridges(const Plan& plan) {
  std::vector<std::pair<std::string, std::size_t>> seen;
  for (std::size_t i = 0; i < plan.program.sessions.size(); ++i)
    for (const treatment::ZoneTreatment& z : plan.program.sessions[i].zones)
      for (const treatment::NeedlingPass& pass : z.passes) {
        for (const auto& [id, session] : seen)
          if (id == pass.cartridge_id) {
            EXPECT_EQ(session, i) << id;
          }
        seen.emplace_back(pass.cartridge_id, i);
      }
}

TEST(ExamplePatients, PhotoageingSmokerGetsFiveZonesShallowerAroundTheEyes) {
  const Plan plan = plan_for("photoageing_smoker.toml");
  ASSERT_EQ(plan.zones.size(), 5u);
  for (const ZonePlan& z : plan.zones) EXPECT_TRUE(z.treated) << z.zone;
  const ZonePlan* eyes = zone_plan(plan, "periorbital");
  ASSERT_NE(eyes, nullptr);
  EXPECT_LE(eyes->pass.depth_mm, 0.5);  // §F2: periorbital 0.2–0.5 mm
  for (const ZonePlan& z : plan.zones) EXPECT_LE(eyes->pass.depth_mm, z.pass.depth_mm) << z.zone;
  const ZonePlan* cheeks = zone_plan(plan, "cheeks");
  ASSERT_NE(cheeks, nullptr);
  EXPECT_LT(eyes->pass.depth_mm, cheeks->pass.depth_mm);  // thicker skin, deeper needles
  expect_depths_within_zone_limits(plan);
  expect_fresh_cartridges(plan);
  // The zones share one interval, so every visit treats all five.
  for (const treatment::Session& s : plan.program.sessions) EXPECT_EQ(s.zones.size(), 5u) << s.date;
  // Stopping smoking is advised, with a larger forecast response.
  const auto quit =
      std::find_if(plan.advice.begin(), plan.advice.end(),
                   [](const LifestyleAdvice& a) { return a.change == "stop smoking"; });
  ASSERT_NE(quit, plan.advice.end());
  EXPECT_GT(quit->responsiveness_after, quit->responsiveness_before);
  // Each zone has a band around its median, and the forecast covers every zone's concerns.
  const forecast::ObservableBand* wrinkles = plan.forecast.find("periorbital", "wrinkle_grade");
  ASSERT_NE(wrinkles, nullptr);
  for (std::size_t i = 0; i < wrinkles->t_days.size(); ++i) {
    EXPECT_LE(wrinkles->p05[i], wrinkles->median[i]);
    EXPECT_LE(wrinkles->median[i], wrinkles->p95[i]);
  }
  EXPECT_LT(wrinkles->median.back(), wrinkles->median.front());  // the course improves them
}

TEST(ExamplePatients, DarkSkinWithEarlierPihGetsNeedlingAndNoLaser) {
  const patient::PatientProfile patient = example_patient("acne_scars_fst5.toml");
  ASSERT_EQ(patient.fitzpatrick, 5);
  ASSERT_TRUE(patient.genetics.pih_history);
  const Plan plan = plan_for("acne_scars_fst5.toml");
  const ZonePlan* cheeks = zone_plan(plan, "cheeks");
  ASSERT_NE(cheeks, nullptr);
  ASSERT_TRUE(cheeks->treated);
  EXPECT_LE(cheeks->pih_probability, shipped_parameters().max_pih_probability_with_history);
  for (const treatment::Session& s : plan.program.sessions)
    for (const treatment::ZoneTreatment& z : s.zones) EXPECT_TRUE(z.lasers.empty());
  const auto laser = std::find_if(plan.alternatives.begin(), plan.alternatives.end(),
                                  [](const AlternativeOutcome& a) { return a.kind == "laser"; });
  ASSERT_NE(laser, plan.alternatives.end());
  EXPECT_FALSE(laser->allowed);
  EXPECT_GT(laser->pih_probability, cheeks->pih_probability);
  EXPECT_NE(laser->verdict.find("Fitzpatrick V"), std::string::npos);
  // The zone's own reasons say why not a laser, for this phototype.
  EXPECT_TRUE(
      std::any_of(cheeks->rationale.begin(), cheeks->rationale.end(), [](const std::string& why) {
        return why.find("not a fractional laser") != std::string::npos &&
               why.find("Fitzpatrick V") != std::string::npos;
      }));
  // Acne scars: 1.0–2.0 mm (Harris 2015, §F2).
  EXPECT_GE(cheeks->pass.depth_mm, 1.0);
  EXPECT_LE(cheeks->pass.depth_mm, 2.0);
}

TEST(ExamplePatients, StretchMarksGetTheSingleNeedleTipAtStriaeDepth) {
  const Plan plan = plan_for("striae_postpartum.toml");
  bool any = false;
  for (const ZonePlan& z : plan.zones) {
    if (!z.treated) continue;
    any = true;
    EXPECT_EQ(z.pass.cartridge, treatment::CartridgeType::single) << z.zone;
    EXPECT_GE(z.pass.depth_mm, 1.5) << z.zone;  // §F2: stretch marks 1.5–2.0 mm
    EXPECT_LE(z.pass.depth_mm, 2.0) << z.zone;
  }
  EXPECT_TRUE(any);
  expect_depths_within_zone_limits(plan);
}

TEST(ExamplePatients, RecentIsotretinoinIsRefusedNamingTheRule) {
  auto plan = plan_program(shipped_data(), shipped_parameters(),
                           example_patient("isotretinoin_recent.toml"));
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().category, ErrorCategory::contraindicated);
  EXPECT_NE(plan.error().message.find("isotretinoin"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("rule "), std::string::npos);
}

// Isotretinoin 6–12 months ago is relative: the first session waits until 12 months after the
// last dose (data/patient/contraindications.toml).
TEST(ExamplePatients, IsotretinoinEightMonthsAgoWaitsForTwelveMonths) {
  patient::PatientProfile patient = example_patient("isotretinoin_recent.toml");
  ASSERT_EQ(patient.assessment_date, "2026-06-10");
  patient.medications.front().last_dose = "2025-10-10";  // 8 months before the assessment
  const auto plan = plan_program(shipped_data(), shipped_parameters(), patient);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  ASSERT_FALSE(plan->program.sessions.empty());
  EXPECT_GE(plan->program.sessions.front().date, std::string("2026-10-10"));
  const ZonePlan* treated = nullptr;
  for (const ZonePlan& z : plan->zones)
    if (z.treated) treated = &z;
  ASSERT_NE(treated, nullptr);
  EXPECT_GE(treated->first_day, 120.0);  // 2026-06-10 → 2026-10-10
}

TEST(ExamplePatients, KeloidHistoryNeedlesShallowerAndSparserAndNeverAblates) {
  const patient::PatientProfile patient = example_patient("keloid_history.toml");
  const Plan plan = plan_for("keloid_history.toml");
  const auto& data = shipped_data();
  for (const ZonePlan& z : plan.zones) {
    if (!z.treated) continue;
    const patient::Adjustments adjust =
        patient::adjustments_for(plan.findings, patient::Treatment::needling, z.zone);
    EXPECT_LT(adjust.max_depth_fraction, 1.0);  // CONTRACTS: relative for needling
    EXPECT_LE(z.pass.depth_mm,
              data.zones.find(z.zone)->max_needle_depth_mm * adjust.max_depth_fraction + 1e-9);
    if (z.sessions > 1) {
      EXPECT_GE(z.interval_days, adjust.min_interval_days);
    }
  }
  EXPECT_TRUE(patient::forbids(plan.findings, patient::Treatment::ablative_laser, "cheeks"));
  for (const AlternativeOutcome& a : plan.alternatives)
    if (a.kind == "laser" && a.description.find("ablative fractional") != std::string::npos) {
      EXPECT_FALSE(a.allowed) << a.verdict;
    }
}

TEST(ExamplePatients, EveryPlanExplainsItselfAndCarriesTheDisclaimer) {
  for (const char* file : {"photoageing_smoker.toml", "acne_scars_fst5.toml",
                           "striae_postpartum.toml", "keloid_history.toml"}) {
    const Plan plan = plan_for(file);
    EXPECT_NE(plan.disclaimer.find("qualified practitioner"), std::string::npos);
    EXPECT_FALSE(plan.evidence.empty()) << file;
    for (const ZonePlan& z : plan.zones) EXPECT_FALSE(z.rationale.empty()) << file << z.zone;
  }
}

TEST(ExamplePatients, TheSameProfileReadsAndPlansAlikeFromTomlAndJson) {
  const Plan a = plan_for("photoageing_smoker.toml");
  const Plan b = plan_for("photoageing_smoker.json");
  EXPECT_EQ(program_toml(a.program, a.start_date), program_toml(b.program, b.start_date));
}

}  // namespace
}  // namespace dermasim::planner
