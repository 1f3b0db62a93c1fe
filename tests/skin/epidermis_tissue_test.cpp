// The epidermis tissue over time: homeostasis that holds, pigment against its analytic steady
// state, recovery after injury, UV and growth factors, the barrier's analytic recovery, and
// determinism across threads and checkpoints.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <vector>

#include "skin/epidermis_tissue.hpp"
#include "support/threads.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path scenarios =
    std::filesystem::path(DERMASIM_SOURCE_DIR) / "data" / "scenarios";

TissueScenario cheek(double area_mm2, double duration_days, int fitzpatrick = 3) {
  auto scenario = load_tissue_scenario(scenarios / "epidermis_cheek.toml");
  EXPECT_TRUE(scenario.has_value()) << scenario.error().message;
  scenario->area_mm2 = area_mm2;
  scenario->duration_h = duration_days * 24.0;
  scenario->fitzpatrick = fitzpatrick;
  return *scenario;
}

TissueEvent event_at(TissueEventKind kind, double day) {
  TissueEvent event;
  event.kind = kind;
  event.at_h = day * 24.0;
  return event;
}

// Observables once a day from t = 0 to the end of the run.
std::vector<EpidermisObservables> daily(EpidermisTissue& tissue) {
  std::vector<EpidermisObservables> days;
  for (double t = 0.0; t <= tissue.scenario().duration_h + 1e-9; t += 24.0) {
    tissue.advance_to_step(tissue.step_at(t));
    days.push_back(tissue.observe());
  }
  return days;
}

double mean_of(const std::vector<EpidermisObservables>& days, std::size_t from, std::size_t to,
               double EpidermisObservables::*member) {
  double sum = 0.0;
  for (std::size_t d = from; d < to; ++d) sum += days[d].*member;
  return sum / static_cast<double>(to - from);
}

EpidermisTissue make(TissueScenario scenario) {
  auto tissue = EpidermisTissue::create(std::move(scenario));
  EXPECT_TRUE(tissue.has_value()) << tissue.error().message;
  return std::move(*tissue);
}

TEST(EpidermisTissue, HomeostasisHoldsForThreeMonthsAtTheAnalyticSteadyState) {
  const dermasim::testing::OneThread one_thread;
  EpidermisTissue tissue = make(cheek(0.1, 90));
  const auto days = daily(tissue);
  const EpidermalSteadyState& h = tissue.homeostasis();
  // Cell numbers, and the thickness they fill, stay at the analytic steady state of the SP model
  // (REFERENCE §B2 relation 1) sized to the cheek's 79.1 µm epidermis: sampling noise of a
  // 0.1 mm² patch (thousands of cells) stays within a few per cent.
  for (std::size_t from : {std::size_t{0}, std::size_t{60}}) {
    const std::size_t to = from + 30;
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::viable_epidermis_um), h.viable_um,
                0.05 * h.viable_um);
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::stratum_corneum_um),
                h.stratum_corneum_um, 0.07 * h.stratum_corneum_um);
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::basal_density_per_mm2),
                h.germinative_per_mm2, 0.05 * h.germinative_per_mm2);
    // Divisions per basal cell and day: λρ = (168/311 h)/7 × 0.6 (§B1).
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::proliferation_per_day),
                0.6 * 24.0 / 311.0, 0.1 * 0.6 * 24.0 / 311.0);
    // Suprabasal + cornified transit 14 + 17 days (Little's law on the shedding rate).
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::transit_time_days), 31.0, 2.5);
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::tewl_index), 1.0, 0.08);
    EXPECT_NEAR(mean_of(days, from, to, &EpidermisObservables::hydration_index), 1.0, 0.08);
  }
  // Pigment: melanin delivered to the basal layer, carried up and degraded, reaches the analytic
  // steady state derived in steady_state.hpp (an independent closed form) by the end.
  EXPECT_NEAR(mean_of(days, 60, 90, &EpidermisObservables::melanin_relative), 1.0, 0.08);
  EXPECT_NEAR(days.back().egf_basal_ng_per_ml, days.front().egf_basal_ng_per_ml, 1e-3);
}

