// Clinical scale mappings and their parameter file (see clinical_scales.hpp and
// docs/clinical-scales.md).
#include "skin/clinical_scales.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "engine/toml_reader.hpp"

namespace dermasim::skin {
namespace {

using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::TableReader;

constexpr double open_ended = std::numeric_limits<double>::infinity();

constexpr std::array<ScaleInfo, 15> scales = {{
    {"wrinkle_grade", "Lemperle Wrinkle Assessment Scale", "grade", 0.0, 5.0, true},
    {"texture_grade", "modified Alexiades-Armenakas texture", "grade", 0.0, 4.0, true},
    {"laxity_grade", "modified Alexiades-Armenakas laxity", "grade", 0.0, 4.0, true},
    {"goodman_baron_score", "Goodman-Baron quantitative global acne-scar score", "points", 0.0,
     84.0, true},
    {"goodman_baron_grade", "Goodman-Baron qualitative acne-scar grade", "grade", 1.0, 4.0, true},
    {"striae_grade", "striae appearance grade", "grade", 0.0, 4.0, true},
    {"vancouver_score", "Vancouver Scar Scale", "points", 0.0, 13.0, true},
    {"melanin_index", "melanin index (Mexameter-style)", "MI", 0.0, 999.0, true},
    {"pigment_grade", "pigment (dyschromia) grade", "grade", 0.0, 3.0, true},
    {"pih_probability", "probability of post-inflammatory hyperpigmentation", "probability", 0.0,
     1.0, true},
    {"hydration_grade", "dryness grade (0 well hydrated, 4 very dry)", "grade", 0.0, 4.0, true},
    {"tewl_g_per_m2_h", "trans-epidermal water loss", "g/m2/h", 0.0, open_ended, true},
    {"epidermal_thickness_um", "epidermal thickness", "um", 0.0, open_ended, false},
    {"collagen_mg_per_ml", "dermal collagen (I + III) density", "mg/mL", 0.0, open_ended, false},
    {"elastin_mg_per_ml", "dermal elastin density", "mg/mL", 0.0, open_ended, false},
}};

const ScaleInfo& scale(std::string_view id) {
  return *find_clinical_scale(id);
}

double clamp_to(std::string_view id, double value) {
  const ScaleInfo& s = scale(id);
  return std::clamp(value, s.min, s.max);
}

double non_negative_ratio(double relative) {
  return std::max(0.0, relative);  // also maps NaN to 0
}

// baseline / support on the scale `id`: a grade proportional to a depth or defect that shrinks in
// proportion to the tissue's support. No support leaves the worst grade (a zero grade stays zero).
double inverse_to_support(std::string_view id, double baseline, double support) {
  const ScaleInfo& s = scale(id);
  const double grade = std::clamp(baseline, s.min, s.max);
  if (grade <= 0.0) return grade;
  if (support <= 0.0) return s.max;
  return std::clamp(grade / support, s.min, s.max);
}

double power(double relative, double exponent) {
  return std::pow(non_negative_ratio(relative), exponent);
}

// TEWL relative to intact skin of a surface whose share `cover` has epidermis on it.
double tewl_relative(double epidermal_cover, const BarrierParameters& barrier) {
  const double cover = std::clamp(epidermal_cover, 0.0, 1.0);
  return (1.0 - cover) * barrier.open_tewl_ratio + cover;
}

constexpr Range exponent{.min = 0.0, .max = 4.0};
constexpr Range unit_interval{.min = 0.0, .max = 1.0};
constexpr Range melanin_index_range{.min = 0.0, .min_inclusive = false, .max = 999.0};
constexpr Range grade_step{.min = 0.0, .max = 3.0};

void read_acne_scar(TableReader& r, AcneScarScaleParameters& p) {
  r.read_number_array("grade_thresholds", Range{.min = 0.0, .min_inclusive = false, .max = 3.0},
                      p.grade_thresholds);
  if (r.failed()) return;
  // Unchanged depth must give back every whole baseline grade: threshold k in (k − 1, k].
  for (std::size_t k = 0; k < p.grade_thresholds.size(); ++k) {
    const double t = p.grade_thresholds[k];
    const auto low = static_cast<double>(k);
    if (!(t > low && t <= low + 1.0)) {
      return r.fail("grade_thresholds", "[" + std::to_string(k) + "] must be in (" +
                                            std::to_string(k) + ", " + std::to_string(k + 1) +
                                            "] so that an unchanged scar keeps its grade");
    }
  }
}

void read_pigment(TableReader& r, PigmentScaleParameters& p) {
  r.read_number_array("melanin_index_by_fitzpatrick", melanin_index_range,
                      p.melanin_index_by_fitzpatrick);
  if (!r.failed()) {
    for (std::size_t k = 1; k < p.melanin_index_by_fitzpatrick.size(); ++k) {
      if (p.melanin_index_by_fitzpatrick[k] <= p.melanin_index_by_fitzpatrick[k - 1]) {
        return r.fail("melanin_index_by_fitzpatrick",
                      "must rise with phototype (type " + std::to_string(k + 1) +
                          " is not above type " + std::to_string(k) + ")");
      }
    }
  }
  r.read_number("pih_melanin_index_rise", exponent, 1.0, Presence::required,
                p.pih_melanin_index_rise);
  r.read_number("pih_grade_step", grade_step, 1.0, Presence::required, p.pih_grade_step);
}

}  // namespace

std::span<const ScaleInfo> clinical_scales() {
  return scales;
}

const ScaleInfo* find_clinical_scale(std::string_view id) {
  for (const ScaleInfo& s : scales) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Result<ClinicalScaleParameters> load_clinical_scale_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "clinical scales file"));
  const std::string file = path.string();
  ClinicalScaleParameters p;
  TableReader reader(root, "", file);
  using engine::detail::read_section;
  read_section(reader, "wrinkle", Presence::required, [&](TableReader& r) {
    r.read_number("collagen_exponent", exponent, 1.0, Presence::required,
                  p.wrinkle.collagen_exponent);
    r.read_number("elastin_exponent", exponent, 1.0, Presence::required,
                  p.wrinkle.elastin_exponent);
  });
  read_section(reader, "texture", Presence::required, [&](TableReader& r) {
    r.read_number("epidermis_exponent", exponent, 1.0, Presence::required,
                  p.texture.epidermis_exponent);
    r.read_number("grenz_collagen_exponent", exponent, 1.0, Presence::required,
                  p.texture.grenz_collagen_exponent);
  });
  read_section(reader, "laxity", Presence::required, [&](TableReader& r) {
    r.read_number("collagen_exponent", exponent, 1.0, Presence::required,
                  p.laxity.collagen_exponent);
    r.read_number("elastin_exponent", exponent, 1.0, Presence::required, p.laxity.elastin_exponent);
  });
  read_section(reader, "acne_scar", Presence::required,
               [&](TableReader& r) { read_acne_scar(r, p.acne_scar); });
  read_section(reader, "striae", Presence::required, [&](TableReader& r) {
    r.read_number("collagen_exponent", exponent, 1.0, Presence::required,
                  p.striae.collagen_exponent);
    r.read_number("elastin_exponent", exponent, 1.0, Presence::required, p.striae.elastin_exponent);
    r.read_number("alba_response", unit_interval, 1.0, Presence::required, p.striae.alba_response);
  });
  read_section(reader, "pigment", Presence::required,
               [&](TableReader& r) { read_pigment(r, p.pigment); });
  read_section(reader, "hydration", Presence::required, [&](TableReader& r) {
    r.read_number("water_exponent", exponent, 1.0, Presence::required, p.hydration.water_exponent);
  });
  DERMASIM_TRY(reader.finish());
  return p;
}

