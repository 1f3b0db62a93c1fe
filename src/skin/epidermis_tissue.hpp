// An epidermis patch as a tissue: the SP-model cells of the engine plus melanocytes and the
// tissue-level state they drive (growth-factor profiles, pigment, inflammation, barrier,
// hydration), advanced together, perturbed by the scenario's events, and observed.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "skin/growth_factor_column.hpp"
#include "skin/steady_state.hpp"
#include "skin/tissue_scenario.hpp"

namespace dermasim::skin {

// Cell type index of melanocytes in a tissue scenario (after the four epidermal types).
inline constexpr int melanocyte = 4;

// What a practitioner or a calibration reads off the tissue (REFERENCE units in the names).
struct EpidermisObservables {
  double t_days = 0.0;               // after the spin-up
  double viable_epidermis_um = 0.0;  // basal + viable suprabasal layers
  double stratum_corneum_um = 0.0;
  double basal_density_per_mm2 = 0.0;  // germinative (basal) cells per mm² of skin
  double proliferation_per_day = 0.0;  // divisions per basal cell per day, over the last day
  double growth_fraction = 0.0;        // progenitors / basal cells
  double transit_time_days = 0.0;      // (suprabasal + corneocytes) / shedding rate, last week
  double melanin_index = 0.0;          // epidermal melanin per mm², 10⁴ melanin units
  double melanin_relative = 0.0;       // relative to this skin's constitutive steady state
  double barrier_integrity = 0.0;      // share of the surface with a closed lipid barrier
  double tewl_g_per_m2_h = 0.0;        // trans-epidermal water loss
  double tewl_index = 0.0;             // TEWL relative to intact skin at homeostasis
  double hydration_index = 0.0;        // stratum corneum water relative to homeostasis
  double inflammation = 0.0;           // epidermal inflammation signal (1: a full abrasion)
  double egf_basal_ng_per_ml = 0.0;    // growth factors the basal layer reads
  double kgf_basal_ng_per_ml = 0.0;
};

// Each observable with its name in outputs (time-series column, summary key) and unit.
struct ObservableField {
  const char* name;
  const char* unit;
  double EpidermisObservables::*member;
};
inline constexpr std::array<ObservableField, 16> observable_fields = {{
    {"t_days", "days", &EpidermisObservables::t_days},
    {"viable_epidermis_um", "um", &EpidermisObservables::viable_epidermis_um},
    {"stratum_corneum_um", "um", &EpidermisObservables::stratum_corneum_um},
    {"basal_density_per_mm2", "1/mm2", &EpidermisObservables::basal_density_per_mm2},
    {"proliferation_per_day", "1/day", &EpidermisObservables::proliferation_per_day},
    {"growth_fraction", "fraction", &EpidermisObservables::growth_fraction},
    {"transit_time_days", "days", &EpidermisObservables::transit_time_days},
    {"melanin_index", "1e4 melanin units/mm2", &EpidermisObservables::melanin_index},
    {"melanin_relative", "ratio", &EpidermisObservables::melanin_relative},
    {"barrier_integrity", "fraction", &EpidermisObservables::barrier_integrity},
    {"tewl_g_per_m2_h", "g/m2/h", &EpidermisObservables::tewl_g_per_m2_h},
    {"tewl_index", "ratio", &EpidermisObservables::tewl_index},
    {"hydration_index", "ratio", &EpidermisObservables::hydration_index},
    {"inflammation", "index", &EpidermisObservables::inflammation},
    {"egf_basal_ng_per_ml", "ng/mL", &EpidermisObservables::egf_basal_ng_per_ml},
    {"kgf_basal_ng_per_ml", "ng/mL", &EpidermisObservables::kgf_basal_ng_per_ml},
}};

class EpidermisTissue {
 public:
  // Builds the patch: cells at the zone's germinative density in the homeostatic proportion of
  // progenitors, melanocytes at the zone's density; `seed` overrides the scenario's.
  static Result<EpidermisTissue> create(TissueScenario scenario,
                                        std::optional<std::uint64_t> seed = std::nullopt);
  // Continues from a checkpoint written by save_checkpoint for the same scenario.
  static Result<EpidermisTissue> restore(TissueScenario scenario,
                                         const std::filesystem::path& checkpoint,
                                         std::optional<std::uint64_t> seed = std::nullopt);
  Status save_checkpoint(const std::filesystem::path& path) const;

  // Steps (applying events at their steps) until simulation().step_index() == target_step.
  void advance_to_step(std::int64_t target_step);

  const TissueScenario& scenario() const { return m_scenario; }
  const engine::Simulation& simulation() const { return m_simulation; }
  std::int64_t step_index() const { return m_simulation.step_index(); }
  std::int64_t steps_for_hours(double hours) const { return m_simulation.steps_for_hours(hours); }
  // Step at tissue time `t_h` (0 = the end of the spin-up), and the last step of the run.
  std::int64_t step_at(double t_h) const;
  std::int64_t end_step() const { return step_at(m_scenario.duration_h); }
  double time_h() const { return m_simulation.time_h() - m_scenario.spin_up_h; }

  EpidermisObservables observe() const;
  // The zone's homeostatic targets for this patch (per mm²), from the analytic steady state.
  const EpidermalSteadyState& homeostasis() const { return m_homeostasis; }
  double constitutive_melanin_per_mm2() const { return m_constitutive_melanin_per_mm2; }

 private:
  EpidermisTissue(TissueScenario scenario, engine::Simulation simulation);
  void register_state();
  void seed_basal_melanin();
  double constitutive_synthesis_per_mm2_per_day() const;
  void after_step(double dt_h);
  void apply_event(const TissueEvent& event, std::size_t index);
  void remove_abraded(const std::vector<bool>& types, double area_fraction,
                      std::size_t event_index);
  void update_growth_factors(double viable_um);
  void update_pigment(double dt_h, double basal_cells, double melanocytes);
  void update_dermal_boundary();
  double basal_mean(int substance) const;
  double dermal_level(GrowthFactor factor) const;

  TissueScenario m_scenario;
  engine::Simulation m_simulation;
  EpidermalSteadyState m_homeostasis;
  double m_constitutive_melanin_per_mm2 = 0.0;
  engine::ColumnHandle m_melanin{};
  // Tissue-level state kept as the simulation's scalars (checkpointed with it).
  engine::ScalarHandle m_inflammation{}, m_uv_activation{}, m_barrier{}, m_hyaluronan{}, m_water{},
      m_births_per_h{}, m_shed_per_h{}, m_pending_births{}, m_pending_shed{};
  SteadyProfile m_egf_profile, m_kgf_profile;
  // Stratified: the dermal levels last written to the lower face (the scenario's at the start).
  std::array<double, 2> m_dermal_levels{};
};

}  // namespace dermasim::skin
