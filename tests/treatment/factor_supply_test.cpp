// Factor supplies on a small dermis block: released depots conserve their first-order release in
// the ledger, held supplies keep their region at the level, channel supplies reach only the voxels
// opened at their reference time.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "skin/dermis_tissue.hpp"
#include "support/threads.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";
constexpr int factor = egf;
constexpr std::array<DermalLayer, 4> all_layers = {DermalLayer::epidermis, DermalLayer::papillary,
                                                   DermalLayer::reticular, DermalLayer::hypodermis};

DermisScenario small_block(double hours) {
  DermisBlock block;
  block.side_um = 300.0;
  block.depth_um = 600.0;
  block.voxel_um = 30.0;
  block.duration_h = hours;
  block.seed = 5;
  auto scenario = dermis_scenario_from_data(data_dir, block, {});
  EXPECT_TRUE(scenario.has_value()) << scenario.error().message;
  return scenario ? *scenario : DermisScenario{};
}

// EGF kept where it is put (no diffusion, no decay, none from platelets), so that what a supply
// leaves in a voxel can be read back after the step.
DermisScenario still_egf_block(double hours) {
  DermisScenario scenario = small_block(hours);
  scenario.factors.factors[factor].diffusion_um2_per_h = 0.0;
  scenario.factors.factors[factor].decay_per_h = 0.0;
  scenario.parameters.platelets.egf_fg = 0.0;
  return scenario;
}

DermisTissue make(DermisScenario scenario) {
  auto tissue = DermisTissue::create(std::move(scenario));
  EXPECT_TRUE(tissue.has_value()) << tissue.error().message;
  return std::move(*tissue);
}

void advance_to(DermisTissue& tissue, double hours) {
  tissue.advance_to_step(tissue.step_at(hours));
}

double delivered_total(const DermisTissue& tissue) {
  double total = 0.0;
  for (DermalLayer layer : all_layers) total += tissue.delivered_ng(factor, layer);
  return total;
}

std::vector<double> egf_values(const DermisTissue& tissue) {
  const engine::DiffusionSolver& fields = tissue.simulation().fields();
  std::vector<double> values(fields.grid().voxel_total());
  for (std::size_t v = 0; v < values.size(); ++v) values[v] = fields.value(v, factor);
  return values;
}

std::size_t voxels_per_layer(const DermisTissue& tissue) {
  const engine::VoxelGrid& grid = tissue.simulation().fields().grid();
  return static_cast<std::size_t>(grid.count[0]) * static_cast<std::size_t>(grid.count[1]);
}

FactorSupply released(SupplyRegion region, double time_constant_h, double end_h) {
  FactorSupply s;
  s.factor = factor;
  s.region = region;
  s.mode = SupplyMode::released;
  s.start_h = 0.0;
  s.end_h = end_h;
  s.time_constant_h = time_constant_h;
  return s;
}

FactorSupply held(SupplyRegion region, double level_ng_per_ml, double end_h) {
  FactorSupply s;
  s.factor = factor;
  s.region = region;
  s.mode = SupplyMode::held;
  s.start_h = 0.0;
  s.end_h = end_h;
  s.level_ng_per_ml = level_ng_per_ml;
  s.time_constant_h = 1e12;  // the level stays put over the test
  return s;
}

TEST(SupplyDepot, DermisReleaseArrivesInTheLedgerAsTheFirstOrderRelease) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = small_block(4.0);
  const double amount_ng_per_cm2 = 50.0, tau_h = 1.5;
  FactorSupply depot = released(SupplyRegion::dermis, tau_h, 100.0);
  depot.amount_ng_per_cm2 = amount_ng_per_cm2;
  scenario.supplies.push_back(depot);
  DermisTissue tissue = make(scenario);
  const double area_cm2 = 300.0 * 300.0 * 1e-8;
  for (double hours : {0.25, 1.0, 2.5, 4.0}) {
    advance_to(tissue, hours);
    const double expected = amount_ng_per_cm2 * area_cm2 * -std::expm1(-hours / tau_h);
    EXPECT_NEAR(delivered_total(tissue), expected, 1e-9 * expected) << hours << " h";
  }
  EXPECT_EQ(tissue.delivered_ng(factor, DermalLayer::epidermis), 0.0);
  EXPECT_EQ(tissue.delivered_ng(factor, DermalLayer::hypodermis), 0.0);
  EXPECT_GT(tissue.delivered_ng(factor, DermalLayer::papillary), 0.0);
  EXPECT_GT(tissue.delivered_ng(factor, DermalLayer::reticular), 0.0);
}

