// How fast a micro-needle channel closes to a solute on the skin surface (pore closure), with
// and without occlusion: the window in which a serum reaches the dermis through the channel.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace dermasim::treatment {

enum class Occlusion { open_air, occluded };

struct ChannelClosureParameters {
  // Pore closure time = this × √(channel depth in µm): one constant fitted to Kalluri 2011's
  // 12 h (370-µm needles) and 18 h (770-µm needles) at the channel depths of the device model.
  double closure_h_per_sqrt_um = 1.42;
  double occlusion_fold = 6.0;                 // occlusion slows closure this many times
  double closed_permeability_fraction = 0.05;  // "closed": below this share of the open value
};

// Loads data/treatment/channels.toml.
Result<ChannelClosureParameters> load_channel_closure(const std::filesystem::path& path);

// Hours until the channel's permeability falls to the closed fraction.
double channel_closure_h(double channel_depth_um, Occlusion occlusion,
                         const ChannelClosureParameters& p);

// Permeability relative to the fresh channel, `hours_since` after needling: first-order decay
// that reaches the closed fraction at channel_closure_h.
double channel_permeability(double hours_since, double channel_depth_um, Occlusion occlusion,
                            const ChannelClosureParameters& p);

}  // namespace dermasim::treatment
