// Parameters of the epidermis as a tissue beyond its cell kinetics: cell volumes, homeostatic
// regulation, growth factors, pigment, inflammation, barrier and hydration; loaded from TOML.
#pragma once

#include <array>
#include <filesystem>

#include "core/error.hpp"
#include "skin/growth_factor_column.hpp"
#include "skin/stratified_epidermis.hpp"

namespace dermasim::skin {

inline constexpr int fitzpatrick_types = 6;  // phototypes I–VI
using PerPhototype = std::array<double, fitzpatrick_types>;

// Thickness follows from cell numbers per mm² and the volume each cell fills.
struct GeometryParameters {
  double nucleated_cell_volume_um3 = 0.0;  // basal and viable suprabasal keratinocytes
  double corneocyte_volume_um3 = 0.0;
};

// Density feedback on the germinative compartment: below the set point progenitors divide faster
// and renew more; above it, the reverse. The set point is the zone's germinative density.
struct RegulationParameters {
  double renewal_bias = 0.0;        // saturation of the fate bias, (0, 1]
  double renewal_hill = 1.0;        // steepness around the set point
  double cycle_min_fraction = 1.0;  // cycle-rate floor of contact inhibition, (0, 1]
  double cycle_hill = 1.0;
};

// A growth factor read by progenitors: its column and the Hill response of their cycle rate.
struct GrowthFactorParameters {
  GrowthFactorColumn column;
  double dermal_ng_per_ml = 0.0;  // interstitial concentration held at the plexus
  double half_max_ng_per_ml = 1.0;
  double hill = 1.0;
  double max_fold = 1.0;  // cycle-rate multiplier at saturation
};

struct PigmentParameters {
  double synthesis_per_melanocyte_per_day = 0.0;  // melanin units (the unit is this rate's)
  PerPhototype constitutive_scale{};              // synthesis relative to phototype I
  double degradation_per_day = 0.0;               // in suprabasal keratinocytes and corneocytes
  double uv_activation_per_med = 0.0;             // synthesis fold added per minimal erythema dose
  double uv_activation_decay_days = 1.0;
  PerPhototype minimal_erythema_dose_mj_per_cm2{};
  PerPhototype inflammation_gain{};  // synthesis fold added at inflammation 1, by phototype
};

struct InflammationParameters {
  double decay_days = 1.0;
  double per_abraded_area_fraction = 0.0;  // inflammation added by removing the whole surface
  double per_breached_area_fraction = 0.0;
  double per_med_above_one = 0.0;  // sunburn: inflammation per MED beyond the first
};

struct BarrierParameters {
  double recovery_h = 1.0;       // time constant of the lipid barrier closing over an opening
  double open_tewl_ratio = 1.0;  // TEWL of open area relative to intact skin
  double baseline_tewl_g_per_m2_h = 0.0;
};

struct HydrationParameters {
  double hyaluronan_half_life_days = 1.0;
  double nmf_exponent = 0.0;
  double hyaluronan_exponent = 0.0;
  double tewl_exponent = 0.0;
  double water_relaxation_h = 1.0;
};

struct TissueParameters {
  GeometryParameters geometry;
  StratifiedMechanics stratified;  // the spatial model's cell spheres and forces
  RegulationParameters regulation;
  GrowthFactorParameters egf, kgf;
  PigmentParameters pigment;
  InflammationParameters inflammation;
  BarrierParameters barrier;
  HydrationParameters hydration;
};

// Loads data/epidermis/tissue.toml-shaped files; every key is required, errors name
// file:line:column and the key path, unknown keys are refused with a suggestion.
Result<TissueParameters> load_tissue_parameters(const std::filesystem::path& path);

}  // namespace dermasim::skin
