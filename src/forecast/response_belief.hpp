// What is known about a patient's response multiplier (log-normal prior from the calibration,
// narrowed by recorded outcomes): a weighted grid over its logarithm, and weighted quantiles.
#pragma once

#include <span>
#include <vector>

namespace dermasim::forecast {

// Points of the belief and their weights (summing to 1); the forecast evaluates every output at
// each point, so the band is the weighted quantiles of the outputs (deterministic sampling).
struct ResponseBelief {
  std::vector<double> log_multiplier;
  std::vector<double> weight;

  // The prior: log m ~ Normal(0, log_sd²) on `points` points over ±4 σ (one point, m = 1, when
  // log_sd is 0).
  static ResponseBelief prior(double log_sd, int points = 161);

  double multiplier(std::size_t i) const;
  std::size_t size() const { return weight.size(); }

  // Bayes on the log scale: weights × exp(log_likelihood[i]), renormalised, so that many
  // outcomes (or one far from every point) cannot underflow the weights. A log-likelihood that is
  // −∞ (or not a number) everywhere leaves the belief as it was and returns false.
  bool update(std::span<const double> log_likelihood);

  // Posterior mean and standard deviation of log m.
  double mean_log() const;
  double sd_log() const;
};

// The weighted quantile q (0–1) of `values` (same order as the belief's points).
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);

}  // namespace dermasim::forecast
