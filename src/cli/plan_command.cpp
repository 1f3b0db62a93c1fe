// The plan command and its report folder (see plan_command.hpp).
#include "cli/plan_command.hpp"

#include <map>

#include "engine/output.hpp"
#include "engine/svg_plot.hpp"
#include "planner/planner.hpp"

namespace dermasim::cli {
namespace {

std::string forecast_csv(const forecast::PatientForecast& forecast) {
  std::string csv = "zone,observable,unit,t_days,median,p05,p95\n";
  for (const forecast::ObservableBand& b : forecast.bands)
    for (std::size_t i = 0; i < b.t_days.size(); ++i) {
      csv += b.zone + "," + b.observable + "," + b.unit + ",";
      for (const double v : {b.t_days[i], b.median[i], b.p05[i], b.p95[i]}) {
        engine::append_number(csv, v);
        csv += ",";
      }
      csv.back() = '\n';
    }
  return csv;
}

// One SVG per zone: a panel per observable with its median and band.
Status write_zone_plots(const forecast::PatientForecast& forecast,
                        const std::filesystem::path& folder) {
  std::map<std::string, std::vector<engine::PlotPanel>> by_zone;
  for (const forecast::ObservableBand& b : forecast.bands)
    by_zone[b.zone].push_back({.title = b.zone + ": " + b.observable,
                               .x_label = "days from the start",
                               .y_label = b.unit,
                               .series = {{"median", b.t_days, b.median},
                                          {"5th percentile", b.t_days, b.p05},
                                          {"95th percentile", b.t_days, b.p95}}});
  for (const auto& [zone, panels] : by_zone) {
    DERMASIM_TRY_ASSIGN(const std::string svg, engine::svg_line_plot(panels, 3));
    DERMASIM_TRY(engine::write_file_atomic(folder / ("forecast_" + zone + ".svg"), svg));
  }
  return {};
}

Status write_report(const planner::Plan& plan, const std::filesystem::path& folder) {
  DERMASIM_TRY(engine::write_file_atomic(folder / "program.toml",
                                         planner::program_toml(plan.program, plan.start_date)));
  DERMASIM_TRY(engine::write_json_file(folder / "plan.json", planner::plan_json(plan)));
  DERMASIM_TRY(engine::write_file_atomic(folder / "plan.txt", planner::plan_text(plan)));
  DERMASIM_TRY(engine::write_file_atomic(folder / "forecast.csv", forecast_csv(plan.forecast)));
  return write_zone_plots(plan.forecast, folder);
}

}  // namespace

Result<std::string> plan(const PlanOptions& options) {
  DERMASIM_TRY_ASSIGN(const planner::PlannerInputs in,
                      planner::load_planner_inputs(options.data_dir, options.patient));
  DERMASIM_TRY_ASSIGN(const planner::Plan plan,
                      planner::plan_program(in.data, in.parameters, in.patient));
  if (!options.out_dir.empty()) DERMASIM_TRY(write_report(plan, options.out_dir));
  return options.json ? planner::plan_json(plan).dump(2) + "\n" : planner::plan_text(plan);
}

}  // namespace dermasim::cli
