// Sessions to stimuli (see session_stimuli.hpp).
#include "forecast/session_stimuli.hpp"

#include <algorithm>
#include <numbers>

#include "treatment/pih_risk.hpp"

namespace dermasim::forecast {
namespace {

using treatment::Route;
constexpr double um2_per_cm2 = 1e8;

Stimulus needling_stimulus(double day, const treatment::NeedlingPass& pass,
                           const treatment::TreatmentCatalogs& catalogs, const ZoneSkin& skin) {
  const treatment::ChannelField field = catalogs.devices.channels(pass, 1.0, skin.plexus_depth_um);
  const treatment::PihInputs pih =
      treatment::needling_pih_inputs(skin.fitzpatrick, field, catalogs.pih);
  return {.day = day,
          .to_day = day,
          .modality = Modality::needling,
          .density_per_cm2 = field.density_per_cm2,
          .depth_um = field.depth_um,
          .pih_probability = treatment::pih_probability(pih, catalogs.pih)};
}

Stimulus laser_stimulus(double day, const treatment::LaserSettings& settings,
                        const treatment::TreatmentCatalogs& catalogs, const ZoneSkin& skin) {
  const treatment::LaserColumns columns = catalogs.lasers.columns(settings);
  const double radius_um = columns.radius_um + columns.coagulation_rim_um;
  const treatment::PihInputs pih =
      treatment::laser_pih_inputs(skin.fitzpatrick, columns, catalogs.pih);
  return {.day = day,
          .to_day = day,
          .modality = columns.ablative ? Modality::ablative_laser : Modality::nonablative_laser,
          .density_per_cm2 = columns.density_per_cm2,
          .depth_um = columns.depth_um,
          .coverage = std::min(1.0, columns.density_per_cm2 * std::numbers::pi * radius_um *
                                        radius_um / um2_per_cm2),
          .pih_probability = treatment::pih_probability(pih, catalogs.pih)};
}

// Growth factors applied, ng per cm² of skin.
Result<double> growth_factor_dose(const treatment::ProductUse& use,
                                  const treatment::TreatmentCatalogs& catalogs) {
  DERMASIM_TRY_ASSIGN(const treatment::Product* product, catalogs.products.find(use.product));
  return product->growth_factor_ng_per_ml() * use.volume_ul_per_cm2 / 1000.0;
}

Status add_product(double day, const treatment::ProductUse& use,
                   const treatment::TreatmentCatalogs& catalogs, std::vector<Stimulus>& out) {
  if (use.route == Route::fat_transfer)
    return fail(Error::invalid_input(
        "fat transfer is outside the forecast's reduced model; simulate it with `dermasim "
        "simulate` (data/scenarios/route_fat_transfer.toml shows how)",
        "route"));
  if (use.route == Route::oral) return {};
  DERMASIM_TRY_ASSIGN(const double dose, growth_factor_dose(use, catalogs));
  const Modality modality = use.route == Route::channels    ? Modality::channels_product
                            : use.route == Route::injection ? Modality::injection_product
                                                            : Modality::topical_product;
  // A single topical application in a session counts as one day's dose.
  out.push_back({.day = day, .to_day = day + 1.0, .modality = modality, .dose_ng_per_cm2 = dose});
  return {};
}

Status add_home_care(const treatment::HomeCare& care, const treatment::TreatmentCatalogs& catalogs,
                     std::vector<Stimulus>& out) {
  for (const treatment::HomeTopical& topical : care.topicals) {
    treatment::ProductUse use;
    use.product = topical.product;
    use.volume_ul_per_cm2 = topical.volume_ul_per_cm2 * topical.times_per_day;
    DERMASIM_TRY_ASSIGN(const double dose_per_day, growth_factor_dose(use, catalogs));
    out.push_back({.day = topical.from_day,
                   .to_day = topical.to_day,
                   .modality = Modality::topical_product,
                   .dose_ng_per_cm2 = dose_per_day});
  }
  return {};
}

}  // namespace

Result<std::vector<Stimulus>> zone_stimuli(const treatment::TreatmentSchedule& schedule,
                                           std::string_view zone,
                                           const treatment::TreatmentCatalogs& catalogs,
                                           const ZoneSkin& skin) {
  std::vector<Stimulus> out;
  for (const treatment::Session& session : schedule.sessions) {
    for (const treatment::ZoneTreatment& treated : session.zones) {
      if (treated.zone != zone) continue;
      for (const treatment::NeedlingPass& pass : treated.passes)
        out.push_back(needling_stimulus(session.day, pass, catalogs, skin));
      for (const treatment::LaserSettings& laser : treated.lasers)
        out.push_back(laser_stimulus(session.day, laser, catalogs, skin));
      for (const treatment::ProductUse& use : treated.products)
        DERMASIM_TRY(add_product(session.day, use, catalogs, out));
    }
  }
  DERMASIM_TRY(add_home_care(schedule.home_care, catalogs, out));
  std::stable_sort(out.begin(), out.end(),
                   [](const Stimulus& a, const Stimulus& b) { return a.day < b.day; });
  return out;
}

double responsiveness(const skin::DermisModifiers& person, const skin::DermisModifiers& reference) {
  auto synthesis = [](const skin::DermisModifiers& m) {
    return m.fibroblast_density_scale * m.procollagen_per_cell_scale * m.collagen1_synthesis_scale;
  };
  return synthesis(person) / synthesis(reference);
}

}  // namespace dermasim::forecast
