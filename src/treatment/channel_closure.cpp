// Pore closure of micro-needle channels (see channel_closure.hpp).
#include "treatment/channel_closure.hpp"

#include <cmath>

#include "engine/toml_reader.hpp"

namespace dermasim::treatment {

using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::TableReader;

Result<ChannelClosureParameters> load_channel_closure(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "channel file"));
  const std::string file = path.string();
  ChannelClosureParameters p;
  TableReader reader(root, "", file);
  engine::detail::read_section(reader, "closure", Presence::required, [&](TableReader& r) {
    r.read_number("closure_h_per_sqrt_um", engine::detail::positive, 1.0, Presence::required,
                  p.closure_h_per_sqrt_um);
    r.read_number("occlusion_fold", Range{.min = 1.0}, 1.0, Presence::required, p.occlusion_fold);
    r.read_number("closed_permeability_fraction",
                  Range{.min = 0.0, .min_inclusive = false, .max = 1.0, .max_inclusive = false},
                  1.0, Presence::required, p.closed_permeability_fraction);
  });
  DERMASIM_TRY(reader.finish());
  return p;
}

double channel_closure_h(double channel_depth_um, Occlusion occlusion,
                         const ChannelClosureParameters& p) {
  const double fold = occlusion == Occlusion::occluded ? p.occlusion_fold : 1.0;
  return p.closure_h_per_sqrt_um * std::sqrt(std::max(channel_depth_um, 0.0)) * fold;
}

double channel_permeability(double hours_since, double channel_depth_um, Occlusion occlusion,
                            const ChannelClosureParameters& p) {
  if (hours_since < 0.0) return 0.0;
  const double closure_h = channel_closure_h(channel_depth_um, occlusion, p);
  if (closure_h <= 0.0) return 0.0;
  const double rate = -std::log(p.closed_permeability_fraction) / closure_h;
  return std::exp(-rate * hours_since);
}

}  // namespace dermasim::treatment
