// The needling-course validation case at reduced size (about two minutes on one thread; left out
// of the sanitizer run with the other slow tests): every metric within its stated tolerance.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/validation.hpp"
#include "treatment/needling_course_case.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

// REFERENCE calibration targets 4, 5 and 7: Lotfi 2013, Dogra 2014, Fitzpatrick & Rostan 2003.
TEST(NeedlingCourse, ReducedCasePassesEveryMetric) {
  dermasim::testing::expect_every_metric_passes(
      run_needling_course(data_dir, ValidationSize::reduced), 6);
}

}  // namespace
}  // namespace dermasim::treatment
