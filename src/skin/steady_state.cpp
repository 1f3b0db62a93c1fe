// Analytic homeostatic state of the SP-model epidermis.
#include "skin/steady_state.hpp"

#include <cmath>

namespace dermasim::skin {
namespace {
constexpr double days_per_week = 7.0;
constexpr double um3_per_mm2_to_um = 1e-6;  // (cells/mm²)·µm³ → µm: 1 mm² = 10⁶ µm²
}  // namespace

EpidermalSteadyState steady_state(const ProgenitorKinetics& kinetics,
                                  const GeometryParameters& geometry, double germinative_per_mm2) {
  EpidermalSteadyState s;
  s.germinative_per_mm2 = germinative_per_mm2;
  s.stratification_per_mm2_per_day = kinetics.division_per_week / days_per_week *
                                     kinetics.progenitor_fraction * germinative_per_mm2;
  s.viable_suprabasal_per_mm2 =
      s.stratification_per_mm2_per_day * kinetics.viable_suprabasal_transit_days;
  s.corneocytes_per_mm2 = s.stratification_per_mm2_per_day * kinetics.stratum_corneum_transit_days;
  s.viable_um = (germinative_per_mm2 + s.viable_suprabasal_per_mm2) *
                geometry.nucleated_cell_volume_um3 * um3_per_mm2_to_um;
  s.stratum_corneum_um = s.corneocytes_per_mm2 * geometry.corneocyte_volume_um3 * um3_per_mm2_to_um;
  return s;
}

double germinative_density_for_thickness(const ProgenitorKinetics& kinetics,
                                         const GeometryParameters& geometry, double epidermis_um) {
  // Thickness is proportional to the germinative density: scale one evaluation.
  return epidermis_um / steady_state(kinetics, geometry, 1.0).total_um();
}

double melanin_residence_days(const ProgenitorKinetics& kinetics, double degradation_per_day) {
  const double lambda = kinetics.division_per_week / days_per_week;
  const double gamma = kinetics.stratification_per_week / days_per_week;  // per day
  const double transit =
      kinetics.viable_suprabasal_transit_days + kinetics.stratum_corneum_transit_days;
  const double suprabasal = degradation_per_day > 0.0
                                ? -std::expm1(-degradation_per_day * transit) / degradation_per_day
                                : transit;
  return 2.0 * kinetics.progenitor_fraction / lambda + 1.0 / gamma + suprabasal;
}

BasalMelanin steady_basal_melanin(const ProgenitorKinetics& kinetics,
                                  double per_basal_cell_per_day) {
  const double lambda = kinetics.division_per_week / days_per_week;
  const double gamma = kinetics.stratification_per_week / days_per_week;
  return {2.0 * per_basal_cell_per_day / lambda,
          per_basal_cell_per_day / (gamma * (1.0 - kinetics.progenitor_fraction))};
}

}  // namespace dermasim::skin
