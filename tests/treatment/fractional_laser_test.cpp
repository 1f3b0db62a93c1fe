// Fractional lasers: ablative columns with a rim, non-ablative coagulated columns, depth with
// energy, deterministic column placement, and the error paths of a setting and of the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "engine/toml_reader.hpp"
#include "support/files.hpp"
#include "treatment/fractional_laser.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path treatment_dir =
    std::filesystem::path(DERMASIM_SOURCE_DIR) / "data" / "treatment";
constexpr std::string_view setting_field = "session[0].zone.cheeks.laser[0]";

const LaserCatalog& catalog() {
  static const LaserCatalog loaded = [] {
    auto result = LaserCatalog::load(treatment_dir / "lasers.toml");
    EXPECT_TRUE(result.has_value()) << (result ? "" : describe(result.error()));
    return result.value_or(LaserCatalog{});
  }();
  return loaded;
}

LaserSettings setting(std::string laser, double energy_mj, double density_per_cm2 = 500.0) {
  LaserSettings s;
  s.laser = std::move(laser);
  s.energy_mj = energy_mj;
  s.density_per_cm2 = density_per_cm2;
  return s;
}

Status read_setting(std::string_view text, LaserSettings& s) {
  const toml::table table = toml::parse(text);
  engine::detail::TableReader reader(table, "laser", "test.toml");
  read_laser_settings(reader, s);
  return reader.finish();
}

TEST(LaserColumns, Co2AblatesWithAWideRimAndNaflOnlyCoagulates) {
  const LaserColumns co2 = catalog().columns(setting("co2", 15.0));
  const LaserColumns erbium = catalog().columns(setting("er_yag", 50.0));
  const LaserColumns nafl = catalog().columns(setting("nafl_1550", 20.0));
  EXPECT_TRUE(co2.ablative);
  EXPECT_TRUE(erbium.ablative);
  EXPECT_FALSE(nafl.ablative);
  EXPECT_FALSE(catalog().columns(setting("nafl_1540", 20.0)).ablative);
  EXPECT_GT(co2.coagulation_rim_um, 0.0);
  EXPECT_GT(co2.coagulation_rim_um, erbium.coagulation_rim_um);  // Er:YAG: "cold" ablation
  EXPECT_DOUBLE_EQ(nafl.coagulation_rim_um, 0.0);                // the whole column coagulated
  EXPECT_GT(co2.heat_inflammation_fold, nafl.heat_inflammation_fold);
  EXPECT_GE(nafl.heat_inflammation_fold, 1.0);
  EXPECT_NEAR(2.0 * co2.radius_um, 120.0, 1e-9);
}

TEST(LaserColumns, HigherEnergyMakesDeeperColumns) {
  for (const std::string id : {"co2", "er_yag", "nafl_1540", "nafl_1550"}) {
    const Laser& laser = *catalog().find(id);
    const double low = catalog().columns(setting(id, laser.min_energy_mj)).depth_um;
    const double high = catalog().columns(setting(id, laser.max_energy_mj)).depth_um;
    EXPECT_GT(high, low) << id;
    EXPECT_GT(low, 0.0) << id;
    EXPECT_LT(high, 2000.0) << id;  // within the dermis of thick facial skin (REFERENCE §A1)
  }
}

TEST(LaserColumns, CoverageAndPassesSetTheDensity) {
  LaserSettings percent = setting("co2", 10.0, 0.0);
  percent.density_percent = 10.0;
  percent.passes = 2;
  ASSERT_TRUE(catalog().check(percent, setting_field).has_value());
  const LaserColumns columns = catalog().columns(percent);
  // 10 % of a cm² in 120-um columns: 0.1 / (pi x 0.006²) = 884 per pass.
  EXPECT_NEAR(columns.density_per_cm2, 2.0 * 884.2, 1.0);
}

TEST(LaserColumns, InjuriesAreLaserColumnsPlacedDeterministically) {
  const LaserColumns co2 = catalog().columns(setting("co2", 15.0, 1000.0));
  const auto injuries = laser_injuries(co2, 1000.0, 24.0, 7);
  ASSERT_EQ(injuries.size(), 10u);  // 1000 /cm² on 0.01 cm²
  for (const skin::Injury& injury : injuries) {
    EXPECT_EQ(injury.kind, skin::InjuryKind::laser_column);
    EXPECT_FALSE(injury.centred);
    EXPECT_TRUE(injury.ablative);
    EXPECT_DOUBLE_EQ(injury.at_h, 24.0);
    EXPECT_DOUBLE_EQ(injury.depth_um, co2.depth_um);
    EXPECT_DOUBLE_EQ(injury.coagulation_rim_um, co2.coagulation_rim_um);
    EXPECT_GE(injury.centre_um[0], 0.0);
    EXPECT_LE(injury.centre_um[1], 1000.0);
  }
  const auto again = laser_injuries(co2, 1000.0, 24.0, 7);
  const auto other = laser_injuries(co2, 1000.0, 24.0, 8);
  EXPECT_EQ(again[3].centre_um, injuries[3].centre_um);
  EXPECT_NE(other[3].centre_um, injuries[3].centre_um);
}

