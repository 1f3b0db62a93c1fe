// Runs treatment arms on one tissue and writes them side by side (see compare_command.hpp).
#include "cli/compare_command.hpp"

#include <omp.h>

#include <cmath>

#include "cli/observable_table.hpp"
#include "cli/run_loop.hpp"
#include "engine/output.hpp"
#include "engine/svg_plot.hpp"
#include "treatment/treatment_run.hpp"

namespace dermasim::cli {
namespace {

using skin::DermisObservables;

struct Arm {
  std::string name;
  std::vector<DermisObservables> rows;
  nlohmann::json sessions;
};

struct Plotted {
  const char* title;
  const char* unit;
  double DermisObservables::*member;
  double scale;  // shown as value × scale + offset
  double offset;
};

// The panels of the plot: relative values as per cent changes.
constexpr std::array<Plotted, 6> plotted = {{
    {"Papillary collagen", "change, %", &DermisObservables::papillary_collagen_relative, 100.0,
     -100.0},
    {"Grenz-zone collagen", "change, %", &DermisObservables::grenz_zone_collagen_relative, 100.0,
     -100.0},
    {"Epidermal thickness", "change, %", &DermisObservables::epidermal_thickness_relative, 100.0,
     -100.0},
    {"Fibroblast activation", "fraction", &DermisObservables::fibroblast_activation, 1.0, 0.0},
    {"Inflammation index", "index", &DermisObservables::inflammation_index, 1.0, 0.0},
    {"Erythema index", "ratio", &DermisObservables::erythema_index, 1.0, 0.0},
}};

// What must be equal for two arms to be on one tissue.
Status same_tissue(const skin::DermisScenario& a, const skin::DermisScenario& b,
                   const std::filesystem::path& file) {
  const auto differs = [&](const char* what) {
    return fail(Error::invalid_input(
        std::string("differs from the first arm in ") + what +
            "; a comparison needs every arm on one tissue (same [dermis], [lifestyle], seed and "
            "duration)",
        file.string()));
  };
  if (a.zone.id != b.zone.id || a.fitzpatrick != b.fitzpatrick) return differs("zone or phototype");
  if (a.side_um != b.side_um || a.depth_um != b.depth_um || a.voxel_um != b.voxel_um)
    return differs("block size or voxels");
  if (a.lifestyle.age_years != b.lifestyle.age_years ||
      a.lifestyle.cigarettes_per_day != b.lifestyle.cigarettes_per_day ||
      a.lifestyle.chronic_uv_med_per_week != b.lifestyle.chronic_uv_med_per_week)
    return differs("the person (age, smoking, UV)");
  if (a.seed != b.seed || a.duration_h != b.duration_h || a.step_h != b.step_h)
    return differs("seed, duration or step");
  return {};
}

Result<Arm> run_arm(treatment::TreatmentScenario scenario) {
  Arm arm;
  arm.name = scenario.dermis.name;
  const double interval_h =
      scenario.dermis.timeseries_interval_h > 0.0 ? scenario.dermis.timeseries_interval_h : 24.0;
  DERMASIM_TRY_ASSIGN(treatment::TreatmentRun run,
                      treatment::TreatmentRun::create(std::move(scenario)));
  const std::int64_t every = std::max<std::int64_t>(1, run.steps_for_hours(interval_h));
  arm.rows.push_back(run.observe());
  while (run.step_index() < run.end_step()) {
    run.advance_to_step(std::min(run.end_step(), run.step_index() + every));
    arm.rows.push_back(run.observe());
  }
  arm.sessions = treatment::reports_json(run.session_reports());
  return arm;
}

std::string comparison_csv(const std::vector<Arm>& arms) {
  std::string csv = "arm," + csv_header(skin::dermis_observable_fields);
  for (const Arm& arm : arms)
    for (const DermisObservables& row : arm.rows) {
      csv += '"' + arm.name + "\",";
      append_row(csv, skin::dermis_observable_fields, row);
    }
  return csv;
}

Result<std::string> comparison_svg(const std::vector<Arm>& arms) {
  std::vector<engine::PlotPanel> panels;
  for (const Plotted& p : plotted) {
    engine::PlotPanel panel{p.title, "days", p.unit, {}};
    for (const Arm& arm : arms) {
      engine::PlotSeries series{arm.name, {}, {}};
      for (const DermisObservables& row : arm.rows) {
        series.x.push_back(row.t_days);
        series.y.push_back(row.*p.member * p.scale + p.offset);
      }
      panel.series.push_back(std::move(series));
    }
    panels.push_back(std::move(panel));
  }
  return engine::svg_line_plot(panels, 2);
}

}  // namespace

Result<nlohmann::json> compare(const CompareOptions& options) {
  if (options.scenarios.size() < 2)
    return fail(Error::invalid_input("give at least two scenarios to compare", "SCENARIO"));
  if (options.threads > 0) omp_set_num_threads(options.threads);
  std::vector<treatment::TreatmentScenario> scenarios;
  for (const std::filesystem::path& path : options.scenarios) {
    DERMASIM_TRY_ASSIGN(treatment::TreatmentScenario scenario,
                        treatment::load_treatment_scenario(path));
    if (!scenarios.empty())
      DERMASIM_TRY(same_tissue(scenarios.front().dermis, scenario.dermis, path));
    scenarios.push_back(std::move(scenario));
  }
  DERMASIM_TRY(prepare_output_dir(options.out_dir));
  std::vector<Arm> arms;
  nlohmann::json report = {{"arms", nlohmann::json::array()}};
  for (std::size_t a = 0; a < scenarios.size(); ++a) {
    DERMASIM_TRY_ASSIGN(Arm arm, run_arm(std::move(scenarios[a])));
    report["arms"].push_back(
        {{"arm", arm.name},
         {"scenario", options.scenarios[a].string()},
         {"final", observables_json(skin::dermis_observable_fields, arm.rows.back())},
         {"sessions", arm.sessions}});
    arms.push_back(std::move(arm));
  }
  DERMASIM_TRY_ASSIGN(const std::string svg, comparison_svg(arms));
  DERMASIM_TRY(engine::write_file_atomic(options.out_dir / "comparison.csv", comparison_csv(arms)));
  DERMASIM_TRY(engine::write_file_atomic(options.out_dir / "comparison.svg", svg));
  DERMASIM_TRY(engine::write_json_file(options.out_dir / "comparison.json", report));
  return report;
}

}  // namespace dermasim::cli