double wrinkle_grade(double baseline_grade, double papillary_collagen_relative,
                     double elastin_relative, const ClinicalScaleParameters& p) {
  const double support = power(papillary_collagen_relative, p.wrinkle.collagen_exponent) *
                         power(elastin_relative, p.wrinkle.elastin_exponent);
  return inverse_to_support("wrinkle_grade", baseline_grade, support);
}

double texture_grade(double baseline_grade, double epidermal_thickness_relative,
                     double grenz_collagen_relative, const ClinicalScaleParameters& p) {
  const double support = power(epidermal_thickness_relative, p.texture.epidermis_exponent) *
                         power(grenz_collagen_relative, p.texture.grenz_collagen_exponent);
  return inverse_to_support("texture_grade", baseline_grade, support);
}

double laxity_grade(double baseline_grade, double dermal_collagen_relative, double elastin_relative,
                    const ClinicalScaleParameters& p) {
  const double support = power(dermal_collagen_relative, p.laxity.collagen_exponent) *
                         power(elastin_relative, p.laxity.elastin_exponent);
  return inverse_to_support("laxity_grade", baseline_grade, support);
}

double acne_scar_score_ratio(double scar_depth_relative) {
  return non_negative_ratio(scar_depth_relative);
}

double goodman_baron_score(double baseline_score, double scar_depth_relative) {
  return clamp_to("goodman_baron_score", clamp_to("goodman_baron_score", baseline_score) *
                                             acne_scar_score_ratio(scar_depth_relative));
}

