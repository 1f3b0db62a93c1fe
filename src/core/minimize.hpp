// Derivative-free minimisation (Nelder–Mead) and small dense linear least squares, for fits.
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace dermasim {

struct MinimizeOptions {
  int max_evaluations = 4000;
  double initial_step = 0.2;  // simplex edge, added to each coordinate of the start
  double tolerance = 1e-10;   // stop when the simplex's values differ by less than this
};

struct Minimum {
  std::vector<double> x;
  double value = 0.0;
  int evaluations = 0;
};

// Minimises `f` from `start` with the Nelder–Mead simplex (reflection 1, expansion 2,
// contraction 1/2, shrink 1/2). Deterministic: the same start gives the same result.
Minimum nelder_mead(const std::function<double(std::span<const double>)>& f,
                    std::vector<double> start, const MinimizeOptions& options = {});

// Least-squares solution of A x ≈ b for a dense A (rows × columns, row-major), through the normal
// equations with a tiny ridge (`ridge` × the largest diagonal) so that columns of zeros give 0.
// Small problems only (columns ≲ 20).
std::vector<double> least_squares(std::span<const double> a, std::span<const double> b,
                                  std::size_t columns, double ridge = 1e-12);

}  // namespace dermasim
