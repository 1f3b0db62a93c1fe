// Micro-needling devices against independent sources (Kalluri 2011 channel depth, Doddaballapur
// 2009 hole density, the pen's closed form) and every error path of a pass and of the catalog.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "engine/toml_reader.hpp"
#include "support/files.hpp"
#include "treatment/needling_devices.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path treatment_dir =
    std::filesystem::path(DERMASIM_SOURCE_DIR) / "data" / "treatment";
constexpr std::string_view pass_field = "session[1].zone.cheeks.pass[0]";
constexpr double reference_skin = 1.0;
constexpr double deep_plexus_um = 10000.0;  // never reached

const DeviceCatalog& catalog() {
  static const DeviceCatalog loaded = [] {
    auto result = DeviceCatalog::load(treatment_dir / "devices.toml");
    EXPECT_TRUE(result.has_value()) << (result ? "" : describe(result.error()));
    return result.value_or(DeviceCatalog{});
  }();
  return loaded;
}

NeedlingPass roller_pass(double depth_mm, int passes = 1) {
  NeedlingPass pass;
  pass.device = "roller";
  pass.depth_mm = depth_mm;
  pass.passes = passes;
  return pass;
}

NeedlingPass pen_pass(double depth_mm, CartridgeType cartridge = CartridgeType::pins12) {
  NeedlingPass pass;
  pass.device = "pen";
  pass.cartridge = cartridge;
  pass.depth_mm = depth_mm;
  return pass;
}

Error check_error(const NeedlingPass& pass) {
  const Status status = catalog().check(pass, pass_field);
  EXPECT_FALSE(status.has_value());
  return status ? Error{} : status.error();
}

// Parses `text` as one pass table (with a cartridge id unless it names one); the reader's result.
Status read_pass(std::string_view text, NeedlingPass& pass) {
  std::string full(text);
  if (full.find("cartridge_id") == std::string::npos) full += "\ncartridge_id = \"T-1\"\n";
  const toml::table table = toml::parse(full);
  engine::detail::TableReader reader(table, "pass", "test.toml");
  read_needling_pass(reader, pass);
  return reader.finish();
}

// ---------------------------------------------------------------------------------------------
// Channel geometry and density

TEST(NeedlingChannels, A770UmRollerMakesKalluriChannelDepth) {
  // Kalluri 2011 (REFERENCE §F2): 770-um needles -> 152.5 +- 9.6 um deep channels, 70.7 um wide.
  const NeedlingPass pass = roller_pass(0.77);
  ASSERT_TRUE(catalog().check(pass, pass_field).has_value());
  const ChannelField field = catalog().channels(pass, reference_skin, deep_plexus_um);
  EXPECT_NEAR(field.depth_um, 152.5, 9.6);
  EXPECT_NEAR(2.0 * field.radius_um, 70.7, 9.9);
  EXPECT_DOUBLE_EQ(field.needle_length_um, 770.0);
}

TEST(NeedlingChannels, FifteenPassesOfThe192NeedleRollerGive250HolesPerCm2) {
  // Doddaballapur 2009 (REFERENCE §F1): 15 passes, 192 needles, 200 um -> ~250 holes/cm2.
  const NeedlingPass pass = roller_pass(0.2, 15);
  ASSERT_TRUE(catalog().check(pass, pass_field).has_value());
  EXPECT_NEAR(catalog().channels(pass, reference_skin, deep_plexus_um).density_per_cm2, 250.0, 5.0);
}

TEST(NeedlingChannels, RollerDensityScalesWithPasses) {
  const double one = catalog().channels(roller_pass(0.5, 1), 1.0, deep_plexus_um).density_per_cm2;
  const double four = catalog().channels(roller_pass(0.5, 4), 1.0, deep_plexus_um).density_per_cm2;
  EXPECT_DOUBLE_EQ(four, 4.0 * one);
}

