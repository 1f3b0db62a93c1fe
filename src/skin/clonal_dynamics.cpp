// Clone statistics of the SP model at 13 and 52 weeks against REFERENCE §B2's predictions.
#include "skin/clonal_dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/statistics.hpp"
#include "engine/lineage.hpp"
#include "engine/simulation.hpp"
#include "skin/epidermis.hpp"

namespace dermasim::skin {
namespace {

constexpr double hours_per_week = 24.0 * 7.0;
constexpr const char* exact_source =
    "Klein 2007 Phys Rev E 76:021910 (critical birth-death of progenitors, rate r*lambda); "
    "REFERENCE §B2 relation 2";
constexpr const char* scaling_source =
    "Clayton 2007 Nature 446:185, Fig. 3-4 (scaling); REFERENCE §B2 relation 3";

// Progenitor and basal counts per founder (founders are agents 0 .. founders − 1; a clone missing
// from the census is extinct).
struct CloneCensus {
  std::vector<std::int64_t> progenitors, basal;
};

CloneCensus census_by_founder(const engine::AgentStore& agents, std::size_t founders) {
  const engine::CloneCensus census = engine::take_census(agents, epidermal_type_count);
  CloneCensus result{std::vector<std::int64_t>(founders, 0),
                     std::vector<std::int64_t>(founders, 0)};
  for (std::size_t c = 0; c < census.founders.size(); ++c) {
    const auto founder = static_cast<std::size_t>(census.founders[c]);
    result.progenitors[founder] = census.count(c, progenitor);
    result.basal[founder] = census.count(c, progenitor) + census.count(c, post_mitotic_basal);
  }
  return result;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

// Metrics of progenitor-founded clones: survival of their progenitor line, its size and shape.
void progenitor_metrics(const CloneCensus& census, const std::vector<int>& founder_type,
                        double r_lambda_t, int weeks, double step_error, ValidationCase& result) {
  std::vector<double> surviving;
  double founded = 0.0;
  for (std::size_t c = 0; c < founder_type.size(); ++c) {
    if (founder_type[c] != progenitor) continue;
    founded += 1.0;
    if (census.progenitors[c] > 0) surviving.push_back(static_cast<double>(census.progenitors[c]));
  }
  const std::string at = "_" + std::to_string(weeks) + "w";
  const double survival = static_cast<double>(surviving.size()) / founded;
  const double expected_survival = 1.0 / (1.0 + r_lambda_t);
  // 4 binomial standard errors, plus the O(λ dt) bias of a discrete-time step.
  const double survival_se = std::sqrt(expected_survival * (1 - expected_survival) / founded);
  result.metrics.push_back({"progenitor_line_survival" + at, survival, expected_survival,
                            4 * survival_se + step_error * expected_survival, "fraction",
                            exact_source});
  const double expected_mean = 1.0 + r_lambda_t;  // geometric: variance m (m − 1)
  const double n = static_cast<double>(surviving.size());
  const double mean_se = std::sqrt(expected_mean * (expected_mean - 1.0) / std::max(n, 1.0));
  result.metrics.push_back({"progenitors_per_surviving_clone" + at, mean_of(surviving),
                            expected_mean, 4 * mean_se + step_error * expected_mean, "cells",
                            exact_source});
  const double q = r_lambda_t / (1.0 + r_lambda_t);  // geometric on {1, 2, …}: P(N ≤ k) = 1 − q^k
  const auto geometric = [q](double k) { return k < 1 ? 0.0 : 1.0 - std::pow(q, k); };
  const double ks = ks_distance_integer(surviving, geometric);
  // 1.63/√n: the 1 % critical value of the KS distance.
  result.metrics.push_back({"progenitor_count_geometric_ks" + at, ks, 0.0,
                            1.63 / std::sqrt(std::max(n, 1.0)), "KS distance", exact_source});
}

// Metrics of all basal clones at long times: persistence ∝ 1/t, mean size ∝ t, exponential shape,
// and conservation of labelled basal cells (neutral drift).
void scaling_metrics(const CloneCensus& census, double r_lambda_t, double rho,
                     ValidationCase& result) {
  const double clones = static_cast<double>(census.basal.size());
  std::vector<double> persisting;
  double labelled = 0.0;
  for (const std::int64_t size : census.basal) {
    labelled += static_cast<double>(size);
    if (size > 0) persisting.push_back(static_cast<double>(size));
  }
  const double fraction = static_cast<double>(persisting.size()) / clones;
  const double expected_fraction = rho / r_lambda_t;
  // The asymptotic forms have relative corrections of order 1/(rλt) (the exact mean is
  // (1 + rλt)/ρ rather than rλt/ρ); the tolerances add that to 4 standard errors.
  result.metrics.push_back(
      {"persisting_clone_fraction_52w", fraction, expected_fraction,
       expected_fraction / r_lambda_t + 4 * std::sqrt(expected_fraction / clones), "fraction",
       scaling_source});
  const double mean = mean_of(persisting);
  const double expected_mean = r_lambda_t / rho;
  const double n = std::max(static_cast<double>(persisting.size()), 1.0);
  result.metrics.push_back({"mean_basal_clone_size_52w", mean, expected_mean,
                            1.0 / rho + 4 * expected_mean / std::sqrt(n), "cells", scaling_source});
  const auto exponential = [mean](double k) { return 1.0 - std::exp(-k / mean); };
  const double ks = ks_distance(persisting, exponential, exponential);
  // Sizes are integers: the step CDF differs from the continuous exponential by up to ~1/⟨n⟩.
  result.metrics.push_back({"basal_clone_size_exponential_ks_52w", ks, 0.0,
                            1.63 / std::sqrt(n) + 1.0 / std::max(mean, 1.0), "KS distance",
                            scaling_source});
  // Critical branching: labelled basal cells per induced clone stay 1 on average; the progenitor
  // count of one founder has variance 2 rλt, so the basal count per clone has sd ≈ √(2 rλt ρ)/ρ/√N.
  const double sd = std::sqrt(2.0 * r_lambda_t * rho) / rho / std::sqrt(clones);
  result.metrics.push_back({"labelled_basal_cells_per_clone_52w", labelled / clones, 1.0, 4 * sd,
                            "cells", "REFERENCE §B2 relation 4 (neutral drift)"});
}

}  // namespace

Result<ValidationCase> run_clonal_dynamics(const std::filesystem::path& data_dir,
                                           ValidationSize size) {
  DERMASIM_TRY_ASSIGN(const ProgenitorKinetics kinetics,
                      load_progenitor_kinetics(data_dir / "epidermis" / "mouse_tail.toml"));
  EpidermisOptions options;
  options.basal_cells = size == ValidationSize::full ? 40000 : 6000;
  options.step_h = 2.0;
  options.duration_h = 52 * hours_per_week;
  const engine::Scenario scenario = epidermis_scenario(kinetics, options);
  std::vector<int> founder_type;
  for (const auto& cell : scenario.initial_cells) founder_type.push_back(cell.type);
  DERMASIM_TRY_ASSIGN(engine::Simulation simulation, engine::Simulation::create(scenario));
  simulation.label_founders(engine::LineageSpec{0.0, 1.0, {progenitor, post_mitotic_basal}, 0.0});

  ValidationCase result{"clonal-dynamics", {}};
  const double r_lambda = kinetics.symmetric_division_fraction * kinetics.division_per_week;
  const double step_error = kinetics.division_per_week * options.step_h / hours_per_week;
  for (const int weeks : {13, 52}) {
    simulation.advance_to_step(simulation.steps_for_hours(weeks * hours_per_week));
    const CloneCensus census = census_by_founder(simulation.agents(), founder_type.size());
    progenitor_metrics(census, founder_type, r_lambda * weeks, weeks, step_error, result);
    if (weeks == 52)
      scaling_metrics(census, r_lambda * weeks, kinetics.progenitor_fraction, result);
  }
  return result;
}

}  // namespace dermasim::skin
