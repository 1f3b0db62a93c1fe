// The forecast's reduced model: the logarithm of each tissue observable of a zone as a sum of
// session responses (rise-and-decay kernels) fitted to the agent-based ensemble
// (docs/forecast.md). On the log scale relative errors weigh alike and a scar cannot fill past 0.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dermasim::forecast {

// What a session did to the zone, by the kind of stimulus that drives the response.
enum class Modality {
  needling,           // channels of a micro-needling pass
  ablative_laser,     // CO2, Er:YAG columns
  nonablative_laser,  // 1,540 / 1,550 nm columns
  channels_product,   // growth factors put into open channels
  injection_product,  // growth factors injected
  topical_product,    // growth factors on intact skin (home care: a steady daily dose)
};
inline constexpr std::size_t modality_count = 6;
inline constexpr std::array<std::string_view, modality_count> modality_names = {
    "needling",         "ablative_laser",    "nonablative_laser",
    "channels_product", "injection_product", "topical_product"};

// One stimulus on the zone: an impulse at `day`, or for topical_product a steady dose from `day`
// to `to_day` (dose per day).
struct Stimulus {
  double day = 0.0, to_day = 0.0;
  Modality modality = Modality::needling;
  double density_per_cm2 = 0.0;  // needling channels, laser columns
  double depth_um = 0.0;         // channel or column depth
  double coverage = 0.0;         // laser: area share of the columns with their rim
  double dose_ng_per_cm2 = 0.0;  // products: growth factors delivered (per day for topical)
  double pih_probability = 0.0;  // of this session (treatment/pih_risk.hpp)
};

// The tissue observables the reduced model forecasts, each relative to the zone's baseline
// (1 = untreated start), from the agent-based time series named in `ensemble_columns`.
enum class Tissue {
  papillary_collagen,
  grenz_collagen,
  dermal_collagen,
  elastin,
  hyaluronan,
  epidermis,
  erythema,
  scar_depth,
};
inline constexpr std::size_t tissue_count = 8;
inline constexpr std::array<std::string_view, tissue_count> tissue_names = {
    "papillary_collagen", "grenz_collagen", "dermal_collagen", "elastin",
    "hyaluronan",         "epidermis",      "erythema",        "scar_depth"};
inline constexpr std::array<std::string_view, tissue_count> ensemble_columns = {
    "papillary_collagen_relative",
    "grenz_zone_collagen_relative",
    "collagen1_mg_per_ml",
    "elastin_mg_per_ml",
    "hyaluronan_mg_per_ml",
    "epidermal_thickness_relative",
    "erythema_index",
    "atrophic_scar_depth_um"};

// The nonlinear shape of one observable's response; the amplitudes are fitted linearly for it.
struct ResponseShape {
  double density_exponent = 0.5;  // needling intensity ∝ (density / reference)^this
  double depth_exponent = 1.0;    // needling and laser intensity ∝ (depth / reference)^this
  double rise_days = 5.0;         // kernel (1 − e^(−τ/rise)) e^(−τ/decay)
  double decay_days = 200.0;
  double stacking = 0.0;        // intensity × (1 + stacking × residual of earlier sessions)
  double stacking_days = 20.0;  // how long an earlier session's residual lasts
  double saturation = 1e6;      // a session's intensity u counts as u / (1 + u / saturation)
  // Intensities scale with the patient's responsiveness (synthesis relative to the ensemble's
  // person) to this power: fitted on the ensemble's runs of other ages and smoking.
  double responsiveness_exponent = 1.0;
};

struct TissueResponse {
  ResponseShape shape;
  std::array<double, modality_count> amplitude{};  // change per unit intensity
  double drift_per_day = 0.0;                      // untreated drift
  double fit_rms = 0.0;                            // residual of the fit (relative units)
};

struct ReducedModel {
  // Intensity references: the middle of the ensemble, so that intensities are of order 1.
  double reference_density_per_cm2 = 500.0;
  double reference_depth_um = 200.0;
  double reference_coverage = 0.05;
  double reference_dose_ng_per_cm2 = 100.0;
  // The largest growth-factor dose of each product modality in the fit (per session; per day for
  // topical): a larger dose counts as this one, since the fit says nothing beyond it. Other
  // modalities: unused (infinity).
  std::array<double, modality_count> max_dose_ng_per_cm2 = {HUGE_VAL, HUGE_VAL, HUGE_VAL,
                                                            HUGE_VAL, HUGE_VAL, HUGE_VAL};
  // The ensemble's person: responses scale with a patient's synthesis relative to this person's.
  double reference_age_years = 45.0;
  double reference_cigarettes_per_day = 0.0;
  // The ensemble person's untreated dermis (agent-based start), for the tissue figures.
  double baseline_collagen_mg_per_ml = 0.0;
  double baseline_elastin_mg_per_ml = 0.0;
  // Spread of a patient's response multiplier (log-normal σ): between patients, and the
  // surrogate's own error.
  double response_log_sd = 0.25;
  std::array<TissueResponse, tissue_count> tissues{};

  static Result<ReducedModel> load(const std::filesystem::path& path);
  // Writes the model as TOML (to a temporary file, then renamed); `header` lines start it.
  Status save(const std::filesystem::path& path, std::string_view header) const;
};

// The intensity of one stimulus for `shape` (before stacking), dimensionless.
double stimulus_intensity(const ReducedModel& model, const ResponseShape& shape, const Stimulus& s);

// The response kernel at `tau_days` after an impulse, and its integral from 0 to `tau_days`.
double response_kernel(const ResponseShape& shape, double tau_days);
double response_kernel_integral(const ResponseShape& shape, double tau_days);

// The response of one observable per unit amplitude of each modality at each of `t_days`
// (stimuli in any order), written to `out[t × modality_count + m]`. Every intensity is scaled by
// responsiveness^responsiveness_exponent (the patient's synthesis relative to the ensemble's
// reference person).
void unit_responses(const ReducedModel& model, const ResponseShape& shape,
                    std::span<const Stimulus> stimuli, double responsiveness,
                    std::span<const double> t_days, std::span<double> out);

// Each tissue's path at `t_days` on the log scale: base (drift × t) and response (the treatment's
// change at response multiplier 1). A patient with multiplier m has m times the average change:
// exp(base) × (1 + m × (exp(response) − 1)), never below 0.
struct TissuePaths {
  std::vector<double> t_days;
  std::array<std::vector<double>, tissue_count> log_base, log_response;
  double value(Tissue tissue, std::size_t i, double multiplier) const;
};

// exp(log_base) × (1 + multiplier × (exp(log_response) − 1)), never below 0: the one formula of a
// patient's value from the model's drift and response.
inline double with_multiplier(double log_base, double log_response, double multiplier) {
  return std::exp(log_base) * std::max(0.0, 1.0 + multiplier * (std::exp(log_response) - 1.0));
}

inline double TissuePaths::value(Tissue tissue, std::size_t i, double multiplier) const {
  const auto t = static_cast<std::size_t>(tissue);
  return with_multiplier(log_base[t][i], log_response[t][i], multiplier);
}

TissuePaths tissue_paths(const ReducedModel& model, std::span<const Stimulus> stimuli,
                         double responsiveness, std::span<const double> t_days);

// The observable (1 = baseline) at `t_days`, with the patient's response multiplier m:
// exp(drift × t) × (1 + m × (exp(Σ amplitude × unit response) − 1)).
void tissue_trajectory(const ReducedModel& model, Tissue tissue, std::span<const Stimulus> stimuli,
                       double responsiveness, double response_multiplier,
                       std::span<const double> t_days, std::span<double> out);

}  // namespace dermasim::forecast
