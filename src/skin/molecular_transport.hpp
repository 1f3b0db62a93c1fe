// Physical estimates for diffusing proteins where no tissue value exists: size from mass, free
// diffusivity from size (Stokes–Einstein), decay rate from half-life.
#pragma once

namespace dermasim::skin {

inline constexpr double body_temperature_k = 310.15;  // 37 °C
inline constexpr double water_viscosity_37c_pa_s = 0.69e-3;
inline constexpr double cm2_per_s_in_um2_per_h = 1e8 * 3600.0;  // 1 cm²/s = 3.6e11 µm²/h

// Ratio of a real globular protein's Stokes radius to the radius of a smooth sphere of its mass
// and density (Erickson 2009: f/f_min, typically about 1.2 for globular proteins) [R].
inline constexpr double globular_stokes_ratio = 1.2;

// Hydrodynamic (Stokes) radius of a globular protein: R_min = 0.066 M^(1/3) nm for M in Da, the
// smooth sphere of protein density 1.37 g/cm³, times globular_stokes_ratio (Erickson HP 2009, Biol
// Proced Online 11:32–51, doi:10.1007/s12575-009-9008-x). Gives 1.44, 2.32, 2.92 nm for 6, 25 and
// 50 kDa against REFERENCE §E2's 1.5, 2.3, 3.0 nm. Precondition: mass > 0; returns NaN otherwise
// (programmer error: masses come from checked data files).
double hydrodynamic_radius_nm(double molecular_mass_da);

// Free-solution diffusivity D = k_B T / (6 π η R) of a sphere of radius `radius_nm`, in µm²/h.
// Defaults: 37 °C water. Preconditions: every argument > 0; returns NaN otherwise.
double stokes_einstein_diffusion_um2_per_h(double radius_nm,
                                           double temperature_k = body_temperature_k,
                                           double viscosity_pa_s = water_viscosity_37c_pa_s);

// First-order decay rate k = ln 2 / t½ in 1/h. Precondition: half-life > 0; returns NaN otherwise.
double decay_per_h_from_half_life_h(double half_life_h);

}  // namespace dermasim::skin
