// Nelder–Mead and normal-equation least squares (see minimize.hpp).
#include "core/minimize.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dermasim {
namespace {

struct Vertex {
  std::vector<double> x;
  double value = 0.0;
};

std::vector<double> blend(const std::vector<double>& from, const std::vector<double>& to,
                          double t) {
  std::vector<double> out(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) out[i] = from[i] + t * (to[i] - from[i]);
  return out;
}

std::vector<double> centroid(const std::vector<Vertex>& simplex) {
  std::vector<double> c(simplex.front().x.size(), 0.0);
  for (std::size_t v = 0; v + 1 < simplex.size(); ++v)
    for (std::size_t i = 0; i < c.size(); ++i) c[i] += simplex[v].x[i];
  for (double& value : c) value /= static_cast<double>(simplex.size() - 1);
  return c;
}

}  // namespace

Minimum nelder_mead(const std::function<double(std::span<const double>)>& f,
                    std::vector<double> start, const MinimizeOptions& options) {
  int evaluations = 0;
  auto evaluate = [&](std::vector<double> x) {
    ++evaluations;
    const double value = f(x);
    return Vertex{std::move(x), std::isfinite(value) ? value : HUGE_VAL};
  };
  std::vector<Vertex> simplex;
  simplex.push_back(evaluate(start));
  for (std::size_t i = 0; i < start.size(); ++i) {
    std::vector<double> x = start;
    x[i] += options.initial_step;
    simplex.push_back(evaluate(std::move(x)));
  }
  auto by_value = [](const Vertex& a, const Vertex& b) { return a.value < b.value; };
  while (evaluations < options.max_evaluations) {
    std::stable_sort(simplex.begin(), simplex.end(), by_value);
    if (simplex.back().value - simplex.front().value < options.tolerance) break;
    const std::vector<double> c = centroid(simplex);
    Vertex& worst = simplex.back();
    Vertex reflected = evaluate(blend(c, worst.x, -1.0));
    if (reflected.value < simplex.front().value) {
      Vertex expanded = evaluate(blend(c, worst.x, -2.0));
      worst = expanded.value < reflected.value ? std::move(expanded) : std::move(reflected);
      continue;
    }
    if (reflected.value < simplex[simplex.size() - 2].value) {
      worst = std::move(reflected);
      continue;
    }
    const bool outside = reflected.value < worst.value;
    Vertex contracted = evaluate(blend(c, outside ? reflected.x : worst.x, 0.5));
    if (contracted.value < std::min(reflected.value, worst.value)) {
      worst = std::move(contracted);
      continue;
    }
    for (std::size_t v = 1; v < simplex.size(); ++v)
      simplex[v] = evaluate(blend(simplex.front().x, simplex[v].x, 0.5));
  }
  std::stable_sort(simplex.begin(), simplex.end(), by_value);
  return {simplex.front().x, simplex.front().value, evaluations};
}

std::vector<double> least_squares(std::span<const double> a, std::span<const double> b,
                                  std::size_t columns, double ridge) {
  const std::size_t rows = b.size();
  std::vector<double> m(columns * columns, 0.0), v(columns, 0.0);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < columns; ++i) {
      const double ai = a[r * columns + i];
      v[i] += ai * b[r];
      for (std::size_t j = 0; j < columns; ++j) m[i * columns + j] += ai * a[r * columns + j];
    }
  double largest = 0.0;
  for (std::size_t i = 0; i < columns; ++i) largest = std::max(largest, m[i * columns + i]);
  for (std::size_t i = 0; i < columns; ++i) m[i * columns + i] += ridge * std::max(largest, 1.0);
  // Gaussian elimination with partial pivoting on the (symmetric, positive definite) system.
  std::vector<std::size_t> order(columns);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t k = 0; k < columns; ++k) {
    std::size_t pivot = k;
    for (std::size_t r = k + 1; r < columns; ++r)
      if (std::abs(m[r * columns + k]) > std::abs(m[pivot * columns + k])) pivot = r;
    if (pivot != k) {
      for (std::size_t j = 0; j < columns; ++j)
        std::swap(m[k * columns + j], m[pivot * columns + j]);
      std::swap(v[k], v[pivot]);
    }
    const double diagonal = m[k * columns + k];
    if (diagonal == 0.0) continue;
    for (std::size_t r = k + 1; r < columns; ++r) {
      const double factor = m[r * columns + k] / diagonal;
      for (std::size_t j = k; j < columns; ++j) m[r * columns + j] -= factor * m[k * columns + j];
      v[r] -= factor * v[k];
    }
  }
  std::vector<double> x(columns, 0.0);
  for (std::size_t k = columns; k-- > 0;) {
    double sum = v[k];
    for (std::size_t j = k + 1; j < columns; ++j) sum -= m[k * columns + j] * x[j];
    const double diagonal = m[k * columns + k];
    x[k] = diagonal == 0.0 ? 0.0 : sum / diagonal;
  }
  return x;
}

}  // namespace dermasim
