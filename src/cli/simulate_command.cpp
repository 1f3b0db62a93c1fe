// Runs a scenario to its end, writing outputs at their times and never inside the step loop.
#include "cli/simulate_command.hpp"

#include <omp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <vector>

#include "cli/run_loop.hpp"
#include "cli/simulate_dermis.hpp"
#include "cli/simulate_tissue.hpp"
#include "engine/lineage.hpp"
#include "engine/output.hpp"
#include "engine/simulation.hpp"
#include "skin/dermis_scenario.hpp"
#include "skin/tissue_scenario.hpp"

namespace dermasim::cli {
namespace {

using engine::Simulation;

struct Outputs {
  std::filesystem::path dir;
  engine::TimeseriesWriter timeseries;
  std::vector<std::pair<double, std::string>> snapshots;
};

Status write_snapshot(const Simulation& simulation, Outputs& outputs) {
  const std::string stem = "step_" + std::to_string(simulation.step_index());
  const auto folder = outputs.dir / "snapshots";
  DERMASIM_TRY(engine::write_cells_vtu(folder / (stem + "_cells.vtu"), simulation.agents()));
  DERMASIM_TRY(engine::write_fields_vti(folder / (stem + "_fields.vti"), simulation.fields(),
                                        simulation.scenario().substances));
  outputs.snapshots.emplace_back(simulation.time_h(), stem + "_cells.vtu");
  return engine::write_pvd_collection(folder / "cells.pvd", outputs.snapshots);
}

void record_row(const Simulation& simulation, Outputs& outputs) {
  const engine::AgentCounts c = simulation.counts();
  outputs.timeseries.append({simulation.time_h(), c.agents, c.live, c.dying, c.frozen},
                            simulation.fields());
}

// Lineage tracing of a scenario with [lineage]: labels the founders at their time and records
// the clones' sizes per cell type (clones.csv: t_h, clone, one column per type, total).
class LineageRecorder {
 public:
  explicit LineageRecorder(const Simulation& simulation) {
    const auto& spec = simulation.scenario().lineage;
    if (!spec) return;
    m_active = true;
    m_label_step = simulation.steps_for_hours(spec->label_at_h);
    m_labelled = simulation.step_index() > m_label_step;  // restored after labelling
    m_records = cadence(simulation, spec->record_interval_h);
    m_csv = "t_h,clone";
    for (const auto& type : simulation.scenario().cell_types) m_csv += "," + type.name;
    m_csv += ",total\n";
  }

  std::int64_t next_after(std::int64_t step) const {
    if (!m_active) return INT64_MAX;
    if (!m_labelled && step < m_label_step) return m_label_step;
    return m_records.next_after(step);
  }

  void at_step(Simulation& simulation) {
    if (!m_active) return;
    const std::int64_t step = simulation.step_index();
    if (!m_labelled && step == m_label_step) {
      m_founders = simulation.label_founders(*simulation.scenario().lineage);
      m_labelled = true;
      record(simulation);
    } else if (m_labelled && m_records.due(step) && step != m_last_recorded) {
      record(simulation);
    }
  }

  Status finish(Simulation& simulation, const std::filesystem::path& path) {
    if (!m_active) return {};
    if (m_labelled && simulation.step_index() != m_last_recorded) record(simulation);
    return engine::write_file_atomic(path, m_csv);
  }

  std::size_t founders() const { return m_founders; }

 private:
  void record(const Simulation& simulation) {
    const int types = static_cast<int>(simulation.scenario().cell_types.size());
    const engine::CloneCensus census = engine::take_census(simulation.agents(), types);
    char time_text[32];
    const auto written =
        std::to_chars(time_text, time_text + sizeof time_text, simulation.time_h());
    const std::string time(time_text, written.ptr);
    for (std::size_t c = 0; c < census.founders.size(); ++c) {
      m_csv += time + "," + std::to_string(census.founders[c]);
      std::int64_t total = 0;
      for (int t = 0; t < types; ++t) {
        m_csv += "," + std::to_string(census.count(c, t));
        total += census.count(c, t);
      }
      m_csv += "," + std::to_string(total) + "\n";
    }
    m_last_recorded = simulation.step_index();
  }

