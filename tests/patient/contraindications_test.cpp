// Contraindication rules: the loader's checks and the evaluation of the shipped rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/calendar.hpp"
#include "patient/patient_test_support.hpp"

namespace dermasim::patient {
namespace {

using testing::shipped_rules;

PatientProfile base_profile() {
  PatientProfile profile;
  profile.id = "p1";
  profile.assessment_date = "2026-06-10";
  profile.age_years = 30;
  profile.fitzpatrick = 3;
  profile.glogau = 1;
  profile.zones = {ZoneProfile{.id = "cheeks"}, ZoneProfile{.id = "forehead"}};
  return profile;
}

std::vector<Finding> evaluate(const PatientProfile& profile) {
  return evaluate_contraindications(shipped_rules(), profile);
}

PatientProfile isotretinoin_stopped(std::string last_dose) {
  PatientProfile profile = base_profile();
  profile.medications.push_back({.name = "isotretinoin", .current = false, .last_dose = last_dose});
  return profile;
}

bool has_rule(const std::vector<Finding>& findings, std::string_view id) {
  return std::ranges::any_of(findings, [&](const Finding& f) { return f.rule_id == id; });
}

TEST(Contraindications, ShippedRulesLoadWithReasonsAndSources) {
  ASSERT_GE(shipped_rules().rules().size(), 20u);
  for (const Rule& rule : shipped_rules().rules()) {
    EXPECT_FALSE(rule.reason.empty()) << rule.id;
    EXPECT_FALSE(rule.source.empty()) << rule.id;
    EXPECT_FALSE(rule.class_reason.empty()) << rule.id;
    EXPECT_FALSE(rule.effects.empty()) << rule.id;
  }
}

TEST(Contraindications, IsotretinoinTwoMonthsAgoIsAbsoluteForNeedling) {
  const auto findings = evaluate(isotretinoin_stopped("2026-04-10"));
  EXPECT_TRUE(forbids(findings, Treatment::needling, "cheeks"));
  EXPECT_TRUE(forbids(findings, Treatment::ablative_laser, "forehead"));
  EXPECT_FALSE(forbids(findings, Treatment::topical, "cheeks"));
  EXPECT_TRUE(has_rule(findings, "isotretinoin_within_6_months"));
  EXPECT_FALSE(has_rule(findings, "isotretinoin_6_to_12_months"));
}

TEST(Contraindications, CurrentIsotretinoinIsAbsolute) {
  PatientProfile profile = base_profile();
  profile.medications.push_back({.name = "isotretinoin", .current = true, .last_dose = {}});
  EXPECT_TRUE(forbids(evaluate(profile), Treatment::needling, "cheeks"));
}

TEST(Contraindications, IsotretinoinEightMonthsAgoIsRelativeWithAWait) {
  const auto findings = evaluate(isotretinoin_stopped("2025-10-10"));
  EXPECT_FALSE(forbids(findings, Treatment::needling, "cheeks"));
  const Adjustments adjustments = adjustments_for(findings, Treatment::needling, "cheeks");
  // Twelve calendar months after the last dose: 2026-10-10, 122 days after 2026-06-10.
  EXPECT_EQ(adjustments.wait_until, "2026-10-10");
  EXPECT_EQ(adjustments.wait_days, 122);
}

TEST(Contraindications, IsotretinoinThirteenMonthsAgoGivesNothing) {
  const auto findings = evaluate(isotretinoin_stopped("2025-05-10"));
  EXPECT_TRUE(findings.empty());
}

TEST(Contraindications, KeloidHistoryAdjustsNeedlingAndRefusesAblativeLaser) {
  PatientProfile profile = base_profile();
  profile.genetics.keloid_history = true;
  const auto findings = evaluate(profile);
  EXPECT_FALSE(forbids(findings, Treatment::needling, "cheeks"));
  EXPECT_TRUE(forbids(findings, Treatment::ablative_laser, "cheeks"));
  const Adjustments needling = adjustments_for(findings, Treatment::needling, "cheeks");
  EXPECT_LE(needling.max_depth_fraction, 0.5);
  EXPECT_TRUE(needling.test_patch);
  EXPECT_GE(needling.min_interval_days, 60);
}

TEST(Contraindications, ActiveHerpesInCheeksForbidsCheeksOnly) {
  PatientProfile profile = base_profile();
  profile.zones[0].active_herpes = true;
  const auto findings = evaluate(profile);
  EXPECT_TRUE(forbids(findings, Treatment::needling, "cheeks"));
  EXPECT_FALSE(forbids(findings, Treatment::needling, "forehead"));
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].zone, "cheeks");
}

