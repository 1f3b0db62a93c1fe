// The dermis block: homeostasis that holds, exact matrix mass balance, growth-factor mass from a
// known platelet release, the epidermis closing at its migration speed, the UV pulse against its
// closed form, and determinism across threads and checkpoints.
#include <gtest/gtest.h>
#include <omp.h>
#include <fstream>

#include <cmath>
#include <filesystem>

#include "skin/dermis_tissue.hpp"
#include "support/threads.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

DermisScenario small_block(double days, double side_um = 300.0, double depth_um = 600.0) {
  DermisBlock block;
  block.side_um = side_um;
  block.depth_um = depth_um;
  block.voxel_um = 30.0;
  block.duration_h = days * 24.0;
  block.seed = 5;
  LifestyleProfile adult;
  adult.age_years = 23.5;
  auto scenario = dermis_scenario_from_data(data_dir, block, adult);
  EXPECT_TRUE(scenario.has_value()) << scenario.error().message;
  return *scenario;
}

DermisTissue make(DermisScenario scenario) {
  auto tissue = DermisTissue::create(std::move(scenario));
  EXPECT_TRUE(tissue.has_value()) << tissue.error().message;
  return std::move(*tissue);
}

Injury punch(double radius_um, double depth_um) {
  Injury injury;
  injury.kind = InjuryKind::punch;
  injury.radius_um = radius_um;
  injury.depth_um = depth_um;
  return injury;
}

// amount(t) − amount(0) = synthesized + deposited − degraded − removed ± matured, per component.
void expect_mass_balance(const DermisTissue& tissue,
                         const std::array<double, matrix_component_count>& start) {
  const MatrixLedger ledger = tissue.ledger();
  for (int c = 0; c < matrix_component_count; ++c) {
    double expected = start[c] + ledger.synthesized[c] + ledger.deposited[c] - ledger.degraded[c] -
                      ledger.removed[c];
    if (c == ledger_collagen1) expected += ledger.matured_collagen3_to_1;
    if (c == ledger_collagen3) expected -= ledger.matured_collagen3_to_1;
    const double amount = tissue.matrix_amount_mg(static_cast<MatrixComponent>(c));
    EXPECT_NEAR(amount, expected, 1e-9 * std::max(1.0, std::abs(start[c]))) << "component " << c;
  }
}

std::array<double, matrix_component_count> amounts(const DermisTissue& tissue) {
  std::array<double, matrix_component_count> a{};
  for (int c = 0; c < matrix_component_count; ++c)
    a[c] = tissue.matrix_amount_mg(static_cast<MatrixComponent>(c));
  return a;
}

TEST(DermisScenario, EveryCommittedDermisScenarioLoads) {
  int loaded = 0;
  for (const auto& folder : {data_dir / "scenarios", data_dir.parent_path() / "bench" / "dermis"})
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".toml") continue;
      auto is_dermis = is_dermis_scenario(entry.path());
      ASSERT_TRUE(is_dermis.has_value()) << entry.path();
      if (!*is_dermis) continue;
      // A treatment schedule is the treatment layer's to read (tests/treatment).
      constexpr std::array<std::string_view, 3> schedule = {"treatment", "session", "home_care"};
      auto scenario = load_dermis_scenario(entry.path(), schedule);
      ASSERT_TRUE(scenario.has_value()) << entry.path() << ": " << scenario.error().message;
      std::ifstream file(entry.path());
      const std::string text((std::istreambuf_iterator<char>(file)), {});
      EXPECT_TRUE(!scenario->injuries.empty() || text.find("[[session]]") != std::string::npos)
          << entry.path();
      ++loaded;
    }
  EXPECT_GE(loaded, 4);
}

