// Runs a tissue scenario and writes its observables.
#include "cli/simulate_tissue.hpp"

#include <omp.h>

#include <chrono>
#include <string>

#include "cli/observable_table.hpp"
#include "cli/run_loop.hpp"
#include "engine/output.hpp"
#include "skin/epidermis_tissue.hpp"

namespace dermasim::cli {
namespace {

using skin::EpidermisTissue;

nlohmann::json homeostasis_json(const EpidermisTissue& tissue) {
  const skin::EpidermalSteadyState& h = tissue.homeostasis();
  return {{"germinative_per_mm2", h.germinative_per_mm2},
          {"viable_suprabasal_per_mm2", h.viable_suprabasal_per_mm2},
          {"corneocytes_per_mm2", h.corneocytes_per_mm2},
          {"viable_epidermis_um", h.viable_um},
          {"stratum_corneum_um", h.stratum_corneum_um},
          {"constitutive_melanin_index", tissue.constitutive_melanin_per_mm2() / 1e4}};
}

Result<EpidermisTissue> start(const SimulateOptions& options, skin::TissueScenario scenario) {
  if (options.restart_from)
    return EpidermisTissue::restore(std::move(scenario), *options.restart_from, options.seed);
  return EpidermisTissue::create(std::move(scenario), options.seed);
}

}  // namespace

Result<nlohmann::json> simulate_tissue_scenario(const SimulateOptions& options) {
  DERMASIM_TRY_ASSIGN(skin::TissueScenario scenario, skin::load_tissue_scenario(options.scenario));
  if (options.threads > 0) omp_set_num_threads(options.threads);
  DERMASIM_TRY(prepare_output_dir(options.out_dir));
  const auto wall_start = std::chrono::steady_clock::now();
  DERMASIM_TRY_ASSIGN(EpidermisTissue tissue, start(options, std::move(scenario)));
  const skin::TissueScenario& s = tissue.scenario();
  const std::size_t cells_start = tissue.simulation().counts().live;
  Cadence rows = cadence(tissue, s.timeseries_interval_h);
  rows.first = tissue.step_at(0.0);
  DERMASIM_TRY(run_with_timeseries(tissue, skin::observable_fields, rows, options));

  const engine::AgentCounts end = tissue.simulation().counts();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  nlohmann::json summary = {
      {"scenario", s.name},
      {"zone", s.zone.id},
      {"fitzpatrick", s.fitzpatrick},
      {"area_mm2", s.area_mm2},
      {"spin_up_hours", s.spin_up_h},
      {"simulated_hours", tissue.time_h()},
      {"cells_start", cells_start},
      {"cells_end", end.live},
      {"agents_end", end.agents},
      {"steps", tissue.step_index()},
      {"wall_s", wall_s},
      {"threads", omp_get_max_threads()},
      {"seed", s.seed},
      {"state_checksum", tissue.simulation().state_checksum_hex()},
      {"homeostasis", homeostasis_json(tissue)},
      {"observables", observables_json(skin::observable_fields, tissue.observe())},
  };
  DERMASIM_TRY(engine::write_json_file(options.out_dir / "summary.json", summary));
  return summary;
}

}  // namespace dermasim::cli