TEST(Contraindications, HerpesHistoryAsksForAntiviralProphylaxis) {
  PatientProfile profile = base_profile();
  profile.zones[1].herpes_history = true;
  const auto findings = evaluate(profile);
  EXPECT_FALSE(forbids(findings, Treatment::needling, "forehead"));
  const auto precautions = adjustments_for(findings, Treatment::needling, "forehead").precautions;
  EXPECT_NE(std::ranges::find(precautions, Precaution::antiviral_prophylaxis), precautions.end());
  EXPECT_TRUE(adjustments_for(findings, Treatment::needling, "cheeks").precautions.empty());
}

TEST(Contraindications, PregnancyAndBreastfeedingRefuseProcedures) {
  PatientProfile pregnant = base_profile();
  pregnant.pregnant = true;
  for (Treatment treatment : {Treatment::needling, Treatment::ablative_laser,
                              Treatment::non_ablative_laser, Treatment::injection})
    EXPECT_TRUE(forbids(evaluate(pregnant), treatment, "cheeks")) << treatment_name(treatment);
  PatientProfile breastfeeding = base_profile();
  breastfeeding.breastfeeding = true;
  EXPECT_TRUE(forbids(evaluate(breastfeeding), Treatment::needling, "forehead"));
  EXPECT_TRUE(evaluate(base_profile()).empty());
}

TEST(Contraindications, RecentPeelWaitsThirtyDaysInItsZones) {
  PatientProfile profile = base_profile();
  profile.previous_treatments.push_back(
      {.kind = PreviousTreatmentKind::chemical_peel, .date = "2026-06-01", .zones = {"cheeks"}});
  const auto findings = evaluate(profile);
  EXPECT_EQ(adjustments_for(findings, Treatment::needling, "cheeks").wait_until, "2026-07-01");
  EXPECT_EQ(adjustments_for(findings, Treatment::needling, "forehead").wait_days, 0);
}

TEST(Contraindications, StrictestAdjustmentWins) {
  std::vector<Finding> findings(3);
  for (Finding& finding : findings) finding.treatments = {Treatment::needling};
  findings[0].adjustments = {.max_depth_fraction = 0.5,
                             .min_interval_days = 60,
                             .wait_days = 10,
                             .wait_until = "2026-01-11",
                             .test_patch = false,
                             .precautions = {}};
  findings[1].adjustments = {.max_depth_fraction = 0.75,
                             .min_interval_days = 90,
                             .wait_days = 30,
                             .wait_until = "2026-01-31",
                             .test_patch = true,
                             .precautions = {Precaution::antiviral_prophylaxis}};
  findings[2].zone = "forehead";  // another zone: ignored for cheeks
  findings[2].adjustments.max_depth_fraction = 0.25;
  const Adjustments result = adjustments_for(findings, Treatment::needling, "cheeks");
  EXPECT_EQ(result.max_depth_fraction, 0.5);
  EXPECT_EQ(result.min_interval_days, 90);
  EXPECT_EQ(result.wait_days, 30);
  EXPECT_EQ(result.wait_until, "2026-01-31");
  EXPECT_TRUE(result.test_patch);
  EXPECT_EQ(result.precautions.size(), 1u);
  EXPECT_EQ(adjustments_for(findings, Treatment::needling, "forehead").max_depth_fraction, 0.25);
  EXPECT_EQ(adjustments_for(findings, Treatment::topical, "cheeks").max_depth_fraction, 1.0);
}