  bool m_active = false, m_labelled = false;
  std::int64_t m_label_step = 0, m_last_recorded = -1;
  Cadence m_records;
  std::size_t m_founders = 0;
  std::string m_csv;
};

Result<Simulation> start(const SimulateOptions& options, engine::Scenario scenario) {
  if (options.restart_from)
    return Simulation::restore(std::move(scenario), *options.restart_from, options.seed);
  if (options.seed) scenario.seed = *options.seed;
  return Simulation::create(std::move(scenario));
}

}  // namespace

Status prepare_output_dir(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir))
    return fail(Error::unavailable("cannot create the output folder (" +
                                       (error ? error.message() : std::string("not a folder")) +
                                       "): choose another --out",
                                   dir.string()));
  return {};
}

namespace {

Result<nlohmann::json> simulate_engine_scenario(const SimulateOptions& options) {
  DERMASIM_TRY_ASSIGN(engine::Scenario scenario, engine::load_scenario(options.scenario));
  if (options.threads > 0) omp_set_num_threads(options.threads);
  DERMASIM_TRY(prepare_output_dir(options.out_dir));
  const auto wall_start = std::chrono::steady_clock::now();
  DERMASIM_TRY_ASSIGN(Simulation simulation, start(options, std::move(scenario)));
  const engine::OutputSpec& spec = simulation.scenario().output;
  const std::int64_t end_step = simulation.steps_for_hours(simulation.scenario().duration_h);
  const Cadence rows = cadence(simulation, spec.timeseries_interval_h);
  const Cadence snapshots = cadence(simulation, spec.snapshot_interval_h);
  const Cadence checkpoints = cadence(simulation, options.checkpoint_every_h);
  Outputs outputs{options.out_dir, engine::TimeseriesWriter(simulation.scenario().substances), {}};
  const engine::AgentCounts at_start = simulation.counts();
  LineageRecorder lineage(simulation);

  const std::int64_t first_step = simulation.step_index();
  const auto next_stop = [&](std::int64_t step) {
    return std::min({rows.next_after(step), snapshots.next_after(step),
                     checkpoints.next_after(step), lineage.next_after(step)});
  };
  const auto at_step = [&](std::int64_t step) -> Status {
    if (rows.due(step)) record_row(simulation, outputs);
    lineage.at_step(simulation);
    if (snapshots.due(step)) DERMASIM_TRY(write_snapshot(simulation, outputs));
    if (checkpoints.due(step) && step != first_step)
      DERMASIM_TRY(save_numbered_checkpoint(simulation, options.out_dir));
    return {};
  };
  DERMASIM_TRY(run_to(simulation, end_step, options.progress, next_stop, at_step));
  if (spec.final_snapshot && !snapshots.due(end_step))
    DERMASIM_TRY(write_snapshot(simulation, outputs));
  if (spec.timeseries_interval_h > 0.0)
    DERMASIM_TRY(outputs.timeseries.finish(options.out_dir / "timeseries.csv"));
  DERMASIM_TRY(lineage.finish(simulation, options.out_dir / "clones.csv"));

  const engine::AgentCounts at_end = simulation.counts();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  nlohmann::json summary = {
      {"scenario", simulation.scenario().name},
      {"cells_start", at_start.live},
      {"cells_end", at_end.live},
      {"agents_end", at_end.agents},
      {"dying_end", at_end.dying},
      {"frozen_end", at_end.frozen},
      {"simulated_hours", simulation.time_h()},
      {"steps", simulation.step_index()},
      {"wall_s", wall_s},
      {"threads", omp_get_max_threads()},
      {"seed", simulation.seed()},
      {"agent_steps", simulation.agent_steps()},
      {"state_checksum", simulation.state_checksum_hex()},
  };
  if (simulation.scenario().lineage) summary["clones_labelled"] = lineage.founders();
  if (spec.summary)
    DERMASIM_TRY(engine::write_json_file(options.out_dir / "summary.json", summary));
  return summary;
}

}  // namespace

Result<nlohmann::json> simulate(const SimulateOptions& options) {
  DERMASIM_TRY_ASSIGN(const bool dermis, skin::is_dermis_scenario(options.scenario));
  if (dermis) return simulate_dermis_scenario(options);
  DERMASIM_TRY_ASSIGN(const bool tissue, skin::is_tissue_scenario(options.scenario));
  return tissue ? simulate_tissue_scenario(options) : simulate_engine_scenario(options);
}

}  // namespace dermasim::cli
