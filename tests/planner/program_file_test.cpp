// The program a plan writes is the program the forecast reads (CONTRACTS "Scenario, session,
// program"): read back with treatment::read_program it gives the same sessions and forecast.
#include <gtest/gtest.h>

#include "planner/planner_test_support.hpp"
#include "support/files.hpp"
#include "support/scratch_folder.hpp"

namespace dermasim::planner {
namespace {

// One needling session on the cheeks, 2026-03-02.
constexpr std::string_view valid_session = R"([[session]]
date = "2026-03-02"
  [[session.zone]]
  zone = "cheeks"
    [[session.zone.pass]]
    device = "pen"
    cartridge = "12"
    cartridge_id = "C-1"
    depth_mm = 1.0
)";

TEST(ProgramFile, APlansProgramReadsBackAndForecastsTheSame) {
  const patient::PatientProfile patient = testing::example_patient("photoageing_smoker.toml");
  const auto plan = plan_program(testing::shipped_data(), testing::shipped_parameters(), patient);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  const auto path = dermasim::testing::scratch_path("dermasim_program.toml");
  dermasim::testing::write_text(path, program_toml(plan->program, plan->start_date));
  const auto read =
      treatment::read_program(path, patient.preferences.start_date, 400.0, testing::data_dir());
  ASSERT_TRUE(read.has_value()) << read.error().message << " " << read.error().field;
  ASSERT_EQ(read->sessions.size(), plan->program.sessions.size());
  for (std::size_t i = 0; i < read->sessions.size(); ++i) {
    EXPECT_EQ(read->sessions[i].day, plan->program.sessions[i].day);
    EXPECT_EQ(read->sessions[i].zones.size(), plan->program.sessions[i].zones.size());
  }
  const auto belief =
      forecast::ResponseBelief::prior(testing::shipped_data().model.response_log_sd);
  const auto again = forecast::forecast_program(testing::shipped_data(), patient, *read, belief,
                                                {.horizon_days = 365.0, .step_days = 7.0});
  ASSERT_TRUE(again.has_value());
  ASSERT_EQ(again->bands.size(), plan->forecast.bands.size());
  for (std::size_t b = 0; b < again->bands.size(); ++b)
    EXPECT_EQ(again->bands[b].median, plan->forecast.bands[b].median) << again->bands[b].observable;
  std::filesystem::remove(path);
}

TEST(ProgramFile, AProgramWithAReusedCartridgeOrForeignKeysIsRefused) {
  const auto path = dermasim::testing::scratch_path("dermasim_program_bad.toml");
  const std::string session = "\n" + std::string(valid_session);
  dermasim::testing::write_text(
      path,
      session + session.substr(0, session.size() - 1).replace(session.find("03-02"), 5, "04-02"));
  auto read = treatment::read_program(path, "2026-03-01", 365.0, testing::data_dir());
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().category, ErrorCategory::conflict);  // "cartridge reused"
  dermasim::testing::write_text(path, "[dermis]\nzone = \"cheeks\"\n" + session);
  read = treatment::read_program(path, "2026-03-01", 365.0, testing::data_dir());
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().field.find("dermis"), std::string::npos) << read.error().field;
  dermasim::testing::write_text(path, session);
  read = treatment::read_program(path, "2026-03-05", 365.0, testing::data_dir());
  ASSERT_FALSE(read.has_value());  // a session before the program's start
  EXPECT_NE(read.error().message.find("before"), std::string::npos) << read.error().message;
  std::filesystem::remove(path);
}

// One program file with `session` as its only session, read from a start of 2026-03-01.
Result<treatment::TreatmentSchedule> read_one(std::string_view text, double horizon = 365.0) {
  const auto path = dermasim::testing::scratch_path("dermasim_program_case.toml");
  dermasim::testing::write_text(path, text);
  auto read = treatment::read_program(path, "2026-03-01", horizon, testing::data_dir());
  std::filesystem::remove(path);
  return read;
}

std::string changed(std::string_view from, std::string_view to) {
  std::string text(valid_session);
  text.replace(text.find(from), from.size(), to);
  return text;
}

