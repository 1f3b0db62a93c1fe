// The patient forecast: zones, observables and bands (see patient_forecast.hpp).
#include "forecast/patient_forecast.hpp"

#include <algorithm>
#include <cmath>

#include "engine/toml_reader.hpp"
#include "patient/tissue_profile.hpp"

namespace dermasim::forecast {
namespace {

using patient::ConcernKind;

std::string unit_of(std::string_view id) {
  const skin::ScaleInfo* info = skin::find_clinical_scale(id);
  return info != nullptr ? std::string(info->unit) : std::string("ratio");
}

ZoneObservable observable(std::string_view id,
                          std::function<double(const TissuePaths&, std::size_t, double)> value) {
  return {std::string(id), unit_of(id), std::move(value)};
}

// The probability of PIH over the course so far: that of its most injurious session. The PIH
// model's anchors are course-level incidences (Dogra 2014: 5 of 30 patients over 5 sittings;
// data/treatment/pih.toml), so sessions are not compounded as independent trials.
std::function<double(const TissuePaths&, std::size_t, double)> course_pih(
    const std::vector<Stimulus>& stimuli) {
  std::vector<std::pair<double, double>> sessions;
  for (const Stimulus& s : stimuli)
    if (s.pih_probability > 0.0) sessions.emplace_back(s.day, s.pih_probability);
  return [sessions](const TissuePaths& paths, std::size_t i, double) {
    double worst = 0.0;
    for (const auto& [day, p] : sessions)
      if (day < paths.t_days[i]) worst = std::max(worst, p);
    return worst;
  };
}

void add_concern(const ForecastData& data, int fitzpatrick, const patient::Concern& concern,
                 const std::function<double(const TissuePaths&, std::size_t, double)>& pih,
                 std::vector<ZoneObservable>& out) {
  const skin::ClinicalScaleParameters& p = data.scales;
  const double g = concern.grade;
  switch (concern.kind) {
    case ConcernKind::fine_lines:
      out.push_back(
          observable("wrinkle_grade", [&p, g](const TissuePaths& x, std::size_t i, double m) {
            return skin::wrinkle_grade(g, x.value(Tissue::papillary_collagen, i, m),
                                       x.value(Tissue::elastin, i, m), p);
          }));
      return;
    case ConcernKind::texture:
      out.push_back(
          observable("texture_grade", [&p, g](const TissuePaths& x, std::size_t i, double m) {
            return skin::texture_grade(g, x.value(Tissue::epidermis, i, m),
                                       x.value(Tissue::grenz_collagen, i, m), p);
          }));
      return;
    case ConcernKind::laxity:
      out.push_back(
          observable("laxity_grade", [&p, g](const TissuePaths& x, std::size_t i, double m) {
            return skin::laxity_grade(g, x.value(Tissue::dermal_collagen, i, m),
                                      x.value(Tissue::elastin, i, m), p);
          }));
      return;
    case ConcernKind::acne_scars:
      out.push_back(
          observable("goodman_baron_grade", [&p, g](const TissuePaths& x, std::size_t i, double m) {
            return skin::goodman_baron_grade(g, x.value(Tissue::scar_depth, i, m), p);
          }));
      if (concern.goodman_baron_score) {
        const double score = *concern.goodman_baron_score;
        out.push_back(observable(
            "goodman_baron_score", [score](const TissuePaths& x, std::size_t i, double m) {
              return skin::goodman_baron_score(score, x.value(Tissue::scar_depth, i, m));
            }));
      }
      return;
    case ConcernKind::post_traumatic_scars:
      out.push_back(
          observable("vancouver_score", [g](const TissuePaths& x, std::size_t i, double m) {
            return skin::vancouver_score(g, x.value(Tissue::scar_depth, i, m));
          }));
      return;
    case ConcernKind::stretch_marks: {
      const skin::StriaeStage stage = concern.striae_type == patient::StriaeType::alba
                                          ? skin::StriaeStage::alba
                                          : skin::StriaeStage::rubra;
      out.push_back(
          observable("striae_grade", [&p, g, stage](const TissuePaths& x, std::size_t i, double m) {
            return skin::striae_grade(g, stage, x.value(Tissue::dermal_collagen, i, m),
                                      x.value(Tissue::elastin, i, m), p);
          }));
      return;
    }
    case ConcernKind::pigment:
      out.push_back(
          observable("pigment_grade", [&p, g, pih](const TissuePaths& x, std::size_t i, double m) {
            return skin::pigment_grade(g, pih(x, i, m), p);
          }));
      out.push_back(observable(
          "melanin_index", [&p, fitzpatrick, pih](const TissuePaths& x, std::size_t i, double m) {
            return skin::melanin_index(fitzpatrick, pih(x, i, m), 1.0, p);
          }));
      return;
    case ConcernKind::hydration:
      out.push_back(
          observable("hydration_grade", [&data, g](const TissuePaths& x, std::size_t i, double m) {
            const double water =
                skin::hydration_relative(x.value(Tissue::hyaluronan, i, m), 1.0, data.epidermis);
            return skin::hydration_grade(g, water, data.scales);
          }));
      // TEWL at the forecast's weekly resolution: channels close within hours (docs/treatments.md),
      // so the barrier is intact at every forecast time and TEWL stays at the zone's baseline.
      out.push_back(observable("tewl_g_per_m2_h", [&data](const TissuePaths&, std::size_t, double) {
        return skin::tewl_g_per_m2_h(1.0, data.epidermis.barrier);
      }));
      return;
  }
}

std::vector<double> time_grid(double horizon_days, double step_days) {
  std::vector<double> t;
  for (double day = 0.0; day < horizon_days - 1e-9; day += step_days) t.push_back(day);
  t.push_back(horizon_days);
  return t;
}

ObservableBand band(const ZoneObservable& o, const std::string& zone, const TissuePaths& paths,
                    const ResponseBelief& belief) {
  ObservableBand b{zone, o.id, o.unit, paths.t_days, {}, {}, {}};
  std::vector<double> values(belief.size());
  for (std::size_t i = 0; i < paths.t_days.size(); ++i) {
    for (std::size_t j = 0; j < belief.size(); ++j)
      values[j] = o.value(paths, i, belief.multiplier(j));
    b.median.push_back(weighted_quantile(values, belief.weight, 0.5));
    b.p05.push_back(weighted_quantile(values, belief.weight, 0.05));
    b.p95.push_back(weighted_quantile(values, belief.weight, 0.95));
  }
  return b;
}

}  // namespace

Result<ForecastData> load_forecast_data(const std::filesystem::path& data_dir) {
  ForecastData d;
  d.data_dir = data_dir;
  DERMASIM_TRY_ASSIGN(d.model, ReducedModel::load(data_dir / "forecast" / "reduced_model.toml"));
  DERMASIM_TRY_ASSIGN(
      d.scales, skin::load_clinical_scale_parameters(data_dir / "dermis" / "clinical_scales.toml"));
  DERMASIM_TRY_ASSIGN(d.epidermis,
                      skin::load_tissue_parameters(data_dir / "epidermis" / "tissue.toml"));
  DERMASIM_TRY_ASSIGN(d.dermis, skin::load_dermis_parameters(data_dir / "dermis" / "dermis.toml"));
  DERMASIM_TRY_ASSIGN(d.modifiers,
                      skin::load_modifier_parameters(data_dir / "dermis" / "modifiers.toml"));
  DERMASIM_TRY_ASSIGN(d.catalogs, treatment::load_treatment_catalogs(data_dir, {}));
  DERMASIM_TRY_ASSIGN(d.zones, patient::load_zone_catalog(data_dir / "zones.toml"));
  DERMASIM_TRY_ASSIGN(d.rules, patient::ContraindicationRules::load(data_dir / "patient" /
                                                                    "contraindications.toml"));
  skin::LifestyleProfile person;
  person.age_years = d.model.reference_age_years;
  person.cigarettes_per_day = d.model.reference_cigarettes_per_day;
  d.reference = skin::dermis_modifiers(person, d.modifiers);
  return d;
}

double patient_responsiveness(const ForecastData& data, const patient::PatientProfile& patient) {
  return responsiveness(skin::dermis_modifiers(patient::tissue_lifestyle(patient), data.modifiers),
                        data.reference);
}

Status check_program_zones(const patient::PatientProfile& patient,
                           const treatment::TreatmentSchedule& program) {
  for (std::size_t s = 0; s < program.sessions.size(); ++s)
    for (const treatment::ZoneTreatment& zone : program.sessions[s].zones)
      if (patient.zone(zone.zone) == nullptr)
        return fail(Error::invalid_input(
            "the program treats zone '" + zone.zone +
                "', which the patient's profile does not "
                "assess; add it to the profile's [[zone]] tables or remove it from the program",
            "session[" + std::to_string(s) + "].zone." + zone.zone));
  return {};
}

namespace {

patient::Treatment product_treatment(treatment::Route route) {
  switch (route) {
    case treatment::Route::topical:
      return patient::Treatment::topical;
    case treatment::Route::channels:
      return patient::Treatment::needling;
    case treatment::Route::injection:
      return patient::Treatment::injection;
    case treatment::Route::oral:
      return patient::Treatment::oral;
    case treatment::Route::fat_transfer:
      return patient::Treatment::fat_transfer;
  }
  return patient::Treatment::topical;
}

}  // namespace

Status check_program_safety(const ForecastData& data, const patient::PatientProfile& patient,
                            const treatment::TreatmentSchedule& program) {
  const std::vector<patient::Finding> findings =
      patient::evaluate_contraindications(data.rules, patient);
  for (std::size_t s = 0; s < program.sessions.size(); ++s)
    for (const treatment::ZoneTreatment& zone : program.sessions[s].zones) {
      const std::string key = "session[" + std::to_string(s) + "].zone." + zone.zone;
      std::vector<patient::Treatment> used;
      const patient::ZoneGeometry geometry =
          patient::zone_geometry(data.zones, *patient.zone(zone.zone));
      for (const treatment::NeedlingPass& pass : zone.passes) {
        used.push_back(patient::Treatment::needling);
        if (pass.depth_mm > geometry.max_needle_depth_mm + 1e-9)
          return fail(
              Error::invalid_input("needle depth " + engine::detail::format_number(pass.depth_mm) +
                                       " mm exceeds the " + zone.zone + "'s maximum of " +
                                       engine::detail::format_number(geometry.max_needle_depth_mm) +
                                       " mm (REFERENCE §F2, data/zones.toml)",
                                   key + ".pass.depth_mm"));
      }
      for (const treatment::LaserSettings& laser : zone.lasers) {
        const treatment::Laser* known = data.catalogs.lasers.find(laser.laser);
        used.push_back(known != nullptr && known->ablative
                           ? patient::Treatment::ablative_laser
                           : patient::Treatment::non_ablative_laser);
      }
      for (const treatment::ProductUse& use : zone.products)
        used.push_back(product_treatment(use.route));
      for (const patient::Treatment t : used)
        if (const std::string rule = patient::absolute_reasons(findings, t, zone.zone);
            !rule.empty())
          return fail(Error{ErrorCategory::contraindicated,
                            std::string(patient::treatment_name(t)) +
                                " is contraindicated in the " + zone.zone + ": " + rule,
                            key});
    }
  return {};
}

ZoneSetting zone_base(const ForecastData& data, const patient::PatientProfile& patient,
                      const patient::ZoneProfile& zone) {
  ZoneSetting setting;
  setting.zone = zone.id;
  setting.profile = &zone;
  setting.geometry = patient::zone_geometry(data.zones, zone);
  setting.skin = {
      .fitzpatrick = patient.fitzpatrick,
      .plexus_depth_um = setting.geometry.epidermis_um + data.dermis.geometry.papillary_um};
  return setting;
}

Result<ZoneSetting> zone_setting(const ForecastData& data, const patient::PatientProfile& patient,
                                 const patient::ZoneProfile& zone,
                                 const treatment::TreatmentSchedule& program) {
  ZoneSetting setting = zone_base(data, patient, zone);
  DERMASIM_TRY_ASSIGN(setting.stimuli, zone_stimuli(program, zone.id, data.catalogs, setting.skin));
  return setting;
}

std::vector<ZoneObservable> zone_observables(const ForecastData& data,
                                             const patient::PatientProfile& patient,
                                             const ZoneSetting& zone) {
  std::vector<ZoneObservable> out;
  const auto pih = course_pih(zone.stimuli);
  for (const patient::Concern& concern : zone.profile->concerns)
    add_concern(data, patient.fitzpatrick, concern, pih, out);
  out.push_back(observable("pih_probability", pih));
  const double epidermis_um = zone.geometry.epidermis_um;
  const double collagen = data.model.baseline_collagen_mg_per_ml;
  const double elastin = data.model.baseline_elastin_mg_per_ml;
  out.push_back(observable("epidermal_thickness_um",
                           [epidermis_um](const TissuePaths& x, std::size_t i, double m) {
                             return epidermis_um * x.value(Tissue::epidermis, i, m);
                           }));
  out.push_back(
      observable("collagen_mg_per_ml", [collagen](const TissuePaths& x, std::size_t i, double m) {
        return collagen * x.value(Tissue::dermal_collagen, i, m);
      }));
  out.push_back(
      observable("elastin_mg_per_ml", [elastin](const TissuePaths& x, std::size_t i, double m) {
        return elastin * x.value(Tissue::elastin, i, m);
      }));
  return out;
}

double forecast_horizon_days(const ForecastOptions& options,
                             const treatment::TreatmentSchedule& program) {
  if (options.horizon_days > 0.0) return options.horizon_days;
  const double last = program.sessions.empty() ? 0.0 : program.sessions.back().day;
  return std::max(365.0, last + 180.0);
}

const ObservableBand* PatientForecast::find(std::string_view zone,
                                            std::string_view observable) const {
  for (const ObservableBand& b : bands)
    if (b.zone == zone && b.observable == observable) return &b;
  return nullptr;
}

Result<PatientForecast> forecast_program(const ForecastData& data,
                                         const patient::PatientProfile& patient,
                                         const treatment::TreatmentSchedule& program,
                                         const ResponseBelief& belief,
                                         const ForecastOptions& options) {
  DERMASIM_TRY(check_program_zones(patient, program));
  DERMASIM_TRY(treatment::check_schedule(program, data.catalogs));
  DERMASIM_TRY(check_program_safety(data, patient, program));
  PatientForecast forecast;
  forecast.responsiveness = patient_responsiveness(data, patient);
  const std::vector<double> t =
      time_grid(forecast_horizon_days(options, program), options.step_days);
  for (const patient::ZoneProfile& zone : patient.zones) {
    DERMASIM_TRY_ASSIGN(ZoneSetting setting, zone_setting(data, patient, zone, program));
    const TissuePaths paths = tissue_paths(data.model, setting.stimuli, forecast.responsiveness, t);
    for (const ZoneObservable& o : zone_observables(data, patient, setting))
      forecast.bands.push_back(band(o, zone.id, paths, belief));
    forecast.zones.push_back(std::move(setting));
  }
  return forecast;
}

nlohmann::json forecast_json(const PatientForecast& forecast) {
  nlohmann::json observables = nlohmann::json::object();
  for (const ObservableBand& b : forecast.bands)
    observables[b.zone + "." + b.observable] = {{"zone", b.zone},     {"observable", b.observable},
                                                {"t_days", b.t_days}, {"median", b.median},
                                                {"p05", b.p05},       {"p95", b.p95},
                                                {"unit", b.unit}};
  return {{"observables", observables}};
}

}  // namespace dermasim::forecast
