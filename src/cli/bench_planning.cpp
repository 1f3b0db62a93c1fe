// The planning benchmark (see bench_planning.hpp).
#include "cli/bench_planning.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "planner/planner.hpp"

namespace dermasim::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

nlohmann::json timing(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  return {{"median_s", seconds[seconds.size() / 2]},
          {"min_s", seconds.front()},
          {"max_s", seconds.back()},
          {"runs", seconds.size()}};
}

}  // namespace

Result<nlohmann::json> bench_planning(const BenchPlanningOptions& options) {
  DERMASIM_TRY_ASSIGN(const planner::PlannerInputs in,
                      planner::load_planner_inputs(options.data_dir, options.patient));
  const forecast::ForecastData& data = in.data;
  const planner::PlannerParameters& parameters = in.parameters;
  const patient::PatientProfile& patient = in.patient;
  std::vector<double> plan_s, forecast_s;
  planner::Plan plan;
  for (int r = 0; r < options.runs; ++r) {
    const Clock::time_point start = Clock::now();
    DERMASIM_TRY_ASSIGN(plan, planner::plan_program(data, parameters, patient));
    plan_s.push_back(seconds_since(start));
  }
  const forecast::ResponseBelief belief =
      forecast::ResponseBelief::prior(data.model.response_log_sd);
  std::size_t bands = 0, points = 0;
  for (int r = 0; r < options.runs; ++r) {
    const Clock::time_point start = Clock::now();
    DERMASIM_TRY_ASSIGN(const forecast::PatientForecast f,
                        forecast::forecast_program(data, patient, plan.program, belief, {}));
    forecast_s.push_back(seconds_since(start));
    bands = f.bands.size();
    points = bands == 0 ? 0 : f.bands.front().t_days.size();
  }
  return nlohmann::json{{"patient", patient.id},
                        {"zones", patient.zones.size()},
                        {"sessions", plan.program.sessions.size()},
                        {"plan", timing(plan_s)},
                        {"forecast", timing(forecast_s)},
                        {"forecast_bands", bands},
                        {"forecast_times", points},
                        {"belief_points", belief.size()},
                        {"threads", 1},
                        {"note", "plan and forecast run on one thread; data loading not timed"}};
}

}  // namespace dermasim::cli
