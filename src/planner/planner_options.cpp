// Alternatives and lifestyle advice in forecast terms (see planner_options.hpp).
#include "planner/planner_options.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "patient/tissue_profile.hpp"
#include "planner/wording.hpp"

namespace dermasim::planner {
namespace {

using patient::ConcernKind;
using patient::Treatment;

bool wants_ablation(const patient::ZoneProfile& zone) {
  return std::any_of(zone.concerns.begin(), zone.concerns.end(), [](const patient::Concern& c) {
    return c.kind == ConcernKind::acne_scars || c.kind == ConcernKind::post_traumatic_scars ||
           c.kind == ConcernKind::stretch_marks || c.kind == ConcernKind::fine_lines ||
           c.kind == ConcernKind::laxity;
  });
}

treatment::TreatmentSchedule sessions_of(const ZoneContext& z, int count, double interval,
                                         const treatment::ZoneTreatment& each) {
  treatment::TreatmentSchedule schedule;
  schedule.data_dir = z.data->data_dir;
  for (int k = 0; k < count; ++k)
    schedule.sessions.push_back(
        {.day = z.limits.first_day + k * interval, .date = {}, .zones = {each}});
  return schedule;
}

struct Option {
  std::string kind, description;
  Treatment treatment = Treatment::topical;
  treatment::TreatmentSchedule schedule;
  double downtime_days = 0.0;
};

Option topical_option(const ZoneContext& z) {
  const AlternativeSettings& a = z.parameters->alternatives;
  Option o{.kind = "topical",
           .description = a.topical_product + " on intact skin " +
                          fixed(a.topical_times_per_day, 0) + " times a day for " +
                          fixed(a.topical_days, 0) + " days",
           .treatment = Treatment::topical,
           .schedule = {},
           .downtime_days = 0.0};
  o.schedule.data_dir = z.data->data_dir;
  o.schedule.home_care.topicals.push_back({.product = a.topical_product,
                                           .times_per_day = a.topical_times_per_day,
                                           .volume_ul_per_cm2 = a.topical_volume_ul_per_cm2,
                                           .from_day = z.limits.first_day,
                                           .to_day = z.limits.first_day + a.topical_days});
  return o;
}

Option injection_option(const ZoneContext& z) {
  const AlternativeSettings& a = z.parameters->alternatives;
  treatment::ProductUse use;
  use.product = a.injection_product;
  use.route = treatment::Route::injection;
  use.volume_ul_per_cm2 = a.injection_volume_ul_per_cm2;
  use.depth_mm = a.injection_depth_mm;
  const treatment::ZoneTreatment each{
      .zone = z.zone->id, .passes = {}, .lasers = {}, .products = {use}};
  return {.kind = "injection",
          .description = a.injection_product + " injected at " + fixed(a.injection_depth_mm, 1) +
                         " mm, " + std::to_string(a.injection_sessions) + " sessions every " +
                         fixed(a.injection_interval_days, 0) + " days",
          .treatment = Treatment::injection,
          .schedule = sessions_of(z, a.injection_sessions, a.injection_interval_days, each),
          .downtime_days = 0.0};
}

Option laser_option(const ZoneContext& z) {
  const AlternativeSettings& a = z.parameters->alternatives;
  const bool ablative = wants_ablation(*z.zone);
  treatment::LaserSettings laser;
  laser.laser = ablative ? a.ablative_laser : a.nonablative_laser;
  laser.energy_mj = ablative ? a.ablative_energy_mj : a.nonablative_energy_mj;
  laser.density_per_cm2 = ablative ? a.ablative_density_per_cm2 : a.nonablative_density_per_cm2;
  const treatment::ZoneTreatment each{
      .zone = z.zone->id, .passes = {}, .lasers = {laser}, .products = {}};
  return {.kind = "laser",
          .description = std::string(ablative ? "ablative fractional " : "non-ablative ") +
                         laser.laser + " laser, " + std::to_string(a.laser_sessions) +
                         " sessions every " + fixed(a.laser_interval_days, 0) + " days",
          .treatment = ablative ? Treatment::ablative_laser : Treatment::non_ablative_laser,
          .schedule = sessions_of(z, a.laser_sessions, a.laser_interval_days, each),
          .downtime_days = ablative ? z.parameters->ablative_laser_downtime_days
                                    : z.parameters->nonablative_laser_downtime_days};
}

AlternativeOutcome judge(const ZoneContext& z, const ZonePlan& plan, const Option& option,
                         const std::vector<patient::Finding>& findings) {
  AlternativeOutcome out{.zone = z.zone->id,
                         .kind = option.kind,
                         .description = option.description,
                         .allowed = true,
                         .benefit = 0.0,
                         .needling_benefit = plan.benefit,
                         .pih_probability = 0.0,
                         .downtime_days = option.downtime_days,
                         .verdict = {}};
  const std::string forbidden = patient::absolute_reasons(findings, option.treatment, z.zone->id);
  auto stimuli = forecast::zone_stimuli(option.schedule, z.zone->id, z.data->catalogs, z.base.skin);
  if (stimuli) {
    const CourseScore score = score_stimuli(z, *stimuli);
    out.benefit = score.benefit;
    out.pih_probability = score.pih_probability;
  }
  const std::string compared = "forecast improvement " + fixed(100.0 * out.benefit, 1) +
                               " % of the scales against " + fixed(100.0 * plan.benefit, 1) +
                               " % for the needling plan";
  if (!forbidden.empty()) {
    out.allowed = false;
    out.verdict = "Not allowed: " + forbidden + ".";
  } else if (out.pih_probability > z.limits.max_pih_probability) {
    out.allowed = false;
    out.verdict = "Not recommended for Fitzpatrick " +
                  std::string(fitzpatrick_roman(z.patient->fitzpatrick)) +
                  (z.patient->genetics.pih_history ? " with earlier PIH" : "") +
                  ": forecast PIH probability " + percent(out.pih_probability) + ", above the " +
                  percent(z.limits.max_pih_probability) + " limit (needling plan " +
                  percent(plan.pih_probability) + "); " + compared + ".";
  } else if (out.downtime_days > z.limits.max_downtime_days) {
    out.allowed = false;
    out.verdict = "Not recommended: about " + fixed(out.downtime_days, 0) +
                  " days of downtime per session, more than the " +
                  fixed(z.limits.max_downtime_days, 0) + " you accept; " + compared + ".";
  } else {
    out.verdict = "Possible: " + compared + ", PIH probability " + percent(out.pih_probability) +
                  ", downtime about " + fixed(out.downtime_days, 0) + " days per session.";
  }
  return out;
}

// Dermal collagen after `days` when a person's collagen synthesis and breakdown change from
// `before` to `after`, relative to its level now (the steady state of `before`): first-order
// turnover dC/dt = k (S − D C), S = fibroblast density × procollagen per cell × smoking's
// synthesis scale, D = the collagenase scale, k = ln 2 / the dermis' collagen half-life.
double collagen_change(const skin::DermisModifiers& before, const skin::DermisModifiers& after,
                       double days, const forecast::ForecastData& data) {
  const auto synthesis = [](const skin::DermisModifiers& m) {
    return m.fibroblast_density_scale * m.procollagen_per_cell_scale * m.collagen1_synthesis_scale;
  };
  const double k = std::numbers::ln2 / (data.dermis.matrix.collagen_half_life_h / 24.0);
  const double now = synthesis(before) / before.collagenase_scale;
  const double target = synthesis(after) / after.collagenase_scale;
  const double later = target + (now - target) * std::exp(-k * after.collagenase_scale * days);
  return later / now - 1.0;
}

skin::DermisModifiers modifiers_of(const forecast::ForecastData& data,
                                   const patient::PatientProfile& patient) {
  return skin::dermis_modifiers(patient::tissue_lifestyle(patient), data.modifiers);
}

std::optional<LifestyleAdvice> smoking_advice(const forecast::ForecastData& data,
                                              const PlannerParameters& parameters,
                                              const patient::PatientProfile& patient) {
  if (patient.lifestyle.cigarettes_per_day <= 0.0) return std::nullopt;
  patient::PatientProfile quit = patient;
  quit.lifestyle.cigarettes_per_day = 0.0;
  const skin::DermisModifiers now = modifiers_of(data, patient), then = modifiers_of(data, quit);
  const double days = parameters.assessed_after_days;
  LifestyleAdvice advice{.change = "stop smoking",
                         .effect = {},
                         .responsiveness_before = forecast::patient_responsiveness(data, patient),
                         .responsiveness_after = forecast::patient_responsiveness(data, quit)};
  advice.effect =
      "Collagen synthesis rises by " +
      percent(then.collagen1_synthesis_scale / now.collagen1_synthesis_scale - 1.0) +
      " and collagen breakdown falls from ×" + fixed(now.collagenase_scale, 2) + " to ×" +
      fixed(then.collagenase_scale, 2) +
      " (Knuutinen 2002: smokers' PINP −18 %, MMP-8 +100 %; data/dermis/modifiers.toml): the "
      "dermis gains about +" +
      fixed(100.0 * collagen_change(now, then, days, data), 1) + " % collagen over " +
      fixed(days, 0) +
      " days on top of the treatment (collagen half-life, data/dermis/dermis.toml), and more in "
      "the years after.";
  return advice;
}

std::optional<LifestyleAdvice> spf_advice(const forecast::ForecastData& data,
                                          const PlannerParameters& parameters,
                                          const patient::PatientProfile& patient) {
  if (patient.lifestyle.spf_use == patient::SpfUse::daily ||
      patient.lifestyle.sun_med_per_week <= 0.0)
    return std::nullopt;
  patient::PatientProfile shielded = patient;
  shielded.lifestyle.spf_use = patient::SpfUse::daily;
  const skin::DermisModifiers now = modifiers_of(data, patient),
                              then = modifiers_of(data, shielded);
  const double days = parameters.assessed_after_days;
  const auto reaching = [&](patient::SpfUse use) {
    return patient.lifestyle.sun_med_per_week * (1.0 - patient::spf_protection_fraction(use));
  };
  return LifestyleAdvice{
      .change = "daily sunscreen (SPF 30 or more)",
      .effect = "UV reaching the dermis falls from " +
                fixed(reaching(patient.lifestyle.spf_use), 1) + " to " +
                fixed(reaching(patient::SpfUse::daily), 1) +
                " MED a week and collagen breakdown from ×" + fixed(now.collagenase_scale, 2) +
                " to ×" + fixed(then.collagenase_scale, 2) + ": about +" +
                fixed(100.0 * collagen_change(now, then, days, data), 1) +
                " % dermal collagen over " + fixed(days, 0) +
                " days (collagen half-life, data/dermis/dermis.toml). Sun protection after each "
                "session also lowers the risk of PIH; REFERENCE gives no number for that.",
      .responsiveness_before = 1.0,
      .responsiveness_after = 1.0};
}

}  // namespace

std::vector<AlternativeOutcome> alternatives_for(const ZoneContext& z, const ZonePlan& plan,
                                                 const std::vector<patient::Finding>& findings) {
  std::vector<AlternativeOutcome> out;
  for (const patient::Alternative a : z.patient->preferences.alternatives) {
    const Option option = a == patient::Alternative::topical     ? topical_option(z)
                          : a == patient::Alternative::injection ? injection_option(z)
                                                                 : laser_option(z);
    out.push_back(judge(z, plan, option, findings));
  }
  return out;
}

AlternativeOutcome laser_comparison(const ZoneContext& z, const ZonePlan& plan,
                                    const std::vector<patient::Finding>& findings) {
  return judge(z, plan, laser_option(z), findings);
}

std::vector<LifestyleAdvice> lifestyle_advice(const forecast::ForecastData& data,
                                              const PlannerParameters& parameters,
                                              const patient::PatientProfile& patient) {
  std::vector<LifestyleAdvice> out;
  if (auto a = smoking_advice(data, parameters, patient)) out.push_back(*a);
  if (auto a = spf_advice(data, parameters, patient)) out.push_back(*a);
  return out;
}

}  // namespace dermasim::planner
