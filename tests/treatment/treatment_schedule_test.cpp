// Treatment schedules: every bad input names its key and category, and compiled sessions match
// independent arithmetic (channel density and depth, channel supplies, dates, sun, other zones).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <string>

#include "skin/dermis_layout.hpp"
#include "support/files.hpp"
#include "treatment/treatment_scenario.hpp"
#include "treatment/treatment_schedule.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

std::string said(const Error& error) {
  return std::string(category_name(error.category)) + " | " + error.message + " | " + error.field;
}

// A cheek block of `days` with the project's data files, then `rest` (sessions, home care).
std::string scenario_text(const std::string& rest, double days = 10.0,
                          const std::string& treatment_extra = "") {
  const std::string data = data_dir.string();
  return "name = \"schedule test\"\n[dermis]\nzone = \"cheeks\"\nfitzpatrick = 3\nside_um = "
         "300\nvoxel_um = 30\n"
         "parameters = \"" +
         data + "/dermis/dermis.toml\"\nfactors = \"" + data +
         "/dermis/factors.toml\"\nmodifiers = \"" + data + "/dermis/modifiers.toml\"\nzones = \"" +
         data + "/zones.toml\"\n[simulation]\nduration_days = " + std::to_string(days) +
         "\nstep_min = 15\nseed = 3\n[treatment]\ndata = \"" + data + "\"\n" + treatment_extra +
         "\n" + rest;
}

std::filesystem::path write_scenario(const std::string& text) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto directory = std::filesystem::path(::testing::TempDir()) / "treatment_schedule_test";
  std::filesystem::create_directories(directory);
  const auto path = directory / (std::string(test->name()) + ".toml");
  dermasim::testing::write_text(path, text);
  return path;
}

// One session on `day` in the cheeks with one pen pass (extra keys in `pass`) and `more`.
// A session with one pen pass; `pass` adds keys to it (a fresh cartridge id unless it names one).
std::string pen_session(double day, const std::string& pass = "", const std::string& more = "") {
  const std::string id = pass.find("cartridge_id") == std::string::npos
                             ? "cartridge_id = \"day-" + std::to_string(day) + "\"\n"
                             : "";
  return "[[session]]\nday = " + std::to_string(day) +
         "\n[[session.zone]]\nzone = \"cheeks\"\n[[session.zone.pass]]\ndevice = \"pen\"\n"
         "cartridge = 12\ndepth_mm = 1.0\npasses = 3\nspeed_cm_per_s = 2.0\n" +
         id + pass + "\n" + more;
}

const std::string channels_product =
    "[[session.zone.product]]\nproduct = \"human_fibroblast_conditioned_medium\"\n"
    "route = \"channels\"\n";

Error load_error(const std::string& text) {
  auto loaded = load_treatment_scenario(write_scenario(text));
  EXPECT_FALSE(loaded.has_value());
  return loaded ? Error{} : loaded.error();
}

TreatmentScenario loaded(const std::string& text) {
  auto scenario = load_treatment_scenario(write_scenario(text));
  EXPECT_TRUE(scenario.has_value()) << said(scenario.error());
  return scenario ? std::move(*scenario) : TreatmentScenario{};
}

void expect_error(const Error& error, ErrorCategory category, const std::string& field_part,
                  const std::string& message_part = "") {
  EXPECT_EQ(error.category, category) << said(error);
  EXPECT_NE(error.field.find(field_part), std::string::npos) << said(error);
  EXPECT_NE(error.message.find(message_part), std::string::npos) << said(error);
}

TEST(TreatmentSchedule, ValidScenarioLoads) {
  const TreatmentScenario s = loaded(scenario_text(pen_session(1)));
  ASSERT_EQ(s.schedule.sessions.size(), 1u);
  EXPECT_EQ(s.schedule.sessions[0].day, 1.0);
}

TEST(TreatmentSchedule, DepthBeyondThePenIsInvalidAndGivesTheRange) {
  std::string text = scenario_text(pen_session(1));
  text.replace(text.find("depth_mm = 1.0"), 14, "depth_mm = 3.0");
  expect_error(load_error(text), ErrorCategory::invalid_input,
               "session[0].zone[0].pass[0].depth_mm", "0.25-2.5 mm");
}

TEST(TreatmentSchedule, DepthBelowThePenIsInvalid) {
  std::string text = scenario_text(pen_session(1));
  text.replace(text.find("depth_mm = 1.0"), 14, "depth_mm = 0.1");
  expect_error(load_error(text), ErrorCategory::invalid_input, "pass[0].depth_mm", "0.25-2.5");
}

