// A block of dermis as a tissue: fibroblasts, myofibroblasts, neutrophils and macrophages of the
// engine, the matrix and signals as fields, and the reactions, recruitment and injuries that
// couple them; advanced together, perturbed by the scenario's injuries and UV, and observed.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "skin/dermal_kinetics.hpp"
#include "skin/dermis_layout.hpp"
#include "skin/dermis_scenario.hpp"
#include "skin/injury_shapes.hpp"

namespace dermasim::skin {

// Matrix components whose amounts the ledger follows.
enum MatrixComponent : int {
  ledger_collagen1,
  ledger_collagen3,
  ledger_elastin,
  ledger_hyaluronan,
  ledger_fibrin,
  matrix_component_count
};

// Cumulative amounts (mg in the block) since the run started, per component: made by cells,
// broken down, moved from type III to type I (maturation), removed by injuries and laid down by
// bleeding. Mass balance: amount(t) − amount(0) = synthesized + deposited + matured_in −
// degraded − removed (matured_in is +matured for type I, −matured for type III).
struct MatrixLedger {
  std::array<double, matrix_component_count> synthesized{}, degraded{}, removed{}, deposited{};
  double matured_collagen3_to_1 = 0.0;
};

// What the tissue shows (names carry units).
struct DermisObservables {
  double t_days = 0.0;
  double dermal_thickness_um = 0.0;  // zone dermis × matrix content relative to homeostasis
  double collagen1_mg_per_ml = 0.0;  // dermis mean
  double collagen3_mg_per_ml = 0.0;
  double collagen_i_iii_ratio = 0.0;
  double papillary_collagen_relative = 0.0;  // papillary collagen / its homeostatic value
  double elastin_mg_per_ml = 0.0;
  double hyaluronan_mg_per_ml = 0.0;
  double fibroblasts_per_mm3 = 0.0;
  double fibroblast_activation = 0.0;  // mean activation of fibroblasts, 0–1
  double myofibroblasts_per_mm3 = 0.0;
  double neutrophils_per_mm3 = 0.0;
  double macrophages_per_mm3 = 0.0;  // M1 + M2
  double m2_fraction = 0.0;          // M2 / all macrophages (0 without any)
  double il1_ng_per_ml = 0.0;        // dermis mean
  double tnf_ng_per_ml = 0.0;
  double tgf_beta1_ng_per_ml = 0.0;
  double inflammation_index = 0.0;         // (IL-1 + TNF) / recruitment half-max + immune cells
  double erythema_index = 0.0;             // papillary blood volume relative to rest
  double oedema_index = 0.0;               // extra water relative to rest, fraction
  double epidermal_cover = 0.0;            // share of the surface covered by epidermis
  double wound_collagen_relative = 0.0;    // collagen in the wound / homeostatic, 0 without one
  double wound_collagen3_share = 0.0;      // type III share of the wound's collagen
  double tensile_strength_relative = 0.0;  // wound collagen × cross-link maturity, relative
  double wound_fibroblasts_per_mm3 = 0.0;
  double wound_fibroblast_activation = 0.0;  // mean activation of the wound's fibroblasts
  double wound_activated_cells_per_mm3 =
      0.0;  // activated fibroblasts (Σ activation) + myofibroblasts
  double wound_myofibroblasts_per_mm3 = 0.0;
  double wound_neutrophils_per_mm3 = 0.0;
  double wound_macrophages_per_mm3 = 0.0;
  double wound_il1_tnf_ng_per_ml = 0.0;
  double scar_depth_um = 0.0;    // deepest column matrix deficit
  double scar_volume_mm3 = 0.0;  // voxels whose collagen is off by > 25 % or III-rich
  double collagen1_synthesis_mg_per_day = 0.0;  // over the last day (the PINP proxy)
  double collagen3_synthesis_mg_per_day = 0.0;  // (the PIIINP proxy)
  double collagen_degradation_mg_per_day = 0.0;
  double collagenase_ng_per_ml = 0.0;
  double gelatinase_ng_per_ml = 0.0;
  double timp_ng_per_ml = 0.0;
  double wound_volume_mm3 = 0.0;              // dermis that an injury has reached
  double epidermal_thickness_relative = 0.0;  // to the zone's resting epidermis
  double epidermal_thickness_um = 0.0;
  double grenz_zone_collagen_relative = 0.0;  // top papillary voxel layer / its resting collagen
  double atrophic_scar_depth_um = 0.0;        // mean collagen deficit depth over the atrophic scars
};

struct DermisObservableField {
  const char* name;
  const char* unit;
  double DermisObservables::*member;
};
extern const std::array<DermisObservableField, 44> dermis_observable_fields;

class DermisTissue {
 public:
  // Builds the block at homeostasis: fibroblasts at their set point, matrix and vessels by layer,
  // signals at their resting levels, the scenario's scars in place; `seed` overrides the
  // scenario's.
  static Result<DermisTissue> create(DermisScenario scenario,
                                     std::optional<std::uint64_t> seed = std::nullopt);
  static Result<DermisTissue> restore(DermisScenario scenario,
                                      const std::filesystem::path& checkpoint,
                                      std::optional<std::uint64_t> seed = std::nullopt);
  Status save_checkpoint(const std::filesystem::path& path) const;

