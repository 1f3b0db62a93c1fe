// What is simulated: the plain-data model description of a tissue run (units in every name).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dermasim::engine {

// Box faces in the order x_min, x_max, y_min, y_max, z_min, z_max.
enum class Face : int { x_min = 0, x_max, y_min, y_max, z_min, z_max };
inline constexpr int face_count = 6;
inline constexpr std::array<const char*, face_count> face_names = {"x_min", "x_max", "y_min",
                                                                   "y_max", "z_min", "z_max"};

struct Box {
  std::array<double, 3> min_um{};
  std::array<double, 3> max_um{};
};

enum class BoundaryKind { no_flux, dirichlet };

struct FaceBoundary {
  BoundaryKind kind = BoundaryKind::no_flux;
  double value = 0.0;  // held concentration of a Dirichlet face
};

// How Dirichlet voxels enter the implicit solve. `held` keeps them fixed inside every sweep (the
// physically right answer); `reset_between_sweeps` solves them as ordinary unknowns and resets them
// before and after each sweep, as PhysiCell 1.14 does, for like-with-like comparisons.
enum class DirichletMode { held, reset_between_sweeps };

struct SubstanceSpec {
  std::string name;
  double diffusion_um2_per_h = 0.0;
  double decay_per_h = 0.0;
  double initial = 0.0;  // concentration everywhere at t = 0 (the substance's own unit)
  std::array<FaceBoundary, face_count> faces{};
};

enum class PhaseDuration { fixed, exponential };

struct CyclePhaseSpec {
  std::string name;
  double duration_h = 0.0;  // fixed length, or the mean of the exponential waiting time
  PhaseDuration duration_kind = PhaseDuration::fixed;
  // Targets of solid volume double when the phase starts, also when phase 0 starts again after a
  // division (so a one-phase cycle regrows to its type's volume after each division).
  bool doubles_volume_at_entry = false;
  bool divides_at_end = false;  // leaving this phase divides the cell (back to phase 0)
};

// PhysiCell's standard volume model: fluid and solid parts relax towards their targets.
struct VolumeSpec {
  double total_um3 = 2494.0;
  double nuclear_um3 = 540.0;
  double fluid_fraction = 0.75;
  double fluid_change_per_h = 3.0;                 // 0.05 / min
  double nuclear_biomass_change_per_h = 0.33;      // 0.0055 / min
  double cytoplasmic_biomass_change_per_h = 0.27;  // 0.0045 / min
};

// Apoptosis: a living cell dies at `rate_per_h`; the dying cell shrinks with these rates and is
// removed `duration_h` later.
struct ApoptosisSpec {
  double rate_per_h = 0.0;
  double duration_h = 8.5;
  double fluid_change_per_h = 3.0;
  double nuclear_biomass_change_per_h = 0.35;
  double cytoplasmic_biomass_change_per_h = 1.0;
  double uptake_fraction =
      0.1;  // share of the living uptake a dying cell keeps (it stops secreting)
};

// How the agents of a cell type meet the basement membrane (Scenario::basement_membrane), applied
// after every mechanics move. `none`: the surface does not exist for them. `attached`: the centre
// is held on the surface, at z_bm(x, y) + radius, moving only sideways (cells anchored to it).
// `above`: the surface is a floor, a centre below z_bm(x, y) + radius is lifted back to it (cells
// that rest on it but may leave upwards).
enum class MembraneContact : std::uint8_t { none, attached, above };

struct MechanicsSpec {
  double repulsion_um_per_h = 600.0;  // 10 µm/min
  double adhesion_um_per_h = 24.0;    // 0.4 µm/min
  double max_adhesion_distance_ratio = 1.25;
  MembraneContact membrane = MembraneContact::none;
};

// Active migration (PhysiCell's motility). A motile agent moves at `speed_um_per_h` along its
// migration direction d, added to the velocity of its forces. It keeps d for an exponential time of
// mean `persistence_h` (it redraws with probability 1 − exp(−dt/persistence) per mechanics step)
// and then draws d = normalise((1 − b)·u + b·g): u uniform on the sphere, g the unit gradient of
// the chemotaxis substance in the agent's voxel (0 without a substance or gradient), b the bias.
// b = 0 is an unbiased persistent random walk, b = 1 goes straight up the gradient.
inline constexpr int no_chemotaxis = -1;  // MotilitySpec::chemotaxis_substance: none
struct MotilitySpec {
  double speed_um_per_h = 0.0;               // >= 0; 0: the type does not migrate
  double persistence_h = 1.0 / 60.0;         // > 0 when motile (PhysiCell's default: 1 min)
  int chemotaxis_substance = no_chemotaxis;  // index into Scenario::substances, or none
  double chemotaxis_bias = 0.0;              // b in [0, 1]; > 0 needs a substance
  // Gradient (substance unit per µm) at which the bias is half of b: the bias is
  // b·|∇c| / (|∇c| + this). 0: the full b for any gradient, however shallow (PhysiCell's rule).
  double chemotaxis_gradient_half_max = 0.0;
};