double goodman_baron_grade(double baseline_grade, double scar_depth_relative,
                           const ClinicalScaleParameters& p) {
  const double whole = std::round(clamp_to("goodman_baron_grade", baseline_grade));
  const double depth_index = (whole - 1.0) * acne_scar_score_ratio(scar_depth_relative);
  double grade = 1.0;
  for (const double threshold : p.acne_scar.grade_thresholds) {
    if (depth_index >= threshold) grade += 1.0;
  }
  return clamp_to("goodman_baron_grade", grade);
}

double striae_grade(double baseline_grade, StriaeStage stage, double collagen_fill_relative,
                    double elastin_fill_relative, const ClinicalScaleParameters& p) {
  const double fill = power(collagen_fill_relative, p.striae.collagen_exponent) *
                      power(elastin_fill_relative, p.striae.elastin_exponent);
  const double response = stage == StriaeStage::rubra ? 1.0 : p.striae.alba_response;
  return inverse_to_support("striae_grade", baseline_grade, std::pow(fill, response));
}

double melanin_index(int fitzpatrick, double pih_probability, double melanin_relative,
                     const ClinicalScaleParameters& p) {
  const int type = std::clamp(fitzpatrick, 1, fitzpatrick_types);
  const double constitutive =
      p.pigment.melanin_index_by_fitzpatrick[static_cast<std::size_t>(type - 1)];
  const double pih = std::clamp(pih_probability, 0.0, 1.0);
  return clamp_to("melanin_index", constitutive * non_negative_ratio(melanin_relative) *
                                       (1.0 + pih * p.pigment.pih_melanin_index_rise));
}

double pigment_grade(double baseline_grade, double pih_probability,
                     const ClinicalScaleParameters& p) {
  const double pih = std::clamp(pih_probability, 0.0, 1.0);
  return clamp_to("pigment_grade",
                  clamp_to("pigment_grade", baseline_grade) + pih * p.pigment.pih_grade_step);
}

double tewl_g_per_m2_h(double epidermal_cover, const BarrierParameters& barrier) {
  return barrier.baseline_tewl_g_per_m2_h * tewl_relative(epidermal_cover, barrier);
}

double hydration_relative(double hyaluronan_relative, double epidermal_cover,
                          const TissueParameters& epidermis) {
  return power(hyaluronan_relative, epidermis.hydration.hyaluronan_exponent) /
         std::pow(tewl_relative(epidermal_cover, epidermis.barrier),
                  epidermis.hydration.tewl_exponent);
}

double vancouver_score(double baseline_score, double scar_depth_relative) {
  constexpr double height_share = 3.0 / 13.0;  // the height item's share of the maximum
  const double depth = std::max(scar_depth_relative, 0.0);
  return clamp_to("vancouver_score", clamp_to("vancouver_score", baseline_score) *
                                         (1.0 - height_share + height_share * depth));
}

double hydration_grade(double baseline_grade, double hydration_relative,
                       const ClinicalScaleParameters& p) {
  return inverse_to_support("hydration_grade", baseline_grade,
                            power(hydration_relative, p.hydration.water_exponent));
}

}  // namespace dermasim::skin
