// The channel-closure validation case at reduced size: every metric within its stated tolerance.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/threads.hpp"
#include "support/validation.hpp"
#include "treatment/channel_closure_case.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

// REFERENCE calibration target 3 (Kalluri 2011): channel depth, barrier recovery, pore closure.
TEST(ChannelClosure, ReducedCasePassesEveryMetric) {
  const dermasim::testing::OneThread one_thread;
  dermasim::testing::expect_every_metric_passes(
      run_channel_closure(data_dir, ValidationSize::reduced), 4);
}

}  // namespace
}  // namespace dermasim::treatment