TEST(EpidermisTissue, ConstitutivePigmentFollowsThePhototypeLadderExactly) {
  const dermasim::testing::OneThread one_thread;
  // Pigment does not feed back on the cells, so with one seed the two runs have the same cells and
  // melanin in the ratio of the phototypes' synthesis scales.
  EpidermisTissue light = make(cheek(0.02, 5, 1));
  EpidermisTissue dark = make(cheek(0.02, 5, 6));
  light.advance_to_step(light.end_step());
  dark.advance_to_step(dark.end_step());
  const PerPhototype& scale = light.scenario().parameters.pigment.constitutive_scale;
  EXPECT_NEAR(dark.observe().melanin_index / light.observe().melanin_index, scale[5] / scale[0],
              1e-9);
}

TEST(EpidermisTissue, BarrierBreachRecoversAlongItsExponential) {
  const dermasim::testing::OneThread one_thread;
  TissueScenario scenario = cheek(0.02, 2);
  TissueEvent breach = event_at(TissueEventKind::barrier_breach, 1.0);
  breach.area_fraction = 0.05;
  scenario.events = {breach};
  EpidermisTissue tissue = make(scenario);
  tissue.advance_to_step(tissue.step_at(24.0));
  const double before = tissue.observe().tewl_index;
  const BarrierParameters& b = scenario.parameters.barrier;
  for (double hours : {1.0, 2.0, 4.0, 8.0}) {
    tissue.advance_to_step(tissue.step_at(24.0 + hours));
    // The opened share closes as e^{−t/τ}; TEWL − intact = share × (open ratio − intact).
    const double open = 0.05 * std::exp(-hours / b.recovery_h);
    const double intact = before;  // the stratum corneum itself is untouched by narrow channels
    const double expected = open * b.open_tewl_ratio + (1.0 - open) * intact;
    EXPECT_NEAR(tissue.observe().tewl_index, expected, 0.01 * expected) << hours << " h";
  }
  // Kalluri 2011 (rat, §F3): TEWL back to baseline within 4–5 h.
  tissue.advance_to_step(tissue.step_at(24.0 + 5.0));
  EXPECT_LT(tissue.observe().tewl_index, 1.05 * before);
}

TEST(EpidermisTissue, AbrasionRaisesProliferationAndTheTissueRecovers) {
  const dermasim::testing::OneThread one_thread;
  TissueScenario scenario = cheek(0.1, 90);
  TissueEvent abrasion = event_at(TissueEventKind::abrasion, 10.0);
  abrasion.area_fraction = 0.4;
  abrasion.depth = AbrasionDepth::basal;
  scenario.events = {abrasion};
  EpidermisTissue tissue = make(scenario);
  const auto days = daily(tissue);
  const EpidermalSteadyState& h = tissue.homeostasis();
  const double proliferation = mean_of(days, 0, 10, &EpidermisObservables::proliferation_per_day);
  // The day after: 40 % of every layer gone, the barrier open, inflammation up.
  EXPECT_NEAR(days[11].basal_density_per_mm2, 0.6 * h.germinative_per_mm2,
              0.06 * h.germinative_per_mm2);
  EXPECT_GT(days[11].tewl_index, 1.4);
  EXPECT_GT(days[11].inflammation, 0.2);
  // Proliferation per basal cell rises within two weeks...
  double peak = 0.0;
  for (std::size_t d = 11; d < 25; ++d) peak = std::max(peak, days[d].proliferation_per_day);
  EXPECT_GT(peak, 1.2 * proliferation);
  // ...and the tissue returns: basal density, thickness, TEWL and proliferation near homeostasis.
  EXPECT_NEAR(mean_of(days, 80, 91, &EpidermisObservables::basal_density_per_mm2),
              h.germinative_per_mm2, 0.1 * h.germinative_per_mm2);
  EXPECT_NEAR(mean_of(days, 80, 91, &EpidermisObservables::viable_epidermis_um), h.viable_um,
              0.1 * h.viable_um);
  EXPECT_NEAR(mean_of(days, 80, 91, &EpidermisObservables::tewl_index), 1.0, 0.1);
  EXPECT_NEAR(mean_of(days, 80, 91, &EpidermisObservables::proliferation_per_day), proliferation,
              0.2 * proliferation);
}

