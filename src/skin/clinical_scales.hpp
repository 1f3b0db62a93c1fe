// Clinical scales: the one mapping from tissue state to the grades and indices a clinician reads
// (wrinkles, texture, laxity, acne scars, striae, pigment, hydration), used alike by validation,
// treatment and forecast (CONTRACTS "Where things live across layers"). docs/clinical-scales.md
// gives each formula, its parameters and what a practitioner should read into each grade.
//
// Every mapping is a small pure function of a baseline on the clinician's scale (the patient's
// assessed grade) and the model's relative tissue change(s) (value after / value at baseline, 1 =
// unchanged), clamped to the scale's range. Unchanged tissue gives back the baseline exactly.
// Relative changes below zero count as zero.
#pragma once

#include <array>
#include <filesystem>
#include <span>
#include <string_view>

#include "core/error.hpp"
#include "skin/tissue_parameters.hpp"

namespace dermasim::skin {

// ---------------------------------------------------------------------------------------------
// Scale descriptors

// One observable of the forecast: a clinical scale or a tissue figure.
struct ScaleInfo {
  std::string_view id;    // observable id in forecast JSON ("<zone>.<id>") and outcomes CSV
  std::string_view name;  // the scale or quantity, for people
  std::string_view unit;  // unit string as written in forecast JSON
  double min = 0.0;
  double max = 0.0;  // +infinity for open-ended tissue figures
  bool lower_is_better = true;
};

// Every scale and tissue figure this layer maps or observes, in a fixed order: wrinkle_grade,
// texture_grade, laxity_grade, goodman_baron_score, goodman_baron_grade, striae_grade,
// vancouver_score, melanin_index, pigment_grade, pih_probability, hydration_grade,
// tewl_g_per_m2_h,
// epidermal_thickness_um, collagen_mg_per_ml, elastin_mg_per_ml.
std::span<const ScaleInfo> clinical_scales();

// The descriptor of `id`, or nullptr.
const ScaleInfo* find_clinical_scale(std::string_view id);

// ---------------------------------------------------------------------------------------------
// Parameters (data/dermis/clinical_scales.toml; defaults mirror the committed file)

// Wrinkle depth ∝ 1 / support, support = papillary collagen^a × elastin^b.
struct WrinkleScaleParameters {
  double collagen_exponent = 1.0;
  double elastin_exponent = 0.5;
};

// Texture grade ∝ 1 / (epidermal thickness^c × Grenz-zone collagen^d).
struct TextureScaleParameters {
  double epidermis_exponent = 0.5;
  double grenz_collagen_exponent = 0.5;
};

// Laxity grade ∝ 1 / (dermal collagen^e × elastin^f).
struct LaxityScaleParameters {
  double collagen_exponent = 0.5;
  double elastin_exponent = 0.5;
};

// Goodman–Baron qualitative grade: scar depth index (g − 1) × depth relative, in units of a mild
// scar's depth, and the index above which each grade 2, 3, 4 begins (threshold k in (k−1, k]).
struct AcneScarScaleParameters {
  std::array<double, 3> grade_thresholds{0.5, 1.5, 2.5};
};

// Striae grade ∝ 1 / fill^k, fill = collagen^g × elastin^h; k = 1 for rubra, alba_response for
// alba.
struct StriaeScaleParameters {
  double collagen_exponent = 1.0;
  double elastin_exponent = 1.0;
  double alba_response = 0.5;  // in [0, 1]: alba responds less than rubra to the same fill
};

// Melanin index (Mexameter-style units, 0–999) by Fitzpatrick type I–VI; its expected rise with
// PIH; the pigment grade's step for one PIH episode.
struct PigmentScaleParameters {
  PerPhototype melanin_index_by_fitzpatrick{120.0, 156.0, 216.0, 312.0, 456.0, 660.0};
  double pih_melanin_index_rise = 0.3;  // relative rise of the melanin index of a PIH-affected area
  double pih_grade_step = 1.0;          // pigment grades added by a PIH episode
};

// Hydration grade ∝ (stratum corneum water relative)^water_exponent.
struct HydrationScaleParameters {
  double water_exponent = 1.0;
};

struct ClinicalScaleParameters {
  WrinkleScaleParameters wrinkle;
  TextureScaleParameters texture;
  LaxityScaleParameters laxity;
  AcneScarScaleParameters acne_scar;
  StriaeScaleParameters striae;
  PigmentScaleParameters pigment;
  HydrationScaleParameters hydration;
};

// Loads data/dermis/clinical_scales.toml: every key required, unknown keys and out-of-range values
// refused (invalid_input, naming file:line:column and the key), a missing file not_found.
Result<ClinicalScaleParameters> load_clinical_scale_parameters(const std::filesystem::path& path);

// ---------------------------------------------------------------------------------------------
// Mappings

// Lemperle Wrinkle Assessment Scale, 0–5: grade ∝ wrinkle depth (87 % correlation with
// profilometric depth, REFERENCE §H2), depth ∝ 1 / (papillary collagen^a × elastin^b).
double wrinkle_grade(double baseline_grade, double papillary_collagen_relative,
                     double elastin_relative, const ClinicalScaleParameters& p);

// Modified Alexiades-Armenakas texture grade, 0–4: ∝ 1 / (epidermal thickness^c ×
// Grenz-zone collagen^d).
double texture_grade(double baseline_grade, double epidermal_thickness_relative,
                     double grenz_collagen_relative, const ClinicalScaleParameters& p);

// Modified Alexiades-Armenakas laxity grade, 0–4: ∝ 1 / (dermal collagen^e × elastin^f).
double laxity_grade(double baseline_grade, double dermal_collagen_relative, double elastin_relative,
                    const ClinicalScaleParameters& p);

// An acne-scar score taken proportional to the atrophic scar's depth (docs/treatments.md): the
// score after / the score before. Any such score (Goodman–Baron's, Dogra's) shares it.
double acne_scar_score_ratio(double scar_depth_relative);

// Goodman–Baron quantitative global score, 0–84: baseline × acne_scar_score_ratio, clamped.
double goodman_baron_score(double baseline_score, double scar_depth_relative);

// Goodman–Baron qualitative grade, 1–4 (an integral value): the baseline grade is rounded to a
// whole grade; its depth index (grade − 1) × depth relative is graded by the thresholds.
double goodman_baron_grade(double baseline_grade, double scar_depth_relative,
                           const ClinicalScaleParameters& p);

// Vancouver Scar Scale, 0–13, of a post-traumatic scar: only its height item (3 of 13 points)
// follows the scar's depth: baseline × (1 − 3/13 + 3/13 × depth relative).
double vancouver_score(double baseline_score, double scar_depth_relative);

enum class StriaeStage { rubra, alba };

// Striae appearance grade, 0–4: ∝ 1 / (collagen fill^g × elastin fill^h)^k, k = 1 (rubra) or
// alba_response (alba); fills are the stria's matrix relative to its baseline.
double striae_grade(double baseline_grade, StriaeStage stage, double collagen_fill_relative,
                    double elastin_fill_relative, const ClinicalScaleParameters& p);

// Expected melanin index (0–999) of a treated area: the phototype's typical index × epidermal
// melanin relative to baseline × (1 + pih_probability × pih_melanin_index_rise). fitzpatrick is
// I–VI as 1–6 (clamped); pih_probability comes from treatment::pih_probability (treatment/
// pih_risk.hpp), which skin cannot call.
double melanin_index(int fitzpatrick, double pih_probability, double melanin_relative,
                     const ClinicalScaleParameters& p);

// Expected pigment (dyschromia) grade, 0–3: baseline + pih_probability × pih_grade_step.
double pigment_grade(double baseline_grade, double pih_probability,
                     const ClinicalScaleParameters& p);

// TEWL in g/m²/h of a surface whose share epidermal_cover is covered by epidermis: the epidermis
// tissue's barrier model (data/epidermis/tissue.toml [barrier], docs/epidermis.md) with intact
// stratum corneum: baseline × ((1 − cover) × open_tewl_ratio + cover).
double tewl_g_per_m2_h(double epidermal_cover, const BarrierParameters& barrier);

// Stratum corneum water relative to baseline, by the epidermis tissue's hydration balance
// (docs/epidermis.md) with NMF unchanged: hyaluronan^hyaluronan_exponent /
// (TEWL relative)^tewl_exponent, TEWL from epidermal_cover as tewl_g_per_m2_h. The dermis block's
// hyaluronan stands in for the viable epidermis' [assumed]. An epidermis tissue run gives this
// directly as its hydration_index.
double hydration_relative(double hyaluronan_relative, double epidermal_cover,
                          const TissueParameters& epidermis);

// Hydration (dryness) grade, 0–4, higher is worse like every other grade here (0 well hydrated,
// 4 very dry; the patient profile's scale): ∝ 1 / stratum corneum water relative^water_exponent.
double hydration_grade(double baseline_grade, double hydration_relative,
                       const ClinicalScaleParameters& p);

}  // namespace dermasim::skin
