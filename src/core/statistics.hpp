// Statistics shared by validation cases and tests: the Kolmogorov–Smirnov distance.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace dermasim {

// Kolmogorov–Smirnov distance between integer samples and a distribution with CDF `cdf` and left
// limits `cdf_before` (for a distribution on the integers cdf_before(v) = cdf(v − 1); for a
// continuous one it is cdf(v)). The empirical CDF is a step function, so the supremum is reached
// just before or at a sample value.
template <class Cdf, class CdfBefore>
inline double ks_distance(std::vector<double> samples, Cdf cdf, CdfBefore cdf_before) {
  if (samples.empty()) return 1.0;
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  double worst = 0.0;
  std::size_t run_start = 0;
  for (std::size_t k = 0; k < samples.size(); ++k) {
    if (k + 1 < samples.size() && samples[k + 1] == samples[k]) continue;
    const double v = samples[k];
    worst = std::max({worst, std::abs(static_cast<double>(k + 1) / n - cdf(v)),
                      std::abs(static_cast<double>(run_start) / n - cdf_before(v))});
    run_start = k + 1;
  }
  return worst;
}

// The same for a distribution on the integers, whose left limit at v is cdf(v − 1).
template <class Cdf>
inline double ks_distance_integer(std::vector<double> samples, Cdf cdf) {
  return ks_distance(std::move(samples), cdf, [&cdf](double v) { return cdf(v - 1.0); });
}

}  // namespace dermasim