// Secretion towards a target and uptake, per substance (index into Scenario::substances).
struct ExchangeSpec {
  int substance = 0;
  double secretion_per_h = 0.0;
  double secretion_target = 0.0;
  double uptake_per_h = 0.0;
};

// What a division makes: the parent becomes `parent_type`, the daughter `daughter_type` (indices
// into Scenario::cell_types), with this probability. The stem/committed-progenitor model of the
// epidermis is three outcomes: (A, A) r, (A, B) 1 − 2r, (B, B) r (REFERENCE B2).
struct DivisionOutcome {
  int parent_type = 0;
  int daughter_type = 0;
  double probability = 1.0;
};

// A change of type without division, after a fixed time in the current type or at a rate (mean
// waiting time `duration_h`). The agent keeps its position shifted by `shift_z_um` (a basal cell
// stratifying moves up by about a cell diameter) and starts its new type's cycle at phase 0.
inline constexpr int shed_type = -1;  // `to_type` that removes the agent (shedding at the surface)
struct TypeTransition {
  int to_type = shed_type;
  double duration_h = 0.0;
  PhaseDuration duration_kind = PhaseDuration::fixed;
  double shift_z_um = 0.0;
};

// Signal -> behaviour rules (PhysiCell's rules, as Hill response curves). A rule scales one of a
// cell type's exponential rates by a Hill response to a signal s read in the agent's voxel:
// h = s^n / (s^n + K^n); an increasing rule multiplies the rate by 1 + (max_fold − 1)·h, a
// decreasing one by 1 − (1 − min_fraction)·h. Several rules on one behaviour multiply. Fixed
// durations (fixed phases, fixed transitions) are not scaled.
//
// A renewal rule instead biases the division outcomes of its cell type T: with the bias
// b = saturation · (1 − 2h) (+saturation at s = 0, 0 at s = K, towards −saturation for s ≫ K;
// several renewal rules add, clamped to [−1, 1]), a share |b| of its divisions is drawn from the
// outcomes whose parent and daughter are both T (b > 0) or from those with neither T (b < 0), the
// rest from the whole table. Below K the type renews itself more than it differentiates, above K
// less, so a density signal counting T makes K a set point of its density.
enum class Behaviour { cycle, transition, death, renewal };  // what the rule acts on
enum class SignalKind { substance, density };
struct BehaviourRule {
  SignalKind signal = SignalKind::substance;
  int substance = 0;  // for SignalKind::substance: concentration in the agent's voxel
  // For SignalKind::density: living agents of these types in the agent's voxel, per mm² of the
  // voxel's x–y face (the agent itself included when its type is listed).
  std::vector<int> density_types;
  Behaviour behaviour = Behaviour::cycle;
  bool increases = true;  // ignored by a renewal rule, whose direction is fixed
  // max_fold (>= 1) when increasing, min_fraction in [0, 1] when decreasing; for a renewal rule
  // the largest bias, in (0, 1].
  double saturation = 1.0;
  double half_max = 1.0;  // K > 0, in the signal's unit
  double hill = 1.0;      // n > 0
};

struct CellTypeSpec {
  std::string name;
  VolumeSpec volume;
  MechanicsSpec mechanics;
  MotilitySpec motility;
  ApoptosisSpec apoptosis;
  std::vector<CyclePhaseSpec> cycle;  // empty: the cell never cycles
  std::vector<ExchangeSpec> exchange;
  std::vector<DivisionOutcome> division_outcomes;  // empty: both cells keep this type
  std::optional<TypeTransition> transition;        // none: the cell keeps its type
  std::vector<BehaviourRule> rules;                // signal -> behaviour; empty: constant rates
};

// A lower boundary surface inside the domain that some cell types sit on and others cannot pass:
// z_bm(x, y) = z_um − ridge_depth_um · (1 − cos(2πx/P) cos(2πy/P)) / 2 with P = ridge_period_um,
// an egg-crate of downward pegs (rete ridges) whose tops touch z_um and whose bottoms reach
// z_um − ridge_depth_um; flat at z_um when the depth is 0 (the period is then not used).
struct BasementMembraneSpec {
  double z_um = 0.0;             // top level of the surface
  double ridge_depth_um = 0.0;   // >= 0
  double ridge_period_um = 0.0;  // > 0 when ridge_depth_um > 0
};

