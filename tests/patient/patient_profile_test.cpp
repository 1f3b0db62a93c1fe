// Reading patient profiles: the shipped examples, both formats, and every error path.
#include <gtest/gtest.h>

#include <string>

#include "patient/patient_test_support.hpp"
#include "patient/tissue_profile.hpp"

namespace dermasim::patient {
namespace {

using testing::read_text;
using testing::valid_profile;

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Expects invalid_input whose message contains `message` and whose field contains `field`.
void expect_refused(const Result<PatientProfile>& result, std::string_view message,
                    std::string_view field = "") {
  ASSERT_FALSE(result.has_value()) << "accepted; expected: " << message;
  EXPECT_EQ(result.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(result.error().message.find(message), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().field.find(field), std::string::npos) << result.error().field;
}

TEST(PatientProfile, ValidProfileReadsWithDefaults) {
  auto profile = read_text(valid_profile);
  ASSERT_TRUE(profile.has_value()) << profile.error().message << " " << profile.error().field;
  EXPECT_EQ(profile->id, "p1");
  EXPECT_EQ(profile->fitzpatrick, 3);
  EXPECT_EQ(profile->preferences.max_sessions, 6);
  EXPECT_EQ(profile->preferences.max_downtime_days, 7.0);
  EXPECT_EQ(profile->preferences.start_date, "2026-03-01");
  ASSERT_EQ(profile->zones.size(), 1u);
  ASSERT_EQ(profile->zones[0].concerns.size(), 1u);
  EXPECT_EQ(profile->zones[0].concerns[0].grade, 3);
  EXPECT_NE(profile->zone("cheeks"), nullptr);
}

TEST(PatientProfile, TomlDateLiteralsReadLikeQuotedDates) {
  auto profile = read_text(replaced(std::string(valid_profile), "\"2026-03-01\"", "2026-03-01"));
  ASSERT_TRUE(profile.has_value()) << profile.error().message << " " << profile.error().field;
  EXPECT_EQ(profile->assessment_date, "2026-03-01");
}

TEST(PatientProfile, MalformedTomlNamesTheLine) {
  expect_refused(read_text("id = \"p1\nage_years = 40\n"), "TOML syntax error", "p.toml:1:");
}

TEST(PatientProfile, UnknownKeyIsRefusedWithSuggestion) {
  expect_refused(
      read_text(replaced(std::string(valid_profile), "glogau = 2", "glogau = 2\nfitzpatric = 3")),
      "fitzpatrick", "fitzpatric");
}

TEST(PatientProfile, MissingRequiredKeyIsNamed) {
  expect_refused(read_text(replaced(std::string(valid_profile), "glogau = 2\n", "")), "required",
                 "glogau");
  expect_refused(read_text(replaced(std::string(valid_profile), "id = \"p1\"\n", "")), "required",
                 "id");
}

TEST(PatientProfile, OutOfRangeValuesAreRefused) {
  expect_refused(
      read_text(replaced(std::string(valid_profile), "age_years = 40", "age_years = 12")),
      "[16, 100]", "age_years");
  expect_refused(
      read_text(replaced(std::string(valid_profile), "fitzpatrick = 3", "fitzpatrick = 7")),
      "[1, 6]", "fitzpatrick");
  expect_refused(
      read_text(replaced(std::string(valid_profile), "fitzpatrick = 3", "fitzpatrick = 2.5")),
      "whole number", "fitzpatrick");
  expect_refused(
      read_text(replaced(std::string(valid_profile), "lemperle_grade = 3", "lemperle_grade = 6")),
      "[0, 5]", "zone[0].concern[0].lemperle_grade");
  expect_refused(read_text(replaced(std::string(valid_profile), "id = \"cheeks\"",
                                    "id = \"cheeks\"\nepidermis_um = 10")),
                 "[20, 400]", "zone[0].epidermis_um");
  expect_refused(read_text(replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[lifestyle]\ncigarettes_per_day = 120")),
                 "[0, 100]", "lifestyle.cigarettes_per_day");
}

TEST(PatientProfile, BadDatesAreRefused) {
  expect_refused(read_text(replaced(std::string(valid_profile), "2026-03-01", "2026-02-30")),
                 "real calendar date", "assessment_date");
  expect_refused(read_text(replaced(std::string(valid_profile), "2026-03-01", "01/03/2026")),
                 "YYYY-MM-DD", "assessment_date");
}

TEST(PatientProfile, LastDoseAfterAssessmentIsRefused) {
  const std::string text = replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[[medication]]\nname = \"isotretinoin\"\n"
                                    "current = false\nlast_dose = \"2026-04-01\"");
  expect_refused(read_text(text), "after assessment_date", "medication[0].last_dose");
}

TEST(PatientProfile, StoppedMedicationNeedsItsLastDose) {
  const std::string text = replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[[medication]]\nname = \"isotretinoin\"\n"
                                    "current = false");
  expect_refused(read_text(text), "required when current = false", "last_dose");
}

TEST(PatientProfile, PreviousTreatmentAfterAssessmentIsRefused) {
  const std::string text = replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[[previous_treatment]]\nkind = \"filler\"\n"
                                    "date = \"2026-05-01\"\nzones = [\"cheeks\"]");
  expect_refused(read_text(text), "after assessment_date", "previous_treatment[0].date");
}

TEST(PatientProfile, StartDateBeforeAssessmentIsRefused) {
  const std::string text = replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[preferences]\nstart_date = \"2026-01-01\"");
  expect_refused(read_text(text), "before assessment_date", "preferences.start_date");
}