TEST(SupplyDepot, ReleaseStopsAtItsEnd) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = small_block(3.0);
  const double tau_h = 2.0, end_h = 1.5;
  FactorSupply depot = released(SupplyRegion::dermis, tau_h, end_h);
  depot.amount_ng_per_cm2 = 10.0;
  scenario.supplies.push_back(depot);
  DermisTissue tissue = make(scenario);
  advance_to(tissue, 3.0);
  const double expected = 10.0 * 300.0 * 300.0 * 1e-8 * -std::expm1(-end_h / tau_h);
  EXPECT_NEAR(delivered_total(tissue), expected, 1e-9 * expected);
}

TEST(SupplyDepot, SphereDepotDeliversItsAmountInsideTheSphere) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = still_egf_block(3.0);
  DermisTissue probe = make(scenario);
  const LayerProfile& layers = probe.layers();
  const engine::VoxelGrid& grid = probe.simulation().fields().grid();
  std::vector<int> reticular;
  for (int k = 0; k < grid.count[2]; ++k)
    if (layers.layer[static_cast<std::size_t>(k)] == DermalLayer::reticular) reticular.push_back(k);
  ASSERT_GE(reticular.size(), 5u);
  const int middle = reticular[reticular.size() / 2];
  const double amount_ng = 2.0, tau_h = 1.0, radius_um = 45.0;
  FactorSupply depot = released(SupplyRegion::sphere, tau_h, 100.0);
  depot.amount_ng = amount_ng;
  depot.radius_um = radius_um;
  depot.centre_um = {150.0, 150.0, scenario.depth_um - grid.centre_um(2, middle)};
  scenario.supplies.push_back(depot);
  DermisTissue tissue = make(scenario);
  const std::vector<double> before = egf_values(tissue);
  advance_to(tissue, 0.25);
  const std::vector<double> after = egf_values(tissue);
  const std::size_t plane = voxels_per_layer(tissue);
  for (std::size_t v = 0; v < after.size(); ++v) {
    const double x = grid.centre_um(0, static_cast<int>(v % plane % grid.count[0]));
    const double y = grid.centre_um(1, static_cast<int>(v % plane / grid.count[0]));
    const double z = grid.centre_um(2, static_cast<int>(v / plane));
    const double z_centre = grid.centre_um(2, middle);
    const bool inside = std::hypot(x - 150.0, y - 150.0, z - z_centre) <= radius_um;
    if (inside)
      EXPECT_GT(after[v], before[v]) << "voxel " << v << " inside the sphere";
    else
      EXPECT_EQ(after[v], before[v]) << "voxel " << v << " outside the sphere";
  }
  for (double hours : {0.25, 1.0, 3.0}) {
    advance_to(tissue, hours);
    const double expected = amount_ng * -std::expm1(-hours / tau_h);
    EXPECT_NEAR(delivered_total(tissue), expected, 1e-9 * expected) << hours << " h";
  }
  EXPECT_EQ(tissue.delivered_ng(factor, DermalLayer::epidermis), 0.0);
  EXPECT_EQ(tissue.delivered_ng(factor, DermalLayer::papillary), 0.0);
  EXPECT_EQ(tissue.delivered_ng(factor, DermalLayer::hypodermis), 0.0);
}

