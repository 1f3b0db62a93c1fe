// Slow validation: B1-S for 24 h against PhysiCell's hourly cell counts (shared/bench/B1.md).
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/bench_b1.hpp"
#include "engine/simulation.hpp"

namespace dermasim::engine {
namespace {

// Live cells per hour of PhysiCell's B1 (10,000 cells) run on 2 threads, B1.md, hours 0–24.
constexpr std::array<double, 25> physicell_live = {
    10000, 9977,  9951,  9920,  9883,  9851,  9824,  9805,  9773,  9751,  9715,  9686, 9653,
    9612,  11363, 12760, 13828, 14781, 15478, 16089, 16522, 16903, 17217, 17429, 17621};

TEST(BenchmarkB1Slow, SmallSlabLiveCellsFollowPhysiCellOverADay) {
  cli::BenchB1Options options;
  options.size = "s";  // 2,500 cells at the B1 density: a quarter of PhysiCell's counts
  options.hours = 24.0;
  options.data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "bench" / "b1";
  auto scenario = cli::b1_scenario(options);
  ASSERT_TRUE(scenario.has_value());
  auto simulation = Simulation::create(*scenario);
  ASSERT_TRUE(simulation.has_value());
  for (int hour = 1; hour <= 24; ++hour) {
    simulation->advance_to_step(simulation->steps_for_hours(hour));
    const double live = static_cast<double>(simulation->counts().live);
    const double expected = physicell_live[hour] / 4.0;
    // Binomial noise of 2,500 cycling cells is ~1.5 % of the count; B1's goal allows 10 % at 24 h.
    // Hourly we allow 5 % (the step from 13 to 14 h is steep: a 6-min shift moves ~2 %).
    EXPECT_NEAR(live, expected, 0.05 * expected) << "hour " << hour;
  }
  EXPECT_NEAR(static_cast<double>(simulation->counts().live), 17635 / 4.0, 0.10 * 17635 / 4.0);
}

}  // namespace
}  // namespace dermasim::engine
