// Delivery routes against closed forms and independent facts: Potts–Guy and the 500-Da rule,
// follicular and depot release, oral exposure, fat-graft retention; and the route file's errors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>

#include "support/files.hpp"
#include "treatment/delivery_routes.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path routes_path =
    std::filesystem::path(DERMASIM_SOURCE_DIR) / "data" / "treatment" / "routes.toml";

std::string said(const Error& error) {
  return error.message + " | " + error.field;
}

RouteParameters shipped_routes() {
  auto routes = load_route_parameters(routes_path);
  EXPECT_TRUE(routes.has_value()) << said(routes.error());
  return routes.value_or(RouteParameters{});
}

constexpr double egf_mass_da = 6045;  // REFERENCE §E2
constexpr double ascorbic_acid_mass_da = 176.1;
constexpr double ascorbic_acid_log_kow = -1.85;  // [R] hydrophilic small molecule

TEST(RouteParameters, ShippedFileEqualsTheDocumentedDefaults) {
  const RouteParameters loaded = shipped_routes();
  const RouteParameters defaults;
  EXPECT_EQ(loaded.potts_guy_intercept, defaults.potts_guy_intercept);
  EXPECT_EQ(loaded.potts_guy_log_kow_slope, defaults.potts_guy_log_kow_slope);
  EXPECT_EQ(loaded.potts_guy_mass_slope_per_da, defaults.potts_guy_mass_slope_per_da);
  EXPECT_EQ(loaded.protein_log_kow, defaults.protein_log_kow);
  EXPECT_EQ(loaded.topical_volume_ul_per_cm2, defaults.topical_volume_ul_per_cm2);
  EXPECT_EQ(loaded.follicular_fraction_per_application,
            defaults.follicular_fraction_per_application);
  EXPECT_EQ(loaded.follicular_mass_cutoff_da, defaults.follicular_mass_cutoff_da);
  EXPECT_EQ(loaded.depot_release_half_life_h, defaults.depot_release_half_life_h);
  EXPECT_EQ(loaded.depot_tissue_ul_per_injected_ul, defaults.depot_tissue_ul_per_injected_ul);
  EXPECT_EQ(loaded.oral_protein_bioavailability, defaults.oral_protein_bioavailability);
  EXPECT_EQ(loaded.oral_small_molecule_bioavailability,
            defaults.oral_small_molecule_bioavailability);
  EXPECT_EQ(loaded.oral_protein_mass_threshold_da, defaults.oral_protein_mass_threshold_da);
  EXPECT_EQ(loaded.body_water_ml, defaults.body_water_ml);
  EXPECT_EQ(loaded.fat_graft_survival, defaults.fat_graft_survival);
  EXPECT_EQ(loaded.adsc_per_ml_graft, defaults.adsc_per_ml_graft);
  EXPECT_EQ(loaded.leave_on_h, defaults.leave_on_h);
  EXPECT_EQ(loaded.oral_exposure_time_constant_h, defaults.oral_exposure_time_constant_h);
  EXPECT_EQ(loaded.graft_secretome_time_constant_h, defaults.graft_secretome_time_constant_h);
  EXPECT_EQ(loaded.relay_ng_per_applied_ng, defaults.relay_ng_per_applied_ng);
}

TEST(RouteIntactSkin, PottsGuyClosedForm) {
  const RouteParameters p = shipped_routes();
  // Potts & Guy 1992: log10 kp = −2.7 + 0.71 log10 Kow − 0.0061 MW (cm/h).
  EXPECT_NEAR(std::log10(intact_skin_permeability_cm_per_h(0.0, 0.0, p)), -2.7, 1e-12);
  EXPECT_NEAR(std::log10(intact_skin_permeability_cm_per_h(300.0, 2.0, p)),
              -2.7 + 0.71 * 2.0 - 0.0061 * 300.0, 1e-12);
  // At equal Kow, 500 Da passes 10^(0.0061·5500) times faster than 6000 Da.
  const double ratio = intact_skin_permeability_cm_per_h(500.0, -1.0, p) /
                       intact_skin_permeability_cm_per_h(6000.0, -1.0, p);
  EXPECT_NEAR(std::log10(ratio), 0.0061 * 5500.0, 1e-9);
}