  // Steps (applying injuries and UV at their steps) until step_index() == target_step.
  void advance_to_step(std::int64_t target_step);

  // The injury interface the treatment layer calls: damages the tissue now.
  void apply_injury(const Injury& injury, std::uint64_t key);
  // A UV exposure now, in minimal erythema doses.
  void apply_uv(double dose_med);

  // Amount of a factor that the scenario's supplies have delivered into voxels of `layer`, ng.
  double delivered_ng(int factor, DermalLayer layer) const;

  const DermisScenario& scenario() const { return m_scenario; }
  const engine::Simulation& simulation() const { return m_simulation; }
  std::int64_t step_index() const { return m_simulation.step_index(); }
  std::int64_t steps_for_hours(double hours) const { return m_simulation.steps_for_hours(hours); }
  std::int64_t step_at(double t_h) const { return steps_for_hours(t_h); }
  std::int64_t end_step() const { return step_at(m_scenario.duration_h); }
  double time_h() const { return m_simulation.time_h(); }

  DermisObservables observe() const;
  const LayerProfile& layers() const { return m_layers; }
  MatrixLedger ledger() const;
  // Amount of a matrix component in the block, mg.
  double matrix_amount_mg(MatrixComponent component) const;
  // Amount of a diffusing substance in the block, ng.
  double factor_amount_ng(DermalSubstance substance) const;

 private:
  // What a step's reactions need that does not change within the step.
  struct ReactionConstants {
    double voxel_ml = 0.0, voxel_mm3 = 0.0;
    UvResponse uv;
    double collagenase_per_cell = 0.0, gelatinase_per_cell = 0.0, timp_per_cell = 0.0;
    double collagenase_rest = 1.0, gelatinase_rest = 1.0;  // free MMP at homeostasis
    double platelet_release = 0.0;                         // share released per step
    // Shares lost or gained per step by the first-order processes with fixed rates.
    double hyaluronan_loss = 0.0, crosslink_gain = 0.0, maturation = 0.0;
  };
  struct Recruit {
    std::size_t voxel = 0;
    DermalCellType type = neutrophil;
    int ordinal = 0;  // of this type in this voxel this step
  };
  struct SynthesisRates {
    double collagen1_mg_per_h = 0.0, collagen3_mg_per_h = 0.0, collagen_breakdown_mg_per_h = 0.0;
  };
  using CellCounts = std::vector<std::array<float, dermal_cell_type_count>>;

