// Lifestyle and age perturbations of dermal collagen, measured on simulated blocks that differ
// only in the person (same seed, same block).
#include "skin/lifestyle_collagen.hpp"

#include <algorithm>

#include "skin/dermis_tissue.hpp"

namespace dermasim::skin {
namespace {

constexpr double hours_per_day = 24.0;
constexpr double settle_days = 5.0;  // proteases and TIMP (12-h half-lives) reach their new level
constexpr const char* knuutinen =
    "Knuutinen 2002 (Br J Dermatol 146:588), smokers vs never-smokers, REFERENCE §D3";
constexpr const char* varani = "Varani 2006 (Am J Pathol 168:1861), 80+ vs 18-29 y, REFERENCE §D2";
constexpr const char* fisher =
    "Fisher 1997 (N Engl J Med 337:1419), one UV exposure, REFERENCE §D4";

struct Measured {
  double collagen1_synthesis = 0.0, collagen3_synthesis = 0.0, collagenase = 0.0, timp = 0.0,
         fibroblasts = 0.0;
};

Result<DermisTissue> settled_block(const std::filesystem::path& data_dir, const DermisBlock& block,
                                   const LifestyleProfile& person) {
  DERMASIM_TRY_ASSIGN(DermisScenario scenario, dermis_scenario_from_data(data_dir, block, person));
  DERMASIM_TRY_ASSIGN(DermisTissue tissue, DermisTissue::create(std::move(scenario)));
  tissue.advance_to_step(tissue.step_at(settle_days * hours_per_day));
  return tissue;
}

Result<Measured> measure(const std::filesystem::path& data_dir, const DermisBlock& block,
                         const LifestyleProfile& person) {
  DERMASIM_TRY_ASSIGN(const DermisTissue tissue, settled_block(data_dir, block, person));
  const DermisObservables o = tissue.observe();
  return Measured{o.collagen1_synthesis_mg_per_day, o.collagen3_synthesis_mg_per_day,
                  o.collagenase_ng_per_ml, o.timp_ng_per_ml, o.fibroblasts_per_mm3};
}

struct UvEffect {
  double breakdown_ratio_24h = 0.0, collagenase_peak_fold = 0.0, gelatinase_peak_fold = 0.0;
};

// Two twins settled alike; one gets the reference UV dose; collagen broken down over the next 24 h
// and the proteases' highest levels over 48 h are compared.
Result<UvEffect> uv_effect(const std::filesystem::path& data_dir, const DermisBlock& block,
                           const LifestyleProfile& person, double dose_med) {
  DERMASIM_TRY_ASSIGN(DermisTissue sham, settled_block(data_dir, block, person));
  DERMASIM_TRY_ASSIGN(DermisTissue exposed, settled_block(data_dir, block, person));
  exposed.apply_uv(dose_med);
  const auto degraded = [](const DermisTissue& t) {
    const MatrixLedger l = t.ledger();
    return l.degraded[ledger_collagen1] + l.degraded[ledger_collagen3];
  };
  const double sham_start = degraded(sham), exposed_start = degraded(exposed);
  const DermisObservables rest = sham.observe();
  UvEffect effect;
  const std::int64_t start = sham.step_index();
  const std::int64_t per_hour = sham.steps_for_hours(1.0);
  for (int hour = 1; hour <= 48; ++hour) {
    sham.advance_to_step(start + hour * per_hour);
    exposed.advance_to_step(start + hour * per_hour);
    const DermisObservables o = exposed.observe();
    effect.collagenase_peak_fold = std::max(effect.collagenase_peak_fold,
                                            o.collagenase_ng_per_ml / rest.collagenase_ng_per_ml);
    effect.gelatinase_peak_fold =
        std::max(effect.gelatinase_peak_fold, o.gelatinase_ng_per_ml / rest.gelatinase_ng_per_ml);
    if (hour == 24)
      effect.breakdown_ratio_24h =
          (degraded(exposed) - exposed_start) / (degraded(sham) - sham_start);
  }
  return effect;
}

}  // namespace

Result<ValidationCase> run_lifestyle_collagen(const std::filesystem::path& data_dir,
                                              ValidationSize size) {
  DermisBlock block;
  block.side_um = size == ValidationSize::full ? 1000.0 : 600.0;
  block.depth_um = 800.0;
  block.voxel_um = 30.0;
  block.duration_h = (settle_days + 3.0) * hours_per_day;
  block.seed = 23;
  LifestyleProfile never;
  never.age_years = 35.0;
  LifestyleProfile smoker = never;
  DERMASIM_TRY_ASSIGN(const ModifierParameters modifiers,
                      load_modifier_parameters(data_dir / "dermis" / "modifiers.toml"));
  smoker.cigarettes_per_day = modifiers.smoking.reference_cigarettes_per_day;
  DERMASIM_TRY_ASSIGN(const Measured a, measure(data_dir, block, never));
  DERMASIM_TRY_ASSIGN(const Measured b, measure(data_dir, block, smoker));

  ValidationCase result{"lifestyle-collagen", {}};
  const auto add = [&](const char* name, double simulated, double reference, double tolerance,
                       const char* unit, const char* source) {
    result.metrics.push_back({name, simulated, reference, tolerance, unit, source});
  };
  // Knuutinen reports group means (no SD in REFERENCE): tolerance 0.05 [assumed], about the
  // rounding and blister-fluid sampling of such ratios.
  add("smoker_collagen1_synthesis_ratio", b.collagen1_synthesis / a.collagen1_synthesis, 0.82, 0.05,
      "ratio (PINP)", knuutinen);
  add("smoker_collagen3_synthesis_ratio", b.collagen3_synthesis / a.collagen3_synthesis, 0.78, 0.05,
      "ratio (PIIINP)", knuutinen);
  add("smoker_collagenase_ratio", b.collagenase / a.collagenase, 2.0, 0.2, "ratio (MMP-8)",
      knuutinen);
  add("smoker_timp_ratio", b.timp / a.timp, 0.86, 0.05, "ratio (TIMP-1)", knuutinen);

  LifestyleProfile young = never, old = never;
  young.age_years = 23.5;
  old.age_years = 85.0;
  DERMASIM_TRY_ASSIGN(const Measured y, measure(data_dir, block, young));
  DERMASIM_TRY_ASSIGN(const Measured o, measure(data_dir, block, old));
  // Per-fibroblast procollagen: 56 ± 8 vs 82 ± 16 ng/mL; tolerance the ratio's SD from the two
  // groups' SDs (0.68 × √((16/82)² + (8/56)²) = 0.165).
  const double per_cell =
      (o.collagen1_synthesis / o.fibroblasts) / (y.collagen1_synthesis / y.fibroblasts);
  add("aged_procollagen_per_fibroblast_ratio", per_cell, 56.0 / 82.0, 0.165, "ratio", varani);

  DERMASIM_TRY_ASSIGN(const UvEffect uv,
                      uv_effect(data_dir, block, never, modifiers.acute_uv.reference_dose_med));
  // Fibril degradation +58 % (over the first day: the window is [assumed]); activity peaks 4.4×
  // (collagenase) and 2.3× (gelatinase). Tolerances [assumed]: 15 % of each effect size.
  add("uv_collagen_breakdown_ratio_24h", uv.breakdown_ratio_24h, 1.58, 0.15, "ratio", fisher);
  add("uv_collagenase_peak_fold", uv.collagenase_peak_fold, 4.4, 0.5, "fold", fisher);
  add("uv_gelatinase_peak_fold", uv.gelatinase_peak_fold, 2.3, 0.25, "fold", fisher);
  return result;
}

}  // namespace dermasim::skin
