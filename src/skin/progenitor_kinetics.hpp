// Kinetics of the epidermis on the single committed-progenitor (SP) model, from a data file.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace dermasim::skin {

// A progenitor (A) divides at rate λ into AA (probability r), AB (1 − 2r) or BB (r); a post-mitotic
// basal cell (B) stratifies at rate Γ; ρ is the share of basal cells that are progenitors.
// REFERENCE.md §B2.
struct ProgenitorKinetics {
  std::string name;
  double division_per_week = 0.0;               // λ
  double symmetric_division_fraction = 0.0;     // r
  double progenitor_fraction = 0.0;             // ρ
  double stratification_per_week = 0.0;         // Γ
  double viable_suprabasal_transit_days = 0.0;  // leaving the basal layer to cornification
  double stratum_corneum_transit_days = 0.0;    // cornification to shedding
  double germinative_cells_per_mm2 = 0.0;       // progenitors + post-mitotic basal cells
};

// Loads kinetics from TOML (keys as the struct's member names); errors name the key and file.
Result<ProgenitorKinetics> load_progenitor_kinetics(const std::filesystem::path& path);

}  // namespace dermasim::skin