TEST(EpidermisTissue, DermalEgfRaisesProliferationAndItReturnsWhenWithdrawn) {
  const dermasim::testing::OneThread one_thread;
  TissueScenario scenario = cheek(0.1, 45);
  TissueEvent egf = event_at(TissueEventKind::growth_factor, 10.0);
  egf.factor = GrowthFactor::egf;
  egf.dermal_ng_per_ml = 5.0;
  egf.until_h = 17.0 * 24.0;
  scenario.events = {egf};
  EpidermisTissue tissue = make(scenario);
  const auto days = daily(tissue);
  const double before = mean_of(days, 0, 10, &EpidermisObservables::proliferation_per_day);
  EXPECT_GT(days[12].egf_basal_ng_per_ml, 4.0);
  EXPECT_GT(mean_of(days, 12, 17, &EpidermisObservables::proliferation_per_day), 1.4 * before);
  // Back to the baseline level once withdrawn (within 2 %: the column spans the epidermis, which
  // the pulse has thickened for a while).
  EXPECT_NEAR(days[20].egf_basal_ng_per_ml, days[5].egf_basal_ng_per_ml,
              0.02 * days[5].egf_basal_ng_per_ml);
  EXPECT_NEAR(mean_of(days, 35, 45, &EpidermisObservables::proliferation_per_day), before,
              0.2 * before);
}

TEST(EpidermisTissue, UvTansAndPostInflammatoryPigmentFadesWithTurnover) {
  const dermasim::testing::OneThread one_thread;
  TissueScenario scenario = cheek(0.05, 150, 4);
  TissueEvent uv = event_at(TissueEventKind::uv, 5.0);
  uv.dose_mj_per_cm2 = 100.0;  // 2 MED of phototype IV: a tan and a mild burn
  scenario.events = {uv};
  EpidermisTissue tissue = make(scenario);
  const auto days = daily(tissue);
  double peak = 0.0;
  for (const auto& day : days) peak = std::max(peak, day.melanin_relative);
  EXPECT_GT(peak, 1.15);
  EXPECT_LT(days.back().melanin_relative, 1.0 + 0.3 * (peak - 1.0));
  EXPECT_GT(days[6].inflammation, 0.0);
}

EpidermisTissue injured_cheek(double area_mm2) {
  auto scenario = load_tissue_scenario(scenarios / "epidermis_cheek_injury.toml");
  EXPECT_TRUE(scenario.has_value());
  scenario->area_mm2 = area_mm2;
  scenario->spin_up_h = 20 * 24.0;
  scenario->duration_h = 70 * 24.0;
  return make(*scenario);
}

TEST(EpidermisTissue, SameStateForAnyThreadCount) {
  std::vector<std::uint64_t> checksums;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    EpidermisTissue tissue = injured_cheek(0.1);
    tissue.advance_to_step(tissue.end_step());
    checksums.push_back(tissue.simulation().state_checksum());
  }
  omp_set_num_threads(2);
  EXPECT_EQ(checksums[0], checksums[1]);
}

TEST(EpidermisTissue, RestoredCheckpointContinuesExactly) {
  const dermasim::testing::OneThread one_thread;
  EpidermisTissue first = injured_cheek(0.02);
  const auto path = std::filesystem::path(::testing::TempDir()) / "tissue.ckpt";
  first.advance_to_step(first.step_at(32 * 24.0));  // after the abrasion, before the breach
  ASSERT_TRUE(first.save_checkpoint(path).has_value());
  first.advance_to_step(first.end_step());
  auto restored = EpidermisTissue::restore(first.scenario(), path);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  restored->advance_to_step(restored->end_step());
  EXPECT_EQ(restored->simulation().state_checksum(), first.simulation().state_checksum());
  const EpidermisObservables a = first.observe(), b = restored->observe();
  for (const ObservableField& field : observable_fields)
    EXPECT_EQ(a.*field.member, b.*field.member) << field.name;
}

}  // namespace
}  // namespace dermasim::skin
