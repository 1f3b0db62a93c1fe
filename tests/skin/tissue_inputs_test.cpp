// The tissue's inputs and closed forms: the growth-factor column against analytic profiles, the
// steady state against published cell counts, and the zone, parameter and scenario files.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "skin/growth_factor_column.hpp"
#include "skin/steady_state.hpp"
#include "skin/tissue_parameters.hpp"
#include "skin/tissue_scenario.hpp"
#include "skin/zones.hpp"
#include "support/files.hpp"

namespace dermasim::skin {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

TEST(GrowthFactorColumn, DecayAloneGivesTheCoshProfile) {
  // D c'' = k c, c(−L) = c0, c'(V) = 0: c(z) = c0 cosh((V − z)/ℓ) / cosh((V + L)/ℓ), ℓ = √(D/k).
  const GrowthFactorColumn column{.diffusion_um2_per_h = 36000.0,
                                  .decay_per_h = 2.0,
                                  .basal_uptake_per_h = 0.0,
                                  .source_depth_um = 150.0,
                                  .basal_layer_um = 10.0,
                                  .node_spacing_um = 1.0};
  const ColumnBoundary boundary{.dermal_ng_per_ml = 3.0, .viable_um = 60.0};
  SteadyProfile profile;
  profile.solve(column, boundary);
  const double length = std::sqrt(column.diffusion_um2_per_h / column.decay_per_h);
  const auto& c = profile.concentration_ng_per_ml();
  ASSERT_EQ(c.size(), 211u);
  for (std::size_t i = 0; i < c.size(); i += 10) {
    const double z = profile.depth_of_node_um(i);
    const double exact = 3.0 * std::cosh((60.0 - z) / length) / std::cosh(210.0 / length);
    EXPECT_NEAR(c[i], exact, 1e-4 * exact) << "z = " << z;
  }
  // The basal-layer mean is the profile's integral over [0, 10] µm divided by 10.
  const double exact_mean = 3.0 * length * (std::sinh(60.0 / length) - std::sinh(50.0 / length)) /
                            (10.0 * std::cosh(210.0 / length));
  EXPECT_NEAR(profile.basal_layer_mean(), exact_mean, 1e-4 * exact_mean);
}

TEST(GrowthFactorColumn, SurfaceFluxThroughAnOpenBarrierGivesTheLinearProfile) {
  // No decay: the flux D (c_top − c0)/H equals P (c_s − c_top), whatever the node spacing.
  const GrowthFactorColumn column{
      .diffusion_um2_per_h = 1000.0, .source_depth_um = 100.0, .node_spacing_um = 3.0};
  const ColumnBoundary boundary{.dermal_ng_per_ml = 1.0,
                                .viable_um = 50.0,
                                .surface_ng_per_ml = 11.0,
                                .surface_permeability_um_per_h = 20.0};
  SteadyProfile profile;
  profile.solve(column, boundary);
  const double conductance = column.diffusion_um2_per_h / 150.0;
  const double top = (conductance * 1.0 + 20.0 * 11.0) / (conductance + 20.0);
  EXPECT_NEAR(profile.concentration_ng_per_ml().back(), top, 1e-9);
  EXPECT_NEAR(profile.basal_layer_mean(), 1.0 + (top - 1.0) * 105.0 / 150.0, 1e-9);
}

TEST(GrowthFactorColumn, BasalUptakeLowersWhatTheBasalLayerReads) {
  GrowthFactorColumn column{
      .diffusion_um2_per_h = 237600.0, .decay_per_h = 0.693, .source_depth_um = 150.0};
  SteadyProfile profile;
  profile.solve(column, {.dermal_ng_per_ml = 1.0});
  const double without = profile.basal_layer_mean();
  column.basal_uptake_per_h = 200.0;
  profile.solve(column, {.dermal_ng_per_ml = 1.0});
  EXPECT_LT(profile.basal_layer_mean(), without);
  EXPECT_GT(profile.basal_layer_mean(), 0.0);
}

TEST(EpidermalSteadyState, HumanKineticsGivePublishedCellCounts) {
  auto kinetics = load_progenitor_kinetics(data_dir / "epidermis" / "human_interfollicular.toml");
  auto parameters = load_tissue_parameters(data_dir / "epidermis" / "tissue.toml");
  ASSERT_TRUE(kinetics && parameters);
  const EpidermalSteadyState s =
      steady_state(*kinetics, parameters->geometry, kinetics->germinative_cells_per_mm2);
  // Cell production 1,246 /day/mm² (Weinstein 1985, REFERENCE §B1), from Tc, growth fraction and
  // the germinative density alone.
  EXPECT_NEAR(s.stratification_per_mm2_per_day, 1246.0, 0.01 * 1246.0);
  // Nucleated cells 45,200–48,700 /mm² (Bergstresser 1978, §A3), a different study: within 5 %.
  const double nucleated = s.germinative_per_mm2 + s.viable_suprabasal_per_mm2;
  EXPECT_GT(nucleated, 0.95 * 45200.0);
  EXPECT_LT(nucleated, 1.05 * 48700.0);
  // Stratum corneum thickness 18.3 ± 4.9 µm on the forearm (Sandby-Møller 2003, §A2): within 1 sd.
  EXPECT_NEAR(s.stratum_corneum_um, 18.3, 4.9);
}

TEST(EpidermalSteadyState, ZoneDensityReproducesTheZoneThickness) {
  auto kinetics = load_progenitor_kinetics(data_dir / "epidermis" / "human_interfollicular.toml");
  auto parameters = load_tissue_parameters(data_dir / "epidermis" / "tissue.toml");
  ASSERT_TRUE(kinetics && parameters);
  for (const double thickness : {40.0, 79.1, 121.85}) {
    const double density =
        germinative_density_for_thickness(*kinetics, parameters->geometry, thickness);
    EXPECT_NEAR(steady_state(*kinetics, parameters->geometry, density).total_um(), thickness,
                1e-9 * thickness);
  }
}

TEST(Zones, FileHoldsEveryContractZoneWithItsSources) {
  auto zones = ZoneTable::load(data_dir / "zones.toml");
  ASSERT_TRUE(zones.has_value()) << zones.error().message << " " << zones.error().field;
  EXPECT_EQ(zones->zones().size(), contract_zone_ids().size());
  for (const std::string& id : contract_zone_ids()) EXPECT_TRUE(zones->find(id).has_value()) << id;
  // Values read in REFERENCE.md: forehead melanocytes 2,310/mm² (§C), perioral the thickest facial
  // epidermis (§A1), periorbital the thinnest facial dermis (§A1).
  EXPECT_EQ(zones->find("forehead")->melanocytes_per_mm2, 2310.0);
  for (const Zone& zone : zones->zones()) {
    if (zone.id == "perioral") continue;
    if (zone.id == "chin") continue;  // [assumed: like perioral]
    const bool facial = zone.id != "decollete" && zone.id != "abdomen" && zone.id != "thighs" &&
                        zone.id != "buttocks" && zone.id != "upper_arms" && zone.id != "back" &&
                        zone.id != "hands";
    if (facial) {
      EXPECT_LT(zone.epidermis_um, zones->find("perioral")->epidermis_um) << zone.id;
    }
    if (zone.id != "periorbital") {
      EXPECT_GT(zone.dermis_um, zones->find("periorbital")->dermis_um) << zone.id;
    }
  }
  auto typo = zones->find("cheek");
  ASSERT_FALSE(typo.has_value());
  EXPECT_NE(typo.error().message.find("cheeks"), std::string::npos);
}

TEST(Zones, UnknownZoneIdIsRefusedWithASuggestion) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "zones_typo.toml";
  dermasim::testing::write_text(
      path, "[zones.forhead]\nepidermis_um = 80\ndermis_um = 1000\nmelanocytes_per_mm2 = 2000\n");
  auto zones = ZoneTable::load(path);
  ASSERT_FALSE(zones.has_value());
  EXPECT_NE(zones.error().message.find("forehead"), std::string::npos) << zones.error().message;
}

