// Benchmark B2's micro-needling slab: workload and metrics (see needling_slab.hpp).
#include "treatment/needling_slab.hpp"

#include <algorithm>
#include <cmath>

#include "engine/toml_reader.hpp"
#include "skin/dermis_tissue.hpp"
#include "treatment/channel_closure.hpp"
#include "treatment/product_catalog.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::Presence;
using engine::detail::TableReader;

constexpr std::array<std::string_view, 1> slab_tables = {"b2"};
constexpr double refilled_share = 0.95;
constexpr double deposit_radius_um = 100.0;

struct SlabKeys {
  std::string serum, data = "../data";
  double serum_contact_min = 30.0, il1_ng_per_ml = 0.0, cytokine_h = 1.0;
};

Result<SlabKeys> read_slab_keys(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "B2 workload"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  for (const auto& [key, node] : root)
    if (key.str() != "b2") reader.has(key.str());
  SlabKeys keys;
  engine::detail::read_section(reader, "b2", Presence::required, [&](TableReader& r) {
    r.read_string("serum", Presence::required, keys.serum);
    r.read_string("data", Presence::optional, keys.data);
    r.read_number("serum_contact_min", engine::detail::positive, 1.0, Presence::required,
                  keys.serum_contact_min);
    r.read_number("injury_il1_ng_per_ml", engine::detail::non_negative, 1.0, Presence::required,
                  keys.il1_ng_per_ml);
    r.read_number("injury_cytokine_h", engine::detail::positive, 1.0, Presence::required,
                  keys.cytokine_h);
  });
  DERMASIM_TRY(reader.finish());
  return keys;
}

skin::FactorSupply channel_supply(int factor, double level, double end_h, double tau_h) {
  skin::FactorSupply s;
  s.factor = factor;
  s.region = skin::SupplyRegion::channels;
  s.mode = skin::SupplyMode::held;
  s.level_ng_per_ml = level;
  s.end_h = end_h;
  s.time_constant_h = tau_h;
  return s;
}

// Top-layer voxels within `radius` of an axis, and all voxels within `radius` of it.
struct ChannelVoxels {
  std::vector<std::size_t> surface, column;
};

ChannelVoxels channel_voxels(const engine::VoxelGrid& grid, const std::array<double, 2>& axis,
                             double surface_radius_um, double column_radius_um) {
  ChannelVoxels voxels;
  const int top = grid.count[2] - 1;
  for (int k = 0; k < grid.count[2]; ++k)
    for (int j = 0; j < grid.count[1]; ++j)
      for (int i = 0; i < grid.count[0]; ++i) {
        const double dx = grid.centre_um(0, i) - axis[0], dy = grid.centre_um(1, j) - axis[1];
        const double r2 = dx * dx + dy * dy;
        const double surface_r = std::max(surface_radius_um, 0.71 * grid.voxel_um);
        if (k == top && r2 <= surface_r * surface_r) voxels.surface.push_back(grid.index(i, j, k));
        if (r2 < column_radius_um * column_radius_um) voxels.column.push_back(grid.index(i, j, k));
      }
  return voxels;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

Result<NeedlingSlab> load_needling_slab(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const SlabKeys keys, read_slab_keys(path));
  NeedlingSlab slab;
  DERMASIM_TRY_ASSIGN(slab.dermis, skin::load_dermis_scenario(path, slab_tables));
  for (const skin::Injury& injury : slab.dermis.injuries) {
    if (injury.kind != skin::InjuryKind::needle || injury.at_h != 0.0)
      return fail(Error::invalid_input("B2's channels are needles at t = 0", path.string()));
    slab.channel_axes_um.push_back(injury.centre_um);
    slab.channel_radius_um = injury.radius_um;
  }
  if (slab.channel_axes_um.empty())
    return fail(Error::invalid_input("B2 needs its channels as [[injury]] needles", path.string()));
  const std::filesystem::path data = path.parent_path() / keys.data;
  DERMASIM_TRY_ASSIGN(const ProductCatalog products, ProductCatalog::load(data / "products.toml"));
  DERMASIM_TRY_ASSIGN(const Product* serum, products.find(keys.serum));
  DERMASIM_TRY_ASSIGN(const ChannelClosureParameters closure,
                      load_channel_closure(data / "treatment" / "channels.toml"));
  const double depth_um = slab.dermis.injuries.front().depth_um;
  slab.channel_closure_h = channel_closure_h(depth_um, Occlusion::open_air, closure);
  const double tau_h = slab.channel_closure_h / -std::log(closure.closed_permeability_fraction);
  for (int f = 0; f < skin::factor_count; ++f)
    if (const double c = serum->active_ng_per_ml(f); c > 0.0)
      slab.dermis.supplies.push_back(channel_supply(f, c, keys.serum_contact_min / 60.0, tau_h));
  slab.dermis.supplies.push_back(
      channel_supply(skin::il1, keys.il1_ng_per_ml, keys.cytokine_h, 1e9));
  return slab;
}