TEST(PatientProfile, UnknownZoneIsRefusedWithSuggestion) {
  expect_refused(
      read_text(replaced(std::string(valid_profile), "id = \"cheeks\"", "id = \"cheek\"")),
      "did you mean 'cheeks'", "zone[0].id");
}

TEST(PatientProfile, DuplicateZoneIsRefused) {
  expect_refused(read_text(std::string(valid_profile) + "[[zone]]\nid = \"cheeks\"\n"),
                 "appears twice", "zone[1].id");
}

TEST(PatientProfile, ProfileWithoutZonesIsRefused) {
  const std::string text(valid_profile.substr(0, valid_profile.find("[[zone]]")));
  expect_refused(read_text(text), "at least one [[zone]]", "zone");
}

TEST(PatientProfile, ConcernKeyOfAnotherKindIsRefusedNamingIt) {
  expect_refused(
      read_text(replaced(std::string(valid_profile), "lemperle_grade = 3", "texture_grade = 3")),
      "belongs to a texture concern", "texture_grade");
  expect_refused(read_text(replaced(std::string(valid_profile), "lemperle_grade = 3",
                                    "lemperle_grade = 3\nscar_type = \"rolling\"")),
                 "belongs to a acne_scars concern", "scar_type");
}

TEST(PatientProfile, AcneScarsNeedTheirTypeAndQualitativeGrade) {
  const std::string acne =
      replaced(std::string(valid_profile), "kind = \"fine_lines\"\nlemperle_grade = 3",
               "kind = \"acne_scars\"\ngoodman_baron_grade = 3");
  expect_refused(read_text(acne), "required", "scar_type");
  auto read = read_text(replaced(acne, "goodman_baron_grade = 3",
                                 "goodman_baron_grade = 3\nscar_type = \"rolling\"\n"
                                 "goodman_baron_score = 20"));
  ASSERT_TRUE(read.has_value()) << read.error().message << read.error().field;
  EXPECT_EQ(read->zones[0].concerns[0].scar_type, ScarType::rolling);
  EXPECT_EQ(read->zones[0].concerns[0].goodman_baron_score, 20);
  expect_refused(read_text(replaced(acne, "goodman_baron_grade = 3", "scar_type = \"boxcar\"")),
                 "required", "goodman_baron_grade");
}

TEST(PatientProfile, TargetMustBeBetterThanCurrent) {
  expect_refused(read_text(std::string(valid_profile) + "target = 3\n"), "must be better",
                 "target");
  expect_refused(read_text(std::string(valid_profile) + "target = 4\n"), "must be better",
                 "target");
  auto better = read_text(std::string(valid_profile) + "target = 1\n");
  ASSERT_TRUE(better.has_value()) << better.error().message;
  EXPECT_EQ(better->zones[0].concerns[0].target, 1);
}

TEST(PatientProfile, UnknownConditionMedicationAndAllergyIdsAreRefused) {
  expect_refused(read_text(replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\nconditions = [\"psoriasys\"]")),
                 "did you mean 'psoriasis'", "conditions");
  expect_refused(read_text(replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[[medication]]\nname = \"isotretinoine\"\n"
                                    "current = true")),
                 "did you mean 'isotretinoin'", "medication[0].name");
  expect_refused(read_text(replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\nallergies = [\"nikel\"]")),
                 "did you mean 'nickel'", "allergies");
}

TEST(PatientProfile, ClosedChoicesAreChecked) {
  expect_refused(
      read_text(replaced(std::string(valid_profile), "glogau = 2", "glogau = 2\nsex = \"f\"")),
      "not one of", "sex");
  expect_refused(read_text(replaced(std::string(valid_profile), "glogau = 2",
                                    "glogau = 2\n[preferences]\nalternatives = [\"lazer\"]")),
                 "did you mean 'laser'", "preferences.alternatives");
}

