// Runs a dermis scenario and writes its observables.
#include "cli/simulate_dermis.hpp"

#include <omp.h>

#include <chrono>
#include <string>
#include <type_traits>

#include "cli/observable_table.hpp"
#include "cli/run_loop.hpp"
#include "engine/output.hpp"
#include "skin/dermis_tissue.hpp"
#include "treatment/treatment_run.hpp"

namespace dermasim::cli {
namespace {

using skin::DermisTissue;
using treatment::TreatmentRun;

Result<DermisTissue> start(const SimulateOptions& options, skin::DermisScenario scenario) {
  if (options.restart_from)
    return DermisTissue::restore(std::move(scenario), *options.restart_from, options.seed);
  return DermisTissue::create(std::move(scenario), options.seed);
}

Result<TreatmentRun> start(const SimulateOptions& options, treatment::TreatmentScenario scenario) {
  if (options.restart_from)
    return TreatmentRun::restore(std::move(scenario), *options.restart_from, options.seed);
  return TreatmentRun::create(std::move(scenario), options.seed);
}

const DermisTissue& tissue_of(const DermisTissue& tissue) {
  return tissue;
}
const DermisTissue& tissue_of(const TreatmentRun& run) {
  return run.tissue();
}

nlohmann::json ledger_json(const DermisTissue& tissue) {
  const skin::MatrixLedger ledger = tissue.ledger();
  constexpr std::array<const char*, skin::matrix_component_count> names = {
      "collagen1", "collagen3", "elastin", "hyaluronan", "fibrin"};
  nlohmann::json json = nlohmann::json::object();
  for (int c = 0; c < skin::matrix_component_count; ++c)
    json[names[static_cast<std::size_t>(c)]] = {
        {"amount_mg", tissue.matrix_amount_mg(static_cast<skin::MatrixComponent>(c))},
        {"synthesized_mg", ledger.synthesized[c]},
        {"degraded_mg", ledger.degraded[c]},
        {"removed_by_injury_mg", ledger.removed[c]},
        {"deposited_by_bleeding_mg", ledger.deposited[c]}};
  json["collagen3_matured_to_1_mg"] = ledger.matured_collagen3_to_1;
  return json;
}

// Runs `scenario` (a dermis scenario, or one with a treatment schedule) and writes its outputs.
template <class Scenario>
Result<nlohmann::json> run_scenario(const SimulateOptions& options, Scenario scenario) {
  if (options.threads > 0) omp_set_num_threads(options.threads);
  DERMASIM_TRY(prepare_output_dir(options.out_dir));
  const auto wall_start = std::chrono::steady_clock::now();
  DERMASIM_TRY_ASSIGN(auto model, start(options, std::move(scenario)));
  const DermisTissue& tissue = tissue_of(model);
  const skin::DermisScenario& s = tissue.scenario();
  const std::size_t cells_start = tissue.simulation().counts().live;
  const Cadence rows = cadence(model, s.timeseries_interval_h);
  DERMASIM_TRY(run_with_timeseries(model, skin::dermis_observable_fields, rows, options));

  const engine::AgentCounts end = tissue.simulation().counts();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  nlohmann::json summary = {
      {"scenario", s.name},
      {"zone", s.zone.id},
      {"fitzpatrick", s.fitzpatrick},
      {"side_um", s.side_um},
      {"depth_um", s.depth_um},
      {"voxel_um", s.voxel_um},
      {"simulated_hours", tissue.time_h()},
      {"cells_start", cells_start},
      {"cells_end", end.live},
      {"steps", tissue.step_index()},
      {"wall_s", wall_s},
      {"threads", omp_get_max_threads()},
      {"seed", s.seed},
      {"state_checksum", tissue.simulation().state_checksum_hex()},
      {"matrix_ledger", ledger_json(tissue)},
      {"observables", observables_json(skin::dermis_observable_fields, tissue.observe())},
  };
  if constexpr (std::is_same_v<Scenario, treatment::TreatmentScenario>) {
    const std::vector<treatment::SessionReport> reports = model.session_reports();
    summary["sessions"] = treatment::reports_json(reports);
    DERMASIM_TRY(engine::write_file_atomic(options.out_dir / "sessions.csv",
                                           treatment::reports_csv(reports)));
  }
  DERMASIM_TRY(engine::write_json_file(options.out_dir / "summary.json", summary));
  return summary;
}

}  // namespace

Result<nlohmann::json> simulate_dermis_scenario(const SimulateOptions& options) {
  DERMASIM_TRY_ASSIGN(const bool scheduled, treatment::is_treatment_scenario(options.scenario));
  if (scheduled) {
    DERMASIM_TRY_ASSIGN(treatment::TreatmentScenario scenario,
                        treatment::load_treatment_scenario(options.scenario));
    return run_scenario(options, std::move(scenario));
  }
  DERMASIM_TRY_ASSIGN(skin::DermisScenario scenario, skin::load_dermis_scenario(options.scenario));
  return run_scenario(options, std::move(scenario));
}

}  // namespace dermasim::cli