TEST(RouteIntactSkin, FiveHundredDaltonRuleKeepsProteinsOut) {
  const RouteParameters p = shipped_routes();
  // Bos & Meinardi 2000 (REFERENCE §F3): well above 500 Da, intact stratum corneum lets nothing
  // appreciable through. A 6-kDa EGF serum left on for 12 h delivers < 1e-10 of what was applied.
  const double concentration_ng_per_ml = 10.0;
  const double applied_ng_per_cm2 = concentration_ng_per_ml * p.topical_volume_ul_per_cm2 * 1e-3;
  const double egf_ng_per_cm2 =
      intact_skin_dose_ng_per_cm2(concentration_ng_per_ml, egf_mass_da, p.protein_log_kow, 12.0, p);
  EXPECT_GE(egf_ng_per_cm2, 0.0);
  EXPECT_LT(egf_ng_per_cm2 / applied_ng_per_cm2, 1e-10);
  // A 176-Da vitamin C reaches the viable epidermis at a share orders of magnitude higher: above
  // 1e-3 of the applied amount over the same 12 h.
  const double vitamin_c_ng_per_cm2 = intact_skin_dose_ng_per_cm2(
      concentration_ng_per_ml, ascorbic_acid_mass_da, ascorbic_acid_log_kow, 12.0, p);
  EXPECT_GT(vitamin_c_ng_per_cm2 / applied_ng_per_cm2, 1e-3);
  EXPECT_GT(vitamin_c_ng_per_cm2 / egf_ng_per_cm2, 1e20);
  // Dose grows linearly with time and concentration; nothing for no time.
  EXPECT_NEAR(intact_skin_dose_ng_per_cm2(20.0, 176.1, -1.85, 24.0, p), 4.0 * vitamin_c_ng_per_cm2,
              1e-12 * vitamin_c_ng_per_cm2);
  EXPECT_EQ(intact_skin_dose_ng_per_cm2(20.0, 176.1, -1.85, 0.0, p), 0.0);
}

TEST(RouteFollicular, ShareOfTheAppliedDoseUpToTheMassCutoff) {
  const RouteParameters p = shipped_routes();
  // 2 ng/mL × 1 µL/cm² = 2e-3 ng/cm² applied.
  EXPECT_DOUBLE_EQ(follicular_dose_ng_per_cm2(2.0, egf_mass_da, 1.0, p),
                   p.follicular_fraction_per_application * 2e-3);
  EXPECT_DOUBLE_EQ(follicular_dose_ng_per_cm2(2.0, egf_mass_da, 3.0, p),
                   3.0 * follicular_dose_ng_per_cm2(2.0, egf_mass_da, 1.0, p));
  EXPECT_EQ(follicular_dose_ng_per_cm2(2.0, 1e6, 1.0, p), 0.0);  // 1-MDa hyaluronan
  // The follicular route, not intact stratum corneum, carries a growth factor.
  EXPECT_GT(follicular_dose_ng_per_cm2(2.0, egf_mass_da, 1.0, p),
            1e20 * intact_skin_dose_ng_per_cm2(2.0, egf_mass_da, p.protein_log_kow, 12.0, p));
}

TEST(RouteInjection, DepotReleasesHalfInOneHalfLife) {
  const RouteParameters p = shipped_routes();
  const double half_life_h = p.depot_release_half_life_h;
  EXPECT_DOUBLE_EQ(depot_released_fraction(half_life_h, p), 0.5);
  EXPECT_DOUBLE_EQ(depot_released_fraction(2.0 * half_life_h, p), 0.75);
  EXPECT_EQ(depot_released_fraction(0.0, p), 0.0);
  EXPECT_EQ(depot_released_fraction(-1.0, p), 0.0);
  EXPECT_NEAR(depot_released_fraction(30.0 * half_life_h, p), 1.0, 1e-8);
  EXPECT_DOUBLE_EQ(depot_released_fraction_between(half_life_h, 2.0 * half_life_h, p), 0.25);
  EXPECT_EQ(depot_released_fraction_between(5.0, 5.0, p), 0.0);
  // Intervals add up to the whole.
  EXPECT_NEAR(
      depot_released_fraction_between(0.0, 3.0, p) + depot_released_fraction_between(3.0, 10.0, p),
      depot_released_fraction(10.0, p), 1e-15);
}

TEST(RouteInjection, DepotSphereHoldsTheSpreadVolume) {
  const RouteParameters p = shipped_routes();
  const double radius_um = depot_radius_um(1.0, p);  // 1 µL = 1e9 µm³
  EXPECT_NEAR(4.0 / 3.0 * std::numbers::pi * std::pow(radius_um, 3),
              p.depot_tissue_ul_per_injected_ul * 1e9, 1e-6 * 1e9);
  EXPECT_NEAR(depot_radius_um(8.0, p), 2.0 * radius_um, 1e-9 * radius_um);
}

