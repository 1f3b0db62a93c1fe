// The program a plan writes is the program the forecast reads (CONTRACTS "Scenario, session,
// program"): read back with treatment::read_program it gives the same sessions and forecast.
#include <gtest/gtest.h>

#include "planner/planner_test_support.hpp"
#include "support/files.hpp"

namespace dermasim::planner {
namespace {

TEST(ProgramFile, APlansProgramReadsBackAndForecastsTheSame) {
  const patient::PatientProfile patient = testing::example_patient("photoageing_smoker.toml");
  const auto plan = plan_program(testing::shipped_data(), testing::shipped_parameters(), patient);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  const auto path = std::filesystem::temp_directory_path() / "dermasim_program.toml";
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
  const auto path = std::filesystem::temp_directory_path() / "dermasim_program_bad.toml";
  const std::string session = R"(
[[session]]
date = "2026-03-02"
  [[session.zone]]
  zone = "cheeks"
    [[session.zone.pass]]
    device = "pen"
    cartridge = "12"
    cartridge_id = "C-1"
    depth_mm = 1.0
)";
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

}  // namespace
}  // namespace dermasim::planner