TEST(SupplyHeld, PapillaryTopStaysAtTheLevelWhileActive) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = still_egf_block(3.0);
  const double level = 100.0;
  scenario.supplies.push_back(held(SupplyRegion::papillary_top, level, 2.0));
  DermisTissue tissue = make(scenario);
  const std::vector<double> before = egf_values(tissue);
  const LayerProfile& layers = tissue.layers();
  int top = -1;
  for (int k = 0; k + 1 < static_cast<int>(layers.layer.size()); ++k)
    if (layers.layer[static_cast<std::size_t>(k)] == DermalLayer::papillary &&
        layers.layer[static_cast<std::size_t>(k) + 1] == DermalLayer::epidermis)
      top = k;
  ASSERT_GE(top, 0);
  const std::size_t plane = voxels_per_layer(tissue);
  for (double hours : {0.25, 1.0, 2.0}) {
    advance_to(tissue, hours);
    const std::vector<double> now = egf_values(tissue);
    for (std::size_t v = 0; v < now.size(); ++v) {
      if (static_cast<int>(v / plane) == top)
        EXPECT_GE(now[v], level * (1.0 - 1e-9)) << hours << " h, voxel " << v;
      else
        EXPECT_EQ(now[v], before[v]) << hours << " h, voxel " << v;
    }
  }
  EXPECT_GT(tissue.delivered_ng(factor, DermalLayer::papillary), 0.0);
  EXPECT_EQ(tissue.delivered_ng(factor, DermalLayer::reticular), 0.0);
}

TEST(SupplyHeld, PapillaryTopIsRefilledWhileActiveAndNotAfter) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = small_block(3.0);  // EGF diffuses and decays here
  scenario.supplies.push_back(held(SupplyRegion::papillary_top, 100.0, 1.0));
  DermisTissue tissue = make(scenario);
  advance_to(tissue, 0.5);
  const double at_half_hour = delivered_total(tissue);
  advance_to(tissue, 1.0);
  const double at_end = delivered_total(tissue);
  EXPECT_GT(at_end, at_half_hour);  // diffusion drained the layer; the supply topped it up
  advance_to(tissue, 3.0);
  EXPECT_EQ(delivered_total(tissue), at_end);
}

Injury needle_at(double at_h) {
  Injury injury;
  injury.kind = InjuryKind::needle;
  injury.at_h = at_h;
  injury.radius_um = 35.0;
  injury.depth_um = 150.0;
  return injury;
}

TEST(SupplyChannels, ReachOnlyTheVoxelsOpenedAtTheReferenceTime) {
  const dermasim::testing::OneThread one_thread;
  const double level = 100.0;
  DermisScenario without = still_egf_block(2.0);
  without.injuries.push_back(needle_at(0.0));
  DermisScenario with = without;
  with.supplies.push_back(held(SupplyRegion::channels, level, 1.0));
  DermisTissue plain = make(without);
  DermisTissue supplied = make(with);
  advance_to(plain, 1.0);
  advance_to(supplied, 1.0);
  const std::vector<double> reference = egf_values(plain);
  const std::vector<double> values = egf_values(supplied);
  const engine::DiffusionSolver& fields = supplied.simulation().fields();
  std::size_t opened = 0;
  for (std::size_t v = 0; v < values.size(); ++v)
    if (fields.value(v, opened_at) == 1.0) {
      ++opened;
      EXPECT_GE(values[v], level * (1.0 - 1e-9)) << "opened voxel " << v;
    } else {
      EXPECT_EQ(values[v], reference[v]) << "closed voxel " << v;
    }
  EXPECT_GT(opened, 0u);
  EXPECT_GT(delivered_total(supplied), 0.0);
  EXPECT_EQ(delivered_total(plain), 0.0);
}

TEST(SupplyChannels, NoInjuryNoDelivery) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = still_egf_block(2.0);
  scenario.supplies.push_back(held(SupplyRegion::channels, 100.0, 1.0));
  DermisTissue tissue = make(scenario);
  const std::vector<double> before = egf_values(tissue);
  advance_to(tissue, 1.0);
  EXPECT_EQ(delivered_total(tissue), 0.0);
  EXPECT_EQ(egf_values(tissue), before);
}

TEST(SupplyChannels, ChannelsOpenedAtAnotherTimeAreNotReached) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = still_egf_block(3.0);
  scenario.injuries.push_back(needle_at(1.0));
  FactorSupply supply = held(SupplyRegion::channels, 100.0, 2.0);  // reference_h = 0
  scenario.supplies.push_back(supply);
  DermisTissue tissue = make(scenario);
  advance_to(tissue, 2.0);
  EXPECT_EQ(delivered_total(tissue), 0.0);
}

}  // namespace
}  // namespace dermasim::skin