TEST(RouteOral, IntactProteinReachesTheDermisAtTracesOnly) {
  const RouteParameters p = shipped_routes();
  // A 10-g collagen-peptide dose: far below 1 ng/mL of intact peptide in the interstitium, and
  // far below the growth-factor levels of PRP (PDGF-BB ≈ 17 ng/mL, REFERENCE §E2).
  const double collagen_ng_per_ml = oral_dermal_concentration_ng_per_ml(10000.0, 3000.0, p);
  EXPECT_GT(collagen_ng_per_ml, 0.0);
  EXPECT_LT(collagen_ng_per_ml, 1.0);
  EXPECT_LT(collagen_ng_per_ml, 17.0 / 50.0);
  // A small molecule of the same dose goes through at a far larger share.
  EXPECT_GT(oral_dermal_concentration_ng_per_ml(10000.0, 176.1, p), 1e4 * collagen_ng_per_ml);
  // 1 g of vitamin C: tens of µM, within an order of magnitude of the ~70 µM plasma plateau of
  // saturating oral intake (Levine 1996, PNAS 93:3704) [R].
  const double ascorbate_um =
      oral_dermal_concentration_ng_per_ml(1000.0, 176.1, p) / 176.1;  // ng/mL ÷ Da = µM
  EXPECT_GT(ascorbate_um, 7.0);
  EXPECT_LT(ascorbate_um, 700.0);
  EXPECT_EQ(oral_dermal_concentration_ng_per_ml(0.0, 176.1, p), 0.0);
}

TEST(RouteFatGraft, RetentionWithinThePublishedRange) {
  const RouteParameters p = shipped_routes();
  // Long-term fat-graft volume retention ~40–60 % [R].
  EXPECT_GE(surviving_graft_ml(10.0, p), 4.0);
  EXPECT_LE(surviving_graft_ml(10.0, p), 6.0);
  EXPECT_DOUBLE_EQ(surviving_adsc_count(10.0, p),
                   surviving_graft_ml(10.0, p) * p.adsc_per_ml_graft);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(RouteParameters, BadInputNamesTheFilePositionAndWhatToFix) {
  const std::string text = dermasim::testing::read_text(routes_path);
  struct BadFile {
    const char* what;
    std::string from, to;
    const char* expected;
  };
  const BadFile cases[] = {
      {"misspelt key", "fraction_per_application = 1e-4", "fraction_per_aplication = 1e-4",
       "did you mean 'fraction_per_application'"},
      {"fraction above one", "fraction_per_application = 1e-4", "fraction_per_application = 1.5",
       "follicular.fraction_per_application"},
      {"negative half-life", "depot_release_half_life_h = 6.0", "depot_release_half_life_h = -6",
       "injection.depot_release_half_life_h"},
      {"two half-life units", "depot_release_half_life_h = 6.0",
       "depot_release_half_life_h = 6.0\ndepot_release_half_life_min = 360", "give only one"},
      {"zero body water", "body_water_ml = 42000", "body_water_ml = 0", "oral.body_water_ml"},
      {"missing section", "[fat_graft]", "[fat_grafts]", "fat_graft"},
      {"text for a number", "survival = 0.5", "survival = \"half\"", "fat_graft.survival"},
  };
  for (const BadFile& c : cases) {
    const auto path = std::filesystem::path(::testing::TempDir()) / "routes_bad.toml";
    dermasim::testing::write_text(path, replaced(text, c.from, c.to));
    auto routes = load_route_parameters(path);
    ASSERT_FALSE(routes.has_value()) << c.what;
    EXPECT_EQ(routes.error().category, ErrorCategory::invalid_input) << c.what;
    EXPECT_NE(said(routes.error()).find(c.expected), std::string::npos)
        << c.what << ": " << said(routes.error());
    EXPECT_EQ(routes.error().field.rfind(path.string(), 0), 0u)
        << c.what << ": " << said(routes.error());
  }
}

TEST(RouteParameters, MissingFileIsNotFound) {
  auto routes = load_route_parameters(routes_path.parent_path() / "no_such_routes.toml");
  ASSERT_FALSE(routes.has_value());
  EXPECT_EQ(routes.error().category, ErrorCategory::not_found);
}

}  // namespace
}  // namespace dermasim::treatment
