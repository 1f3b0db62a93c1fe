// Test helper: a validation case ran, has the expected number of metrics, and every one passes.
#pragma once

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::testing {

inline void expect_every_metric_passes(const Result<ValidationCase>& result, std::size_t metrics) {
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->metrics.size(), metrics);
  for (const ValidationMetric& metric : result->metrics)
    EXPECT_TRUE(metric.pass()) << metric.name << ": simulated " << metric.simulated
                               << ", reference " << metric.reference << " ± " << metric.tolerance;
}

}  // namespace dermasim::testing
