// The stratified epidermis: basal cells on the membrane, layers in order, thickness that holds
// at the zone's value, rete ridges followed, and the tissue model run stratified.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <vector>

#include "engine/simulation.hpp"
#include "skin/epidermis.hpp"
#include "skin/epidermis_tissue.hpp"
#include "skin/stratified_epidermis.hpp"
#include "support/threads.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

TissueScenario stratified_cheek(double area_mm2, double spin_up_days, double days,
                                double ridge_depth_um = 0.0) {
  auto scenario = load_tissue_scenario(data_dir / "scenarios" / "epidermis_cheek.toml");
  EXPECT_TRUE(scenario.has_value()) << scenario.error().message;
  scenario->model = TissueModel::stratified;
  scenario->area_mm2 = area_mm2;
  scenario->spin_up_h = spin_up_days * 24.0;
  scenario->duration_h = days * 24.0;
  scenario->ridge_depth_um = ridge_depth_um;
  return *scenario;
}

// Every basal cell (progenitor, post-mitotic basal, melanocyte) sits on the membrane, every other
// cell above it.
void expect_on_and_above_the_membrane(const engine::Simulation& simulation) {
  const engine::AgentStore& a = simulation.agents();
  const engine::BasementMembraneSpec& membrane = *simulation.scenario().basement_membrane;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.state[i] == engine::AgentState::frozen) continue;
    const double surface =
        engine::basement_membrane_z_um(membrane, a.x_um[i], a.y_um[i]) + a.radius_um[i];
    const int type = a.type[i];
    if (type == progenitor || type == post_mitotic_basal || type == melanocyte)
      ASSERT_NEAR(a.z_um[i], surface, 1e-9) << "agent " << i << " type " << type;
    else
      ASSERT_GE(a.z_um[i], surface - 1e-9) << "agent " << i << " type " << type;
  }
}

TEST(StratifiedEpidermis, LayersStackInOrderAndHoldTheirThickness) {
  const dermasim::testing::OneThread one_thread;
  auto tissue = EpidermisTissue::create(stratified_cheek(0.01, 45, 60));
  ASSERT_TRUE(tissue.has_value()) << tissue.error().message;
  std::vector<EpidermisObservables> days;
  for (int day = 0; day <= 60; day += 2) {
    tissue->advance_to_step(tissue->step_at(day * 24.0));
    days.push_back(tissue->observe());
  }
  expect_on_and_above_the_membrane(tissue->simulation());
  // Layers in order: basal below suprabasal below corneocytes, on average.
  const engine::AgentStore& a = tissue->simulation().agents();
  std::array<double, epidermal_type_count> mean_z{}, count{};
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.type[i] >= epidermal_type_count) continue;
    mean_z[a.type[i]] += a.z_um[i];
    count[a.type[i]] += 1.0;
  }
  for (int t = 0; t < epidermal_type_count; ++t) mean_z[t] /= count[t];
  EXPECT_LT(mean_z[progenitor], mean_z[viable_suprabasal]);
  EXPECT_LT(mean_z[viable_suprabasal], mean_z[corneocyte]);
  // Thickness measured from positions holds over two months (first and second month within 10 %)
  // and matches the zone's volume balance (to which the spheres were fitted on a larger patch)
  // within the sampling noise of a 100 × 100 µm patch.
  const auto mean = [&](std::size_t from, std::size_t to, double EpidermisObservables::*m) {
    double sum = 0.0;
    for (std::size_t d = from; d < to; ++d) sum += days[d].*m;
    return sum / static_cast<double>(to - from);
  };
  const double first = mean(0, 15, &EpidermisObservables::viable_epidermis_um);
  const double second = mean(15, 31, &EpidermisObservables::viable_epidermis_um);
  EXPECT_NEAR(second, first, 0.1 * first);
  const EpidermalSteadyState& h = tissue->homeostasis();
  EXPECT_NEAR(second, h.viable_um, 0.12 * h.viable_um);
  EXPECT_NEAR(mean(15, 31, &EpidermisObservables::stratum_corneum_um), h.stratum_corneum_um,
              0.2 * h.stratum_corneum_um);
  EXPECT_NEAR(mean(15, 31, &EpidermisObservables::basal_density_per_mm2), h.germinative_per_mm2,
              0.1 * h.germinative_per_mm2);
}

