// The planner's parameter file: the shipped one loads, each kind of bad value is refused, and the
// downtime table interpolates as REFERENCE §F2's chart says.
#include "planner/planner_parameters.hpp"

#include <gtest/gtest.h>

#include "planner/planner_test_support.hpp"
#include "support/files.hpp"
#include "support/scratch_folder.hpp"

namespace dermasim::planner {
namespace {

std::filesystem::path with_change(std::string_view from, std::string_view to) {
  std::string text = dermasim::testing::read_text(testing::data_dir() / "planner" / "planner.toml");
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const auto path = dermasim::testing::scratch_path("dermasim_planner_bad.toml");
  dermasim::testing::write_text(path, text);
  return path;
}

void expect_refused(std::string_view from, std::string_view to, std::string_view key) {
  const auto result = load_planner_parameters(with_change(from, to));
  ASSERT_FALSE(result.has_value()) << "accepted: " << to;
  EXPECT_EQ(result.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(result.error().field.find(key), std::string::npos)
      << result.error().field << " / " << result.error().message;
}

TEST(PlannerParameters, TheShippedFileLoads) {
  const PlannerParameters& p = testing::shipped_parameters();
  EXPECT_EQ(p.intervals_days.front(), 28.0);
  EXPECT_EQ(p.concern(patient::ConcernKind::stretch_marks).cartridge, "single");
  EXPECT_EQ(p.concern(patient::ConcernKind::acne_scars).max_depth_mm, 2.0);
}

TEST(PlannerParameters, BadValuesAreRefusedNamingTheKey) {
  expect_refused("session_cost = 0.01", "session_cost = 0.01\nsesion_cost = 1", "sesion_cost");
  expect_refused("session_cost = 0.01", "session_cost = -1", "session_cost");
  expect_refused("max_pih_probability = 0.35", "max_pih_probability = 1.5", "max_pih_probability");
  expect_refused("intervals_days = [28, 42, 56, 84]", "intervals_days = [28, 2]", "intervals_days");
  expect_refused("days = [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]", "days = [2.0, 3.0]", "days");
  expect_refused("depth_mm = [1.5, 2.0]", "depth_mm = [2.0, 1.5]", "depth_mm");
  expect_refused("[concern.hydration]", "[concern.hydrations]", "hydration");
}

TEST(PlannerParameters, AMissingFileIsNotFound) {
  const auto result = load_planner_parameters("/nonexistent/planner.toml");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().category, ErrorCategory::not_found);
}

TEST(PlannerParameters, DowntimeIsLinearBetweenTheChartPoints) {
  const PlannerParameters& p = testing::shipped_parameters();
  EXPECT_EQ(needling_downtime_days(p, 0.1), 2.0);            // flat below the chart
  EXPECT_EQ(needling_downtime_days(p, 0.5), 3.0);            // a chart point
  EXPECT_NEAR(needling_downtime_days(p, 1.15), 4.5, 1e-12);  // halfway 0.8 → 1.5 mm
  EXPECT_EQ(needling_downtime_days(p, 2.5), 6.5);
  EXPECT_EQ(needling_downtime_days(p, 9.0), 7.0);  // flat above it
}

}  // namespace
}  // namespace dermasim::planner
