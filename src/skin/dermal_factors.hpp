// The diffusing signals of the dermis (growth factors, cytokines, matrix proteases and their
// inhibitor, oxygen): mass, half-life and effective tissue diffusivity, loaded from TOML.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dermasim::skin {

// Every factor the dermis model needs, in the order FactorTable::factors holds them.
inline constexpr std::array<std::string_view, 12> dermal_factor_names = {
    "egf", "kgf",       "tgf_beta1", "pdgf",        "fgf2",       "vegf",
    "il1", "tnf_alpha", "il10",      "collagenase", "gelatinase", "timp",
};

struct FactorParameters {
  std::string name;
  double molecular_mass_da = 0.0;
  double half_life_h = 0.0;
  double hindrance = 1.0;  // tissue / free diffusivity (tortuosity, crowding, matrix binding)
  // Effective tissue diffusivity: Stokes–Einstein at 37 °C from the mass × hindrance, or the
  // file's measured diffusion_um2_per_h where it gives one.
  double diffusion_um2_per_h = 0.0;
  double decay_per_h = 0.0;  // ln 2 / half_life_h
  std::string source;        // the file's one-line provenance of mass, half-life and hindrance
};

// Oxygen in partial-pressure units (mmHg), the convention of PhysiCell's oxygen field.
struct OxygenParameters {
  double diffusion_um2_per_h = 0.0;
  double decay_per_h = 0.0;  // none in tissue: oxygen is lost only by consumption
  double plexus_mmhg = 0.0;  // held at the subpapillary plexus
  double solubility_umol_per_l_per_mmhg = 0.0;
  double max_consumption_mmhg_per_h = 0.0;  // tissue consumption (Michaelis–Menten maximum)
  double consumption_half_max_mmhg = 0.0;
  std::string source;

  double plexus_umol_per_l() const { return plexus_mmhg * solubility_umol_per_l_per_mmhg; }
};

struct FactorTable {
  std::vector<FactorParameters> factors;  // in dermal_factor_names order, whatever the file's
  OxygenParameters oxygen;

  // Position of the factor called `name` in `factors`, or -1. Resolve names once, at set-up.
  int index(std::string_view name) const;
};

// Loads data/dermis/factors.toml-shaped files: one [[factor]] per dermal_factor_names entry (each
// exactly once) and an [oxygen] table. Errors (invalid_input) name file:line:column and the key:
// unknown keys or factor names (with a suggestion), missing or duplicate factors, values <= 0.
Result<FactorTable> load_factor_table(const std::filesystem::path& path);

}  // namespace dermasim::skin