TEST(LaserChecks, EnergyOutsideTheLaserRangeNamesTheRange) {
  const Status status = catalog().check(setting("co2", 100.0), setting_field);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().category, ErrorCategory::invalid_input);
  EXPECT_EQ(status.error().field, std::string(setting_field) + ".energy_mj");
  EXPECT_NE(status.error().message.find("2.5-70 mJ"), std::string::npos) << status.error().message;
  EXPECT_TRUE(catalog().check(setting("co2", 70.0), setting_field).has_value());
}

TEST(LaserChecks, UnknownLaserSuggestsAKnownOne) {
  const Status status = catalog().check(setting("nafl_1505", 20.0), setting_field);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().field, std::string(setting_field) + ".laser");
  EXPECT_NE(status.error().message.find("did you mean"), std::string::npos)
      << status.error().message;
}

TEST(LaserChecks, DensityAndPassesOutOfRange) {
  Status status = catalog().check(setting("co2", 10.0, 10000.0), setting_field);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().field, std::string(setting_field) + ".density_per_cm2");
  LaserSettings zero = setting("co2", 10.0);
  zero.passes = 0;
  status = catalog().check(zero, setting_field);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().field, std::string(setting_field) + ".passes");
  LaserSettings both = setting("co2", 10.0);
  both.density_percent = 5.0;
  EXPECT_FALSE(catalog().check(both, setting_field).has_value());
}

TEST(LaserSettingsReader, ReadsASettingAndRejectsBadOnes) {
  LaserSettings s;
  ASSERT_TRUE(
      read_setting("laser = \"er_yag\"\nenergy_mj = 40\ndensity_percent = 12\npasses = 2\n", s)
          .has_value());
  EXPECT_EQ(s.laser, "er_yag");
  EXPECT_DOUBLE_EQ(s.energy_mj, 40.0);
  EXPECT_DOUBLE_EQ(s.density_percent, 12.0);
  EXPECT_EQ(s.passes, 2);
  struct Case {
    std::string text, key;
  };
  for (const Case& c : {
           Case{"laser = \"co2\"\nenergy_mj = 10\n", "density_per_cm2"},
           Case{"laser = \"co2\"\nenergy_mj = 10\ndensity_per_cm2 = 100\ndensity_percent = 5\n",
                "density_per_cm2"},
           Case{"laser = \"co2\"\nenergy_mj = -1\ndensity_per_cm2 = 100\n", "energy_mj"},
           Case{"laser = \"co2\"\nenergy_mj = 10\ndensity_per_cm2 = 100\nfluence = 3\n", "fluence"},
           Case{"energy_mj = 10\ndensity_per_cm2 = 100\n", "laser"},
       }) {
    LaserSettings bad;
    const Status status = read_setting(c.text, bad);
    ASSERT_FALSE(status.has_value()) << c.text;
    EXPECT_NE(status.error().field.find("laser." + c.key), std::string::npos)
        << c.text << " -> " << status.error().field;
  }
}

TEST(LaserCatalogFile, BrokenFilesNameTheProblem) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "fractional_laser";
  std::filesystem::create_directories(dir);
  const std::string good = testing::read_text(treatment_dir / "lasers.toml");
  struct Case {
    std::string from, to, expected;
  };
  for (const Case& c : {
           Case{"kind = \"er_yag\"", "kind = \"erbium\"", "er_yag"},
           Case{"max_energy_mj = 70.0", "max_energy_mj = 1.0", "max_energy_mj"},
           Case{"id = \"nafl_1550\"", "id = \"nafl_1540\"", "listed twice"},
           Case{"wavelength_nm = 1550\nablative = false", "wavelength_nm = 1550\nablative = true",
                "ablative"},
       }) {
    std::string text = good;
    const std::size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    const std::filesystem::path file = dir / "lasers.toml";
    testing::write_text(file, text);
    auto result = LaserCatalog::load(file);
    ASSERT_FALSE(result.has_value()) << c.to;
    EXPECT_NE(describe(result.error()).find(c.expected), std::string::npos)
        << describe(result.error());
  }
}

}  // namespace
}  // namespace dermasim::treatment
