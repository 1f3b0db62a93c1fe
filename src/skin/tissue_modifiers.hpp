// Ageing and lifestyle as modifiers of the dermis' parameters (age, smoking, chronic UV, sleep),
// and the dermis' response to one UV exposure; the mechanisms' parameters are loaded from TOML.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace dermasim::engine::detail {
class TableReader;
}

namespace dermasim::skin {

// What a patient profile says about ageing and lifestyle; `patient` maps a profile onto this.
struct LifestyleProfile {
  double age_years = 30.0;
  double cigarettes_per_day = 0.0;
  double chronic_uv_med_per_week = 0.0;  // minimal erythema doses reaching the skin, yearly mean
  double spf_protection = 0.0;           // fraction of that UV blocked, 0..1 (SPF 30 ≈ 0.97)
  double sleep_h_per_night = 8.0;        // carried, but no effect: REFERENCE.md has no number
};

// Multipliers on the dermis' baseline parameters (1 = a never-smoking adult at the reference age
// without chronic UV). Type I procollagen synthesis per volume of dermis is
// fibroblast_density_scale × procollagen_per_cell_scale × collagen1_synthesis_scale (type III
// likewise with collagen3_synthesis_scale).
struct DermisModifiers {
  double fibroblast_density_scale = 1.0;    // age
  double procollagen_per_cell_scale = 1.0;  // age: fibroblast attachment to collagen
  double collagen1_synthesis_scale = 1.0;   // smoking
  double collagen3_synthesis_scale = 1.0;   // smoking
  double collagenase_scale = 1.0;           // smoking, chronic UV
  double gelatinase_scale = 1.0;            // chronic UV
  double timp_scale = 1.0;                  // smoking
  double dermal_thickness_scale = 1.0;      // age
  double healing_rate_scale = 1.0;          // age: rates of the repair phases
};

// Age: every age scale is 1 at and below the young group's mid-age (the reference age).
struct AgeParameters {
  double young_mid_age_years = 0.0;  // Varani 2006 young group (18–29)
  double young_attachment_fraction = 0.0;
  double old_mid_age_years = 0.0;  // Varani 2006 old group (80+)
  double old_attachment_fraction = 0.0;
  // Linear changes from the reference age, as fractions of the reference value per decade.
  double dermal_thickness_change_per_decade = 0.0;
  double fibroblast_density_change_per_decade = 0.0;
  double healing_rate_change_per_decade = 0.0;
};

// Smoking: the study's smoker/never-smoker ratios hold at the reference dose; at dose d each scale
// is ratio^f(d) with the saturating f(d) = d (d_ref + K) / (d_ref (d + K)), f(d_ref) = 1.
struct SmokingParameters {
  double reference_cigarettes_per_day = 0.0;    // d_ref
  double half_effect_cigarettes_per_day = 0.0;  // K
  double collagen1_synthesis_ratio = 1.0;
  double collagen3_synthesis_ratio = 1.0;
  double collagenase_ratio = 1.0;
  double timp_ratio = 1.0;
};

// Chronic UV: a baseline protease rise linear in the weekly dose reaching the skin,
// chronic_uv_med_per_week × (1 − spf_protection).
struct ChronicUvParameters {
  double collagenase_increase_per_weekly_med = 0.0;
  double gelatinase_increase_per_weekly_med = 0.0;
};

// One UV exposure (Fisher 1997, 2000; REFERENCE §D4): protease activity rises to its peak fold at
// mmp_peak_h and returns with time constant mmp_decay_h; procollagen synthesis drops by the
// suppression fraction for procollagen_suppression_h, then recovers with time constant
// procollagen_recovery_h. The folds are for reference_dose_med; the dermis model scales them.
struct AcuteUvResponse {
  double reference_dose_med = 0.0;
  double collagenase_peak_fold = 1.0;
  double gelatinase_peak_fold = 1.0;
  double mmp_peak_h = 0.0;
  double mmp_decay_h = 0.0;
  double procollagen_suppression_fraction = 0.0;
  double procollagen_suppression_h = 0.0;
  double procollagen_recovery_h = 0.0;
};

struct ModifierParameters {
  AgeParameters age;
  SmokingParameters smoking;
  ChronicUvParameters chronic_uv;
  AcuteUvResponse acute_uv;
};

// Loads data/dermis/modifiers.toml-shaped files; every key is required, errors name
// file:line:column and the key path, unknown keys are refused with a suggestion.
Result<ModifierParameters> load_modifier_parameters(const std::filesystem::path& path);

// The dermis' multipliers for one profile. Preconditions: the profile is in the ranges
// read_lifestyle accepts and the parameters come from load_modifier_parameters.
DermisModifiers dermis_modifiers(const LifestyleProfile& profile,
                                 const ModifierParameters& parameters);

// Fibroblast attachment to collagen at `age_years`: linear between the two groups' mid-ages,
// constant outside them.
double fibroblast_attachment_fraction(const AgeParameters& age, double age_years);

// The smoking dose factor f(d) above (0 for non-smokers, 1 at the reference dose).
double smoking_dose_factor(const SmokingParameters& smoking, double cigarettes_per_day);

// Reads a [lifestyle] table (age_years required; cigarettes_per_day, chronic_uv_med_per_week,
// spf_protection, sleep_h_per_night optional with LifestyleProfile's defaults) into `profile`,
// recording range errors in `reader`, e.g. inside engine::detail::read_section(reader,
// "lifestyle", ...). Ranges: age 0–120 years, 0–100 cigarettes/day, 0–50 MED/week, protection
// 0–1, sleep 0–24 h.
void read_lifestyle(engine::detail::TableReader& reader, LifestyleProfile& profile);

}  // namespace dermasim::skin
