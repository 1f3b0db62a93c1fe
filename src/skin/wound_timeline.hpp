// Validation case `wound-timeline`: the phases of healing after an excisional wound against
// REFERENCE §E1 (inflammation, proliferation, myofibroblasts, collagen types, tensile strength).
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "skin/dermis_tissue.hpp"

namespace dermasim::skin {

// Observables of the wound sampled every `interval_h` from the injury on.
struct WoundTrajectory {
  double interval_h = 6.0;
  std::vector<DermisObservables> samples;  // samples[i] at i × interval_h after the injury
};

// Punches a cylinder through the epidermis into the dermis of a cheek block at t = 0 and records
// the wound for `days`: 1.5 mm block with a 1-mm punch at full size, 0.6 mm with a 0.4-mm punch
// reduced.
Result<WoundTrajectory> run_wound(const std::filesystem::path& data_dir, ValidationSize size,
                                  double days);

// The timeline of the mean of two wounds (reduced) or six (full) against REFERENCE §E1.
Result<ValidationCase> run_wound_timeline(const std::filesystem::path& data_dir,
                                          ValidationSize size);

}  // namespace dermasim::skin
