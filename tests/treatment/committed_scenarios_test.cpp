// Every committed scenario with a treatment schedule loads and compiles.
#include <gtest/gtest.h>

#include <filesystem>

#include "treatment/treatment_scenario.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path scenarios =
    std::filesystem::path(DERMASIM_SOURCE_DIR) / "data" / "scenarios";

TEST(TreatmentScenarios, EveryCommittedScheduleLoadsAndCompiles) {
  int loaded = 0;
  for (const auto& folder : {scenarios, scenarios / "compare"})
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".toml") continue;
      auto scheduled = is_treatment_scenario(entry.path());
      ASSERT_TRUE(scheduled.has_value()) << entry.path();
      if (!*scheduled) continue;
      auto scenario = load_treatment_scenario(entry.path());
      ASSERT_TRUE(scenario.has_value()) << entry.path() << ": " << scenario.error().message;
      // A plant serum or a collagen drink may leave the tissue alone; the schedule is not empty.
      EXPECT_TRUE(!scenario->schedule.sessions.empty() ||
                  !scenario->schedule.home_care.topicals.empty())
          << entry.path();
      ++loaded;
    }
  EXPECT_GE(loaded, 10);
}

}  // namespace
}  // namespace dermasim::treatment