TEST(NeedlingChannels, PenDensityIsTheClosedForm) {
  // needles x rate / (speed x footprint width), per pass, times the passes.
  NeedlingPass pass = pen_pass(1.0, CartridgeType::pins12);
  pass.speed_cm_per_s = 2.0;
  pass.passes = 3;
  ASSERT_TRUE(catalog().check(pass, pass_field).has_value());
  const NeedlingDevice& pen = *catalog().find("pen");
  const Cartridge& head = catalog().cartridge(CartridgeType::pins12);
  const double expected =
      3.0 * head.needles * pen.insertion_rate_hz / (2.0 * 0.1 * head.footprint_diameter_mm);
  EXPECT_NEAR(catalog().channels(pass, reference_skin, deep_plexus_um).density_per_cm2, expected,
              1e-9 * expected);
  EXPECT_DOUBLE_EQ(pen_density_per_cm2(12, 50.0, 2.0, 0.5), 600.0);
  // Twice the hand speed halves the density.
  NeedlingPass fast = pass;
  fast.speed_cm_per_s = 4.0;
  EXPECT_NEAR(catalog().channels(fast, 1.0, deep_plexus_um).density_per_cm2, 0.5 * expected,
              1e-9 * expected);
}

TEST(NeedlingChannels, ChannelsAreShallowerThanTheNeedleAndInStifferSkin) {
  for (double depth_mm : {0.25, 0.5, 1.0, 1.5, 2.5}) {
    const ChannelField field = catalog().channels(pen_pass(depth_mm), 1.0, deep_plexus_um);
    EXPECT_LT(field.depth_um, field.needle_length_um) << depth_mm;
    const ChannelField stiff = catalog().channels(pen_pass(depth_mm), 1.5, deep_plexus_um);
    EXPECT_LT(stiff.depth_um, field.depth_um) << depth_mm;
  }
}

TEST(NeedlingChannels, BleedingOnlyPastThePlexusDepth) {
  // A 1.5-mm needle makes a 300-um channel in reference skin.
  const double plexus_um = 80.0 + 200.0;  // epidermis + papillary dermis
  EXPECT_TRUE(catalog().channels(pen_pass(1.5), 1.0, plexus_um).reaches_plexus);
  EXPECT_FALSE(catalog().channels(pen_pass(1.0), 1.0, plexus_um).reaches_plexus);
  EXPECT_FALSE(catalog().channels(pen_pass(1.5), 1.2, plexus_um).reaches_plexus);  // stiffer skin
}

TEST(NeedlingChannels, FieldBecomesANeedleFieldInjury) {
  const ChannelField field = catalog().channels(roller_pass(1.5, 10), 1.0, deep_plexus_um);
  const skin::Injury injury = needle_field_injury(field, 48.0);
  EXPECT_EQ(injury.kind, skin::InjuryKind::needle_field);
  EXPECT_DOUBLE_EQ(injury.at_h, 48.0);
  EXPECT_DOUBLE_EQ(injury.depth_um, field.depth_um);
  EXPECT_DOUBLE_EQ(injury.radius_um, field.radius_um);
  EXPECT_DOUBLE_EQ(injury.density_per_cm2, field.density_per_cm2);
}

