// How much of a product's active reaches the dermis by each route (intact skin, hair follicles,
// injection depot, oral, fat graft): pure functions of the route parameters, no tissue.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace dermasim::treatment {

// Defaults equal data/treatment/routes.toml, where each value's source or [assumed] reason is.
struct RouteParameters {
  // Intact skin: Potts & Guy 1992, log10 kp[cm/h] = a + b·log10(Kow) − c·MW (REFERENCE §F3's
  // 500-Da rule: proteins far above 500 Da do not pass).
  double potts_guy_intercept = -2.7;
  double potts_guy_log_kow_slope = 0.71;
  double potts_guy_mass_slope_per_da = 0.0061;
  double protein_log_kow = -3.0;  // [assumed] hydrophilic proteins
  // Usual topical amount per application, for callers that do not give their own. [assumed]
  double topical_volume_ul_per_cm2 = 1.0;
  // How long a home-care leave-on product works on the skin. [assumed]
  double leave_on_h = 8.0;
  // Follicular (appendageal) route for large molecules: share of the applied surface dose per
  // application that reaches the papillary dermis. [assumed] until fitted to calibration target 7.
  double follicular_fraction_per_application = 1e-4;
  double follicular_mass_cutoff_da = 100000;  // above this, none
  // Keratinocyte relay: growth factors on intact skin do not cross it, but keratinocytes answer
  // them (and a product's small actives) with their own TGF-β1 into the papillary dermis: ng of
  // TGF-β1 arriving per ng of growth factors applied. [fitted] to calibration target 7.
  double relay_ng_per_applied_ng = 4000.0;
  // Intradermal injection depot: release half-life of a protein depot, and the tissue volume one
  // injected microlitre spreads through (the fluid fills only the interstitial space).
  double depot_release_half_life_h = 6.0;
  double depot_tissue_ul_per_injected_ul = 3.0;
  // Oral: bioavailability of intact proteins and peptides, of small molecules, and dilution into
  // body water as far as the dermal interstitium. Above the mass threshold an active is a protein.
  double oral_protein_bioavailability = 1e-6;
  double oral_small_molecule_bioavailability = 0.3;
  double oral_protein_mass_threshold_da = 1000;
  double body_water_ml = 42000;
  // Time constant of a daily oral dose's dermal exposure. [assumed]
  double oral_exposure_time_constant_h = 12.0;
  // Fat transfer: long-term graft volume retention, and adipose-derived stem cells per mL of
  // graft.
  double fat_graft_survival = 0.5;
  double adsc_per_ml_graft = 1e5;
  // Time constant of the graft's secretome release. [assumed]
  double graft_secretome_time_constant_h = 14.0 * 24.0;
};

// Loads data/treatment/routes.toml.
Result<RouteParameters> load_route_parameters(const std::filesystem::path& path);

// Permeability coefficient of intact stratum corneum, cm/h (Potts–Guy).
double intact_skin_permeability_cm_per_h(double molecular_mass_da, double log_kow,
                                         const RouteParameters& p);

// ng per cm² reaching the viable epidermis over `hours` from a surface concentration: steady-state
// flux kp·C, the donor not depleted (an upper bound for a finite dose).
double intact_skin_dose_ng_per_cm2(double concentration_ng_per_ml, double molecular_mass_da,
                                   double log_kow, double hours, const RouteParameters& p);

// Follicular dose, ng/cm², from one application of `volume_ul_per_cm2` at concentration c; zero
// above the mass cutoff.
// ng/cm² of TGF-β1 the keratinocyte relay releases for one application of growth factors at
// `concentration_ng_per_ml` (all of them together).
double relay_dose_ng_per_cm2(double concentration_ng_per_ml, double volume_ul_per_cm2,
                             const RouteParameters& p);

double follicular_dose_ng_per_cm2(double concentration_ng_per_ml, double molecular_mass_da,
                                  double volume_ul_per_cm2, const RouteParameters& p);

// Oral: peak interstitial concentration (ng/mL) from `dose_mg` of an active of mass M (a protein
// if M is above the protein mass threshold): dose × bioavailability / body water.
double oral_dermal_concentration_ng_per_ml(double dose_mg, double molecular_mass_da,
                                           const RouteParameters& p);

// Injection depot: share of the depot released after `hours` (1 − 2^(−t/t½)); 0 before.
double depot_released_fraction(double hours, const RouteParameters& p);

// Share of the depot released between t0 and t1 hours after injection.
double depot_released_fraction_between(double start_h, double end_h, const RouteParameters& p);

// Radius (µm) of the sphere of tissue an injected volume spreads through.
double depot_radius_um(double injected_ul, const RouteParameters& p);

// Fat transfer: graft volume and adipose-derived stem cells that survive long term.
double surviving_graft_ml(double injected_ml, const RouteParameters& p);
double surviving_adsc_count(double injected_ml, const RouteParameters& p);

}  // namespace dermasim::treatment
