// Delivery-route physics (see delivery_routes.hpp) and the reader of data/treatment/routes.toml.
#include "treatment/delivery_routes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/toml_reader.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr double same = engine::detail::same_unit;
constexpr Range share{.min = 0.0, .max = 1.0};
constexpr Range at_least_one{.min = 1.0};
constexpr double ml_per_ul = 1e-3;
constexpr double ng_per_mg = 1e6;
constexpr double cubic_um_per_ul = 1e9;

}  // namespace

Result<RouteParameters> load_route_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "route file"));
  const std::string file = path.string();
  RouteParameters p;
  TableReader reader(root, "", file);
  read_section(reader, "intact_skin", required, [&](TableReader& r) {
    r.read_number("potts_guy_intercept", engine::detail::any_finite, same, required,
                  p.potts_guy_intercept);
    r.read_number("potts_guy_log_kow_slope", non_negative, same, required,
                  p.potts_guy_log_kow_slope);
    r.read_number("potts_guy_mass_slope_per_da", non_negative, same, required,
                  p.potts_guy_mass_slope_per_da);
    r.read_number("protein_log_kow", engine::detail::any_finite, same, required, p.protein_log_kow);
    r.read_number("topical_volume_ul_per_cm2", positive, same, required,
                  p.topical_volume_ul_per_cm2);
    r.read_time("leave_on", engine::detail::in_hours_minutes_or_days, positive, required,
                p.leave_on_h);
  });
  read_section(reader, "follicular", required, [&](TableReader& r) {
    r.read_number("fraction_per_application", share, same, required,
                  p.follicular_fraction_per_application);
    r.read_number("mass_cutoff_da", positive, same, required, p.follicular_mass_cutoff_da);
  });
  read_section(reader, "keratinocyte_relay", required, [&](TableReader& r) {
    r.read_number("dermal_ng_per_applied_ng", engine::detail::non_negative, same, required,
                  p.relay_ng_per_applied_ng);
  });
  read_section(reader, "injection", required, [&](TableReader& r) {
    r.read_time("depot_release_half_life", engine::detail::in_hours_minutes_or_days, positive,
                required, p.depot_release_half_life_h);
    r.read_number("depot_tissue_ul_per_injected_ul", at_least_one, same, required,
                  p.depot_tissue_ul_per_injected_ul);
  });
  read_section(reader, "oral", required, [&](TableReader& r) {
    r.read_number("protein_bioavailability", share, same, required, p.oral_protein_bioavailability);
    r.read_number("small_molecule_bioavailability", share, same, required,
                  p.oral_small_molecule_bioavailability);
    r.read_number("protein_mass_threshold_da", positive, same, required,
                  p.oral_protein_mass_threshold_da);
    r.read_number("body_water_ml", positive, same, required, p.body_water_ml);
    r.read_time("exposure_time_constant", engine::detail::in_hours_minutes_or_days, positive,
                required, p.oral_exposure_time_constant_h);
  });
  read_section(reader, "fat_graft", required, [&](TableReader& r) {
    r.read_number("survival", share, same, required, p.fat_graft_survival);
    r.read_number("adsc_per_ml_graft", non_negative, same, required, p.adsc_per_ml_graft);
    r.read_time("secretome_time_constant", engine::detail::in_hours_minutes_or_days, positive,
                required, p.graft_secretome_time_constant_h);
  });
  DERMASIM_TRY(reader.finish());
  return p;
}

double intact_skin_permeability_cm_per_h(double molecular_mass_da, double log_kow,
                                         const RouteParameters& p) {
  return std::pow(10.0, p.potts_guy_intercept + p.potts_guy_log_kow_slope * log_kow -
                            p.potts_guy_mass_slope_per_da * molecular_mass_da);
}

double intact_skin_dose_ng_per_cm2(double concentration_ng_per_ml, double molecular_mass_da,
                                   double log_kow, double hours, const RouteParameters& p) {
  if (hours <= 0.0 || concentration_ng_per_ml <= 0.0) return 0.0;
  // kp [cm/h] × C [ng/cm³] × t [h] = ng/cm².
  return intact_skin_permeability_cm_per_h(molecular_mass_da, log_kow, p) *
         concentration_ng_per_ml * hours;
}

double relay_dose_ng_per_cm2(double concentration_ng_per_ml, double volume_ul_per_cm2,
                             const RouteParameters& p) {
  return p.relay_ng_per_applied_ng * concentration_ng_per_ml * volume_ul_per_cm2 * 1e-3;
}

double follicular_dose_ng_per_cm2(double concentration_ng_per_ml, double molecular_mass_da,
                                  double volume_ul_per_cm2, const RouteParameters& p) {
  if (molecular_mass_da > p.follicular_mass_cutoff_da) return 0.0;
  const double applied_ng_per_cm2 =
      std::max(concentration_ng_per_ml, 0.0) * std::max(volume_ul_per_cm2, 0.0) * ml_per_ul;
  return p.follicular_fraction_per_application * applied_ng_per_cm2;
}

double oral_dermal_concentration_ng_per_ml(double dose_mg, double molecular_mass_da,
                                           const RouteParameters& p) {
  const double bioavailability = molecular_mass_da > p.oral_protein_mass_threshold_da
                                     ? p.oral_protein_bioavailability
                                     : p.oral_small_molecule_bioavailability;
  return std::max(dose_mg, 0.0) * ng_per_mg * bioavailability / p.body_water_ml;
}

double depot_released_fraction(double hours, const RouteParameters& p) {
  if (hours <= 0.0) return 0.0;
  return 1.0 - std::exp2(-hours / p.depot_release_half_life_h);
}

double depot_released_fraction_between(double start_h, double end_h, const RouteParameters& p) {
  if (end_h <= start_h) return 0.0;
  return depot_released_fraction(end_h, p) - depot_released_fraction(start_h, p);
}

double depot_radius_um(double injected_ul, const RouteParameters& p) {
  const double tissue_um3 =
      std::max(injected_ul, 0.0) * p.depot_tissue_ul_per_injected_ul * cubic_um_per_ul;
  return std::cbrt(3.0 * tissue_um3 / (4.0 * std::numbers::pi));
}

double surviving_graft_ml(double injected_ml, const RouteParameters& p) {
  return std::max(injected_ml, 0.0) * p.fat_graft_survival;
}

double surviving_adsc_count(double injected_ml, const RouteParameters& p) {
  return surviving_graft_ml(injected_ml, p) * p.adsc_per_ml_graft;
}

}  // namespace dermasim::treatment
