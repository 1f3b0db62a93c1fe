// plan_program: contraindications, the per-zone search, the merged program, its forecast,
// alternatives and lifestyle advice (see planner.hpp).
#include "planner/planner.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/calendar.hpp"
#include "patient/tissue_profile.hpp"
#include "planner/planner_options.hpp"
#include "planner/wording.hpp"

namespace dermasim::planner {
namespace {

using patient::ConcernKind;
using patient::Treatment;

int days_between(std::string_view from, std::string_view to) {
  return *days_since_epoch(to) - *days_since_epoch(from);
}

ZoneLimits zone_limits(const forecast::ForecastData& data, const PlannerParameters& parameters,
                       const patient::PatientProfile& patient, const patient::ZoneProfile& zone,
                       const std::vector<patient::Finding>& findings) {
  const patient::Adjustments adjust =
      patient::adjustments_for(findings, Treatment::needling, zone.id);
  const patient::ZoneGeometry geometry = patient::zone_geometry(data.zones, zone);
  const int start_offset = days_between(patient.assessment_date, patient.preferences.start_date);
  return {.max_depth_mm = geometry.max_needle_depth_mm * adjust.max_depth_fraction,
          .min_interval_days = static_cast<double>(adjust.min_interval_days),
          .first_day = static_cast<double>(std::max(0, adjust.wait_days - start_offset)),
          .max_downtime_days = patient.preferences.max_downtime_days,
          .max_pih_probability = patient.genetics.pih_history
                                     ? parameters.max_pih_probability_with_history
                                     : parameters.max_pih_probability,
          .max_sessions = patient.preferences.max_sessions};
}

// "; the best course every 28 days: 16.9 %, every 84 days: 17.2 %" (the other intervals).
std::string interval_comparison(const SearchResult& found, const Course& chosen) {
  std::string text;
  for (const SearchResult::IntervalBest& b : found.best_by_interval) {
    if (b.interval_days == chosen.interval_days) continue;
    text += (text.empty() ? "; the best course every " : ", every ") + fixed(b.interval_days, 0) +
            " days: " + fixed(100.0 * b.score.benefit, 1) + " %";
  }
  return text;
}

// What a zone is given: its best course, or the best at the interval the zones share.
struct Chosen {
  Course course;
  CourseScore score;
  bool aligned = false;  // moved to the shared interval
};

// One interval for every zone where it costs each little: the interval with the highest total
// score over the zones; a zone takes its best course at it when that loses at most
// `tolerance` of benefit against its own best, so that the zones' visits coincide.
std::vector<std::optional<Chosen>> align_intervals(
    const std::vector<std::optional<SearchResult>>& searches, double tolerance) {
  std::map<double, double> total;
  for (const auto& found : searches)
    if (found)
      for (const SearchResult::IntervalBest& b : found->best_by_interval)
        total[b.interval_days] += b.score.score;
  double shared = 0.0, best_total = -HUGE_VAL;
  for (const auto& [interval, sum] : total)
    if (sum > best_total + 1e-12) {
      best_total = sum;
      shared = interval;
    }
  std::vector<std::optional<Chosen>> chosen(searches.size());
  for (std::size_t i = 0; i < searches.size(); ++i) {
    if (!searches[i]) continue;
    const SearchResult& found = *searches[i];
    chosen[i] = Chosen{*found.best, found.best_score, false};
    for (const SearchResult::IntervalBest& b : found.best_by_interval)
      if (b.interval_days == shared && b.interval_days != found.best->interval_days &&
          b.score.benefit >= found.best_score.benefit - tolerance && b.score.benefit > 0.0)
        chosen[i] = Chosen{b.course, b.score, true};
  }
  return chosen;
}

// The plain-words reasons of a zone's choice.
std::vector<std::string> rationale(const ZoneContext& z, const SearchResult& found,
                                   const Chosen& chosen,
                                   const std::vector<patient::Finding>& findings) {
  std::vector<std::string> why;
  const Course& c = chosen.course;
  const CourseScore& s = chosen.score;
  const DepthChoice choice = depth_choice(z);
  const patient::ZoneGeometry& geometry = z.base.geometry;
  why.push_back(
      "Depth " + fixed(c.pass.depth_mm, 2) + " mm: the concerns here call for " +
      fixed(choice.min_depth_mm, 2) + "–" + fixed(choice.max_depth_mm, 2) +
      " mm (REFERENCE §F2), this zone (" + z.zone->id + ") allows at most " +
      fixed(geometry.max_needle_depth_mm, 2) + " mm" +
      (z.limits.max_depth_mm < geometry.max_needle_depth_mm - 1e-9
           ? ", cut to " + fixed(z.limits.max_depth_mm, 2) + " mm by a relative contraindication"
           : std::string()) +
      "; at this depth a session's redness lasts about " + fixed(s.downtime_days, 1) +
      " days (you accept " + fixed(z.limits.max_downtime_days, 0) + ")" +
      (found.rejected_downtime > 0 ? ", deeper settings would last longer" : "") + ".");
  if (c.pass.cartridge == treatment::CartridgeType::single)
    why.push_back(
        "Single-needle tip: scars and stretch marks are stamped lesion by lesion, so "
        "the channels go into the lesion and spare the skin around it.");
  why.push_back(std::to_string(c.sessions) + " session" + (c.sessions > 1 ? "s" : "") +
                (c.sessions > 1 ? " every " + fixed(c.interval_days, 0) + " days" : "") +
                ": the forecast improvement at day " + fixed(z.parameters->assessed_after_days, 0) +
                " is " + fixed(100.0 * s.benefit, 1) + " % of the concerns' scales" +
                (s.targets_met ? ", reaching your target" : "") + interval_comparison(found, c) +
                ". Sessions closer together act less on tissue still recovering from the last "
                "one, sparser ones fit fewer sessions before the assessment (docs/forecast.md).");
  if (z.limits.min_interval_days > 0.0)
    why.push_back("At least " + fixed(z.limits.min_interval_days, 0) +
                  " days between sessions because of a relative contraindication.");
  if (!c.product.empty() && found.best_without_product)
    why.push_back("With " + c.product + " in the open channels: forecast benefit " +
                  fixed(100.0 * s.benefit, 1) + " % against " +
                  fixed(100.0 * found.best_without_product_score.benefit, 1) +
                  " % without (human-active growth factors reach the dermis through the "
                  "channels).");
  else
    why.push_back(
        "No product in the channels: none of the catalog's growth-factor products "
        "adds enough to the forecast to justify it (plant \"stem cell\" extracts carry "
        "no human-active growth factors and add nothing).");
  why.push_back("PIH risk over the course for Fitzpatrick " +
                std::string(fitzpatrick_roman(z.patient->fitzpatrick)) + ": " +
                percent(s.pih_probability) + " (limit " + percent(z.limits.max_pih_probability) +
                (z.patient->genetics.pih_history ? ", stricter after earlier PIH" : "") + ").");
  for (const patient::Finding* f :
       patient::findings_for(findings, Treatment::needling, z.zone->id)) {
    if (f->cls != patient::ContraindicationClass::relative) continue;
    std::string precautions;
    for (const patient::Precaution p : f->adjustments.precautions)
      precautions += (precautions.empty() ? "" : ", ") + std::string(patient::precaution_name(p));
    why.push_back("Relative contraindication " + f->rule_id + ": " + f->reason +
                  (f->adjustments.test_patch ? " Treat a test patch first." : "") +
                  (precautions.empty() ? "" : " Precautions: " + precautions + "."));
  }
  return why;
}

// The sessions of every zone merged by day; one cartridge per session and cartridge type.
treatment::TreatmentSchedule merge_program(const forecast::ForecastData& data,
                                           const PlannerParameters& parameters,
                                           const std::vector<ZonePlan>& zones,
                                           const patient::PatientProfile& patient) {
  std::map<double, treatment::Session> by_day;
  for (const ZonePlan& z : zones) {
    if (!z.treated) continue;
    for (int k = 0; k < z.sessions; ++k) {
      const double day = z.first_day + k * z.interval_days;
      treatment::Session& session = by_day[day];
      session.day = day;
      treatment::ZoneTreatment treated{
          .zone = z.zone, .passes = {z.pass}, .lasers = {}, .products = {}};
      if (!z.product.empty()) {
        treatment::ProductUse use;
        use.product = z.product;
        use.route = treatment::Route::channels;
        use.volume_ul_per_cm2 = parameters.channel_volume_ul_per_cm2;
        treated.products.push_back(use);
      }
      session.zones.push_back(treated);
    }
  }
  treatment::TreatmentSchedule program;
  program.data_dir = data.data_dir;
  const int start = *days_since_epoch(patient.preferences.start_date);
  int index = 0;
  for (auto& [day, session] : by_day) {
    ++index;
    session.date = iso_date(start + static_cast<int>(std::lround(day)));
    for (treatment::ZoneTreatment& zone : session.zones)
      for (treatment::NeedlingPass& pass : zone.passes)
        pass.cartridge_id = patient.id + "-S" + std::to_string(index) + "-" +
                            std::string(treatment::cartridge_name(pass.cartridge));
    program.sessions.push_back(session);
  }
  return program;
}

void fill_zone_plan(const ZoneContext& z, const SearchResult& found, const Chosen& chosen,
                    Plan& plan) {
  ZonePlan& zp = *std::find_if(plan.zones.begin(), plan.zones.end(),
                               [&](const ZonePlan& p) { return p.zone == z.zone->id; });
  const Course& c = chosen.course;
  zp.treated = true;
  zp.pass = c.pass;
  zp.product = c.product;
  zp.interval_days = c.interval_days;
  zp.sessions = c.sessions;
  zp.first_day = c.first_day;
  zp.downtime_days = chosen.score.downtime_days;
  zp.pih_probability = chosen.score.pih_probability;
  zp.benefit = chosen.score.benefit;
  zp.rationale = rationale(z, found, chosen, plan.findings);
  if (chosen.aligned)
    zp.rationale.push_back("Every " + fixed(c.interval_days, 0) +
                           " days like the other zones, so that they share visits: forecast " +
                           fixed(100.0 * chosen.score.benefit, 1) + " % against " +
                           fixed(100.0 * found.best_score.benefit, 1) + " % every " +
                           fixed(found.best->interval_days, 0) + " days.");
  for (const std::string& e : depth_choice(z).evidence)
    if (std::find(plan.evidence.begin(), plan.evidence.end(), e) == plan.evidence.end())
      plan.evidence.push_back(e);
}

}  // namespace

Result<PlannerInputs> load_planner_inputs(const std::filesystem::path& data_dir,
                                          const std::filesystem::path& patient_file) {
  PlannerInputs in;
  DERMASIM_TRY_ASSIGN(in.data, forecast::load_forecast_data(data_dir));
  DERMASIM_TRY_ASSIGN(in.parameters,
                      load_planner_parameters(data_dir / "planner" / "planner.toml"));
  DERMASIM_TRY_ASSIGN(in.patient,
                      patient::read_patient_profile(patient_file, in.data.zones, in.data.rules));
  return in;
}

Result<Plan> plan_program(const forecast::ForecastData& data, const PlannerParameters& parameters,
                          const patient::PatientProfile& patient) {
  Plan plan;
  plan.patient_id = patient.id;
  plan.start_date = patient.preferences.start_date;
  plan.findings = patient::evaluate_contraindications(data.rules, patient);
  const double responsiveness = forecast::patient_responsiveness(data, patient);
  std::string refused;
  std::vector<ZoneContext> contexts;
  std::vector<std::optional<SearchResult>> searches;
  for (const patient::ZoneProfile& zone : patient.zones) {
    searches.emplace_back();
    ZonePlan zp;
    zp.zone = zone.id;
    ZoneContext z{&data,
                  &parameters,
                  &patient,
                  &zone,
                  responsiveness,
                  zone_limits(data, parameters, patient, zone, plan.findings),
                  forecast::zone_base(data, patient, zone)};
    contexts.push_back(z);
    const std::string absolute =
        patient::absolute_reasons(plan.findings, Treatment::needling, zone.id);
    if (!absolute.empty()) {
      zp.rationale.push_back("Not treated: micro-needling is contraindicated here: " + absolute +
                             ".");
      refused += (refused.empty() ? "" : "; ") + zone.id + ": " + absolute;
    } else if (zone.concerns.empty()) {
      zp.rationale.push_back("Not treated: no concern was recorded for this zone.");
    } else {
      SearchResult found = search_zone(z);
      if (!found.best) {
        zp.rationale.push_back(
            "Not treated: no needling course keeps within your accepted downtime of " +
            fixed(z.limits.max_downtime_days, 0) + " days and the PIH limit of " +
            percent(z.limits.max_pih_probability) + " (" + std::to_string(found.rejected_downtime) +
            " settings exceeded the downtime, " + std::to_string(found.rejected_pih) +
            " the PIH limit).");
      } else if (found.best_score.benefit <= 0.0) {
        zp.rationale.push_back(
            "Not treated: no needling course within the limits improves this zone's concerns in "
            "the forecast (the dermis model has no melanocytes: pigment is not improved by "
            "needling, only put at risk of PIH).");
      } else {
        searches.back() = std::move(found);
      }
    }
    plan.zones.push_back(std::move(zp));
  }
  const std::vector<std::optional<Chosen>> chosen =
      align_intervals(searches, parameters.alignment_tolerance);
  for (std::size_t i = 0; i < plan.zones.size(); ++i)
    if (chosen[i]) fill_zone_plan(contexts[i], *searches[i], *chosen[i], plan);
  const bool any_treated = std::any_of(plan.zones.begin(), plan.zones.end(),
                                       [](const ZonePlan& z) { return z.treated; });
  if (!any_treated && !refused.empty())
    return fail(
        Error{ErrorCategory::contraindicated,
              "micro-needling is contraindicated for patient " + patient.id + ": " + refused,
              "patient " + patient.id});
  plan.program = merge_program(data, parameters, plan.zones, patient);
  plan.evidence.push_back(
      "intervals: monthly to every 3 months; Harris 2015 review, median 4-week interval [F]");
  plan.evidence.push_back("downtime: REFERENCE §F2 depth chart [F-sec, low confidence]");
  plan.evidence.push_back("PIH: data/treatment/pih.toml, anchored to Chan 2007 and Dogra 2014 [F]");
  plan.disclaimer =
      "This plan supports, and does not replace, the decision of a qualified practitioner. Needle "
      "depths never exceed the zone's maximum of REFERENCE §F2 (the stricter value where sources "
      "disagree); forecasts come from a model fitted to simulations (docs/forecast.md).";
  const forecast::ResponseBelief belief =
      forecast::ResponseBelief::prior(data.model.response_log_sd);
  DERMASIM_TRY_ASSIGN(plan.forecast,
                      forecast::forecast_program(
                          data, patient, plan.program, belief,
                          {.horizon_days = parameters.assessed_after_days, .step_days = 7.0}));
  const bool pigment_prone = patient.fitzpatrick >= 4 || patient.genetics.pih_history;
  for (std::size_t i = 0; i < plan.zones.size(); ++i) {
    if (patient.zones[i].concerns.empty()) continue;
    for (AlternativeOutcome& a : alternatives_for(contexts[i], plan.zones[i], plan.findings))
      plan.alternatives.push_back(std::move(a));
    if (pigment_prone && plan.zones[i].treated)
      plan.zones[i].rationale.push_back(
          "Why needling and not a fractional laser here: " +
          laser_comparison(contexts[i], plan.zones[i], plan.findings).verdict);
  }
  plan.advice = lifestyle_advice(data, parameters, patient);
  return plan;
}

}  // namespace dermasim::planner