TEST(TreatmentSchedule, UnknownZoneIsInvalidWithASuggestion) {
  std::string text = scenario_text(pen_session(1));
  text.replace(text.find("zone = \"cheeks\"\n[[session.zone.pass]]"), 15, "zone = \"cheek\"");
  const Error error = load_error(text);
  expect_error(error, ErrorCategory::invalid_input, "session[0].zone[0].zone", "cheek");
  EXPECT_NE(error.message.find("cheeks"), std::string::npos) << said(error);
}

TEST(TreatmentSchedule, CartridgeReusedInALaterSessionIsAConflict) {
  const std::string text = scenario_text(pen_session(1, "cartridge_id = \"C-1\"") +
                                         pen_session(2, "cartridge_id = \"C-1\""));
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::conflict, "session[1]", "cartridge reused");
}

TEST(TreatmentSchedule, OneCartridgeMayServeSeveralZonesOfOneSession) {
  const std::string text = scenario_text(
      pen_session(1, "cartridge_id = \"C-1\"",
                  "[[session.zone]]\nzone = \"forehead\"\n[[session.zone.pass]]\ndevice = "
                  "\"pen\"\ncartridge_id = \"C-1\"\ndepth_mm = 0.5\n") +
      pen_session(2, "cartridge_id = \"C-2\""));
  const TreatmentScenario s = loaded(text);
  ASSERT_EQ(s.schedule.sessions.size(), 2u);
  EXPECT_EQ(s.schedule.sessions[0].zones.size(), 2u);
}

TEST(TreatmentSchedule, SessionsOutOfOrderAreInvalid) {
  const std::string text = scenario_text(pen_session(3) + pen_session(2));
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[1].day", "out of order");
}

TEST(TreatmentSchedule, SessionOnTheSameDayIsOutOfOrder) {
  const std::string text = scenario_text(pen_session(2) + pen_session(2));
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[1].day", "out of order");
}

std::string dated_session(const std::string& when) {
  std::string session = pen_session(0);
  const auto at = session.find("day = ");
  session.replace(at, session.find('\n', at) - at, when);
  return session;
}

TEST(TreatmentSchedule, DateWithoutStartDateIsInvalid) {
  const std::string text = scenario_text(dated_session("date = \"2026-02-01\""));
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].date", "start_date");
}

TEST(TreatmentSchedule, MalformedDateIsInvalid) {
  const std::string text =
      scenario_text(dated_session("date = \"2026-13-40\""), 10.0, "start_date = \"2026-01-30\"");
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].date", "2026-13-40");
}

TEST(TreatmentSchedule, MalformedStartDateIsInvalid) {
  const std::string text = scenario_text(pen_session(1), 10.0, "start_date = \"2026-02-30\"");
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "treatment.start_date",
               "2026-02-30");
}

TEST(TreatmentSchedule, DayAndDateTogetherAreInvalid) {
  const std::string text = scenario_text(dated_session("day = 1\ndate = \"2026-02-01\""), 10.0,
                                         "start_date = \"2026-01-30\"");
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].day", "exactly one");
}

TEST(TreatmentSchedule, SessionWithNeitherDayNorDateIsInvalid) {
  const std::string text = scenario_text(dated_session(""));
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].day", "exactly one");
}

TEST(TreatmentSchedule, SessionAtTheEndOfTheRunIsInvalid) {
  const std::string text = scenario_text(pen_session(10));
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].day", "end of the run");
}

TEST(TreatmentSchedule, SessionAfterTheEndOfTheRunIsInvalid) {
  expect_error(load_error(scenario_text(pen_session(1) + pen_session(12))),
               ErrorCategory::invalid_input, "session[1].day", "end of the run");
}

TEST(TreatmentSchedule, UnknownProductIsNotFound) {
  std::string product = channels_product;
  product.replace(product.find("human_fibroblast"), 35, "human_fibroblast_conditioned_mediun");
  const Error error = load_error(scenario_text(pen_session(1, "", product)));
  expect_error(error, ErrorCategory::not_found, "session[0].zone[0].product[0].product",
               "human_fibroblast_conditioned_mediun");
}

TEST(TreatmentSchedule, UnknownHomeCareProductIsNotFound) {
  const Error error = load_error(scenario_text(
      pen_session(1) + "[home_care]\n[[home_care.topical]]\nproduct = \"no_such_serum\"\n"));
  expect_error(error, ErrorCategory::not_found, "home_care.topical[0].product", "no_such_serum");
}

