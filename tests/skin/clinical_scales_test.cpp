// Clinical scale mappings (skin/clinical_scales.hpp): unchanged tissue gives back the baseline
// grade exactly, each grade moves the right way and stays on its scale, the Goodman–Baron score is
// proportional to scar depth, rubra answers more than alba, the melanin index rises with
// phototype; the descriptor table; the parameter file and its error paths.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "skin/clinical_scales.hpp"
#include "skin/tissue_parameters.hpp"
#include "support/files.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";
const std::filesystem::path scales_file = data_dir / "dermis" / "clinical_scales.toml";

const ClinicalScaleParameters& params() {
  static const ClinicalScaleParameters loaded = [] {
    auto p = load_clinical_scale_parameters(scales_file);
    EXPECT_TRUE(p.has_value()) << (p ? "" : describe(p.error()));
    return p ? *p : ClinicalScaleParameters{};
  }();
  return loaded;
}

const TissueParameters& epidermis() {
  static const TissueParameters loaded = [] {
    auto p = load_tissue_parameters(data_dir / "epidermis" / "tissue.toml");
    EXPECT_TRUE(p.has_value());
    return p ? *p : TissueParameters{};
  }();
  return loaded;
}

// The relative changes a sweep visits, ascending.
const std::vector<double> relatives = {0.0, 0.25, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 4.0, 100.0};

// A one-input mapping of (baseline, relative) on the scale `id`.
template <class Map>
void expect_scale_behaviour(std::string_view id, Map&& map, bool improves_with_relative) {
  const ScaleInfo* info = find_clinical_scale(id);
  ASSERT_NE(info, nullptr) << id;
  for (double baseline = info->min; baseline <= info->max; baseline += 0.5) {
    EXPECT_EQ(map(baseline, 1.0), baseline) << id << " baseline " << baseline;
    double previous = map(baseline, relatives.front());
    for (const double r : relatives) {
      const double grade = map(baseline, r);
      EXPECT_GE(grade, info->min) << id;
      EXPECT_LE(grade, info->max) << id;
      const bool better_or_same = info->lower_is_better ? grade <= previous : grade >= previous;
      const bool worse_or_same = info->lower_is_better ? grade >= previous : grade <= previous;
      EXPECT_TRUE(improves_with_relative ? better_or_same : worse_or_same)
          << id << " baseline " << baseline << " relative " << r;
      previous = grade;
    }
  }
  // Off-scale baselines are clamped.
  EXPECT_EQ(map(info->max + 10.0, 1.0), info->max) << id;
  EXPECT_EQ(map(info->min - 10.0, 1.0), info->min) << id;
}