TEST(TissueParameters, ShippedFileLoadsAndBadValuesNameTheKey) {
  const auto shipped = data_dir / "epidermis" / "tissue.toml";
  auto parameters = load_tissue_parameters(shipped);
  ASSERT_TRUE(parameters.has_value()) << parameters.error().message << parameters.error().field;
  // The MED ladder of D'Orazio 2013 rises with phototype.
  for (int t = 1; t < fitzpatrick_types; ++t)
    EXPECT_GT(parameters->pigment.minimal_erythema_dose_mj_per_cm2[t],
              parameters->pigment.minimal_erythema_dose_mj_per_cm2[t - 1]);

  std::string text = dermasim::testing::read_text(shipped);
  const auto path = std::filesystem::path(::testing::TempDir()) / "tissue_bad.toml";
  std::string bad = text;
  bad.replace(bad.find("renewal_bias = 0.5"), 18, "renewal_bias = 1.5");
  dermasim::testing::write_text(path, bad);
  auto result = load_tissue_parameters(path);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().field.find("regulation.renewal_bias"), std::string::npos)
      << result.error().field;

  bad = text;
  bad.replace(bad.find("[1.0, 1.3, 1.8, 2.6, 3.8, 5.5]"), 30, "[1.0, 1.3]");
  dermasim::testing::write_text(path, bad);
  result = load_tissue_parameters(path);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("6 numbers"), std::string::npos) << result.error().message;
}

// A tissue scenario in the temporary folder that names the shipped data files.
std::filesystem::path write_scenario(const std::string& name, const std::string& body) {
  const auto path = std::filesystem::path(::testing::TempDir()) / name;
  const std::string data = data_dir.string();
  dermasim::testing::write_text(
      path, "[tissue]\nzone = \"cheeks\"\nfitzpatrick = 3\narea_mm2 = 0.01\nkinetics = \"" + data +
                "/epidermis/human_interfollicular.toml\"\nparameters = \"" + data +
                "/epidermis/tissue.toml\"\nzones = \"" + data + "/zones.toml\"\n" + body);
  return path;
}

