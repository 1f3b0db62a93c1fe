// Size, free diffusivity and decay rate of diffusing proteins from mass, temperature and half-life.
#include "skin/molecular_transport.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace dermasim::skin {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double boltzmann_j_per_k = 1.380649e-23;  // exact (SI 2019)
constexpr double smooth_sphere_nm_per_cube_root_da = 0.066;
constexpr double metre_in_nm = 1e9;
constexpr double m2_per_s_in_um2_per_h = 1e12 * 3600.0;

bool positive_finite(double value) {
  return std::isfinite(value) && value > 0.0;
}

}  // namespace

double hydrodynamic_radius_nm(double molecular_mass_da) {
  if (!positive_finite(molecular_mass_da)) return not_a_number;
  return globular_stokes_ratio * smooth_sphere_nm_per_cube_root_da * std::cbrt(molecular_mass_da);
}

double stokes_einstein_diffusion_um2_per_h(double radius_nm, double temperature_k,
                                           double viscosity_pa_s) {
  if (!positive_finite(radius_nm) || !positive_finite(temperature_k) ||
      !positive_finite(viscosity_pa_s))
    return not_a_number;
  const double radius_m = radius_nm / metre_in_nm;
  const double diffusion_m2_per_s =
      boltzmann_j_per_k * temperature_k / (6.0 * std::numbers::pi * viscosity_pa_s * radius_m);
  return diffusion_m2_per_s * m2_per_s_in_um2_per_h;
}

double decay_per_h_from_half_life_h(double half_life_h) {
  if (!positive_finite(half_life_h)) return not_a_number;
  return std::numbers::ln2 / half_life_h;
}

}  // namespace dermasim::skin
