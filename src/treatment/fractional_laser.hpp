// Fractional lasers (ablative CO2 and Er:YAG, non-ablative 1,540 and 1,550 nm) as data, and the
// microscopic treatment columns a setting makes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "skin/dermis_scenario.hpp"

namespace dermasim::engine::detail {
class TableReader;
}

namespace dermasim::treatment {

enum class LaserKind { co2, er_yag, nafl_1540, nafl_1550 };

// One laser pass setting. Density is given per cm² or as coverage (density_percent, per pass);
// exactly one of the two is non-zero.
struct LaserSettings {
  std::string laser;  // laser id in lasers.toml
  double energy_mj = 0;
  double density_per_cm2 = 0;
  int passes = 1;
  double density_percent = 0;
};

// The columns a setting makes: all passes together.
struct LaserColumns {
  bool ablative = true;  // tissue removed (else only coagulated, epidermis kept)
  double radius_um = 0, depth_um = 0, coagulation_rim_um = 0, density_per_cm2 = 0;
  double heat_inflammation_fold = 1;  // inflammation relative to a needle channel
};

struct Laser {
  std::string id;
  LaserKind kind = LaserKind::co2;
  double wavelength_nm = 0;
  bool ablative = true;
  double min_energy_mj = 0, max_energy_mj = 0;
  double depth_offset_um = 0, depth_um_per_mj = 0;
  double column_diameter_um = 0, coagulation_rim_um = 0;
  double min_density_per_cm2 = 0, max_density_per_cm2 = 0;  // per pass
  double heat_inflammation_fold = 1;
};

struct LaserCatalog {
  std::vector<Laser> lasers;

  // Loads data/treatment/lasers.toml.
  static Result<LaserCatalog> load(const std::filesystem::path& path);

  const Laser* find(std::string_view laser_id) const;

  // Checks a setting against its laser: known id, energy and per-pass density in its range,
  // passes >= 1. `field` is the setting's key path; an error is invalid_input naming
  // `field`.key with the allowed range.
  Status check(const LaserSettings& settings, std::string_view field) const;

  // The columns of a setting that passed check().
  LaserColumns columns(const LaserSettings& settings) const;
};

// Columns per cm² of one pass: the given density, or the coverage over one column's area.
double density_per_pass_per_cm2(const LaserSettings& settings, double column_diameter_um);

// laser_column injuries at random positions (counter-based, deterministic for a seed) in a block
// of side × side µm: as many as the density gives for its area, rounded.
std::vector<skin::Injury> laser_injuries(const LaserColumns& columns, double side_um, double at_h,
                                         std::uint64_t seed);

// Reads one setting: laser, energy_mj, density_per_cm2 or density_percent, passes.
void read_laser_settings(engine::detail::TableReader& r, LaserSettings& s);

}  // namespace dermasim::treatment