void expect_refused(const std::string& text, std::string_view field_part) {
  const auto read = read_one(text);
  ASSERT_FALSE(read.has_value()) << text;
  EXPECT_EQ(read.error().category, ErrorCategory::invalid_input) << read.error().message;
  EXPECT_NE((read.error().field + " " + read.error().message).find(field_part), std::string::npos)
      << read.error().field << ": " << read.error().message;
}

TEST(ProgramFile, EachKindOfBadSessionIsRefusedNamingTheKey) {
  ASSERT_TRUE(read_one(std::string(valid_session)).has_value());
  expect_refused(changed("2026-03-02", "2026-02-30"), "date");  // no such day
  expect_refused(changed("2026-03-02", "tomorrow"), "date");
  expect_refused(changed("date = \"2026-03-02\"", "day = 1\ndate = \"2026-03-02\""), "day");
  expect_refused(changed("2026-03-02", "2027-06-01"), "end");  // beyond the horizon
  expect_refused(changed("cartridge = \"12\"", "cartridge = \"13\""), "cartridge");
  expect_refused(changed("depth_mm = 1.0", "depth_mm = 1.0\n    depht_mm = 1.0"), "depht_mm");
  expect_refused("[[session]]\ndate = \"2026-03-02\"\n", "zone");  // a session needs a zone
  expect_refused("# nothing\n", "no [[session]]");
  expect_refused(std::string(valid_session) +
                     std::string(valid_session).replace(valid_session.find("C-1"), 3, "C-2"),
                 "order");  // the same date twice: out of order
}

// Devices, depths and products are checked against the catalogs before a forecast.
TEST(ProgramFile, SettingsOutsideTheCatalogsAreRefusedBeforeAForecast) {
  const patient::PatientProfile patient = testing::example_patient("photoageing_smoker.toml");
  const auto belief = forecast::ResponseBelief::prior(0.2);
  const auto expect_refused_forecast = [&](const std::string& text, std::string_view key) {
    const auto program = read_one(text);
    ASSERT_TRUE(program.has_value()) << program.error().message;
    const auto f =
        forecast::forecast_program(testing::shipped_data(), patient, *program, belief, {});
    ASSERT_FALSE(f.has_value()) << text;
    EXPECT_NE((f.error().field + f.error().message).find(key), std::string::npos)
        << f.error().field << ": " << f.error().message;
  };
  expect_refused_forecast(changed("depth_mm = 1.0", "depth_mm = 3.5"), "depth_mm");
  expect_refused_forecast(changed("device = \"pen\"", "device = \"pne\""), "device");
  expect_refused_forecast(changed("zone = \"cheeks\"", "zone = \"abdomen\""), "abdomen");
  expect_refused_forecast(std::string(valid_session) +
                              "    [[session.zone.product]]\n    product = \"elixir\"\n"
                              "    route = \"channels\"\n",
                          "elixir");
}

TEST(ProgramFile, AForecastRefusesAnUnsafeProgram) {
  const auto belief = forecast::ResponseBelief::prior(0.2);
  // Deeper than the periorbital maximum of 0.5 mm (REFERENCE §F2).
  auto program = read_one(changed("zone = \"cheeks\"", "zone = \"periorbital\""));
  ASSERT_TRUE(program.has_value());
  auto f = forecast::forecast_program(testing::shipped_data(),
                                      testing::example_patient("photoageing_smoker.toml"), *program,
                                      belief, {});
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(f.error().message.find("maximum of 0.5 mm"), std::string::npos) << f.error().message;
  // An ablative laser after keloids: absolutely contraindicated (CONTRACTS).
  program = read_one(R"([[session]]
date = "2026-03-02"
  [[session.zone]]
  zone = "cheeks"
    [[session.zone.laser]]
    laser = "co2"
    energy_mj = 15
    density_per_cm2 = 200
)");
  ASSERT_TRUE(program.has_value()) << program.error().message;
  f = forecast::forecast_program(testing::shipped_data(),
                                 testing::example_patient("keloid_history.toml"), *program, belief,
                                 {});
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().category, ErrorCategory::contraindicated);
  EXPECT_NE(f.error().message.find("keloid"), std::string::npos) << f.error().message;
}

TEST(ProgramFile, MalformedTomlNamesTheLine) {
  const auto read = read_one("[[session]]\ndate = \"2026-03-02\n");
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().field.find(":2"), std::string::npos) << read.error().field;
}

}  // namespace
}  // namespace dermasim::planner
