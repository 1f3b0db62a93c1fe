// The dermis validation cases at reduced size: every metric within its stated tolerance.
#include <gtest/gtest.h>

#include <filesystem>

#include "skin/lifestyle_collagen.hpp"
#include "skin/wound_timeline.hpp"
#include "support/threads.hpp"
#include "support/validation.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

// REFERENCE §E1: the phases of healing of one excisional wound (0.6 mm, 90 days).
TEST(WoundTimeline, ReducedCasePassesEveryMetric) {
  const dermasim::testing::OneThread one_thread;
  dermasim::testing::expect_every_metric_passes(
      run_wound_timeline(data_dir, ValidationSize::reduced), 12);
}

// REFERENCE calibration target 6: smoking, age and one UV exposure.
TEST(LifestyleCollagen, ReducedCasePassesEveryMetric) {
  const dermasim::testing::OneThread one_thread;
  dermasim::testing::expect_every_metric_passes(
      run_lifestyle_collagen(data_dir, ValidationSize::reduced), 8);
}

}  // namespace
}  // namespace dermasim::skin