TEST(NeedlingDevices, EveryCartridgeTypeIsInTheCatalog) {
  for (std::string_view name : {"9", "12", "16", "24", "36", "42", "nano", "single"}) {
    auto type = parse_cartridge(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(cartridge_name(*type), name);
    EXPECT_GT(catalog().cartridge(*type).needles, 0) << name;
  }
  EXPECT_EQ(catalog().cartridge(CartridgeType::single).needles, 1);
  EXPECT_TRUE(catalog().cartridge(CartridgeType::nano).max_depth_mm.has_value());
  // More pins on a wider face: more channels per pass at the same speed.
  const double twelve =
      catalog().channels(pen_pass(1.0, CartridgeType::pins12), 1.0, deep_plexus_um).density_per_cm2;
  const double fortytwo =
      catalog().channels(pen_pass(1.0, CartridgeType::pins42), 1.0, deep_plexus_um).density_per_cm2;
  EXPECT_GT(fortytwo, twelve);
}

// ---------------------------------------------------------------------------------------------
// Error paths of a pass

TEST(NeedlingChecks, PenDepthOutsideItsRangeNamesTheRange) {
  for (double depth_mm : {0.1, 3.0}) {
    const Error error = check_error(pen_pass(depth_mm));
    EXPECT_EQ(error.category, ErrorCategory::invalid_input);
    EXPECT_EQ(error.field, std::string(pass_field) + ".depth_mm");
    EXPECT_NE(error.message.find("0.25-2.5 mm"), std::string::npos) << error.message;
  }
  EXPECT_TRUE(catalog().check(pen_pass(2.5), pass_field).has_value());
  EXPECT_TRUE(catalog().check(pen_pass(0.25), pass_field).has_value());
}

TEST(NeedlingChecks, NanoCartridgeCapsTheDepth) {
  EXPECT_TRUE(catalog().check(pen_pass(0.25, CartridgeType::nano), pass_field).has_value());
  const Error error = check_error(pen_pass(0.5, CartridgeType::nano));
  EXPECT_EQ(error.field, std::string(pass_field) + ".depth_mm");
  EXPECT_NE(error.message.find("0.25-0.3 mm"), std::string::npos) << error.message;
}

TEST(NeedlingChecks, RollerDepthMustBeOneOfItsNeedleLengths) {
  const Error error = check_error(roller_pass(0.6));
  EXPECT_EQ(error.category, ErrorCategory::invalid_input);
  EXPECT_EQ(error.field, std::string(pass_field) + ".depth_mm");
  EXPECT_NE(error.message.find("0.5, 0.77"), std::string::npos) << error.message;
  NeedlingPass scar = roller_pass(1.0);
  scar.device = "roller_1_5";
  EXPECT_NE(check_error(scar).message.find("1.5 mm"), std::string::npos);
}

TEST(NeedlingChecks, UnknownCartridgeSuggestsTheKnownOnes) {
  auto type = parse_cartridge("10", "pass.cartridge");
  ASSERT_FALSE(type.has_value());
  EXPECT_EQ(type.error().category, ErrorCategory::invalid_input);
  EXPECT_EQ(type.error().field, "pass.cartridge");
  EXPECT_NE(type.error().message.find("'10'"), std::string::npos);
  EXPECT_NE(type.error().message.find("12"), std::string::npos) << type.error().message;

  NeedlingPass pass;
  const Status status = read_pass("device = \"pen\"\ncartridge = 10\ndepth_mm = 1.0\n", pass);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().field.find("pass.cartridge"), std::string::npos) << status.error().field;
}

TEST(NeedlingChecks, ZeroPassesAndNonPositiveSpeedAreRejected) {
  NeedlingPass pass = pen_pass(1.0);
  pass.passes = 0;
  Error error = check_error(pass);
  EXPECT_EQ(error.field, std::string(pass_field) + ".passes");
  EXPECT_NE(error.message.find(">= 1"), std::string::npos);
  pass.passes = 1;
  pass.speed_cm_per_s = 0.0;
  EXPECT_EQ(check_error(pass).field, std::string(pass_field) + ".speed_cm_per_s");

  NeedlingPass read;
  const Status status = read_pass("device = \"pen\"\ndepth_mm = 1.0\npasses = 0\n", read);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().field.find("pass.passes"), std::string::npos);
}

TEST(NeedlingChecks, UnknownDeviceSuggestsAKnownOne) {
  NeedlingPass pass = roller_pass(1.5);
  pass.device = "rolller";
  const Error error = check_error(pass);
  EXPECT_EQ(error.category, ErrorCategory::invalid_input);
  EXPECT_EQ(error.field, std::string(pass_field) + ".device");
  EXPECT_NE(error.message.find("did you mean 'roller'"), std::string::npos) << error.message;
}

TEST(NeedlingChecks, RollersDoNotStamp) {
  NeedlingPass pass = roller_pass(0.5);
  pass.pattern = "stamping";
  EXPECT_EQ(check_error(pass).field, std::string(pass_field) + ".pattern");
  NeedlingPass single = pen_pass(1.5, CartridgeType::single);
  single.pattern = "stamping";
  EXPECT_TRUE(catalog().check(single, pass_field).has_value());
}

// ---------------------------------------------------------------------------------------------
// Reading a pass

