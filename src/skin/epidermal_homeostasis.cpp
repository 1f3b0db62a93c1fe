// Human epidermis at homeostasis: kinetic figures measured from the simulated tissue.
#include "skin/epidermal_homeostasis.hpp"

#include <array>
#include <cmath>

#include "engine/simulation.hpp"
#include "skin/epidermis.hpp"

namespace dermasim::skin {
namespace {

constexpr double hours_per_day = 24.0;
constexpr int window_start_day = 60;  // all compartments fill within 8.6 + 14 + 17 ≈ 40 days
constexpr int window_end_day = 90;
constexpr const char* weinstein =
    "Weinstein, McCullough & Ross 1985 (J Invest Dermatol), REFERENCE §B1 and target 2";
constexpr const char* transit_source =
    "SC transit 14-20 d in young adults (J Soc Cosmet Chem 32(1), Table I), REFERENCE §B1";
constexpr const char* turnover_source =
    "whole epidermal turnover 36.2 ± 6.2 d (Maeda 2017) to 50 d (Hoath & Leahy 2003), REFERENCE "
    "§B1";

// Daily samples of the compartments and the births and sheddings in the window.
struct Window {
  std::array<double, epidermal_type_count> mean_count{};
  double mean_growth_fraction = 0.0;
  double germinative_start = 0.0, germinative_end = 0.0;
  double births = 0.0, shed = 0.0;
};

std::array<double, epidermal_type_count> count_types(const engine::AgentStore& agents) {
  std::array<double, epidermal_type_count> counts{};
  count_living(agents, counts);
  return counts;
}

Window observe(engine::Simulation& simulation) {
  const auto step_of_day = [&](int day) { return simulation.steps_for_hours(day * hours_per_day); };
  simulation.advance_to_step(step_of_day(window_start_day));
  const engine::PhenotypeCounts before = simulation.fate_totals();
  Window window;
  const int days = window_end_day - window_start_day;
  for (int day = window_start_day; day < window_end_day; ++day) {
    const auto counts = count_types(simulation.agents());
    const double germinative = counts[progenitor] + counts[post_mitotic_basal];
    if (day == window_start_day) window.germinative_start = germinative;
    for (int t = 0; t < epidermal_type_count; ++t) window.mean_count[t] += counts[t] / days;
    window.mean_growth_fraction += counts[progenitor] / germinative / days;
    simulation.advance_to_step(step_of_day(day + 1));
  }
  const auto end = count_types(simulation.agents());
  window.germinative_end = end[progenitor] + end[post_mitotic_basal];
  window.births = static_cast<double>(simulation.fate_totals().births - before.births);
  window.shed = static_cast<double>(simulation.fate_totals().shed - before.shed);
  return window;
}

}  // namespace

Result<ValidationCase> run_epidermal_homeostasis(const std::filesystem::path& data_dir,
                                                 ValidationSize size) {
  DERMASIM_TRY_ASSIGN(
      const ProgenitorKinetics kinetics,
      load_progenitor_kinetics(data_dir / "epidermis" / "human_interfollicular.toml"));
  EpidermisOptions options;
  const double area_mm2 = size == ValidationSize::full ? 1.0 : 0.1;
  options.basal_cells = static_cast<std::size_t>(kinetics.germinative_cells_per_mm2 * area_mm2);
  options.duration_h = window_end_day * hours_per_day;
  options.step_h = 1.0;
  DERMASIM_TRY_ASSIGN(engine::Simulation simulation,
                      engine::Simulation::create(epidermis_scenario(kinetics, options)));
  const Window w = observe(simulation);
  const double days = window_end_day - window_start_day;

  ValidationCase result{"epidermal-homeostasis", {}};
  // REFERENCE gives single values for production, cycle time and growth fraction; their
  // measurement error is not reported, so 10 % (0.05 for the fraction) is [assumed], plus 4
  // sampling standard errors (Poisson for counts of events).
  const double production = w.births / days / area_mm2;
  result.metrics.push_back({"cell_production", production, 1246.0,
                            0.10 * 1246.0 + 4.0 * std::sqrt(w.births) / days / area_mm2,
                            "cells/day/mm2", weinstein});
  const double cycle_time_h = w.mean_count[progenitor] * days * hours_per_day / w.births;
  result.metrics.push_back({"germinative_cycle_time", cycle_time_h, 311.0,
                            0.10 * 311.0 + 4.0 * cycle_time_h / std::sqrt(w.births), "h",
                            weinstein});
  const double germinative = w.mean_count[progenitor] + w.mean_count[post_mitotic_basal];
  result.metrics.push_back({"growth_fraction", w.mean_growth_fraction, 0.60,
                            0.05 + 4.0 * std::sqrt(0.24 / germinative), "fraction", weinstein});
  // Nucleated cells per mm² from a different study than the kinetics: 45,200–48,700 (forearm,
  // back, thigh; Bergstresser 1978); tolerance half the range plus the 10 % [assumed] above.
  const double nucleated = (germinative + w.mean_count[viable_suprabasal]) / area_mm2;
  result.metrics.push_back(
      {"nucleated_cells", nucleated, 46950.0, 1750.0 + 0.10 * 46950.0, "cells/mm2",
       "Bergstresser, Pariser & Taylor 1978 (J Invest Dermatol), REFERENCE §A3"});
  // Little's law: residence = mean content / outflow. Tolerances: half the published range.
  const double shed_per_day = w.shed / days;
  result.metrics.push_back({"stratum_corneum_transit", w.mean_count[corneocyte] / shed_per_day,
                            17.0, 3.0, "days", transit_source});
  const double non_dividing = germinative - w.mean_count[progenitor] +
                              w.mean_count[viable_suprabasal] + w.mean_count[corneocyte];
  result.metrics.push_back({"whole_epidermal_turnover", non_dividing / shed_per_day, 43.0, 7.0,
                            "days", turnover_source});
  // Homeostasis: the progenitor count is a critical branching process (variance 2 rλt N_A), so
  // over the window the germinative count drifts with relative sd √(2 rλ t / N_A); 4 sd allowed.
  const double r_lambda_t =
      kinetics.symmetric_division_fraction * kinetics.division_per_week * days / 7.0;
  const double drift_sd = std::sqrt(2.0 * r_lambda_t / w.mean_count[progenitor]);
  result.metrics.push_back(
      {"germinative_count_drift_60_to_90_days",
       (w.germinative_end - w.germinative_start) / w.germinative_start, 0.0, 4.0 * drift_sd,
       "fraction", "homeostasis: neutral drift of the SP model, REFERENCE §B2 relation 4"});
  return result;
}

}  // namespace dermasim::skin