constexpr const char* run = "[simulation]\nspin_up_days = 1\nduration_days = 10\n";

TEST(TissueScenario, EveryCommittedTissueScenarioLoads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir / "scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    auto is_tissue = is_tissue_scenario(entry.path());
    ASSERT_TRUE(is_tissue.has_value()) << entry.path();
    if (!*is_tissue) continue;
    auto scenario = load_tissue_scenario(entry.path());
    ASSERT_TRUE(scenario.has_value()) << scenario.error().message << " " << scenario.error().field;
    ++loaded;
  }
  EXPECT_GE(loaded, 2);
  auto engine_scenario = is_tissue_scenario(data_dir / "scenarios" / "example_slab.toml");
  ASSERT_TRUE(engine_scenario.has_value());
  EXPECT_FALSE(*engine_scenario);
}

TEST(TissueScenario, EventsAreReadInTimeOrderWithTheirUnits) {
  auto scenario = load_tissue_scenario(write_scenario(
      "events.toml", std::string(run) +
                         "[[event]]\nkind = \"inflammation\"\nat_days = 5\nlevel = 1\n"
                         "[[event]]\nkind = \"uv\"\nat_h = 12\ndose_mj_per_cm2 = 30\n"));
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message << scenario.error().field;
  ASSERT_EQ(scenario->events.size(), 2u);
  EXPECT_EQ(scenario->events[0].kind, TissueEventKind::uv);
  EXPECT_EQ(scenario->events[0].at_h, 12.0);
  EXPECT_EQ(scenario->events[1].at_h, 120.0);
  EXPECT_EQ(scenario->spin_up_h, 24.0);
}

struct BadScenario {
  const char* what;
  std::string body;
  const char* expected_in_message_or_field;
};

TEST(TissueScenario, BadInputNamesWhatToFix) {
  const std::string uv = "[[event]]\nkind = \"uv\"\nat_days = 1\ndose_mj_per_cm2 = 30\n";
  const BadScenario cases[] = {
      {"event after the end",
       std::string(run) + "[[event]]\nkind = \"inflammation\"\n"
                          "at_days = 10\nlevel = 1\n",
       "end of the run"},
      {"unknown event kind", std::string(run) + "[[event]]\nkind = \"laser\"\nat_days = 1\n",
       "abrasion"},
      {"growth factor window reversed",
       std::string(run) + "[[event]]\nkind = \"growth_factor\"\nat_days = 3\nuntil_days = 2\n"
                          "factor = \"egf\"\ndermal_ng_per_ml = 1\n",
       "later than"},
      {"abrasion without depth",
       std::string(run) + "[[event]]\nkind = \"abrasion\"\nat_days = 1\narea_fraction = 0.5\n",
       "depth"},
      {"area fraction above one",
       std::string(run) + "[[event]]\nkind = \"barrier_breach\"\nat_days = 1\n"
                          "area_fraction = 2\n",
       "area_fraction"},
      {"misspelt key",
       std::string(run) + "[[event]]\nkind = \"uv\"\nat_days = 1\n"
                          "dose_mj_per_cm = 30\n",
       "dose_mj_per_cm2"},
      {"no duration", "[simulation]\nspin_up_days = 1\n" + uv, "duration"},
  };
  for (const BadScenario& c : cases) {
    auto scenario = load_tissue_scenario(write_scenario("bad.toml", c.body));
    ASSERT_FALSE(scenario.has_value()) << c.what;
    EXPECT_EQ(scenario.error().category, ErrorCategory::invalid_input) << c.what;
    const std::string said = scenario.error().message + " " + scenario.error().field;
    EXPECT_NE(said.find(c.expected_in_message_or_field), std::string::npos)
        << c.what << ": " << said;
  }
}

TEST(TissueScenario, TissueTableErrorsNameTheKey) {
  const auto base = dermasim::testing::read_text(write_scenario("base.toml", run));
  struct Case {
    const char* from;
    const char* to;
    const char* expected;
  };
  const Case cases[] = {
      {"zone = \"cheeks\"", "zone = \"cheek\"", "cheeks"},
      {"fitzpatrick = 3", "fitzpatrick = 7", "fitzpatrick"},
      {"fitzpatrick = 3", "fitzpatrick = 2.5", "whole phototype"},
      {"area_mm2 = 0.01", "area_mm2 = 0", "area_mm2"},
      {"human_interfollicular.toml", "no_such_kinetics.toml", "tissue.kinetics"},
  };
  for (const Case& c : cases) {
    std::string text = base;
    text.replace(text.find(c.from), std::string(c.from).size(), c.to);
    const auto path = std::filesystem::path(::testing::TempDir()) / "tissue_table.toml";
    dermasim::testing::write_text(path, text);
    auto scenario = load_tissue_scenario(path);
    ASSERT_FALSE(scenario.has_value()) << c.to;
    const std::string said = scenario.error().message + " " + scenario.error().field;
    EXPECT_NE(said.find(c.expected), std::string::npos) << c.to << ": " << said;
  }
}

}  // namespace
}  // namespace dermasim::skin