TEST(StratifiedEpidermis, BasalCellsFollowReteRidges) {
  const dermasim::testing::OneThread one_thread;
  auto tissue = EpidermisTissue::create(stratified_cheek(0.01, 20, 2, 30.0));
  ASSERT_TRUE(tissue.has_value()) << tissue.error().message;
  tissue->advance_to_step(tissue->end_step());
  expect_on_and_above_the_membrane(tissue->simulation());
  // The basal layer spans the ridges' depth: its lowest and highest cells are ~30 µm apart.
  const engine::AgentStore& a = tissue->simulation().agents();
  double lowest = 1e9, highest = -1e9;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.type[i] != progenitor && a.type[i] != post_mitotic_basal) continue;
    lowest = std::min(lowest, a.z_um[i] - a.radius_um[i]);
    highest = std::max(highest, a.z_um[i] - a.radius_um[i]);
  }
  EXPECT_NEAR(highest - lowest, 30.0, 3.0);
}

// Basal cells (progenitors and post-mitotic) whose centres lie at x < x_max.
double basal_cells_left_of(const engine::AgentStore& a, double x_max) {
  double count = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    count += (a.type[i] == progenitor || a.type[i] == post_mitotic_basal) && a.x_um[i] < x_max;
  return count;
}

TEST(StratifiedEpidermis, AbradedBandIsEmptiedAndTheEpidermisGrowsBackIntoIt) {
  const dermasim::testing::OneThread one_thread;
  TissueScenario scenario = stratified_cheek(0.01, 40, 60);
  TissueEvent abrasion;
  abrasion.kind = TissueEventKind::abrasion;
  abrasion.at_h = 5 * 24.0;
  abrasion.area_fraction = 0.4;
  abrasion.depth = AbrasionDepth::basal;
  scenario.events = {abrasion};
  auto tissue = EpidermisTissue::create(scenario);
  ASSERT_TRUE(tissue.has_value()) << tissue.error().message;
  tissue->advance_to_step(tissue->step_at(abrasion.at_h));
  const double band_um = 0.4 * 100.0;
  const double before = basal_cells_left_of(tissue->simulation().agents(), band_um);
  ASSERT_GT(before, 50.0);
  tissue->advance_to_step(tissue->step_at(abrasion.at_h) + 1);
  // Right after: the band holds no keratinocyte of any layer.
  EXPECT_LT(basal_cells_left_of(tissue->simulation().agents(), band_um), 0.1 * before);
  // Refilled from the edge by division and spreading: most of the basal layer is back within
  // seven weeks, and the patch's thickness near its homeostatic value.
  tissue->advance_to_step(tissue->end_step());
  EXPECT_GT(basal_cells_left_of(tissue->simulation().agents(), band_um), 0.8 * before);
  const EpidermalSteadyState& h = tissue->homeostasis();
  EXPECT_NEAR(tissue->observe().viable_epidermis_um, h.viable_um, 0.2 * h.viable_um);
}

TEST(StratifiedEpidermis, SameStateForAnyThreadCountAndAfterRestore) {
  TissueScenario scenario = stratified_cheek(0.01, 10, 4);
  std::vector<std::uint64_t> checksums;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    auto tissue = EpidermisTissue::create(scenario);
    ASSERT_TRUE(tissue.has_value());
    tissue->advance_to_step(tissue->end_step());
    checksums.push_back(tissue->simulation().state_checksum());
  }
  omp_set_num_threads(2);
  EXPECT_EQ(checksums[0], checksums[1]);
  auto first = EpidermisTissue::create(scenario);
  ASSERT_TRUE(first.has_value());
  const auto path = std::filesystem::path(::testing::TempDir()) / "stratified.ckpt";
  first->advance_to_step(first->step_at(24.0));
  ASSERT_TRUE(first->save_checkpoint(path).has_value());
  auto restored = EpidermisTissue::restore(scenario, path);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  restored->advance_to_step(restored->end_step());
  EXPECT_EQ(restored->simulation().state_checksum(), checksums[1]);
}

}  // namespace
}  // namespace dermasim::skin