TEST(NeedlingPassReader, ReadsEveryKeyAndTakesTheCartridgeAsIntegerOrString) {
  NeedlingPass pass;
  ASSERT_TRUE(read_pass(R"(device = "pen"
cartridge = 36
cartridge_id = "LOT-7"
depth_mm = 1.25
passes = 3
speed_cm_per_s = 1.5
pattern = "linear"
)",
                        pass)
                  .has_value());
  EXPECT_EQ(pass.device, "pen");
  EXPECT_EQ(pass.cartridge, CartridgeType::pins36);
  EXPECT_EQ(pass.cartridge_id, "LOT-7");
  EXPECT_DOUBLE_EQ(pass.depth_mm, 1.25);
  EXPECT_EQ(pass.passes, 3);
  EXPECT_DOUBLE_EQ(pass.speed_cm_per_s, 1.5);
  EXPECT_EQ(pass.pattern, "linear");

  NeedlingPass nano;
  ASSERT_TRUE(read_pass("device = \"pen\"\ncartridge = \"nano\"\ndepth_mm = 0.25\n", nano));
  EXPECT_EQ(nano.cartridge, CartridgeType::nano);
  NeedlingPass twelve;
  ASSERT_TRUE(read_pass("device = \"pen\"\ncartridge = \"12\"\ndepth_mm = 0.5\n", twelve));
  EXPECT_EQ(twelve.cartridge, CartridgeType::pins12);
}

TEST(NeedlingPassReader, RejectsUnknownKeysBadTypesAndPatterns) {
  struct Case {
    std::string text, key;
  };
  for (const Case& c : {
           Case{"device = \"pen\"\ndepth_mm = 1.0\nneedle_mm = 1\n", "needle_mm"},
           Case{"device = \"pen\"\ndepth_mm = 1.0\ncartridge = 1.5\n", "cartridge"},
           Case{"device = \"pen\"\ndepth_mm = 1.0\npattern = \"zigzag\"\n", "pattern"},
           Case{"device = \"pen\"\ndepth_mm = 1.0\npasses = 2.5\n", "passes"},
           Case{"device = \"pen\"\ndepth_mm = -1\n", "depth_mm"},
           Case{"depth_mm = 1.0\n", "device"},
           Case{"device = \"pen\"\n", "depth_mm"},
       }) {
    NeedlingPass pass;
    const Status status = read_pass(c.text, pass);
    ASSERT_FALSE(status.has_value()) << c.text;
    EXPECT_EQ(status.error().category, ErrorCategory::invalid_input);
    EXPECT_NE(status.error().field.find("pass." + c.key), std::string::npos)
        << c.text << " -> " << status.error().field;
  }
}

// ---------------------------------------------------------------------------------------------
// The catalog file

TEST(NeedlingCatalogFile, BrokenFilesNameTheProblem) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "needling_devices";
  std::filesystem::create_directories(dir);
  const std::string good = testing::read_text(treatment_dir / "devices.toml");
  struct Case {
    std::string from, to, expected;
  };
  for (const Case& c : {
           Case{"insertion_rate_hz = 66.7", "insertion_rate_hz = 0", "insertion_rate_hz"},
           Case{"type = \"42\"", "type = \"43\"", "unknown cartridge '43'"},
           Case{"id = \"roller_1_5\"", "id = \"roller\"", "listed twice"},
           Case{"needle_lengths_mm = [1.5]", "needle_lengths_mm = []", "needle_lengths_mm"},
           Case{"depth_fraction = 0.2", "depth_fraction = 2", "depth_fraction"},
           Case{"kind = \"pen\"", "kind = \"pem\"", "did you mean 'pen'"},
           Case{"id = \"roller_1_5\"\nkind = \"roller\"", "id = \"roller_1_5\"\nkind = \"pen\"",
                "unknown key 'needles'"},
       }) {
    std::string text = good;
    const std::size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    const std::filesystem::path file = dir / "devices.toml";
    testing::write_text(file, text);
    auto result = DeviceCatalog::load(file);
    ASSERT_FALSE(result.has_value()) << c.to;
    EXPECT_NE(describe(result.error()).find(c.expected), std::string::npos)
        << describe(result.error());
  }
  EXPECT_EQ(DeviceCatalog::load(dir / "absent.toml").error().category, ErrorCategory::not_found);
}

// A disposable cartridge must be named, so that its reuse in a later session can be refused.
TEST(NeedlingPassReader, CartridgeIdIsRequired) {
  const toml::table table = toml::parse("device = \"pen\"\ncartridge = 12\ndepth_mm = 1.0\n");
  engine::detail::TableReader reader(table, "pass", "test.toml");
  NeedlingPass pass;
  read_needling_pass(reader, pass);
  const Status status = reader.finish();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(status.error().field.find("cartridge_id"), std::string::npos) << status.error().field;
}

}  // namespace
}  // namespace dermasim::treatment