TEST(PatientProfile, FileTooLargeIsRefused) {
  std::string text(valid_profile);
  text += "# " + std::string(max_profile_bytes, 'x') + "\n";
  expect_refused(read_text(text), "the limit is 1 MiB");
}

TEST(PatientProfile, WrongExtensionIsRefused) {
  expect_refused(read_text(valid_profile, "p.yaml"), ".toml or .json");
}

TEST(PatientProfile, MissingFileIsNotFound) {
  auto result = read_patient_profile(std::filesystem::path(::testing::TempDir()) / "absent.toml",
                                     testing::shipped_zones(), testing::shipped_rules());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().category, ErrorCategory::not_found);
}

TEST(PatientZones, CatalogHoldsEveryZoneWithItsNeedleLimit) {
  const ZoneCatalog& zones = testing::shipped_zones();
  EXPECT_EQ(zones.zones.size(), skin::contract_zone_ids().size());
  // REFERENCE F2: periorbital 0.2–0.5 mm, forehead/nose/upper lip up to 0.75, glabella 1.0.
  EXPECT_EQ(zones.find("periorbital")->max_needle_depth_mm, 0.5);
  EXPECT_EQ(zones.find("forehead")->max_needle_depth_mm, 0.75);
  EXPECT_EQ(zones.find("glabella")->max_needle_depth_mm, 1.0);
  EXPECT_EQ(zones.find("abdomen")->max_needle_depth_mm, 2.0);
  for (const CatalogZone& zone : zones.zones)
    EXPECT_LE(zone.max_needle_depth_mm, 2.0) << zone.tissue.id;
  EXPECT_TRUE(zones.find("cheeks")->face);
  EXPECT_FALSE(zones.find("abdomen")->face);
}

TEST(PatientZones, MissingNeedleLimitIsRefused) {
  std::string text = dermasim::testing::read_text(testing::data_dir() / "zones.toml");
  const std::size_t at = text.find("[needle_limits.hands]");
  ASSERT_NE(at, std::string::npos);
  text.erase(at);
  auto result = load_zone_catalog(testing::write_temp("zones_short.toml", text));
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().field.find("needle_limits.hands"), std::string::npos)
      << result.error().field;
}

TEST(PatientZones, GeometryTakesTheProfilesOverrides) {
  ZoneProfile zone{.id = "cheeks", .dermis_um = 1500.0};
  const ZoneGeometry geometry = zone_geometry(testing::shipped_zones(), zone);
  EXPECT_EQ(geometry.dermis_um, 1500.0);
  EXPECT_EQ(geometry.epidermis_um, testing::shipped_zones().find("cheeks")->tissue.epidermis_um);
  EXPECT_EQ(geometry.max_needle_depth_mm, 2.0);
  EXPECT_TRUE(geometry.measured);
}

TEST(PatientTissue, LifestyleMapsOntoSkinProfile) {
  auto profile = read_patient_profile(testing::data_dir() / "patients" / "photoageing_smoker.toml",
                                      testing::shipped_zones(), testing::shipped_rules());
  ASSERT_TRUE(profile.has_value()) << profile.error().message << profile.error().field;
  const skin::LifestyleProfile lifestyle = tissue_lifestyle(*profile);
  EXPECT_EQ(lifestyle.age_years, 52.0);
  EXPECT_EQ(lifestyle.cigarettes_per_day, 15.0);
  EXPECT_EQ(lifestyle.chronic_uv_med_per_week, 3.0);
  EXPECT_EQ(lifestyle.spf_protection, spf_protection_fraction(SpfUse::sometimes));
  EXPECT_EQ(lifestyle.sleep_h_per_night, 6.5);
  EXPECT_LT(spf_protection_fraction(SpfUse::none), spf_protection_fraction(SpfUse::sometimes));
  EXPECT_LT(spf_protection_fraction(SpfUse::sometimes), spf_protection_fraction(SpfUse::daily));
  EXPECT_LE(spf_protection_fraction(SpfUse::daily), 1.0);
}

TEST(PatientExamples, EveryShippedPatientLoads) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::data_dir() / "patients")) {
    auto profile =
        read_patient_profile(entry.path(), testing::shipped_zones(), testing::shipped_rules());
    ASSERT_TRUE(profile.has_value())
        << entry.path() << ": " << profile.error().message << " " << profile.error().field;
    const std::vector<Finding> findings =
        evaluate_contraindications(testing::shipped_rules(), *profile);
    const bool absolute = forbids(findings, Treatment::needling, profile->zones[0].id);
    EXPECT_EQ(absolute, entry.path().stem() == "isotretinoin_recent") << entry.path();
    ++count;
  }
  EXPECT_GE(count, 6);
}

}  // namespace
}  // namespace dermasim::patient
