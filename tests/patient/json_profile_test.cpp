// Patient profiles in JSON: the same reader and checks as TOML, and JSON's own error paths.
#include <gtest/gtest.h>

#include "patient/patient_test_support.hpp"

namespace dermasim::patient {
namespace {

using testing::read_text;

constexpr std::string_view valid_json = R"({
  "id": "p1", "assessment_date": "2026-03-01", "age_years": 40, "fitzpatrick": 3, "glogau": 2,
  "zone": [{"id": "cheeks", "concern": [{"kind": "fine_lines", "lemperle_grade": 3}]}]
})";

TEST(JsonProfile, ValidJsonReads) {
  auto profile = read_text(valid_json, "p.json");
  ASSERT_TRUE(profile.has_value()) << profile.error().message << " " << profile.error().field;
  EXPECT_EQ(profile->zones.at(0).concerns.at(0).grade, 3);
}

TEST(JsonProfile, ShippedExampleEqualsItsTomlTwin) {
  const auto folder = testing::data_dir() / "patients";
  auto from_toml = read_patient_profile(folder / "photoageing_smoker.toml",
                                        testing::shipped_zones(), testing::shipped_rules());
  auto from_json = read_patient_profile(folder / "photoageing_smoker.json",
                                        testing::shipped_zones(), testing::shipped_rules());
  ASSERT_TRUE(from_toml.has_value()) << from_toml.error().message << from_toml.error().field;
  ASSERT_TRUE(from_json.has_value()) << from_json.error().message << from_json.error().field;
  EXPECT_EQ(*from_toml, *from_json);
  EXPECT_EQ(from_json->zones.size(), 5u);
}

TEST(JsonProfile, SyntaxErrorNamesLineAndByte) {
  auto result = read_text("{\n  \"id\": \"p1\",\n  \"age_years\": 40,,\n}", "bad.json");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(result.error().message.find("JSON syntax error at byte"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().field.find("bad.json:3:"), std::string::npos) << result.error().field;
}

TEST(JsonProfile, NullIsRefusedWithItsPath) {
  std::string text(valid_json);
  text.replace(text.find("3}]"), 1, "null");
  auto result = read_text(text, "null.json");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("null"), std::string::npos);
  EXPECT_NE(result.error().field.find("zone[0].concern[0].lemperle_grade"), std::string::npos)
      << result.error().field;
}

TEST(JsonProfile, TopLevelMustBeAnObject) {
  auto result = read_text("[1, 2]", "array.json");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("object"), std::string::npos);
}

TEST(JsonProfile, SameChecksAsToml) {
  std::string text(valid_json);
  text.replace(text.find("\"glogau\": 2"), 11, "\"glogau\": 2, \"glogua\": 1");
  auto unknown = read_text(text, "unknown.json");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().field.find("glogua"), std::string::npos) << unknown.error().field;

  text = valid_json;
  text.replace(text.find("\"cheeks\""), 8, "\"cheek\"");
  auto zone = read_text(text, "zone.json");
  ASSERT_FALSE(zone.has_value());
  EXPECT_NE(zone.error().message.find("did you mean 'cheeks'"), std::string::npos);
  EXPECT_NE(zone.error().field.find("zone[0].id"), std::string::npos) << zone.error().field;

  text = valid_json;
  text.replace(text.find("\"age_years\": 40"), 15, "\"age_years\": 140");
  auto range = read_text(text, "range.json");
  ASSERT_FALSE(range.has_value());
  EXPECT_NE(range.error().field.find("age_years"), std::string::npos);
}

TEST(JsonProfile, FileTooLargeIsRefused) {
  std::string text(valid_json);
  text.insert(1, "\"name\": \"" + std::string(max_profile_bytes, 'x') + "\",");
  auto result = read_text(text, "large.json");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("limit"), std::string::npos);
}

}  // namespace
}  // namespace dermasim::patient