TEST(Contraindications, CalendarMonthsClampToMonthEnd) {
  EXPECT_EQ(iso_date(add_calendar_months(*days_since_epoch("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(iso_date(add_calendar_months(*days_since_epoch("2025-08-31"), 6)), "2026-02-28");
  EXPECT_FALSE(days_since_epoch("2026-13-01").has_value());
  EXPECT_FALSE(days_since_epoch("2026-1-01").has_value());
}

// A rules file with the shipped vocabulary and one rule `rule` (without its [[rule]] header).
Result<ContraindicationRules> load_rule(std::string_view rule) {
  const std::string text =
      "[vocabulary]\nconditions = [\"eczema\"]\nmedications = [\"isotretinoin\"]\n"
      "allergies = [\"nickel\"]\n[[rule]]\nid = \"r\"\nreason = \"x\"\nsource = \"H1\"\n"
      "class_reason = \"y\"\n" +
      std::string(rule);
  return ContraindicationRules::load(testing::write_temp("rules.toml", text));
}

constexpr std::string_view effect =
    "[[rule.effect]]\ntreatments = [\"needling\"]\nclass = \"absolute\"\n";

void expect_rule_refused(std::string_view rule, std::string_view message, std::string_view field) {
  auto result = load_rule(rule);
  ASSERT_FALSE(result.has_value()) << "accepted; expected: " << message;
  EXPECT_NE(result.error().message.find(message), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().field.find(field), std::string::npos) << result.error().field;
}

TEST(ContraindicationRules, MinimalRuleLoads) {
  auto rules = load_rule("condition = \"eczema\"\n" + std::string(effect));
  ASSERT_TRUE(rules.has_value()) << rules.error().message << " " << rules.error().field;
  EXPECT_EQ(rules->rules().at(0).trigger.kind, TriggerKind::condition);
}

TEST(ContraindicationRules, UnknownTriggerIsRefused) {
  expect_rule_refused("drug = \"isotretinoin\"\n" + std::string(effect), "unknown", "rule[0].drug");
}

TEST(ContraindicationRules, TwoTriggersAreRefused) {
  expect_rule_refused("condition = \"eczema\"\nallergy = \"nickel\"\n" + std::string(effect),
                      "give exactly one", "rule[0]");
}

TEST(ContraindicationRules, NoTriggerIsRefused) {
  expect_rule_refused(effect, "no trigger", "rule[0]");
}

TEST(ContraindicationRules, BadClassIsRefused) {
  expect_rule_refused(
      "condition = \"eczema\"\n[[rule.effect]]\ntreatments = [\"needling\"]\nclass = \"absolut\"\n",
      "did you mean 'absolute'", "rule[0].effect[0].class");
}

TEST(ContraindicationRules, AbsoluteEffectCannotAdjust) {
  expect_rule_refused("condition = \"eczema\"\n" + std::string(effect) + "test_patch = true\n",
                      "belong to relative effects", "class");
}

TEST(ContraindicationRules, TriggerIdsMustBeInTheVocabulary) {
  expect_rule_refused("condition = \"eczma\"\n" + std::string(effect), "did you mean 'eczema'",
                      "rule[0].condition");
  expect_rule_refused("zone_flag = \"active_herpe\"\n" + std::string(effect),
                      "did you mean 'active_herpes'", "zone_flag");
}

TEST(ContraindicationRules, WindowOnlyForTimedTriggers) {
  expect_rule_refused("condition = \"eczema\"\nwithin_months = 6\n" + std::string(effect),
                      "only to medication", "within_months");
  expect_rule_refused(
      "medication = \"isotretinoin\"\nfrom_months = 12\nwithin_months = 6\n" + std::string(effect),
      "less than within_months", "from_months");
}

}  // namespace
}  // namespace dermasim::patient
