// A dermis scenario: a block of one zone's dermis under its epidermis, the person's age and
// lifestyle, and what happens to it (injuries of several shapes, UV exposures).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "skin/dermal_factors.hpp"
#include "skin/dermis_parameters.hpp"
#include "skin/tissue_modifiers.hpp"
#include "skin/zones.hpp"

namespace dermasim::skin {

// The shapes of tissue damage the treatment layer asks for (depths from the skin surface):
// - needle: a cylinder, cells and matrix removed, bleeding where it reaches vessels;
// - needle_field: needles at random positions, `density_per_cm2` of them;
// - laser_column: a cylinder ablated (`ablative`) or only coagulated, with a coagulated rim of
//   `coagulation_rim_um` (cells dead, matrix denatured, vessels sealed, no bleeding);
// - bolus: an injection: a needle track to `depth_um` and a sphere of `radius_um` there whose
//   tissue is pushed apart (cells removed, matrix kept);
// - punch: a full cylinder to `depth_um`, the larger excisional wound;
// - atrophic_scar: an old scar (an initial state): matrix at `collagen_fraction` of normal, type
//   III at `collagen3_share`, little elastin, in a cylinder of `radius_um` to `depth_um`.
enum class InjuryKind { needle, needle_field, laser_column, bolus, punch, atrophic_scar };

struct Injury {
  InjuryKind kind = InjuryKind::needle;
  double at_h = 0.0;
  std::array<double, 2> centre_um{};  // block coordinates; default: the centre
  bool centred = true;                // centre_um not given
  double radius_um = 0.0;
  double depth_um = 0.0;            // from the skin surface
  double density_per_cm2 = 0.0;     // needle_field
  double coagulation_rim_um = 0.0;  // laser_column
  // laser_column: damage IL-1 of heat-killed tissue relative to an excision's.
  double heat_inflammation_fold = 1.0;
  bool ablative = true;            // laser_column
  double collagen_fraction = 0.5;  // atrophic_scar
  double collagen3_share = 0.3;    // atrophic_scar
};

// A supply of a diffusing factor that a treatment delivers (the skin knows no products or
// routes, only where and how much arrives):
// - held: the factor is kept at least at `level_ng_per_ml` × e^{−(t − reference_h)/τ} in the
//   region from start_h to end_h (a serum standing in open channels that close with τ);
// - released: `amount_ng_per_cm2` of skin surface (or `amount_ng` into a sphere) leaves a
//   depot by first-order release with time constant τ from start_h, spread evenly over the
//   region's voxels, until end_h.
// Regions: the channels opened at `reference_h` (needles, ablation); the top dermal voxel
// layer under the epidermis; a sphere (an injection depot, a graft); the whole dermis.
enum class SupplyRegion { channels, papillary_top, sphere, dermis };
enum class SupplyMode { held, released };

struct FactorSupply {
  int factor = 0;  // a DermalSubstance below factor_count
  SupplyRegion region = SupplyRegion::channels;
  SupplyMode mode = SupplyMode::held;
  double start_h = 0.0, end_h = 0.0;
  double level_ng_per_ml = 0.0;    // held
  double amount_ng_per_cm2 = 0.0;  // released into channels, papillary_top or dermis
  double amount_ng = 0.0;          // released into a sphere
  double time_constant_h = 1.0;
  double reference_h = 0.0;
  std::array<double, 3> centre_um{};  // sphere: x, y and depth below the surface
  double radius_um = 0.0;
};

struct UvExposure {
  double at_h = 0.0;
  double dose_med = 1.0;  // minimal erythema doses
};

struct DermisScenario {
  std::string name;
  std::filesystem::path source_file;
  Zone zone;
  int fitzpatrick = 2;
  double side_um = 1000.0;  // the block is side × side
  double depth_um = 0.0;    // skin depth simulated below the surface (epidermis + dermis + fat)
  double voxel_um = 25.0;
  DermisParameters parameters;
  FactorTable factors;
  ModifierParameters modifier_parameters;
  LifestyleProfile lifestyle;
  DermisModifiers modifiers;  // from the lifestyle
  std::uint64_t seed = 1;
  double duration_h = 90.0 * 24.0;
  double step_h = 0.25;
  double timeseries_interval_h = 24.0;
  std::vector<Injury> injuries;  // in time order
  std::vector<UvExposure> uv;    // in time order
  std::vector<FactorSupply> supplies;

  // Dermal thickness of this person's zone: HFUS value × the age scale.
  double dermis_um() const { return zone.dermis_um * modifiers.dermal_thickness_scale; }
};

// Whether a TOML file is a dermis scenario (it has a [dermis] table).
Result<bool> is_dermis_scenario(const std::filesystem::path& path);

// Where a block sits and how it is resolved, for scenarios built in code (validation cases).
struct DermisBlock {
  std::string zone = "cheeks";
  double side_um = 600.0, depth_um = 800.0, voxel_um = 30.0;
  double duration_h = 24.0;
  std::uint64_t seed = 1;
};

// A dermis scenario of `block` with the project's data files under `data_dir` (dermis/*.toml,
// zones.toml), for a person with `lifestyle`, without injuries.
Result<DermisScenario> dermis_scenario_from_data(const std::filesystem::path& data_dir,
                                                 const DermisBlock& block,
                                                 const LifestyleProfile& lifestyle);

// Loads a dermis scenario; the parameter, factor, modifier and zone files it names are read
// relative to the scenario's folder. Errors name file:line:column and the key path. Top-level
// tables named in `read_elsewhere` (a treatment schedule) are left to the caller.
Result<DermisScenario> load_dermis_scenario(const std::filesystem::path& path,
                                            std::span<const std::string_view> read_elsewhere = {});

}  // namespace dermasim::skin