Result<SlabMetrics> run_needling_slab(const NeedlingSlab& slab) {
  DERMASIM_TRY_ASSIGN(skin::DermisTissue tissue, skin::DermisTissue::create(slab.dermis));
  const engine::DiffusionSolver& fields = tissue.simulation().fields();
  std::vector<ChannelVoxels> channels;
  for (const auto& axis : slab.channel_axes_um)
    channels.push_back(
        channel_voxels(fields.grid(), axis, slab.channel_radius_um, deposit_radius_um));
  const auto collagen = [&](const ChannelVoxels& c) {
    double sum = 0.0;
    for (std::size_t v : c.column)
      sum += fields.value(v, skin::collagen1) + fields.value(v, skin::collagen3);
    return sum * fields.grid().voxel_volume_um3() * 1e-12 * 1e6;  // mg/mL × mL → ng
  };
  tissue.advance_to_step(1);  // the channels are cut in the first step
  std::vector<double> collagen_start;
  for (const ChannelVoxels& c : channels) collagen_start.push_back(collagen(c));
  std::vector<double> refilled_h(channels.size(), -1.0);
  SlabMetrics m;
  const std::int64_t per_hour = std::max<std::int64_t>(1, tissue.steps_for_hours(1.0));
  while (tissue.step_index() < tissue.end_step()) {
    const std::size_t agents = tissue.simulation().counts().live;
    const std::int64_t next = std::min(tissue.end_step(), tissue.step_index() + per_hour);
    m.agent_steps += static_cast<double>(agents) * static_cast<double>(next - tissue.step_index());
    tissue.advance_to_step(next);
    const skin::DermisObservables o = tissue.observe();
    const double immune_per_mm3 = o.neutrophils_per_mm3 + o.macrophages_per_mm3;
    const double block_mm3 =
        slab.dermis.side_um * slab.dermis.side_um * slab.dermis.depth_um * 1e-9;
    if (immune_per_mm3 * block_mm3 > m.peak_inflammation_cells) {
      m.peak_inflammation_cells = immune_per_mm3 * block_mm3;
      m.peak_inflammation_h = tissue.time_h();
    }
    for (std::size_t c = 0; c < channels.size(); ++c) {
      if (refilled_h[c] >= 0.0) continue;
      double cover = 0.0;
      for (std::size_t v : channels[c].surface) cover += fields.value(v, skin::epidermal_cover);
      if (cover >= refilled_share * static_cast<double>(channels[c].surface.size()))
        refilled_h[c] = tissue.time_h();
    }
  }
  std::vector<double> closed;
  double deposited = 0.0;
  for (std::size_t c = 0; c < channels.size(); ++c) {
    closed.push_back(refilled_h[c] >= 0.0 ? refilled_h[c] : tissue.time_h());
    deposited += collagen(channels[c]) - collagen_start[c];
  }
  m.reepithelialisation_h = median(closed);
  m.channel_closure_h = slab.channel_closure_h;
  m.collagen_per_channel_ng = deposited / static_cast<double>(channels.size());
  m.steps = tissue.step_index();
  m.state_checksum = tissue.simulation().state_checksum_hex();
  return m;
}

}  // namespace dermasim::treatment