TEST(TreatmentSchedule, DepthBeyondThePenInAnotherZoneIsInvalid) {
  std::string text = scenario_text(pen_session(1));
  text.replace(text.find("zone = \"cheeks\"\n[[session.zone.pass]]"), 15, "zone = \"forehead\"");
  text.replace(text.find("depth_mm = 1.0"), 14, "depth_mm = 3.0");
  expect_error(load_error(text), ErrorCategory::invalid_input,
               "session[0].zone[0].pass[0].depth_mm", "0.25-2.5 mm");
}

TEST(TreatmentSchedule, ChannelsRouteWithoutANeedlingPassIsInvalid) {
  const std::string text = scenario_text(
      "[[session]]\nday = 1\n[[session.zone]]\nzone = "
      "\"cheeks\"\n" +
      channels_product);
  expect_error(load_error(text), ErrorCategory::invalid_input,
               "session[0].zone[0].product[0].route", "needling pass");
}

TEST(TreatmentSchedule, UnknownRouteIsInvalid) {
  std::string product = channels_product;
  product.replace(product.find("\"channels\""), 10, "\"channel\"");
  auto schedule =
      read_treatment_schedule(write_scenario(scenario_text(pen_session(1, "", product))), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input,
               "session[0].zone[0].product[0].route", "channel");
}

TEST(TreatmentSchedule, KeyOfAnotherRouteIsInvalid) {
  const std::string product =
      "[[session.zone.product]]\nproduct = \"human_fibroblast_conditioned_medium\"\n"
      "route = \"topical\"\ndepth_mm = 1.0\n";
  auto schedule =
      read_treatment_schedule(write_scenario(scenario_text(pen_session(1, "", product))), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input,
               "session[0].zone[0].product[0].depth_mm", "injection");
}

TEST(TreatmentSchedule, UserProductWithNegativeConcentrationIsInvalid) {
  const auto products = std::filesystem::path(::testing::TempDir()) / "negative_products.toml";
  dermasim::testing::write_text(products, R"([[product]]
id = "clinic_serum"
name = "Clinic serum"
source = "other"
form = "serum"
evidence = "label"

[[product.active]]
id = "egf"
molecular_mass_da = 6045
concentration_ng_per_ml = -1.5
human_activity = 1
source = "label"
)");
  const Error error = load_error(
      scenario_text(pen_session(1), 10.0, "product_files = [\"" + products.string() + "\"]"));
  expect_error(error, ErrorCategory::invalid_input, "concentration_ng_per_ml");
  EXPECT_NE((error.field + error.message).find("negative_products.toml"), std::string::npos)
      << said(error);
}

TEST(TreatmentSchedule, ZoneWithNothingToDoIsInvalid) {
  const std::string text = scenario_text(
      "[[session]]\nday = 1\n[[session.zone]]\nzone = "
      "\"cheeks\"\n");
  auto schedule = read_treatment_schedule(write_scenario(text), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].zone[0].zone",
               "no pass, laser or product");
}

TEST(TreatmentSchedule, SessionWithoutZonesIsInvalid) {
  auto schedule =
      read_treatment_schedule(write_scenario(scenario_text("[[session]]\nday = 1\n")), 240.0);
  ASSERT_FALSE(schedule.has_value());
  expect_error(schedule.error(), ErrorCategory::invalid_input, "session[0].zone");
}

TEST(TreatmentCompile, PenPassIsOneNeedleFieldOfTheClosedFormDensity) {
  const TreatmentScenario s = loaded(scenario_text(pen_session(1)));
  ASSERT_EQ(s.dermis.injuries.size(), 1u);
  const skin::Injury& injury = s.dermis.injuries[0];
  const NeedlingDevice* pen = s.catalogs.devices.find("pen");
  ASSERT_NE(pen, nullptr);
  const Cartridge& head = s.catalogs.devices.cartridge(CartridgeType::pins12);
  // passes × needles × insertion rate / (hand speed × footprint width in cm).
  const double density =
      3.0 * head.needles * pen->insertion_rate_hz / (2.0 * head.footprint_diameter_mm / 10.0);
  EXPECT_EQ(injury.kind, skin::InjuryKind::needle_field);
  EXPECT_DOUBLE_EQ(injury.at_h, 24.0);
  EXPECT_NEAR(injury.density_per_cm2, density, 1e-9 * density);
  EXPECT_NEAR(injury.depth_um, 0.2 * 1000.0, 1e-9);
  ASSERT_EQ(s.sessions.size(), 1u);
  EXPECT_NEAR(s.sessions[0].channel_depth_um, 200.0, 1e-9);
}

