// Nelder–Mead and least squares against problems with known answers.
#include "core/minimize.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace dermasim {
namespace {

TEST(Minimize, NelderMeadFindsTheRosenbrockMinimumAtOneOne) {
  auto rosenbrock = [](std::span<const double> x) {
    return 100.0 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1.0 - x[0], 2);
  };
  const Minimum found = nelder_mead(
      rosenbrock, {-1.2, 1.0}, {.max_evaluations = 5000, .initial_step = 0.5, .tolerance = 1e-16});
  EXPECT_NEAR(found.x[0], 1.0, 1e-4);
  EXPECT_NEAR(found.x[1], 1.0, 1e-4);
}

TEST(Minimize, LeastSquaresSolvesAnOverdeterminedLineExactly) {
  // y = 2 + 3 x at five points: the fit must return (2, 3).
  std::vector<double> a, b;
  for (double x : {0.0, 1.0, 2.0, 5.0, 7.0}) {
    a.insert(a.end(), {1.0, x});
    b.push_back(2.0 + 3.0 * x);
  }
  const std::vector<double> fit = least_squares(a, b, 2);
  EXPECT_NEAR(fit[0], 2.0, 1e-8);
  EXPECT_NEAR(fit[1], 3.0, 1e-8);
}

TEST(Minimize, LeastSquaresGivesZeroForAColumnWithoutData) {
  std::vector<double> a = {1.0, 0.0, 2.0, 0.0}, b = {4.0, 8.0};
  const std::vector<double> fit = least_squares(a, b, 2);
  EXPECT_NEAR(fit[0], 4.0, 1e-6);
  EXPECT_EQ(fit[1], 0.0);
}

}  // namespace
}  // namespace dermasim