// The person's resting matrix: a smoker's and an 85-year-old's collagen is the closed form
// (cells × output per cell × synthesis scale / breakdown at their protease levels).
TEST(DermisScenario, LifestyleSetsTheRestingMatrixInClosedForm) {
  DermisScenario young = small_block(1.0);
  auto smoker_scenario = young;
  smoker_scenario.lifestyle.cigarettes_per_day = 15.0;
  smoker_scenario.modifiers =
      dermis_modifiers(smoker_scenario.lifestyle, smoker_scenario.modifier_parameters);
  const DermisTissue a = make(young), b = make(smoker_scenario);
  const MatrixParameters& m = young.parameters.matrix;
  const DermisModifiers& s = smoker_scenario.modifiers;
  const double free_rest = free_mmp(m.collagenase_basal_ng_per_ml, m.timp_basal_ng_per_ml, m);
  const double free_smoker = free_mmp(m.collagenase_basal_ng_per_ml * s.collagenase_scale,
                                      m.timp_basal_ng_per_ml * s.timp_scale, m);
  const double breakdown =
      (1.0 - m.collagen_mmp_share) + m.collagen_mmp_share * free_smoker / free_rest;
  const double expected = ((1.0 - m.collagen3_share) * s.collagen1_synthesis_scale +
                           m.collagen3_share * s.collagen3_synthesis_scale) /
                          breakdown;
  const double ratio = b.matrix_amount_mg(ledger_collagen1) + b.matrix_amount_mg(ledger_collagen3);
  const double base = a.matrix_amount_mg(ledger_collagen1) + a.matrix_amount_mg(ledger_collagen3);
  EXPECT_NEAR(ratio / base, expected, 1e-9);
  EXPECT_LT(ratio / base, 0.8);  // less synthesis and twice the MMP-8
}

TEST(Dermis, HomeostasisHoldsWithoutInjury) {
  const dermasim::testing::OneThread one_thread;
  DermisTissue tissue = make(small_block(20.0));
  const DermisObservables start = tissue.observe();
  const auto amounts_start = amounts(tissue);
  tissue.advance_to_step(tissue.end_step());
  const DermisObservables end = tissue.observe();
  // Matrix: the per-cell synthesis is the closed form that balances breakdown at the resting
  // density, so only the fibroblast count's drift moves it (years-long half-lives: < 0.1 %).
  EXPECT_NEAR(end.collagen1_mg_per_ml / start.collagen1_mg_per_ml, 1.0, 1e-3);
  EXPECT_NEAR(end.elastin_mg_per_ml / start.elastin_mg_per_ml, 1.0, 1e-3);
  // Hyaluronan turns over daily: it tracks the fibroblast count, which drifts as a critical
  // birth-death process (rates ~1/year: ±√(2·20/365/N) over 20 days).
  EXPECT_NEAR(end.hyaluronan_mg_per_ml / start.hyaluronan_mg_per_ml, 1.0, 0.05);
  EXPECT_NEAR(end.fibroblasts_per_mm3 / start.fibroblasts_per_mm3, 1.0, 0.05);
  EXPECT_EQ(end.neutrophils_per_mm3, 0.0);
  EXPECT_EQ(end.macrophages_per_mm3, 0.0);
  // The proteases start at their resting level everywhere and settle lower next to the layers with
  // no (epidermis) or fewer (fat) fibroblasts: the dermis mean moves by ~12 %, then holds.
  EXPECT_NEAR(end.collagenase_ng_per_ml / start.collagenase_ng_per_ml, 1.0, 0.15);
  EXPECT_DOUBLE_EQ(end.epidermal_cover, 1.0);
  expect_mass_balance(tissue, amounts_start);
}

TEST(Dermis, MatrixMassBalanceIsExactThroughAWound) {
  const dermasim::testing::OneThread one_thread;
  DermisTissue tissue = make(small_block(4.0));
  const auto start = amounts(tissue);
  tissue.apply_injury(punch(100.0, 400.0), 1);
  const MatrixLedger after_injury = tissue.ledger();
  EXPECT_GT(after_injury.removed[ledger_collagen1], 0.0);
  EXPECT_GT(after_injury.deposited[ledger_fibrin], 0.0);  // the wound reaches the plexus: it bleeds
  for (int day = 1; day <= 4; ++day) {
    tissue.advance_to_step(tissue.step_at(day * 24.0));
    expect_mass_balance(tissue, start);
  }
  EXPECT_GT(tissue.ledger().synthesized[ledger_collagen3], 0.0);
}

TEST(Dermis, PlateletGrowthFactorMassFollowsTheRelease) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = small_block(1.0);
  // PDGF kept (no decay) and made by platelets only: its amount is the released content.
  scenario.factors.factors[pdgf].decay_per_h = 0.0;
  scenario.parameters.secretion.m2_pdgf = 0.0;
  DermisTissue tissue = make(scenario);
  tissue.apply_injury(punch(100.0, 400.0), 1);
  const double platelets_ml = tissue.simulation().fields().total_amount(platelets) * 1e-12;
  ASSERT_GT(platelets_ml, 0.0);
  const PlateletParameters& p = tissue.scenario().parameters.platelets;
  for (double hours : {0.5, 1.0, 3.0, 6.0}) {
    tissue.advance_to_step(tissue.step_at(hours));
    const double released = platelets_ml * -std::expm1(-hours / p.degranulation_h);
    EXPECT_NEAR(tissue.factor_amount_ng(pdgf), released * p.pdgf_fg * 1e-6,
                1e-9 * released * p.pdgf_fg * 1e-6)
        << hours << " h";
  }
}