TEST(TreatmentCompile, ChannelsProductHoldsEachHumanActiveFactor) {
  const std::string product = channels_product + "after_min = 10\ncontact_min = 45\n";
  const TreatmentScenario s = loaded(scenario_text(pen_session(2, "", product)));
  auto found = s.catalogs.products.find("human_fibroblast_conditioned_medium");
  ASSERT_TRUE(found.has_value());
  std::array<double, skin::factor_count> expected{};
  for (const ProductActive& active : (*found)->actives)
    if (active.tissue_factor)
      expected[static_cast<std::size_t>(*active.tissue_factor)] +=
          active.concentration_ng_per_ml * active.human_activity;
  std::size_t active_factors = 0;
  for (double level : expected) active_factors += level > 0.0 ? 1 : 0;
  ASSERT_GT(active_factors, 0u);
  ASSERT_EQ(s.dermis.supplies.size(), active_factors);
  for (const skin::FactorSupply& supply : s.dermis.supplies) {
    SCOPED_TRACE(supply.factor);
    EXPECT_EQ(supply.region, skin::SupplyRegion::channels);
    EXPECT_EQ(supply.mode, skin::SupplyMode::held);
    const double level = expected[static_cast<std::size_t>(supply.factor)];
    EXPECT_NEAR(supply.level_ng_per_ml, level, 1e-12 * level);
    EXPECT_NEAR(supply.start_h, 48.0 + 10.0 / 60.0, 1e-12);
    EXPECT_NEAR(supply.end_h, supply.start_h + 45.0 / 60.0, 1e-12);
    EXPECT_DOUBLE_EQ(supply.reference_h, 48.0);
    EXPECT_GT(supply.time_constant_h, 0.0);
  }
}

TEST(TreatmentCompile, SessionDateLandsOnItsDayFromTheStartDate) {
  const std::string text =
      scenario_text(dated_session("date = \"2026-03-01\""), 40.0, "start_date = \"2026-01-30\"");
  const TreatmentScenario s = loaded(text);
  ASSERT_EQ(s.schedule.sessions.size(), 1u);
  EXPECT_DOUBLE_EQ(s.schedule.sessions[0].day, 30.0);
  EXPECT_EQ(s.schedule.sessions[0].date, "2026-03-01");
  ASSERT_EQ(s.dermis.injuries.size(), 1u);
  EXPECT_DOUBLE_EQ(s.dermis.injuries[0].at_h, 30.0 * 24.0);
}

TEST(TreatmentCompile, DateBeforeTheStartDateIsInvalid) {
  const std::string text =
      scenario_text(dated_session("date = \"2026-01-29\""), 40.0, "start_date = \"2026-01-30\"");
  expect_error(load_error(text), ErrorCategory::invalid_input, "session[0].date", "before");
}

TEST(TreatmentCompile, HomeCareSunIsOneExposurePerDayDividedBySpf) {
  const TreatmentScenario s = loaded(
      scenario_text(pen_session(1) + "[home_care]\nsun_med_per_day = 2.0\nspf = 30\n", 10.0));
  ASSERT_EQ(s.dermis.uv.size(), 10u);
  for (std::size_t day = 0; day < s.dermis.uv.size(); ++day) {
    EXPECT_DOUBLE_EQ(s.dermis.uv[day].at_h, 24.0 * static_cast<double>(day) + 12.0);
    EXPECT_NEAR(s.dermis.uv[day].dose_med, 2.0 / 30.0, 1e-15);
  }
}

TEST(TreatmentCompile, NoSunGivesNoExposure) {
  EXPECT_TRUE(loaded(scenario_text(pen_session(1))).dermis.uv.empty());
}

TEST(TreatmentCompile, OtherZoneIsReportedAndAddsNoInjury) {
  std::string text = scenario_text(pen_session(1));
  text.replace(text.find("zone = \"cheeks\"\n[[session.zone.pass]]"), 15, "zone = \"forehead\"");
  const TreatmentScenario s = loaded(text);
  EXPECT_TRUE(s.dermis.injuries.empty());
  EXPECT_TRUE(s.dermis.supplies.empty());
  ASSERT_EQ(s.sessions.size(), 1u);
  EXPECT_EQ(s.sessions[0].other_zones, std::vector<std::string>{"forehead"});
}

TEST(TreatmentCompile, CommittedCourseLoadsWithThreeSessions) {
  auto s = load_treatment_scenario(data_dir / "scenarios" / "needling_course_hfcm.toml");
  ASSERT_TRUE(s.has_value()) << said(s.error());
  EXPECT_EQ(s->schedule.sessions.size(), 3u);
  ASSERT_EQ(s->sessions.size(), 3u);
  EXPECT_EQ(s->dermis.injuries.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(s->sessions[i].at_h, (1.0 + 30.0 * static_cast<double>(i)) * 24.0);
    EXPECT_TRUE(s->sessions[i].other_zones.empty());
  }
}

}  // namespace
}  // namespace dermasim::treatment