  DermisTissue(DermisScenario scenario, engine::Simulation simulation, LayerProfile layers);
  void register_state();
  void seed_fields();
  void step_once();
  void apply_due_events();

  // Factor supplies (dermal_supply.cpp).
  void apply_supplies(double dt_h);
  void apply_supply(const FactorSupply& supply, double dt_h);
  bool in_region(const FactorSupply& supply, std::size_t voxel, int k) const;

  // Reactions (dermal_reactions.cpp).
  void count_cells();
  void count_cells_into(CellCounts& counts, std::vector<float>& activation) const;
  void update_activation(double dt_h);
  void react(double dt_h);
  ReactionConstants reaction_constants() const;
  LayerCellRates layer_cell_rates(std::size_t layer) const;
  VoxelCells voxel_cells(std::size_t voxel) const;
  void react_voxel(std::size_t voxel, std::size_t layer, const ReactionConstants& k, double dt_h);
  void secrete(double* value, const VoxelCells& cells, const ReactionConstants& k,
               double dt_h) const;
  void turn_over_matrix(double* value, const VoxelCells& cells, std::size_t layer,
                        const ReactionConstants& k, double dt_h);
  void tend_vessels(double* value, const VoxelCells& cells, std::size_t layer, double dt_h) const;
  void react_epidermis_plane(int k, double dt_h);
  void update_epidermal_cover(double dt_h);
  void update_epidermal_thickness(double dt_h);
  void recruit(double dt_h);
  void add_ledger(MatrixComponent component, double synthesized, double degraded);
  double reticular_set_point_per_ml() const;
  UvState uv_state() const;
  void set_uv_state(const UvState& state);
  SynthesisRates synthesis_rates(const CellCounts& counts,
                                 const std::vector<float>& activation) const;
  double epidermal_cover_share() const;
  bool in_atrophic_scar(double x_um, double y_um) const;

  // Injuries (dermal_injury.cpp).
  void damage_cylinder(const Cylinder& shape, Damage damage);
  void damage_sphere(const Sphere& shape);
  // `share`: the part of the voxel the damage takes (a channel narrower than the voxels).
  void damage_voxel(std::size_t voxel, int k, Damage damage, double share = 1.0);
  void open_epidermis_over(std::size_t voxel);
  void scar_cylinder(const Cylinder& shape, const Injury& injury);
  void remove_cells_where(const std::function<bool(const std::array<double, 3>&)>& inside);

  DermisScenario m_scenario;
  engine::Simulation m_simulation;
  LayerProfile m_layers;
  UvKinetics m_uv;
  engine::ColumnHandle m_activation{};
  // Checkpointed tissue state: the UV pulse and the matrix ledger.
  std::array<engine::ScalarHandle, 4> m_uv_scalars{};
  std::array<engine::ScalarHandle, matrix_component_count> m_synthesized{}, m_degraded{},
      m_removed{}, m_deposited{};
  engine::ScalarHandle m_matured{};
  engine::ScalarHandle m_epidermal_thickness{};  // relative to the zone's resting epidermis
  std::size_t m_grenz_layer = 0;  // the top papillary voxel layer, under the epidermis
  // Delivered amounts by factor and layer (epidermis, papillary, reticular, hypodermis).
  std::array<std::array<engine::ScalarHandle, 4>, factor_count> m_delivered{};
  // Scratch, sized once: per voxel cell counts by type and summed fibroblast activation; per
  // voxel layer partial sums of the ledger (synthesized, degraded per component; matured); the
  // cover of the top layer before this step; the recruits of a step.
  CellCounts m_counts;
  std::vector<float> m_activation_sum;
  std::vector<std::array<double, 2 * matrix_component_count + 1>> m_plane_ledger;
  std::vector<double> m_cover_scratch;
  std::vector<Recruit> m_recruits;
  double m_damage_il1_fold = 1.0;  // of the injury being applied
};

}  // namespace dermasim::skin
