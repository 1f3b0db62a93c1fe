// The response belief against the normal distribution and the conjugate normal update.
#include "forecast/response_belief.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace dermasim::forecast {
namespace {

TEST(ResponseBelief, PriorQuantilesAreTheNormalOnes) {
  const double sigma = 0.3;
  const ResponseBelief prior = ResponseBelief::prior(sigma);
  EXPECT_NEAR(prior.mean_log(), 0.0, 1e-12);
  EXPECT_NEAR(prior.sd_log(), sigma, 1e-3 * sigma);
  EXPECT_NEAR(weighted_quantile(prior.log_multiplier, prior.weight, 0.05), -1.6449 * sigma,
              0.01 * sigma);
  EXPECT_NEAR(weighted_quantile(prior.log_multiplier, prior.weight, 0.95), 1.6449 * sigma,
              0.01 * sigma);
  EXPECT_NEAR(weighted_quantile(prior.log_multiplier, prior.weight, 0.5), 0.0, 1e-9);
}

TEST(ResponseBelief, UpdateMatchesTheConjugateNormalPosterior) {
  // Prior N(0, 0.3²) on log m; an observation of log m = 0.4 with σ 0.2: the posterior is
  // N(0.4 × 0.09 / 0.13, 0.09 × 0.04 / 0.13).
  ResponseBelief belief = ResponseBelief::prior(0.3, 801);
  std::vector<double> log_likelihood(belief.size());
  for (std::size_t i = 0; i < belief.size(); ++i) {
    const double z = (belief.log_multiplier[i] - 0.4) / 0.2;
    log_likelihood[i] = -0.5 * z * z;
  }
  ASSERT_TRUE(belief.update(log_likelihood));
  EXPECT_NEAR(belief.mean_log(), 0.4 * 0.09 / 0.13, 1e-3);
  EXPECT_NEAR(belief.sd_log(), std::sqrt(0.09 * 0.04 / 0.13), 1e-3);
  EXPECT_LT(belief.sd_log(), 0.3);
}

TEST(ResponseBelief, ALikelihoodOfZeroEverywhereLeavesTheBeliefUnchanged) {  // log −∞
  ResponseBelief belief = ResponseBelief::prior(0.3);
  const std::vector<double> before = belief.weight;
  const std::vector<double> impossible(belief.size(), -HUGE_VAL);
  EXPECT_FALSE(belief.update(impossible));
  EXPECT_EQ(belief.weight, before);
}

TEST(ResponseBelief, WithoutSpreadThereIsOnePointAtOne) {
  const ResponseBelief belief = ResponseBelief::prior(0.0);
  ASSERT_EQ(belief.size(), 1u);
  EXPECT_EQ(belief.multiplier(0), 1.0);
}

}  // namespace
}  // namespace dermasim::forecast