TEST(ClinicalScaleTable, HasEveryForecastObservableOnce) {
  const std::vector<std::string> expected = {
      "wrinkle_grade",          "texture_grade",      "laxity_grade",     "goodman_baron_score",
      "goodman_baron_grade",    "striae_grade",       "vancouver_score",  "melanin_index",
      "pigment_grade",          "pih_probability",    "hydration_grade",  "tewl_g_per_m2_h",
      "epidermal_thickness_um", "collagen_mg_per_ml", "elastin_mg_per_ml"};
  std::vector<std::string> ids;
  for (const ScaleInfo& s : clinical_scales()) {
    ids.emplace_back(s.id);
    EXPECT_FALSE(s.name.empty()) << s.id;
    EXPECT_FALSE(s.unit.empty()) << s.id;
    EXPECT_LT(s.min, s.max) << s.id;
    EXPECT_EQ(find_clinical_scale(s.id), &s);
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(find_clinical_scale("nonsense"), nullptr);

  const auto range = [](std::string_view id) {
    const ScaleInfo* s = find_clinical_scale(id);
    return std::pair{s->min, s->max};
  };
  EXPECT_EQ(range("wrinkle_grade"), std::pair(0.0, 5.0));
  EXPECT_EQ(range("texture_grade"), std::pair(0.0, 4.0));
  EXPECT_EQ(range("laxity_grade"), std::pair(0.0, 4.0));
  EXPECT_EQ(range("goodman_baron_score"), std::pair(0.0, 84.0));
  EXPECT_EQ(range("goodman_baron_grade"), std::pair(1.0, 4.0));
  EXPECT_EQ(range("striae_grade"), std::pair(0.0, 4.0));
  EXPECT_EQ(range("pigment_grade"), std::pair(0.0, 3.0));
  EXPECT_EQ(range("pih_probability"), std::pair(0.0, 1.0));
  EXPECT_EQ(range("hydration_grade"), std::pair(0.0, 4.0));
  EXPECT_TRUE(std::isinf(find_clinical_scale("collagen_mg_per_ml")->max));
  EXPECT_TRUE(find_clinical_scale("hydration_grade")->lower_is_better);
  EXPECT_TRUE(find_clinical_scale("wrinkle_grade")->lower_is_better);
}

TEST(ClinicalScaleWrinkle, FollowsDepthInverseToDermalSupport) {
  const auto& p = params();
  expect_scale_behaviour(
      "wrinkle_grade", [&](double g, double r) { return wrinkle_grade(g, r, 1.0, p); }, true);
  expect_scale_behaviour(
      "wrinkle_grade", [&](double g, double r) { return wrinkle_grade(g, 1.0, r, p); }, true);
  // Depth ∝ 1 / (collagen^a × elastin^b).
  EXPECT_NEAR(wrinkle_grade(3.0, 1.5, 1.0, p), 3.0 / std::pow(1.5, p.wrinkle.collagen_exponent),
              1e-12);
  EXPECT_NEAR(wrinkle_grade(3.0, 1.0, 2.0, p), 3.0 / std::pow(2.0, p.wrinkle.elastin_exponent),
              1e-12);
  EXPECT_EQ(wrinkle_grade(2.0, 1.0, 1.0, p), 2.0);
  EXPECT_EQ(wrinkle_grade(4.0, 0.1, 0.1, p), 5.0);  // no support: the deepest fold, clamped
  EXPECT_EQ(wrinkle_grade(0.0, 0.1, 0.1, p), 0.0);  // no wrinkle to deepen
}

TEST(ClinicalScaleTexture, ImprovesWithEpidermisAndGrenzCollagen) {
  const auto& p = params();
  expect_scale_behaviour(
      "texture_grade", [&](double g, double r) { return texture_grade(g, r, 1.0, p); }, true);
  expect_scale_behaviour(
      "texture_grade", [&](double g, double r) { return texture_grade(g, 1.0, r, p); }, true);
  // Exponents summing to one: a uniform gain of k divides the grade by k.
  EXPECT_NEAR(texture_grade(3.0, 1.5, 1.5, p), 2.0, 1e-12);
}

TEST(ClinicalScaleLaxity, ImprovesWithDermalCollagenAndElastin) {
  const auto& p = params();
  expect_scale_behaviour(
      "laxity_grade", [&](double g, double r) { return laxity_grade(g, r, 1.0, p); }, true);
  expect_scale_behaviour(
      "laxity_grade", [&](double g, double r) { return laxity_grade(g, 1.0, r, p); }, true);
  EXPECT_NEAR(laxity_grade(3.0, 1.5, 1.5, p), 2.0, 1e-12);
}

TEST(ClinicalScaleAcneScar, ScoreIsProportionalToDepth) {
  expect_scale_behaviour(
      "goodman_baron_score", [](double s, double r) { return goodman_baron_score(s, r); }, false);
  for (const double baseline : {4.0, 12.0, 30.0}) {
    for (const double r : {0.0, 0.3, 0.55, 1.0, 1.4}) {
      EXPECT_NEAR(goodman_baron_score(baseline, r), baseline * r, 1e-12);
    }
  }
  EXPECT_EQ(goodman_baron_score(60.0, 2.0), 84.0);
  EXPECT_EQ(goodman_baron_score(20.0, -1.0), 0.0);
  // One mapping: the score ratio is the depth ratio, for any score (Dogra's included).
  EXPECT_EQ(acne_scar_score_ratio(0.554), 0.554);
}

TEST(ClinicalScaleAcneScar, GradeMovesByThresholdsOfRelativeDepth) {
  const auto& p = params();
  for (const double g : {1.0, 2.0, 3.0, 4.0}) {
    EXPECT_EQ(goodman_baron_grade(g, 1.0, p), g);
    double previous = 0.0;
    for (const double r : relatives) {
      const double grade = goodman_baron_grade(g, r, p);
      EXPECT_EQ(grade, std::round(grade));
      EXPECT_GE(grade, 1.0);
      EXPECT_LE(grade, 4.0);
      EXPECT_GE(grade, previous) << g << " " << r;
      previous = grade;
    }
    EXPECT_EQ(goodman_baron_grade(g, 0.0, p), 1.0);  // a flat scar is macular
  }
  EXPECT_EQ(goodman_baron_grade(1.0, 5.0, p), 1.0);  // a macular scar has no depth to change
  EXPECT_EQ(goodman_baron_grade(4.0, 3.0, p), 4.0);  // clamped
  EXPECT_EQ(goodman_baron_grade(2.0, 3.0, p), 4.0);  // depth index 3
  // Dogra's -45 % depth: moderate (index 2 -> 1.1) becomes mild.
  EXPECT_EQ(goodman_baron_grade(3.0, 0.55, p), 2.0);
  // The thresholds: grade 3 begins at depth index 1.5, i.e. 0.75 of a moderate scar's depth.
  EXPECT_EQ(goodman_baron_grade(3.0, 0.76, p), 3.0);
  EXPECT_EQ(goodman_baron_grade(3.0, 0.74, p), 2.0);
  EXPECT_EQ(goodman_baron_grade(2.6, 1.0, p), 3.0);  // the baseline is a whole grade
}

TEST(ClinicalScaleStriae, FillImprovesRubraMoreThanAlba) {
  const auto& p = params();
  for (const StriaeStage stage : {StriaeStage::rubra, StriaeStage::alba}) {
    expect_scale_behaviour(
        "striae_grade", [&](double g, double r) { return striae_grade(g, stage, r, 1.0, p); },
        true);
    expect_scale_behaviour(
        "striae_grade", [&](double g, double r) { return striae_grade(g, stage, 1.0, r, p); },
        true);
  }
  for (const double fill : {1.2, 1.5, 2.0}) {
    const double rubra = striae_grade(3.0, StriaeStage::rubra, fill, fill, p);
    const double alba = striae_grade(3.0, StriaeStage::alba, fill, fill, p);
    EXPECT_LT(rubra, alba) << fill;
    EXPECT_LT(alba, 3.0) << fill;
  }
  EXPECT_NEAR(striae_grade(3.0, StriaeStage::rubra, 1.5, 1.0, p),
              3.0 / std::pow(1.5, p.striae.collagen_exponent), 1e-12);
}

TEST(ClinicalScalePigment, MelaninIndexRisesWithPhototypeAndPih) {
  const auto& p = params();
  double previous = 0.0;
  for (int type = 1; type <= 6; ++type) {
    const double mi = melanin_index(type, 0.0, 1.0, p);
    EXPECT_GT(mi, previous) << type;
    EXPECT_EQ(mi, p.pigment.melanin_index_by_fitzpatrick[type - 1]);
    EXPECT_GT(melanin_index(type, 0.2, 1.0, p), mi);
    EXPECT_GT(melanin_index(type, 1.0, 1.0, p), melanin_index(type, 0.2, 1.0, p));
    EXPECT_GT(melanin_index(type, 0.0, 1.3, p), mi);
    EXPECT_LT(melanin_index(type, 0.0, 0.7, p), mi);
    previous = mi;
  }
  EXPECT_NEAR(
      melanin_index(4, 0.5, 1.0, p),
      p.pigment.melanin_index_by_fitzpatrick[3] * (1.0 + 0.5 * p.pigment.pih_melanin_index_rise),
      1e-9);
  EXPECT_EQ(melanin_index(9, 0.0, 1.0, p), melanin_index(6, 0.0, 1.0, p));  // clamped type
  EXPECT_EQ(melanin_index(6, 0.0, 100.0, p), 999.0);                        // instrument range
}

TEST(ClinicalScalePigment, MelaninIndexLadderFollowsTheEpidermisPigmentLadder) {
  const auto& mi = params().pigment.melanin_index_by_fitzpatrick;
  const auto& ladder = epidermis().pigment.constitutive_scale;
  for (std::size_t k = 0; k < mi.size(); ++k) {
    EXPECT_NEAR(mi[k] / mi[0], ladder[k] / ladder[0], 1e-9) << "type " << k + 1;
  }
}

TEST(ClinicalScalePigment, GradeAddsTheExpectedPihStep) {
  const auto& p = params();
  for (double g = 0.0; g <= 3.0; g += 0.5) {
    EXPECT_EQ(pigment_grade(g, 0.0, p), g);
    EXPECT_GE(pigment_grade(g, 0.3, p), g);
    EXPECT_LE(pigment_grade(g, 1.0, p), 3.0);
  }
  EXPECT_NEAR(pigment_grade(1.0, 0.17, p), 1.0 + 0.17 * p.pigment.pih_grade_step, 1e-12);
  EXPECT_EQ(pigment_grade(2.5, 1.0, p), 3.0);
}

TEST(ClinicalScaleScars, VancouverScoreMovesOnlyByItsHeightItem) {
  expect_scale_behaviour("vancouver_score", vancouver_score, false);  // a deeper scar is worse
  EXPECT_NEAR(vancouver_score(13.0, 0.0), 10.0, 1e-12);  // a flat scar loses the 3 height points
  EXPECT_NEAR(vancouver_score(6.5, 0.5), 6.5 * (1.0 - 1.5 / 13.0), 1e-12);
}

TEST(ClinicalScaleHydration, TewlFollowsTheEpidermisBarrier) {
  const BarrierParameters& b = epidermis().barrier;
  EXPECT_EQ(tewl_g_per_m2_h(1.0, b), b.baseline_tewl_g_per_m2_h);
  EXPECT_NEAR(tewl_g_per_m2_h(0.0, b), b.baseline_tewl_g_per_m2_h * b.open_tewl_ratio, 1e-12);
  EXPECT_GT(tewl_g_per_m2_h(0.9, b), tewl_g_per_m2_h(1.0, b));
  EXPECT_GT(tewl_g_per_m2_h(0.5, b), tewl_g_per_m2_h(0.9, b));
}

TEST(ClinicalScaleHydration, GradeRisesWithHyaluronanAndFallsWithBarrierLoss) {
  const auto& p = params();
  const TissueParameters& e = epidermis();
  EXPECT_EQ(hydration_relative(1.0, 1.0, e), 1.0);
  EXPECT_GT(hydration_relative(1.5, 1.0, e), 1.0);
  EXPECT_LT(hydration_relative(1.0, 0.8, e), 1.0);
  expect_scale_behaviour(
      "hydration_grade", [&](double g, double r) { return hydration_grade(g, r, p); }, true);
  expect_scale_behaviour(
      "hydration_grade",
      [&](double g, double r) { return hydration_grade(g, hydration_relative(r, 1.0, e), p); },
      true);
  // More epidermal cover, better barrier, a lower (better) dryness grade.
  double previous = 4.0;
  for (const double cover : {0.0, 0.5, 0.9, 1.0}) {
    const double grade = hydration_grade(3.0, hydration_relative(1.0, cover, e), p);
    EXPECT_LE(grade, previous);
    previous = grade;
  }
  EXPECT_EQ(previous, 3.0);
  EXPECT_EQ(hydration_grade(3.0, 0.5, p), 4.0);  // half the water: 6, clamped to the scale
}

TEST(ClinicalScaleParametersFile, DefaultsMirrorTheCommittedFile) {
  const ClinicalScaleParameters defaults;
  const auto& p = params();
  EXPECT_EQ(p.wrinkle.collagen_exponent, defaults.wrinkle.collagen_exponent);
  EXPECT_EQ(p.wrinkle.elastin_exponent, defaults.wrinkle.elastin_exponent);
  EXPECT_EQ(p.texture.epidermis_exponent, defaults.texture.epidermis_exponent);
  EXPECT_EQ(p.texture.grenz_collagen_exponent, defaults.texture.grenz_collagen_exponent);
  EXPECT_EQ(p.laxity.collagen_exponent, defaults.laxity.collagen_exponent);
  EXPECT_EQ(p.laxity.elastin_exponent, defaults.laxity.elastin_exponent);
  EXPECT_EQ(p.acne_scar.grade_thresholds, defaults.acne_scar.grade_thresholds);
  EXPECT_EQ(p.striae.collagen_exponent, defaults.striae.collagen_exponent);
  EXPECT_EQ(p.striae.elastin_exponent, defaults.striae.elastin_exponent);
  EXPECT_EQ(p.striae.alba_response, defaults.striae.alba_response);
  EXPECT_EQ(p.pigment.melanin_index_by_fitzpatrick, defaults.pigment.melanin_index_by_fitzpatrick);
  EXPECT_EQ(p.pigment.pih_melanin_index_rise, defaults.pigment.pih_melanin_index_rise);
  EXPECT_EQ(p.pigment.pih_grade_step, defaults.pigment.pih_grade_step);
  EXPECT_EQ(p.hydration.water_exponent, defaults.hydration.water_exponent);
}

TEST(ClinicalScaleParametersFile, BrokenFilesNameTheProblem) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "clinical_scales";
  std::filesystem::create_directories(dir);
  const std::string good = testing::read_text(scales_file);
  struct Case {
    std::string from, to, expected;
  };
  for (const Case& c : {
           // unknown keys and sections
           Case{"alba_response = 0.5", "alba_respons = 0.5", "alba_respons"},
           Case{"[hydration]", "[hydratoin]", "hydratoin"},
           Case{"water_exponent = 1.0", "water_exponent = 1.0\nextra = 2", "extra"},
           // out of range
           Case{"alba_response = 0.5", "alba_response = 1.5", "alba_response"},
           Case{"elastin_exponent = 0.5", "elastin_exponent = -1", "elastin_exponent"},
           Case{"pih_grade_step = 1.0", "pih_grade_step = 4", "pih_grade_step"},
           Case{"grade_thresholds = [0.5, 1.5, 2.5]", "grade_thresholds = [0.5, 2.5, 2.8]",
                "grade_thresholds"},
           Case{"grade_thresholds = [0.5, 1.5, 2.5]", "grade_thresholds = [0.5, 1.5]",
                "grade_thresholds"},
           Case{"[120, 156, 216, 312, 456, 660]", "[120, 156, 216, 200, 456, 660]",
                "melanin_index_by_fitzpatrick"},
           Case{"[120, 156, 216, 312, 456, 660]", "[120, 156, 216, 312, 456, 1200]",
                "melanin_index_by_fitzpatrick"},
           // missing
           Case{"water_exponent = 1.0", "", "water_exponent"},
       }) {
    std::string text = good;
    const std::size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    const std::filesystem::path file = dir / "clinical_scales.toml";
    testing::write_text(file, text);
    auto result = load_clinical_scale_parameters(file);
    ASSERT_FALSE(result.has_value()) << c.to;
    EXPECT_EQ(result.error().category, ErrorCategory::invalid_input) << c.to;
    EXPECT_NE(describe(result.error()).find(c.expected), std::string::npos)
        << describe(result.error());
  }
}

TEST(ClinicalScaleParametersFile, MissingFileIsNotFound) {
  auto result = load_clinical_scale_parameters(data_dir / "dermis" / "no_such_scales.toml");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().category, ErrorCategory::not_found);
}

}  // namespace
}  // namespace dermasim::skin