TEST(Dermis, EpidermisClosesAtItsMigrationSpeed) {
  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = small_block(2.0);
  scenario.parameters.epidermis.growth_factor_speed_fold = 1.0;  // the bare speed
  DermisTissue tissue = make(scenario);
  const double radius = 75.0;
  tissue.apply_injury(punch(radius, 60.0), 1);
  const double open = 1.0 - tissue.observe().epidermal_cover;
  ASSERT_GT(open, 0.0);
  // The front crosses one 30-µm voxel per 30/v hours from the closed edge; the hole's
  // voxel-radius is at most radius/voxel + 1 voxels.
  const double speed = scenario.parameters.epidermis.reepithelialisation_um_per_h;
  const double bound_h = (std::ceil(radius / 30.0) + 1.0) * 30.0 / speed;
  tissue.advance_to_step(tissue.step_at(0.5 * 30.0 / speed));
  EXPECT_LT(tissue.observe().epidermal_cover, 1.0);
  tissue.advance_to_step(tissue.step_at(bound_h + 0.5));
  EXPECT_DOUBLE_EQ(tissue.observe().epidermal_cover, 1.0);
}

TEST(Dermis, UvPulsePeaksWhenTheParametersSay) {
  AcuteUvResponse r;
  r.reference_dose_med = 2.0;
  r.collagenase_peak_fold = 4.4;
  r.gelatinase_peak_fold = 2.3;
  r.mmp_peak_h = 8.0;
  r.mmp_decay_h = 24.0;
  r.procollagen_suppression_fraction = 0.8;
  r.procollagen_suppression_h = 24.0;
  r.procollagen_recovery_h = 24.0;
  const UvKinetics kinetics(r, {.collagenase = 4.4, .gelatinase = 2.3});
  UvState state = kinetics.exposed({}, 2.0);
  double best = 0.0, best_t = 0.0;
  for (int i = 1; i <= 960; ++i) {  // 48 h in 3-min steps
    state = kinetics.advanced(state, 0.05);
    const double fold = kinetics.response(state).collagenase_fold;
    if (fold > best) best = fold, best_t = i * 0.05;
  }
  EXPECT_NEAR(best, 4.4, 1e-3);
  EXPECT_NEAR(best_t, 8.0, 0.05);
  EXPECT_NEAR(kinetics.response(kinetics.exposed({}, 2.0)).procollagen_fraction, 0.2, 1e-12);
}

TEST(Dermis, SameStateForOneAndTwoThreadsAndAfterACheckpoint) {
  const auto run = [](int threads) {
    omp_set_num_threads(threads);
    DermisScenario scenario = small_block(2.0);
    Injury wound = punch(100.0, 400.0);
    wound.at_h = 2.0;
    scenario.injuries.push_back(wound);
    DermisTissue tissue = make(scenario);
    tissue.advance_to_step(tissue.end_step());
    return tissue.simulation().state_checksum();
  };
  const int previous = omp_get_max_threads();
  const auto one = run(1), two = run(2);
  omp_set_num_threads(previous);
  EXPECT_EQ(one, two);

  const dermasim::testing::OneThread one_thread;
  DermisScenario scenario = small_block(2.0);
  Injury wound = punch(100.0, 400.0);
  wound.at_h = 2.0;
  scenario.injuries.push_back(wound);
  DermisTissue whole = make(scenario);
  whole.advance_to_step(whole.end_step());
  DermisTissue first = make(scenario);
  first.advance_to_step(first.step_at(24.0));
  const auto path = std::filesystem::path(::testing::TempDir()) / "dermis.ckpt";
  ASSERT_TRUE(first.save_checkpoint(path).has_value());
  auto second = DermisTissue::restore(scenario, path);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  second->advance_to_step(second->end_step());
  EXPECT_EQ(second->simulation().state_checksum(), whole.simulation().state_checksum());
}

}  // namespace
}  // namespace dermasim::skin
