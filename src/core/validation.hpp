// Results of a validation case: simulated values against published ones, with tolerances.
#pragma once

#include <cmath>
#include <string>
#include <vector>

namespace dermasim {

// `reference` is the published value (or the middle of a range); `tolerance` is absolute, in
// `unit`, and includes half the published range and the sampling error; a shape test reports its
// statistic (e.g. a Kolmogorov–Smirnov distance) with reference 0.
struct ValidationMetric {
  std::string name;
  double simulated = 0.0;
  double reference = 0.0;
  double tolerance = 0.0;
  std::string unit;
  std::string source;
  bool pass() const { return std::abs(simulated - reference) <= tolerance; }
};

struct ValidationCase {
  std::string name;
  std::vector<ValidationMetric> metrics;
  bool pass() const {
    for (const auto& metric : metrics)
      if (!metric.pass()) return false;
    return true;
  }
};

// Reduced runs fit in CI's test time; full runs make docs/validation.md.
enum class ValidationSize { reduced, full };

}  // namespace dermasim