// Height of the basement membrane above (x, y), µm.
inline double basement_membrane_z_um(const BasementMembraneSpec& membrane, double x_um,
                                     double y_um) {
  // Flat: exactly z_um, and no 0/0 from a period that is not given.
  if (membrane.ridge_depth_um == 0.0) return membrane.z_um;
  const double wavenumber_per_um = 2.0 * std::numbers::pi / membrane.ridge_period_um;
  return membrane.z_um -
         0.5 * membrane.ridge_depth_um *
             (1.0 - std::cos(wavenumber_per_um * x_um) * std::cos(wavenumber_per_um * y_um));
}

// Unit normal of the basement membrane at (x, y), pointing up (positive z): (−∂z/∂x, −∂z/∂y, 1)
// normalised, from the analytic gradient of basement_membrane_z_um.
inline std::array<double, 3> basement_membrane_normal(const BasementMembraneSpec& membrane,
                                                      double x_um, double y_um) {
  if (membrane.ridge_depth_um == 0.0) return {0.0, 0.0, 1.0};
  const double wavenumber_per_um = 2.0 * std::numbers::pi / membrane.ridge_period_um;
  const double amplitude = 0.5 * membrane.ridge_depth_um * wavenumber_per_um;
  const double kx = wavenumber_per_um * x_um, ky = wavenumber_per_um * y_um;
  const double slope_x = -amplitude * std::sin(kx) * std::cos(ky);  // ∂z_bm/∂x
  const double slope_y = -amplitude * std::cos(kx) * std::sin(ky);  // ∂z_bm/∂y
  const double length = std::sqrt(slope_x * slope_x + slope_y * slope_y + 1.0);
  return {-slope_x / length, -slope_y / length, 1.0 / length};
}

struct InitialCell {
  std::array<double, 3> position_um{};
  int type = 0;
};

struct TimeSteps {
  double diffusion_h = 0.01 / 60.0;
  double mechanics_h = 0.1 / 60.0;
  double phenotype_h = 6.0 / 60.0;
};

struct OutputSpec {
  bool summary = true;
  double timeseries_interval_h = 1.0;  // 0: no time series
  double snapshot_interval_h = 0.0;    // 0: only a final VTU snapshot when `final_snapshot`
  bool final_snapshot = false;
};

// Lineage tracing: at `label_at_h` every living agent of `label_types` (all types when empty)
// becomes, with probability `fraction`, the founder of its own clone; the sizes of the clones, per
// cell type, are recorded every `record_interval_h` after labelling (0: only at the end).
struct LineageSpec {
  double label_at_h = 0.0;
  double fraction = 1.0;
  std::vector<int> label_types;
  double record_interval_h = 0.0;
};

// What happens to an agent whose centre leaves the domain: PhysiCell freezes it (it stays, counted,
// but no longer acts); `clamp` puts it back on the face it crossed, for a domain that is a piece
// of a larger tissue whose cells cannot leave it.
enum class OutsideDomain { freeze, clamp };

struct Scenario {
  std::string name;
  std::filesystem::path source_file;  // where it was loaded from (empty if built in code)
  double duration_h = 1.0;
  std::uint64_t seed = 1;
  Box domain;
  double voxel_um = 20.0;
  TimeSteps time_steps;
  double wall_repulsion_um_per_h = 6000.0;  // 100 µm/min, nearest face only
  OutsideDomain outside_domain = OutsideDomain::freeze;
  DirichletMode dirichlet_mode = DirichletMode::held;
  std::vector<SubstanceSpec> substances;
  // A lower boundary surface for the cell types whose MechanicsSpec::membrane is not `none`.
  std::optional<BasementMembraneSpec> basement_membrane;
  std::vector<CellTypeSpec> cell_types;
  std::vector<InitialCell> initial_cells;
  OutputSpec output;
  std::optional<LineageSpec> lineage;
};

// Checks cross-field consistency (steps divide each other, domain divisible into voxels, indices in
// range); the loader calls it, and so does code that builds a Scenario by hand.
Status validate(const Scenario& scenario);

// Loads a scenario TOML file; errors name the key and the file position (invalid_input), or the
// missing file (not_found).
Result<Scenario> load_scenario(const std::filesystem::path& path);
Result<Scenario> parse_scenario(std::string_view toml_text, const std::filesystem::path& origin);

// Reads cells from CSV with header `x,y,z,type` (µm, cell type index).
Result<std::vector<InitialCell>> load_cells_csv(const std::filesystem::path& path);

}  // namespace dermasim::engine
