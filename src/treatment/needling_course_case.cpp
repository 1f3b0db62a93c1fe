// The needling course and the topical gel of calibration targets 4, 5 and 7, run on the dermis
// block through the treatment layer (see needling_course_case.hpp).
#include "treatment/needling_course_case.hpp"

#include "skin/clinical_scales.hpp"
#include "skin/dermis_tissue.hpp"
#include "treatment/treatment_scenario.hpp"

namespace dermasim::treatment {
namespace {

constexpr const char* lotfi =
    "Lotfi 2013 (J Egypt Womens Dermatol Soc 10:152), 1.5-mm roller monthly x5, 8 weeks after, "
    "REFERENCE §G1";
constexpr const char* dogra =
    "Dogra 2014 (J Cosmet Dermatol 13:180), 5 monthly roller sittings, acne-scar score "
    "11.73 -> 6.5, REFERENCE §G2";
constexpr const char* fitzpatrick_rostan =
    "Fitzpatrick & Rostan 2003 (J Cosmet Laser Ther 5:25), growth-factor gel twice daily 60 d, "
    "REFERENCE §G4";

// Lotfi's and Dogra's protocol: a 1.5-mm roller (the MF-8 class), 15 strokes, every 30 days.
constexpr int course_sessions = 5;
constexpr double session_interval_days = 30.0;

struct Course {
  double first_day = 1.0;
  double assessed_after_last_days = 0.0;
};

TreatmentSchedule roller_course(const std::filesystem::path& data_dir, const std::string& zone,
                                const Course& course) {
  TreatmentSchedule schedule;
  schedule.data_dir = data_dir;
  for (int s = 0; s < course_sessions; ++s) {
    NeedlingPass pass;
    pass.device = "roller_1_5";
    pass.depth_mm = 1.5;
    pass.passes = 15;
    pass.cartridge_id = "roller-" + std::to_string(s);
    schedule.sessions.push_back(
        {.day = course.first_day + s * session_interval_days,
         .date = {},
         .zones = {{.zone = zone, .passes = {pass}, .lasers = {}, .products = {}}}});
  }
  return schedule;
}

double course_end_days(const Course& course) {
  return course.first_day + (course_sessions - 1) * session_interval_days +
         course.assessed_after_last_days;
}

// The block for a course: `side_um` wide so that it holds several channels at 250 /cm².
skin::DermisBlock course_block(double days, std::uint64_t seed) {
  skin::DermisBlock block;
  block.zone = "cheeks";
  block.side_um = 1000.0;
  block.depth_um = 1100.0;
  // The needling response is fitted at 40-µm voxels (docs/treatments.md, Limits): both sizes
  // use them; the full size averages three seeds.
  block.voxel_um = 40.0;
  block.duration_h = days * 24.0 + 1.0;
  block.seed = seed;
  return block;
}

// Runs `scenario` with `schedule` compiled in to its end; returns the first and last observation.
Result<std::pair<skin::DermisObservables, skin::DermisObservables>> run_course(
    skin::DermisScenario scenario, const TreatmentSchedule& schedule,
    const TreatmentCatalogs& catalogs) {
  DERMASIM_TRY(compile_schedule(schedule, catalogs, scenario));
  DERMASIM_TRY_ASSIGN(skin::DermisTissue tissue, skin::DermisTissue::create(std::move(scenario)));
  const skin::DermisObservables before = tissue.observe();
  tissue.advance_to_step(tissue.end_step());
  return std::pair{before, tissue.observe()};
}

double percent(double after, double before) {
  return 100.0 * (after / before - 1.0);
}

// The response to a course is a threshold (recruitment), so single blocks scatter widely: the
// mean of three blocks (reduced) or five (full).
std::vector<std::uint64_t> seeds(ValidationSize size) {
  if (size == ValidationSize::full) return {31, 32, 33, 34, 35};
  return {31, 32, 33};
}

struct LotfiResult {
  double papillary_collagen_percent = 0.0, epidermis_percent = 0.0;
};

// Target 4: normal facial skin under the course, 8 weeks after the last session.
Result<LotfiResult> lotfi_course(const std::filesystem::path& data_dir, ValidationSize size,
                                 const TreatmentCatalogs& catalogs) {
  const Course course{.first_day = 1.0, .assessed_after_last_days = 56.0};
  LotfiResult mean;
  const std::vector<std::uint64_t> runs = seeds(size);
  for (const std::uint64_t seed : runs) {
    skin::LifestyleProfile person;
    person.age_years = 25.0;  // [assumed] Lotfi's acne-scar patients were young adults
    DERMASIM_TRY_ASSIGN(skin::DermisScenario scenario,
                        skin::dermis_scenario_from_data(
                            data_dir, course_block(course_end_days(course), seed), person));
    scenario.fitzpatrick = 4;  // Lotfi: FST III-IV
    DERMASIM_TRY_ASSIGN(
        const auto observed,
        run_course(std::move(scenario), roller_course(data_dir, "cheeks", course), catalogs));
    const auto& [before, after] = observed;
    mean.papillary_collagen_percent +=
        percent(after.papillary_collagen_relative, before.papillary_collagen_relative) /
        static_cast<double>(runs.size());
    mean.epidermis_percent += percent(after.epidermal_thickness_um, before.epidermal_thickness_um) /
                              static_cast<double>(runs.size());
  }
  return mean;
}

// Target 5: a rolling acne scar under the same course, assessed a month after the last session,
// against its untreated twin (same seed): the simulated old scar is not at rest (it keeps
// remodelling slowly), a real one is. The acne-scar score is taken proportional to the scar's depth
// (docs/treatments.md), by the clinical scales' one mapping (skin/clinical_scales.hpp).
Result<double> dogra_score_change(const std::filesystem::path& data_dir, ValidationSize size,
                                  const TreatmentCatalogs& catalogs) {
  const Course course{.first_day = 1.0, .assessed_after_last_days = 30.0};
  double mean = 0.0;
  const std::vector<std::uint64_t> runs = seeds(size);
  for (const std::uint64_t seed : runs) {
    skin::LifestyleProfile person;
    person.age_years = 25.0;  // Dogra: 18-40 y
    DERMASIM_TRY_ASSIGN(skin::DermisScenario scenario,
                        skin::dermis_scenario_from_data(
                            data_dir, course_block(course_end_days(course), seed), person));
    scenario.fitzpatrick = 5;  // Dogra: FST IV-V
    skin::Injury scar;
    scar.kind = skin::InjuryKind::atrophic_scar;
    scar.radius_um = 400.0;  // [assumed] a 0.8-mm rolling scar
    scar.depth_um = 1000.0;  // [assumed] rolling scars tether the dermis to the subcutis [R]
    scar.collagen_fraction = 0.6;
    scar.collagen3_share = 0.3;
    scenario.injuries.push_back(scar);
    DERMASIM_TRY_ASSIGN(const auto treated,
                        run_course(scenario, roller_course(data_dir, "cheeks", course), catalogs));
    TreatmentSchedule none;
    none.data_dir = data_dir;
    DERMASIM_TRY_ASSIGN(const auto untreated, run_course(std::move(scenario), none, catalogs));
    const double depth_relative =
        treated.second.atrophic_scar_depth_um / untreated.second.atrophic_scar_depth_um;
    mean += percent(skin::acne_scar_score_ratio(depth_relative), 1.0) /
            static_cast<double>(runs.size());
  }
  return mean;
}

struct TopicalResult {
  double grenz_collagen_percent = 0.0, epidermis_percent = 0.0, intact_share = 0.0;
};

// Target 7: the human fibroblast-conditioned medium twice daily for 60 days on intact skin.
Result<TopicalResult> topical_gel(const std::filesystem::path& data_dir, ValidationSize size,
                                  const TreatmentCatalogs& catalogs) {
  constexpr double days = 60.0;
  skin::DermisBlock block;
  block.zone = "cheeks";
  block.side_um = 400.0;
  block.depth_um = 500.0;
  block.voxel_um = size == ValidationSize::full ? 20.0 : 25.0;
  block.duration_h = days * 24.0 + 1.0;
  block.seed = 41;
  skin::LifestyleProfile person;
  person.age_years = 50.0;  // [assumed] Fitzpatrick & Rostan treated photo-aged skin
  DERMASIM_TRY_ASSIGN(skin::DermisScenario scenario,
                      skin::dermis_scenario_from_data(data_dir, block, person));
  TreatmentSchedule schedule;
  schedule.data_dir = data_dir;
  HomeTopical gel;
  gel.product = "human_fibroblast_conditioned_medium";
  gel.times_per_day = 2.0;
  gel.volume_ul_per_cm2 = catalogs.routes.topical_volume_ul_per_cm2;
  gel.from_day = 0.0;
  gel.to_day = days;
  schedule.home_care.topicals.push_back(gel);
  DERMASIM_TRY_ASSIGN(const auto observed, run_course(std::move(scenario), schedule, catalogs));
  const auto& [before, after] = observed;
  TopicalResult result;
  result.grenz_collagen_percent =
      percent(after.grenz_zone_collagen_relative, before.grenz_zone_collagen_relative);
  result.epidermis_percent = percent(after.epidermal_thickness_um, before.epidermal_thickness_um);
  // What of a 6-kDa EGF crosses intact stratum corneum in 12 h, per ng applied (500-Da rule).
  const RouteParameters& r = catalogs.routes;
  result.intact_share = intact_skin_dose_ng_per_cm2(1.0, 6045.0, r.protein_log_kow, 12.0, r) /
                        (1.0 * r.topical_volume_ul_per_cm2 * 1e-3);
  return result;
}

}  // namespace

Result<ValidationCase> run_needling_course(const std::filesystem::path& data_dir,
                                           ValidationSize size) {
  DERMASIM_TRY_ASSIGN(const TreatmentCatalogs catalogs, load_treatment_catalogs(data_dir, {}));
  DERMASIM_TRY_ASSIGN(const LotfiResult lotfi_result, lotfi_course(data_dir, size, catalogs));
  DERMASIM_TRY_ASSIGN(const double scar_change, dogra_score_change(data_dir, size, catalogs));
  DERMASIM_TRY_ASSIGN(const TopicalResult topical, topical_gel(data_dir, size, catalogs));
  ValidationCase result{"needling-course", {}};
  // Lotfi's two collagen stains differ by 12 points (Masson +53.2 %, silver +65.4 %): that spread
  // is the tolerance of both its histology figures.
  result.metrics.push_back({"papillary collagen after the course",
                            lotfi_result.papillary_collagen_percent, 53.2, 12.2, "%",
                            std::string(lotfi) + ", Masson trichrome"});
  result.metrics.push_back({"epidermal thickness after the course", lotfi_result.epidermis_percent,
                            50.0, 12.2, "%", std::string(lotfi) + ", H&E"});
  // Dogra: -44.6 %; 2 standard errors of the mean change from the reported SDs (3.12, 2.71; n =
  // 30; pre and post taken as uncorrelated): 12.6 points.
  result.metrics.push_back(
      {"acne-scar score change (score ~ scar depth)", scar_change, -44.6, 12.6, "%", dogra});
  // Fitzpatrick & Rostan: n = 14, no spread reported: Lotfi's stain spread is borrowed ([assumed]).
  result.metrics.push_back({"Grenz-zone collagen after 60 d of topical growth factors",
                            topical.grenz_collagen_percent, 37.0, 12.2, "%", fitzpatrick_rostan});
  result.metrics.push_back({"epidermal thickness after 60 d of topical growth factors",
                            topical.epidermis_percent, 27.0, 12.2, "%", fitzpatrick_rostan});
  // The 500-Da rule holds meanwhile: intact skin passes < 1e-6 of an applied 6-kDa EGF in 12 h.
  result.metrics.push_back(
      {"EGF through intact stratum corneum in 12 h, share of applied", topical.intact_share, 0.0,
       1e-6, "fraction", "Bos & Meinardi 2000 (Exp Dermatol 9:165), 500-Da rule, REFERENCE §F3"});
  return result;
}

}  // namespace dermasim::treatment
