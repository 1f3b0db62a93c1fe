// Benchmark B2's workload, the micro-needling slab (shared/bench/B2.md): a 1-mm³ block of facial
// skin, 16 channels with injury cytokines and a growth-factor serum, 7 days; and its metrics.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "skin/dermis_scenario.hpp"

namespace dermasim::treatment {

struct NeedlingSlab {
  skin::DermisScenario dermis;  // the channels are its [[injury]] needles at t = 0
  std::vector<std::array<double, 2>> channel_axes_um;
  double channel_radius_um = 0.0;
  double channel_closure_h = 0.0;  // permeability below 5 % of open (channel closure model)
};

// Loads bench/b2.toml: a dermis scenario whose needles are the channels, and a [b2] table naming
// the serum (a product of data/products.toml, held in the channels at its catalogue
// concentration for `serum_contact_min`) and the injury cytokine (IL-1 held in the channel
// voxels at `injury_il1_ng_per_ml` for `injury_cytokine_h`).
Result<NeedlingSlab> load_needling_slab(const std::filesystem::path& path);

struct SlabMetrics {
  double reepithelialisation_h = 0.0;  // median over channels: ≥ 95 % of the channel's epidermis
  double channel_closure_h = 0.0;      // median over channels
  double collagen_per_channel_ng = 0.0;  // new collagen I + III within 100 µm of the axis, mean
  double peak_inflammation_cells = 0.0;  // neutrophils + macrophages
  double peak_inflammation_h = 0.0;
  double agent_steps = 0.0;  // Σ over steps of the agents stepped
  std::int64_t steps = 0;
  std::string state_checksum;
};

// Runs the slab to its end (the wall time is the caller's to take).
Result<SlabMetrics> run_needling_slab(const NeedlingSlab& slab);

}  // namespace dermasim::treatment
