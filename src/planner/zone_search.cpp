// Candidate courses for one zone and their forecast scores (see zone_search.hpp).
#include "planner/zone_search.hpp"

#include <algorithm>
#include <cmath>

namespace dermasim::planner {
namespace {

using patient::ConcernKind;

// The scale a concern is judged on and its range.
struct ConcernScale {
  std::string_view observable;
  double range = 1.0;
};

ConcernScale concern_scale(ConcernKind kind) {
  switch (kind) {
    case ConcernKind::fine_lines:
      return {"wrinkle_grade", 5.0};
    case ConcernKind::texture:
      return {"texture_grade", 4.0};
    case ConcernKind::laxity:
      return {"laxity_grade", 4.0};
    case ConcernKind::acne_scars:
      return {"goodman_baron_grade", 3.0};
    case ConcernKind::post_traumatic_scars:
      return {"vancouver_score", 13.0};
    case ConcernKind::stretch_marks:
      return {"striae_grade", 4.0};
    case ConcernKind::pigment:
      return {"pigment_grade", 3.0};
    case ConcernKind::hydration:
      return {"hydration_grade", 4.0};
  }
  return {"", 1.0};
}

forecast::ZoneSetting setting_of(const ZoneContext& z, std::vector<forecast::Stimulus> stimuli) {
  forecast::ZoneSetting s = z.base;
  s.stimuli = std::move(stimuli);
  return s;
}

const forecast::ZoneObservable* find_observable(const std::vector<forecast::ZoneObservable>& all,
                                                std::string_view id) {
  for (const forecast::ZoneObservable& o : all)
    if (o.id == id) return &o;
  return nullptr;
}

// A concern's improvement as a share of its scale, and whether its target is met. Acne scars
// are judged on the continuous score ratio (the grade moves in whole steps).
std::pair<double, bool> concern_gain(const patient::Concern& concern,
                                     const forecast::ZoneObservable& o,
                                     const forecast::TissuePaths& paths) {
  const ConcernScale scale = concern_scale(concern.kind);
  const double before = o.value(paths, 0, 1.0), after = o.value(paths, 1, 1.0);
  const bool met = concern.target.has_value() && after <= *concern.target + 1e-9;
  if (concern.kind == ConcernKind::acne_scars) {
    const double ratio =
        skin::acne_scar_score_ratio(paths.value(forecast::Tissue::scar_depth, 1, 1.0) /
                                    paths.value(forecast::Tissue::scar_depth, 0, 1.0));
    return {(1.0 - ratio) * (concern.grade - 1.0) / scale.range, met};
  }
  return {(before - after) / scale.range, met};
}

std::vector<double> depth_steps(double lo, double hi, double step) {
  std::vector<double> depths;
  for (double d = lo; d <= hi + 1e-9; d += step) depths.push_back(std::round(d * 100.0) / 100.0);
  if (depths.empty() || depths.back() < hi - 1e-9) depths.push_back(hi);
  return depths;
}

bool is_better(const CourseScore& a, const CourseScore& b) {
  return a.score > b.score + 1e-12;
}

}  // namespace

treatment::TreatmentSchedule course_schedule(const ZoneContext& z, const Course& course) {
  treatment::TreatmentSchedule schedule;
  schedule.data_dir = z.data->data_dir;
  for (int k = 0; k < course.sessions; ++k) {
    treatment::ZoneTreatment zone{
        .zone = z.zone->id, .passes = {course.pass}, .lasers = {}, .products = {}};
    zone.passes.front().cartridge_id = "S" + std::to_string(k + 1);
    if (!course.product.empty()) {
      treatment::ProductUse use;
      use.product = course.product;
      use.route = treatment::Route::channels;
      use.volume_ul_per_cm2 = z.parameters->channel_volume_ul_per_cm2;
      zone.products.push_back(use);
    }
    schedule.sessions.push_back(
        {.day = course.first_day + k * course.interval_days, .date = {}, .zones = {zone}});
  }
  return schedule;
}

CourseScore score_stimuli(const ZoneContext& z, const std::vector<forecast::Stimulus>& stimuli) {
  CourseScore out;
  const std::vector<double> t = {0.0, z.parameters->assessed_after_days};
  const forecast::TissuePaths paths =
      forecast::tissue_paths(z.data->model, stimuli, z.responsiveness, t);
  const forecast::ZoneSetting setting = setting_of(z, stimuli);
  const std::vector<forecast::ZoneObservable> observables =
      forecast::zone_observables(*z.data, *z.patient, setting);
  bool all_met = true, any_target = false;
  for (const patient::Concern& concern : z.zone->concerns) {
    const forecast::ZoneObservable* o =
        find_observable(observables, concern_scale(concern.kind).observable);
    if (o == nullptr) continue;
    const auto [gain, met] = concern_gain(concern, *o, paths);
    out.benefit += gain;
    out.medians.emplace_back(o->id, o->value(paths, 1, 1.0));
    if (concern.target) {
      any_target = true;
      all_met = all_met && met;
    }
  }
  out.targets_met = any_target && all_met;
  // As the forecast: the course's PIH probability is its most injurious session's.
  for (const forecast::Stimulus& s : stimuli)
    out.pih_probability = std::max(out.pih_probability, s.pih_probability);
  out.score = out.benefit + (out.targets_met ? z.parameters->target_bonus : 0.0);
  return out;
}

std::optional<CourseScore> score_course(const ZoneContext& z, const Course& course) {
  const double downtime = needling_downtime_days(*z.parameters, course.pass.depth_mm);
  if (downtime > z.limits.max_downtime_days) return std::nullopt;
  const forecast::ZoneSetting base = setting_of(z, {});
  auto stimuli =
      forecast::zone_stimuli(course_schedule(z, course), z.zone->id, z.data->catalogs, base.skin);
  if (!stimuli) return std::nullopt;
  CourseScore score = score_stimuli(z, *stimuli);
  score.downtime_days = downtime;
  if (score.pih_probability > z.limits.max_pih_probability) return std::nullopt;
  score.score -= z.parameters->session_cost * course.sessions;
  if (!course.product.empty()) score.score -= z.parameters->product_cost * course.sessions;
  return score;
}

DepthChoice depth_choice(const ZoneContext& z) {
  DepthChoice choice{.min_depth_mm = 10.0, .max_depth_mm = 0.0, .cartridge = "12", .evidence = {}};
  for (const patient::Concern& concern : z.zone->concerns) {
    const ConcernSettings& s = z.parameters->concern(concern.kind);
    choice.min_depth_mm = std::min(choice.min_depth_mm, s.min_depth_mm);
    choice.max_depth_mm = std::max(choice.max_depth_mm, s.max_depth_mm);
    const bool stamped =
        concern.scar_type && std::find(s.single_for.begin(), s.single_for.end(),
                                       concern.scar_type == patient::ScarType::boxcar ? "boxcar"
                                       : concern.scar_type == patient::ScarType::ice_pick
                                           ? "ice_pick"
                                           : "rolling") != s.single_for.end();
    if (s.cartridge == "single" || stamped) choice.cartridge = "single";
    choice.evidence.push_back(std::string(patient::concern_kind_name(concern.kind)) + ": " +
                              s.evidence);
  }
  if (choice.max_depth_mm < choice.min_depth_mm) choice.min_depth_mm = choice.max_depth_mm;
  return choice;
}

SearchResult search_zone(const ZoneContext& z) {
  SearchResult result;
  const PlannerParameters& p = *z.parameters;
  const DepthChoice choice = depth_choice(z);
  const double hi = std::min(choice.max_depth_mm, z.limits.max_depth_mm);
  const double lo = std::min(choice.min_depth_mm, hi);
  std::vector<std::string> products = {""};
  for (const std::string& id : p.channel_products)
    if (z.data->catalogs.products.find(id)) products.push_back(id);
  const double last_day = p.assessed_after_days - p.settle_days;
  for (const double depth : depth_steps(lo, hi, p.depth_step_mm)) {
    for (const int passes : p.passes) {
      treatment::NeedlingPass pass;
      pass.device = "pen";
      pass.cartridge = *treatment::parse_cartridge(choice.cartridge);
      pass.cartridge_id = "check";
      pass.depth_mm = depth;
      pass.passes = passes;
      pass.speed_cm_per_s = p.speed_cm_per_s;
      if (choice.cartridge == "single") pass.pattern = "stamping";
      if (!z.data->catalogs.devices.check(pass, "pass")) continue;
      for (const std::string& product : products)
        for (const double interval : p.intervals_days) {
          if (interval < z.limits.min_interval_days) continue;
          for (int n = 1; n <= z.limits.max_sessions; ++n) {
            if (z.limits.first_day + (n - 1) * interval > last_day) break;
            const Course course{.pass = pass,
                                .product = product,
                                .first_day = z.limits.first_day,
                                .interval_days = interval,
                                .sessions = n};
            ++result.candidates;
            const std::optional<CourseScore> score = score_course(z, course);
            if (!score) {
              const bool downtime = needling_downtime_days(p, depth) > z.limits.max_downtime_days;
              ++(downtime ? result.rejected_downtime : result.rejected_pih);
              continue;
            }
            auto at = std::find_if(
                result.best_by_interval.begin(), result.best_by_interval.end(),
                [&](const SearchResult::IntervalBest& b) { return b.interval_days == interval; });
            if (at == result.best_by_interval.end())
              result.best_by_interval.push_back({interval, course, *score});
            else if (is_better(*score, at->score))
              *at = {interval, course, *score};
            if (!result.best || is_better(*score, result.best_score)) {
              result.best = course;
              result.best_score = *score;
            }
            if (product.empty() && (!result.best_without_product ||
                                    is_better(*score, result.best_without_product_score))) {
              result.best_without_product = course;
              result.best_without_product_score = *score;
            }
          }
        }
    }
  }
  return result;
}

}  // namespace dermasim::planner
