// The analytic homeostatic state of the SP-model epidermis: compartment sizes, thickness and
// pigment per mm², the targets that tissue scenarios start from and that tests check against.
#pragma once

#include "skin/progenitor_kinetics.hpp"
#include "skin/tissue_parameters.hpp"

namespace dermasim::skin {

struct EpidermalSteadyState {
  double germinative_per_mm2 = 0.0;
  double stratification_per_mm2_per_day = 0.0;  // F = λρN_g (each division makes one B on average)
  double viable_suprabasal_per_mm2 = 0.0;       // F × viable transit
  double corneocytes_per_mm2 = 0.0;             // F × stratum corneum transit
  double viable_um = 0.0;                       // (N_g + suprabasal) × nucleated cell volume
  double stratum_corneum_um = 0.0;              // corneocytes × corneocyte volume
  double total_um() const { return viable_um + stratum_corneum_um; }
};

// The steady state at germinative density `germinative_per_mm2` (REFERENCE §B2 relation 1).
EpidermalSteadyState steady_state(const ProgenitorKinetics& kinetics,
                                  const GeometryParameters& geometry, double germinative_per_mm2);

// The germinative density whose steady state has the zone's whole-epidermis thickness: a thicker
// epidermis has more basal cells per mm² of skin surface (more basement membrane in its rete
// ridges) with the same kinetics per cell.
double germinative_density_for_thickness(const ProgenitorKinetics& kinetics,
                                         const GeometryParameters& geometry, double epidermis_um);

// Steady epidermal melanin per unit synthesis rate (days): melanin delivered evenly to basal cells
// stays 2ρ/λ in progenitors (halved at each division, passed on to post-mitotic daughters) plus 1/Γ
// in post-mitotic basal cells, then decays at rate k through the fixed suprabasal and cornified
// transits: M/P = 2ρ/λ + 1/Γ + (1 − e^{−k(T_v + T_sc)})/k. Derived here for exponential cycles.
double melanin_residence_days(const ProgenitorKinetics& kinetics, double degradation_per_day);

// The basal part of that steady state per cell, for melanin made at `per_basal_cell_per_day` per
// basal cell: 2s/λ in a progenitor and s/(Γ(1 − ρ)) in a post-mitotic basal cell.
struct BasalMelanin {
  double progenitor = 0.0;
  double post_mitotic = 0.0;
};
BasalMelanin steady_basal_melanin(const ProgenitorKinetics& kinetics,
                                  double per_basal_cell_per_day);

}  // namespace dermasim::skin
