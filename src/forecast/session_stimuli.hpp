// A program's sessions on one zone as the reduced model's stimuli, through the treatment layer's
// devices, lasers, products and PIH inputs (the same catalogs the agent-based runs use).
#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "forecast/reduced_model.hpp"
#include "skin/tissue_modifiers.hpp"
#include "treatment/treatment_scenario.hpp"

namespace dermasim::forecast {

// The zone's skin as the needles meet it.
struct ZoneSkin {
  int fitzpatrick = 2;
  double plexus_depth_um = 280.0;  // epidermis + papillary dermis: channels below it bleed
};

// The stimuli of every session (and home-care topical) of `schedule` on `zone`, in time order.
// Oral products add nothing (bioavailability of proteins ~1e-6, data/treatment/routes.toml); fat
// transfer is outside the reduced model: an error says to simulate it instead.
Result<std::vector<Stimulus>> zone_stimuli(const treatment::TreatmentSchedule& schedule,
                                           std::string_view zone,
                                           const treatment::TreatmentCatalogs& catalogs,
                                           const ZoneSkin& skin);

// How strongly a person's fibroblasts answer, relative to `reference` (the ensemble's person):
// collagen synthesis per volume = density × procollagen per cell × smoking's synthesis scale.
double responsiveness(const skin::DermisModifiers& person, const skin::DermisModifiers& reference);

}  // namespace dermasim::forecast
