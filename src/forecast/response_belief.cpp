// The response belief's grid, Bayes update and weighted quantiles (see response_belief.hpp).
#include "forecast/response_belief.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dermasim::forecast {

ResponseBelief ResponseBelief::prior(double log_sd, int points) {
  ResponseBelief belief;
  if (!(log_sd > 0.0) || points < 2) {
    belief.log_multiplier = {0.0};
    belief.weight = {1.0};
    return belief;
  }
  double total = 0.0;
  for (int i = 0; i < points; ++i) {
    const double z = -4.0 + 8.0 * i / (points - 1);
    belief.log_multiplier.push_back(z * log_sd);
    belief.weight.push_back(std::exp(-0.5 * z * z));
    total += belief.weight.back();
  }
  for (double& w : belief.weight) w /= total;
  return belief;
}

double ResponseBelief::multiplier(std::size_t i) const {
  return std::exp(log_multiplier[i]);
}

bool ResponseBelief::update(std::span<const double> log_likelihood) {
  std::vector<double> log_posterior(weight.size(), -HUGE_VAL);
  double top = -HUGE_VAL;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    if (weight[i] > 0.0 && std::isfinite(log_likelihood[i]))
      log_posterior[i] = std::log(weight[i]) + log_likelihood[i];
    top = std::max(top, log_posterior[i]);
  }
  if (!std::isfinite(top)) return false;
  double total = 0.0;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    weight[i] = std::exp(log_posterior[i] - top);
    total += weight[i];
  }
  for (double& w : weight) w /= total;
  return true;
}

double ResponseBelief::mean_log() const {
  double mean = 0.0;
  for (std::size_t i = 0; i < weight.size(); ++i) mean += weight[i] * log_multiplier[i];
  return mean;
}

double ResponseBelief::sd_log() const {
  const double mean = mean_log();
  double variance = 0.0;
  for (std::size_t i = 0; i < weight.size(); ++i)
    variance += weight[i] * (log_multiplier[i] - mean) * (log_multiplier[i] - mean);
  return std::sqrt(variance);
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  // The value where the cumulative weight, counted at each point's middle, reaches q.
  double cumulative = 0.0, previous_mid = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const double w = weights[order[k]];
    const double mid = cumulative + 0.5 * w;
    if (mid >= q) {
      if (k == 0) return values[order[0]];
      const double t = (q - previous_mid) / (mid - previous_mid);
      return values[order[k - 1]] + t * (values[order[k]] - values[order[k - 1]]);
    }
    previous_mid = mid;
    cumulative += w;
  }
  return values[order.back()];
}

}  // namespace dermasim::forecast
