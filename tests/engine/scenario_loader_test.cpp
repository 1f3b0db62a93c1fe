// Tests of the scenario loader: the TOML format, the cells CSV, validate, and every error path.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "engine/scenario.hpp"

namespace dermasim::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view simulation_section = R"(
[simulation]
duration_h = 2
)";

constexpr std::string_view domain_section = R"(
[domain]
x_um = [-100, 100]
y_um = [-100, 100]
z_um = [-40, 40]
voxel_um = 20
)";

constexpr std::string_view oxygen_section = R"(
[[substance]]
name = "oxygen"
diffusion_um2_per_min = 1e5
decay_per_min = 0.1
)";

constexpr std::string_view cell_type_section = R"(
[[cell_type]]
name = "b1"
)";

// The smallest valid scenario, followed by `extra`.
std::string minimal(std::string_view extra = {}) {
  return std::string(simulation_section) + std::string(domain_section) + std::string(extra);
}

// A scenario with one substance and one cell type, followed by `extra`.
std::string with_types(std::string_view extra = {}) {
  return minimal(std::string(oxygen_section) + std::string(cell_type_section) + std::string(extra));
}

Result<Scenario> parse(std::string_view text) {
  return parse_scenario(text, "scenario.toml");
}

// 1-based line of the first occurrence of `needle` in `text`.
int line_of(std::string_view text, std::string_view needle) {
  const auto offset = text.find(needle);
  EXPECT_NE(offset, std::string_view::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// 1-based line of the last occurrence of `needle` in `text`.
int last_line_of(std::string_view text, std::string_view needle) {
  const auto offset = text.rfind(needle);
  EXPECT_NE(offset, std::string_view::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// 1-based column of `needle` within its line.
int column_of(std::string_view text, std::string_view needle) {
  const auto offset = text.find(needle);
  const auto line_start = text.rfind('\n', offset);
  return static_cast<int>(offset - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
}

std::string at(int line, int column, std::string_view path) {
  return "scenario.toml:" + std::to_string(line) + ":" + std::to_string(column) + " " +
         std::string(path);
}

// The field of the key `needle` (written at the start of its line) in `text`.
std::string key_field(std::string_view text, std::string_view needle, std::string_view path) {
  return at(line_of(text, needle), column_of(text, needle), path);
}

template <class T>
::testing::AssertionResult fails_with(const Result<T>& result, ErrorCategory category,
                                      std::string_view field, std::string_view message_part = {}) {
  if (result) return ::testing::AssertionFailure() << "expected an error, got success";
  const Error& error = result.error();
  if (error.category != category || error.field != field ||
      error.message.find(message_part) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "got " << category_name(error.category) << " field='" << error.field << "' message='"
           << error.message << "'; expected " << category_name(category) << " field='" << field
           << "' message containing '" << message_part << "'";
  }
  return ::testing::AssertionSuccess();
}

// Writes `text` to a fresh file under the test temp folder and returns its path.
fs::path write_temp(std::string_view name, std::string_view text) {
  const fs::path folder = fs::path(::testing::TempDir()) / "dermasim_scenario_loader";
  fs::create_directories(folder);
  const fs::path path = folder / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

constexpr std::string_view full_scenario = R"(name = "b1-skin-slab"
[simulation]
duration_h = 24
seed = 7
dirichlet_mode = "reset_between_sweeps"
wall_repulsion_um_per_min = 50

[time_steps]
diffusion_min = 0.01
mechanics_min = 0.1
phenotype_min = 6

[domain]
x_um = [-500, 500]
y_um = [-500, 500]
z_um = [-100, 100]
voxel_um = 20

[[substance]]
name = "oxygen"
diffusion_um2_per_min = 1e5
decay_per_min = 0.1
initial = 38
boundary.z_min = { kind = "dirichlet", value = 38 }
boundary.x_max = { kind = "no_flux" }

[[substance]]
name = "glucose"
diffusion_um2_per_min = 600
decay_per_min = 0

[[cell_type]]
name = "b1"
volume_um3 = 2494
nuclear_volume_um3 = 540
fluid_fraction = 0.75
fluid_change_per_min = 0.05
nuclear_biomass_change_per_min = 0.0055
cytoplasmic_biomass_change_per_min = 0.0045
repulsion_um_per_min = 10
adhesion_um_per_min = 0.4
max_adhesion_distance_ratio = 1.25
apoptosis_per_min = 5.31667e-5
apoptosis_duration_min = 510
apoptosis_uptake_fraction = 0.2

[[cell_type.cycle]]
name = "G0G1"
duration_min = 300
duration = "exponential"

[[cell_type.cycle]]
name = "S"
duration_min = 480
doubles_volume_at_entry = true
divides_at_end = true

[[cell_type.exchange]]
substance = "glucose"
uptake_per_min = 10
secretion_per_min = 2
secretion_target = 5

[[cell_type]]
name = "inert"

[[cells.cell]]
x_um = 1
y_um = -2.5
z_um = 3
type = "inert"

[output]
summary = false
timeseries_interval_min = 30
snapshot_interval_h = 2
final_snapshot = true
)";

TEST(ScenarioLoader, FullScenarioConvertsToInternalUnits) {
  const auto result = parse(full_scenario);
  ASSERT_TRUE(result) << describe(result.error());
  const Scenario& scenario = *result;
  EXPECT_EQ(scenario.name, "b1-skin-slab");
  EXPECT_EQ(scenario.source_file, fs::path("scenario.toml"));
  EXPECT_DOUBLE_EQ(scenario.duration_h, 24.0);
  EXPECT_EQ(scenario.seed, 7u);
  EXPECT_EQ(scenario.dirichlet_mode, DirichletMode::reset_between_sweeps);
  EXPECT_DOUBLE_EQ(scenario.wall_repulsion_um_per_h, 3000.0);

  EXPECT_DOUBLE_EQ(scenario.time_steps.diffusion_h, 0.01 / 60.0);
  EXPECT_DOUBLE_EQ(scenario.time_steps.mechanics_h, 0.1 / 60.0);
  EXPECT_DOUBLE_EQ(scenario.time_steps.phenotype_h, 0.1);

  EXPECT_EQ(scenario.domain.min_um, (std::array<double, 3>{-500, -500, -100}));
  EXPECT_EQ(scenario.domain.max_um, (std::array<double, 3>{500, 500, 100}));
  EXPECT_DOUBLE_EQ(scenario.voxel_um, 20.0);

  ASSERT_EQ(scenario.substances.size(), 2u);
  const SubstanceSpec& oxygen = scenario.substances[0];
  EXPECT_EQ(oxygen.name, "oxygen");
  EXPECT_DOUBLE_EQ(oxygen.diffusion_um2_per_h, 6e6);
  EXPECT_DOUBLE_EQ(oxygen.decay_per_h, 6.0);
  EXPECT_DOUBLE_EQ(oxygen.initial, 38.0);
  const auto& z_min = oxygen.faces[static_cast<int>(Face::z_min)];
  EXPECT_EQ(z_min.kind, BoundaryKind::dirichlet);
  EXPECT_DOUBLE_EQ(z_min.value, 38.0);
  EXPECT_EQ(oxygen.faces[static_cast<int>(Face::x_max)].kind, BoundaryKind::no_flux);
  EXPECT_EQ(oxygen.faces[static_cast<int>(Face::z_max)].kind, BoundaryKind::no_flux);
  EXPECT_DOUBLE_EQ(scenario.substances[1].diffusion_um2_per_h, 36000.0);
  EXPECT_DOUBLE_EQ(scenario.substances[1].initial, 0.0);

  ASSERT_EQ(scenario.cell_types.size(), 2u);
  const CellTypeSpec& b1 = scenario.cell_types[0];
  EXPECT_EQ(b1.name, "b1");
  EXPECT_DOUBLE_EQ(b1.volume.total_um3, 2494.0);
  EXPECT_DOUBLE_EQ(b1.volume.nuclear_um3, 540.0);
  EXPECT_DOUBLE_EQ(b1.volume.fluid_fraction, 0.75);
  EXPECT_DOUBLE_EQ(b1.volume.fluid_change_per_h, 3.0);
  EXPECT_DOUBLE_EQ(b1.volume.nuclear_biomass_change_per_h, 0.33);
  EXPECT_DOUBLE_EQ(b1.volume.cytoplasmic_biomass_change_per_h, 0.27);
  EXPECT_DOUBLE_EQ(b1.mechanics.repulsion_um_per_h, 600.0);
  EXPECT_DOUBLE_EQ(b1.mechanics.adhesion_um_per_h, 24.0);
  EXPECT_DOUBLE_EQ(b1.mechanics.max_adhesion_distance_ratio, 1.25);
  EXPECT_DOUBLE_EQ(b1.apoptosis.rate_per_h, 5.31667e-5 * 60.0);
  EXPECT_DOUBLE_EQ(b1.apoptosis.duration_h, 8.5);
  EXPECT_DOUBLE_EQ(b1.apoptosis.uptake_fraction, 0.2);

  ASSERT_EQ(b1.cycle.size(), 2u);
  EXPECT_EQ(b1.cycle[0].name, "G0G1");
  EXPECT_DOUBLE_EQ(b1.cycle[0].duration_h, 5.0);
  EXPECT_EQ(b1.cycle[0].duration_kind, PhaseDuration::exponential);
  EXPECT_FALSE(b1.cycle[0].divides_at_end);
  EXPECT_DOUBLE_EQ(b1.cycle[1].duration_h, 8.0);
  EXPECT_EQ(b1.cycle[1].duration_kind, PhaseDuration::fixed);
  EXPECT_TRUE(b1.cycle[1].doubles_volume_at_entry);
  EXPECT_TRUE(b1.cycle[1].divides_at_end);

  ASSERT_EQ(b1.exchange.size(), 1u);
  EXPECT_EQ(b1.exchange[0].substance, 1);
  EXPECT_DOUBLE_EQ(b1.exchange[0].uptake_per_h, 600.0);
  EXPECT_DOUBLE_EQ(b1.exchange[0].secretion_per_h, 120.0);
  EXPECT_DOUBLE_EQ(b1.exchange[0].secretion_target, 5.0);

  ASSERT_EQ(scenario.initial_cells.size(), 1u);
  EXPECT_EQ(scenario.initial_cells[0].type, 1);
  EXPECT_EQ(scenario.initial_cells[0].position_um, (std::array<double, 3>{1.0, -2.5, 3.0}));

  EXPECT_FALSE(scenario.output.summary);
  EXPECT_DOUBLE_EQ(scenario.output.timeseries_interval_h, 0.5);
  EXPECT_DOUBLE_EQ(scenario.output.snapshot_interval_h, 2.0);
  EXPECT_TRUE(scenario.output.final_snapshot);
}

TEST(ScenarioLoader, OmittedKeysTakeTheirDefaults) {
  const auto result = parse_scenario(with_types(), "runs/slab.toml");
  ASSERT_TRUE(result) << describe(result.error());
  const Scenario& scenario = *result;
  const Scenario defaults;
  const CellTypeSpec default_type;
  EXPECT_EQ(scenario.name, "slab");
  EXPECT_EQ(scenario.seed, 1u);
  EXPECT_EQ(scenario.dirichlet_mode, DirichletMode::held);
  EXPECT_DOUBLE_EQ(scenario.wall_repulsion_um_per_h, 6000.0);
  EXPECT_DOUBLE_EQ(scenario.time_steps.diffusion_h, defaults.time_steps.diffusion_h);
  EXPECT_DOUBLE_EQ(scenario.time_steps.mechanics_h, defaults.time_steps.mechanics_h);
  EXPECT_DOUBLE_EQ(scenario.time_steps.phenotype_h, defaults.time_steps.phenotype_h);
  EXPECT_DOUBLE_EQ(scenario.substances[0].initial, 0.0);
  for (const FaceBoundary& face : scenario.substances[0].faces) {
    EXPECT_EQ(face.kind, BoundaryKind::no_flux);
  }
  const CellTypeSpec& type = scenario.cell_types[0];
  EXPECT_DOUBLE_EQ(type.volume.total_um3, default_type.volume.total_um3);
  EXPECT_DOUBLE_EQ(type.volume.fluid_change_per_h, default_type.volume.fluid_change_per_h);
  EXPECT_DOUBLE_EQ(type.mechanics.repulsion_um_per_h, default_type.mechanics.repulsion_um_per_h);
  EXPECT_DOUBLE_EQ(type.apoptosis.rate_per_h, 0.0);
  EXPECT_DOUBLE_EQ(type.apoptosis.duration_h, 8.5);
  EXPECT_TRUE(type.cycle.empty());
  EXPECT_TRUE(type.exchange.empty());
  EXPECT_TRUE(scenario.initial_cells.empty());
  EXPECT_TRUE(scenario.output.summary);
  EXPECT_DOUBLE_EQ(scenario.output.timeseries_interval_h, 1.0);
  EXPECT_DOUBLE_EQ(scenario.output.snapshot_interval_h, 0.0);
  EXPECT_FALSE(scenario.output.final_snapshot);
}

TEST(ScenarioLoader, NoSubstancesCellTypesOrCellsIsValid) {
  const auto result = parse(minimal());
  ASSERT_TRUE(result) << describe(result.error());
  EXPECT_TRUE(result->substances.empty());
  EXPECT_TRUE(result->cell_types.empty());
  EXPECT_TRUE(result->initial_cells.empty());
}

TEST(ScenarioLoader, DurationInMinutesOrDaysIsConvertedToHours) {
  const std::string in_days = "[simulation]\nduration_days = 2\n" + std::string(domain_section);
  const std::string in_minutes = "[simulation]\nduration_min = 90\n" + std::string(domain_section);
  ASSERT_TRUE(parse(in_days));
  ASSERT_TRUE(parse(in_minutes));
  EXPECT_DOUBLE_EQ(parse(in_days)->duration_h, 48.0);
  EXPECT_DOUBLE_EQ(parse(in_minutes)->duration_h, 1.5);
}

TEST(ScenarioLoader, OutputIntervalsInHoursAndZeroMeansOff) {
  const auto result =
      parse(minimal("[output]\ntimeseries_interval_h = 0\nsnapshot_interval_min = 90\n"));
  ASSERT_TRUE(result) << describe(result.error());
  EXPECT_DOUBLE_EQ(result->output.timeseries_interval_h, 0.0);
  EXPECT_DOUBLE_EQ(result->output.snapshot_interval_h, 1.5);
}

TEST(ScenarioLoader, ParseWithoutOriginNamesTheScenarioByDefault) {
  const auto result = parse_scenario(minimal(), {});
  ASSERT_TRUE(result) << describe(result.error());
  EXPECT_EQ(result->name, "scenario");
  EXPECT_TRUE(result->source_file.empty());
}

// --- TOML syntax and structure

TEST(ScenarioLoader, TomlSyntaxErrorReportsLineAndColumn) {
  const auto result = parse("[simulation]\nduration_h = = 2\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().category, ErrorCategory::invalid_input);
  EXPECT_TRUE(result.error().field.starts_with("scenario.toml:2:")) << result.error().field;
  EXPECT_NE(result.error().message.find("TOML syntax error"), std::string::npos);
}

TEST(ScenarioLoader, DuplicateKeyIsASyntaxErrorAtItsLine) {
  const auto result = parse("[simulation]\nduration_h = 2\nduration_h = 3\n");
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().field.starts_with("scenario.toml:3:")) << result.error().field;
}

TEST(ScenarioLoader, UnknownKeySuggestsTheClosestKnownKey) {
  const std::string text = minimal(std::string(oxygen_section) +
                                   "[[substance]]\nname = \"glucose\"\n"
                                   "diffusion_um2_per_min = 600\ndecay_per_mn = 0.1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "decay_per_mn", "substance[1].decay_per_mn"),
                         "did you mean 'decay_per_min'?"));
}

TEST(ScenarioLoader, UnitMismatchInKeySuggestsTheKeyWithTheRightUnit) {
  const std::string text =
      minimal("[[substance]]\nname = \"o\"\ndiffusion_um2_per_min = 1\ndecay_per_h = 0.1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "decay_per_h", "substance[0].decay_per_h"),
                         "did you mean 'decay_per_min'?"));
}

TEST(ScenarioLoader, UnknownTopLevelTableSuggestsTheClosestTable) {
  const std::string text = minimal("[outptu]\nsummary = true\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "outptu", "outptu"), "did you mean 'output'?"));
}

TEST(ScenarioLoader, UnknownKeyFarFromAnyKnownKeyListsTheKnownKeys) {
  const std::string text = minimal("[output]\nzzzzzzzzzz = 1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "zzzzzzzzzz", "output.zzzzzzzzzz"),
                         "expected one of 'summary'"));
}

TEST(ScenarioLoader, UnknownKeyInBoundaryNamesTheFace) {
  const std::string text = minimal(std::string(oxygen_section) +
                                   "boundary.z_mn = { kind = \"dirichlet\", value = 1 }\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "z_mn", "substance[0].boundary.z_mn"),
                         "did you mean 'z_min'?"));
}

TEST(ScenarioLoader, SectionThatIsNotATableIsAnError) {
  const std::string text = "simulation = 3\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input, at(1, 1, "simulation"),
                         "must be a table, not an integer"));
}

TEST(ScenarioLoader, SubstanceThatIsNotAnArrayOfTablesIsAnError) {
  const std::string text = "substance = \"oxygen\"\n" + minimal();
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input, at(1, 1, "substance"),
                         "[[substance]]"));
}

// --- Missing, wrongly typed and out-of-range values

TEST(ScenarioLoader, MissingSimulationTableIsAnError) {
  EXPECT_TRUE(fails_with(parse(domain_section), ErrorCategory::invalid_input,
                         "scenario.toml simulation", "missing required key 'simulation'"));
}

TEST(ScenarioLoader, MissingDomainTableIsAnError) {
  EXPECT_TRUE(fails_with(parse(simulation_section), ErrorCategory::invalid_input,
                         "scenario.toml domain", "missing required key 'domain'"));
}

TEST(ScenarioLoader, MissingDurationNamesAllItsUnits) {
  const std::string text = "[simulation]\nseed = 2\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(1, 1, "simulation.duration_h"), "'duration_min'"));
}

TEST(ScenarioLoader, DurationInTwoUnitsIsAnError) {
  const std::string text =
      "[simulation]\nduration_h = 1\nduration_min = 60\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(3, 1, "simulation.duration_min"), "give only one of"));
}

TEST(ScenarioLoader, MissingRequiredSubstanceKeyNamesTheSubstanceTable) {
  const std::string text = minimal("[[substance]]\nname = \"oxygen\"\ndecay_per_min = 0.1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[[substance]]", "substance[0].diffusion_um2_per_min"),
                         "missing required key"));
}

TEST(ScenarioLoader, StringWhereNumberExpectedIsATypeError) {
  const std::string text = "[simulation]\nduration_h = \"24\"\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(2, 1, "simulation.duration_h"), "must be a number, not a string"));
}

TEST(ScenarioLoader, NegativeRateIsOutOfRange) {
  const std::string text =
      minimal("[[substance]]\nname = \"o\"\ndiffusion_um2_per_min = 1\ndecay_per_min = -0.1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "decay_per_min", "substance[0].decay_per_min"),
                         "must be >= 0"));
}

TEST(ScenarioLoader, ZeroDurationIsOutOfRange) {
  const std::string text = "[simulation]\nduration_h = 0\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(2, 1, "simulation.duration_h"), "must be > 0"));
}

TEST(ScenarioLoader, NanIsRejected) {
  const std::string text =
      minimal("[[substance]]\nname = \"o\"\ndiffusion_um2_per_min = nan\ndecay_per_min = 0\n");
  EXPECT_TRUE(fails_with(
      parse(text), ErrorCategory::invalid_input,
      key_field(text, "diffusion_um2_per_min", "substance[0].diffusion_um2_per_min"), "finite"));
}

TEST(ScenarioLoader, InfinityIsRejected) {
  const std::string text = "[simulation]\nduration_h = inf\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(2, 1, "simulation.duration_h"), "finite"));
}

TEST(ScenarioLoader, NegativeSeedIsOutOfRange) {
  const std::string text =
      "[simulation]\nduration_h = 1\nseed = -1\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input, at(3, 1, "simulation.seed"),
                         "must be >= 0"));
}

TEST(ScenarioLoader, FractionalSeedIsATypeError) {
  const std::string text =
      "[simulation]\nduration_h = 1\nseed = 1.5\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input, at(3, 1, "simulation.seed"),
                         "must be an integer"));
}

TEST(ScenarioLoader, UnknownDirichletModeSuggestsAnAllowedValue) {
  const std::string text =
      "[simulation]\nduration_h = 1\ndirichlet_mode = \"hold\"\n" + std::string(domain_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(3, 1, "simulation.dirichlet_mode"), "did you mean 'held'?"));
}

TEST(ScenarioLoader, BooleanGivenAsStringIsATypeError) {
  const std::string text = minimal("[output]\nsummary = \"yes\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "summary", "output.summary"), "true or false"));
}

TEST(ScenarioLoader, NegativeOutputIntervalIsOutOfRange) {
  const std::string text = minimal("[output]\nsnapshot_interval_h = -1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "snapshot_interval_h", "output.snapshot_interval_h"),
                         "must be >= 0"));
}

TEST(ScenarioLoader, EmptyNameIsRejected) {
  const std::string text = minimal("[[cell_type]]\nname = \"\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "name = \"\"", "cell_type[0].name"), "must not be empty"));
}

// --- Time steps and domain

TEST(ScenarioLoader, MechanicsStepNotAMultipleOfDiffusionStepIsAnError) {
  const std::string text =
      minimal("[time_steps]\ndiffusion_min = 0.02\nmechanics_min = 0.05\nphenotype_min = 6\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "mechanics_min", "time_steps.mechanics_min"),
                         "integer multiple of the diffusion step"));
}

TEST(ScenarioLoader, PhenotypeStepNotAMultipleOfMechanicsStepIsAnError) {
  const std::string text = minimal("[time_steps]\nmechanics_min = 0.4\nphenotype_min = 1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "phenotype_min", "time_steps.phenotype_min"),
                         "integer multiple of the mechanics step"));
}

TEST(ScenarioLoader, StepsThatAreMultiplesUpToRoundingAreAccepted) {
  const auto result = parse(
      minimal("[time_steps]\ndiffusion_min = 0.01\nmechanics_min = 0.07\nphenotype_min = 0.7\n"));
  ASSERT_TRUE(result) << describe(result.error());
}

TEST(ScenarioLoader, DomainMaxNotAboveMinIsAnError) {
  const std::string text = std::string(simulation_section) +
                           "[domain]\nx_um = [100, -100]\ny_um = [0, 20]\nz_um = [0, 20]\n";
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "x_um", "domain.x_um"), "max > min"));
}

TEST(ScenarioLoader, DomainNotDivisibleIntoVoxelsIsAnError) {
  const std::string text = std::string(simulation_section) +
                           "[domain]\nx_um = [0, 100]\ny_um = [0, 90]\nz_um = [0, 20]\n"
                           "voxel_um = 20\n";
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "y_um", "domain.y_um"), "not an integer multiple"));
}

TEST(ScenarioLoader, DomainBoundsThatAreNotAPairAreAnError) {
  const std::string text = std::string(simulation_section) +
                           "[domain]\nx_um = [0, 100, 200]\ny_um = [0, 20]\nz_um = [0, 20]\n";
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "x_um", "domain.x_um"), "two numbers"));
}

TEST(ScenarioLoader, MissingDomainAxisIsAnError) {
  const std::string text =
      std::string(simulation_section) + "[domain]\nx_um = [0, 100]\ny_um = [0, 20]\n";
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[domain]", "domain.z_um"), "missing required key"));
}

// --- Substances and boundaries

TEST(ScenarioLoader, DuplicateSubstanceNameIsAnError) {
  const std::string text = minimal(std::string(oxygen_section) + std::string(oxygen_section));
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(last_line_of(text, "name = \"oxygen\""), 1, "substance[1].name"),
                         "duplicate substance name 'oxygen'"));
}

TEST(ScenarioLoader, DirichletFaceWithoutValueIsAnError) {
  const std::string text =
      minimal(std::string(oxygen_section) + "boundary.z_max = { kind = \"dirichlet\" }\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "{ kind", "substance[0].boundary.z_max.value"),
                         "missing required key 'value'"));
}

TEST(ScenarioLoader, ValueOnNoFluxFaceIsAnError) {
  const std::string text =
      minimal(std::string(oxygen_section) + "boundary.y_min = { value = 3 }\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "value = 3", "substance[0].boundary.y_min.value"),
                         "dirichlet"));
}

TEST(ScenarioLoader, UnknownBoundaryKindIsAnError) {
  const std::string text =
      minimal(std::string(oxygen_section) + "boundary.y_min = { kind = \"periodic\" }\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "kind", "substance[0].boundary.y_min.kind"),
                         "'periodic' is not one of 'no_flux', 'dirichlet'"));
}

// --- Cell types

TEST(ScenarioLoader, DuplicateCellTypeNameIsAnError) {
  const std::string text = with_types(cell_type_section);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(last_line_of(text, "name = \"b1\""), 1, "cell_type[1].name"),
                         "duplicate cell type name 'b1'"));
}

TEST(ScenarioLoader, NuclearVolumeNotBelowCellVolumeIsAnError) {
  const std::string text =
      minimal("[[cell_type]]\nname = \"a\"\nvolume_um3 = 500\nnuclear_volume_um3 = 540\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "nuclear_volume_um3", "cell_type[0].nuclear_volume_um3"),
                         "must be smaller than the cell volume"));
}

TEST(ScenarioLoader, FluidFractionOfOneIsOutOfRange) {
  const std::string text = minimal("[[cell_type]]\nname = \"a\"\nfluid_fraction = 1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "fluid_fraction", "cell_type[0].fluid_fraction"),
                         "in [0, 1)"));
}

TEST(ScenarioLoader, AdhesionDistanceRatioBelowOneIsOutOfRange) {
  const std::string text =
      minimal("[[cell_type]]\nname = \"a\"\nmax_adhesion_distance_ratio = 0.9\n");
  EXPECT_TRUE(fails_with(
      parse(text), ErrorCategory::invalid_input,
      key_field(text, "max_adhesion", "cell_type[0].max_adhesion_distance_ratio"), ">= 1"));
}

TEST(ScenarioLoader, CycleWithoutDividingPhaseIsAnError) {
  const std::string text = minimal(
      "[[cell_type]]\nname = \"a\"\n[[cell_type.cycle]]\nname = \"G1\"\nduration_min = 60\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "cycle", "cell_type[0].cycle"), "found 0"));
}

TEST(ScenarioLoader, CycleWithTwoDividingPhasesIsAnError) {
  const std::string phase =
      "[[cell_type.cycle]]\nname = \"P\"\nduration_min = 60\ndivides_at_end = true\n";
  const std::string text = minimal("[[cell_type]]\nname = \"a\"\n" + phase + phase);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "cycle", "cell_type[0].cycle"), "found 2"));
}

TEST(ScenarioLoader, PhaseWithoutDurationIsAnError) {
  const std::string text = minimal(
      "[[cell_type]]\nname = \"a\"\n[[cell_type.cycle]]\nname = \"M\"\ndivides_at_end = true\n");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "[[cell_type.cycle]]", "cell_type[0].cycle[0].duration_min"),
                 "missing required key 'duration_min'"));
}

TEST(ScenarioLoader, UnknownPhaseDurationKindIsAnError) {
  const std::string text = minimal(
      "[[cell_type]]\nname = \"a\"\n[[cell_type.cycle]]\nname = \"M\"\nduration_min = 60\n"
      "duration = \"gamma\"\ndivides_at_end = true\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "duration = ", "cell_type[0].cycle[0].duration"),
                         "'fixed', 'exponential'"));
}

TEST(ScenarioLoader, ExchangeWithUndeclaredSubstanceIsAnError) {
  const std::string text = with_types("[[cell_type.exchange]]\nsubstance = \"oxygn\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "substance = ", "cell_type[0].exchange[0].substance"),
                         "did you mean 'oxygen'?"));
}

TEST(ScenarioLoader, SecondExchangeForTheSameSubstanceIsAnError) {
  const std::string exchange = "[[cell_type.exchange]]\nsubstance = \"oxygen\"\n";
  const std::string text = with_types(exchange + exchange);
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 at(last_line_of(text, "substance = "), 1, "cell_type[0].exchange[1].substance"),
                 "already has an exchange entry"));
}

TEST(ScenarioLoader, NegativeUptakeIsOutOfRange) {
  const std::string text =
      with_types("[[cell_type.exchange]]\nsubstance = \"oxygen\"\nuptake_per_min = -1\n");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "uptake_per_min", "cell_type[0].exchange[0].uptake_per_min"),
                 "must be >= 0"));
}

// --- Inline cells

TEST(ScenarioLoader, InlineCellWithUnknownTypeIsAnError) {
  const std::string text =
      with_types("[[cells.cell]]\nx_um = 0\ny_um = 0\nz_um = 0\ntype = \"b2\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "type = ", "cells.cell[0].type"),
                         "unknown cell type 'b2'"));
}

TEST(ScenarioLoader, InlineCellOutsideTheDomainIsAnError) {
  const std::string text = with_types(
      "[[cells.cell]]\nx_um = 0\ny_um = 0\nz_um = 0\ntype = \"b1\"\n"
      "[[cells.cell]]\nx_um = 0\ny_um = 0\nz_um = 41\ntype = \"b1\"\n");
  const int second_cell_line = line_of(text, "z_um = 41") - 2;
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         at(second_cell_line, 1, "cells.cell[1].x_um"), "z = 41"));
}

TEST(ScenarioLoader, InlineCellWithoutPositionIsAnError) {
  const std::string text = with_types("[[cells.cell]]\nx_um = 0\ny_um = 0\ntype = \"b1\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[[cells.cell]]", "cells.cell[0].z_um"),
                         "missing required key 'z_um'"));
}

// --- Cells CSV

TEST(ScenarioLoader, CellsCsvIsReadRelativeToTheScenarioFile) {
  write_temp("relative_cells.csv", "x,y,z,type\n1,2,3,0\n-4.5, 5 ,6,0\r\n\n");
  const fs::path scenario =
      write_temp("relative.toml", with_types("[cells]\ncsv = \"relative_cells.csv\"\n"));
  const auto result = load_scenario(scenario);
  ASSERT_TRUE(result) << describe(result.error());
  EXPECT_EQ(result->name, "relative");
  EXPECT_EQ(result->source_file, scenario);
  ASSERT_EQ(result->initial_cells.size(), 2u);
  EXPECT_EQ(result->initial_cells[1].position_um, (std::array<double, 3>{-4.5, 5.0, 6.0}));
}

TEST(ScenarioLoader, CsvAndInlineCellsAreCombined) {
  write_temp("combined_cells.csv", "x,y,z,type\n1,2,3,0\n");
  const fs::path scenario = write_temp(
      "combined.toml", with_types("[cells]\ncsv = \"combined_cells.csv\"\n"
                                  "[[cells.cell]]\nx_um = 0\ny_um = 0\nz_um = 0\ntype = \"b1\"\n"));
  const auto result = load_scenario(scenario);
  ASSERT_TRUE(result) << describe(result.error());
  EXPECT_EQ(result->initial_cells.size(), 2u);
}

TEST(ScenarioLoader, CsvWithOnlyTheHeaderIsAnEmptyTissue) {
  const fs::path csv = write_temp("header_only.csv", "x,y,z,type\n");
  const auto cells = load_cells_csv(csv);
  ASSERT_TRUE(cells) << describe(cells.error());
  EXPECT_TRUE(cells->empty());
}

TEST(ScenarioLoader, BenchmarkCellsCsvHas2500Cells) {
  const auto cells = load_cells_csv(fs::path(DERMASIM_SOURCE_DIR) / "bench/b1/b1s_cells.csv");
  ASSERT_TRUE(cells) << describe(cells.error());
  EXPECT_EQ(cells->size(), 2500u);
  EXPECT_DOUBLE_EQ(cells->front().position_um[0], 161.948);
  EXPECT_EQ(cells->front().type, 0);
}

TEST(ScenarioLoader, MissingCsvFileIsNotFoundNamingThePath) {
  const fs::path missing = fs::path(::testing::TempDir()) / "no_such_cells.csv";
  EXPECT_TRUE(fails_with(load_cells_csv(missing), ErrorCategory::not_found, missing.string(),
                         missing.string()));
}

TEST(ScenarioLoader, MissingCsvFileReferencedByScenarioIsNotFound) {
  const fs::path scenario =
      write_temp("missing_csv.toml", with_types("[cells]\ncsv = \"absent.csv\"\n"));
  const fs::path expected = scenario.parent_path() / "absent.csv";
  EXPECT_TRUE(fails_with(load_scenario(scenario), ErrorCategory::not_found, expected.string(),
                         "(named by " + scenario.string() + ":"));
}

TEST(ScenarioLoader, CsvWithWrongHeaderIsAnError) {
  const fs::path csv = write_temp("wrong_header.csv", "x,y,type\n1,2,0\n");
  EXPECT_TRUE(fails_with(load_cells_csv(csv), ErrorCategory::invalid_input, csv.string() + ":1:1",
                         "header 'x,y,z,type'"));
}

TEST(ScenarioLoader, EmptyCsvFileIsAnError) {
  const fs::path csv = write_temp("empty.csv", "");
  EXPECT_TRUE(fails_with(load_cells_csv(csv), ErrorCategory::invalid_input, csv.string() + ":1:1",
                         "empty file"));
}

TEST(ScenarioLoader, CsvRowWithWrongColumnCountIsAnError) {
  const fs::path csv = write_temp("short_row.csv", "x,y,z,type\n1,2,3,0\n1,2,3\n");
  EXPECT_TRUE(fails_with(load_cells_csv(csv), ErrorCategory::invalid_input, csv.string() + ":3:1",
                         "expected 4 columns"));
}

TEST(ScenarioLoader, CsvRowWithNonNumericCoordinateIsAnError) {
  const fs::path csv = write_temp("text_cell.csv", "x,y,z,type\n1,abc,3,0\n");
  EXPECT_TRUE(fails_with(load_cells_csv(csv), ErrorCategory::invalid_input, csv.string() + ":2:3 y",
                         "'abc'"));
}

TEST(ScenarioLoader, CsvRowWithNanIsAnError) {
  const fs::path csv = write_temp("nan_cell.csv", "x,y,z,type\n1,2,nan,0\n");
  EXPECT_TRUE(fails_with(load_cells_csv(csv), ErrorCategory::invalid_input, csv.string() + ":2:5 z",
                         "finite"));
}

TEST(ScenarioLoader, CsvRowWithNegativeOrFractionalTypeIsAnError) {
  const fs::path negative = write_temp("negative_type.csv", "x,y,z,type\n1,2,3,-1\n");
  const fs::path fractional = write_temp("fractional_type.csv", "x,y,z,type\n1,2,3,0.5\n");
  EXPECT_TRUE(fails_with(load_cells_csv(negative), ErrorCategory::invalid_input,
                         negative.string() + ":2:7 type", "integer >= 0"));
  EXPECT_TRUE(fails_with(load_cells_csv(fractional), ErrorCategory::invalid_input,
                         fractional.string() + ":2:7 type", "integer >= 0"));
}

TEST(ScenarioLoader, CsvTypeIndexOutOfRangeNamesTheRow) {
  const fs::path csv = write_temp("type_range.csv", "x,y,z,type\n1,2,3,0\n1,2,3,1\n");
  const fs::path scenario =
      write_temp("type_range.toml", with_types("[cells]\ncsv = \"type_range.csv\"\n"));
  EXPECT_TRUE(fails_with(load_scenario(scenario), ErrorCategory::invalid_input,
                         csv.string() + ":3:7 type", "cell type index 1 is out of range"));
}

TEST(ScenarioLoader, CsvCellOutsideTheDomainNamesTheRow) {
  const fs::path csv = write_temp("outside.csv", "x,y,z,type\n1,2,3,0\n1,200,3,0\n");
  const fs::path scenario =
      write_temp("outside.toml", with_types("[cells]\ncsv = \"outside.csv\"\n"));
  EXPECT_TRUE(fails_with(load_scenario(scenario), ErrorCategory::invalid_input,
                         csv.string() + ":3:1", "outside the domain"));
}

TEST(ScenarioLoader, OversizedCsvIsRefused) {
  const fs::path csv = write_temp("huge.csv", "x,y,z,type\n");
  fs::resize_file(csv, 513ull * 1024 * 1024);  // sparse: no disk space used
  EXPECT_TRUE(fails_with(load_cells_csv(csv), ErrorCategory::invalid_input, csv.string(),
                         "the limit is 512 MiB"));
  fs::remove(csv);
}

// --- Scenario files

TEST(ScenarioLoader, MissingScenarioFileIsNotFound) {
  const fs::path missing = fs::path(::testing::TempDir()) / "no_such_scenario.toml";
  EXPECT_TRUE(
      fails_with(load_scenario(missing), ErrorCategory::not_found, missing.string(), "not found"));
}

TEST(ScenarioLoader, OversizedScenarioFileIsRefused) {
  const fs::path path = write_temp("huge.toml", "");
  fs::resize_file(path, 17ull * 1024 * 1024);
  EXPECT_TRUE(fails_with(load_scenario(path), ErrorCategory::invalid_input, path.string(),
                         "the limit is 16 MiB"));
  fs::remove(path);
}

TEST(ScenarioLoader, OversizedScenarioTextIsRefused) {
  const std::string text(17 * 1024 * 1024, '#');
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input, "scenario.toml",
                         "the limit is 16 MiB"));
}

TEST(ScenarioLoader, MoreThanAThousandCellTypesAreRefused) {
  std::string types;
  for (int index = 0; index <= 1000; ++index) {
    types += "[[cell_type]]\nname = \"t" + std::to_string(index) + "\"\n";
  }
  const std::string text = minimal(types);
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "cell_type", "cell_type"), "the limit is 1000"));
}

// --- validate for scenarios built in code

Scenario valid_scenario_in_code() {
  Scenario scenario;
  scenario.domain = Box{{0, 0, 0}, {100, 100, 20}};
  scenario.substances.push_back(SubstanceSpec{.name = "oxygen"});
  CellTypeSpec type;
  type.name = "b1";
  type.exchange.push_back(ExchangeSpec{.substance = 0});
  scenario.cell_types.push_back(type);
  scenario.initial_cells.push_back(InitialCell{{50, 50, 10}, 0});
  return scenario;
}

TEST(ScenarioLoader, ValidateAcceptsAConsistentScenarioBuiltInCode) {
  const Status status = validate(valid_scenario_in_code());
  EXPECT_TRUE(status) << describe(status.error());
}

TEST(ScenarioLoader, ValidateRejectsAPhenotypeStepThatIsNotAMultiple) {
  Scenario scenario = valid_scenario_in_code();
  scenario.time_steps.phenotype_h = scenario.time_steps.mechanics_h * 2.5;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input, "time_steps.phenotype_h",
                         "integer multiple"));
}

TEST(ScenarioLoader, ValidateRejectsADomainWithoutWholeVoxels) {
  Scenario scenario = valid_scenario_in_code();
  scenario.voxel_um = 30.0;
  EXPECT_TRUE(
      fails_with(validate(scenario), ErrorCategory::invalid_input, "domain[0]", "voxel_um"));
}

TEST(ScenarioLoader, ValidateRejectsAnExchangeSubstanceIndexOutOfRange) {
  Scenario scenario = valid_scenario_in_code();
  scenario.cell_types[0].exchange[0].substance = 3;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[0].exchange[0].substance", "out of range"));
}

TEST(ScenarioLoader, ValidateRejectsAnInitialCellTypeOutOfRange) {
  Scenario scenario = valid_scenario_in_code();
  scenario.initial_cells[0].type = 1;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input, "initial_cells[0].type",
                         "out of range"));
}

TEST(ScenarioLoader, ValidateRejectsAnInitialCellOutsideTheDomain) {
  Scenario scenario = valid_scenario_in_code();
  scenario.initial_cells[0].position_um[2] = -1.0;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "initial_cells[0].position_um", "outside the domain"));
}

TEST(ScenarioLoader, ValidateRejectsDuplicateSubstanceNames) {
  Scenario scenario = valid_scenario_in_code();
  scenario.substances.push_back(SubstanceSpec{.name = "oxygen"});
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input, "substances[1].name",
                         "duplicate"));
}

// --- Cell fates: division outcomes and type transitions

// A progenitor whose division names a type declared after it (forward reference).
constexpr std::string_view fate_types = R"(
[[cell_type]]
name = "progenitor"
[[cell_type.cycle]]
name = "cycling"
duration_min = 600
duration = "exponential"
divides_at_end = true
[[cell_type.division]]
parent = "progenitor"
daughter = "progenitor"
probability = 0.08
[[cell_type.division]]
parent = "progenitor"
daughter = "post_mitotic"
probability = 0.84
[[cell_type.division]]
parent = "post_mitotic"
daughter = "post_mitotic"
probability = 0.08

[[cell_type]]
name = "post_mitotic"
[cell_type.transition]
to = "spinous"
after_days = 3
shift_z_um = 10

[[cell_type]]
name = "spinous"
[cell_type.transition]
to = "shed"
mean_min = 90
)";

// `base` with `from` replaced by `to` (the first occurrence).
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string fates_with(std::string_view from, std::string_view to) {
  return replaced(minimal(fate_types), from, to);
}

TEST(ScenarioLoader, FatesResolveForwardReferencesAndConvertUnits) {
  const auto result = parse(minimal(fate_types));
  ASSERT_TRUE(result) << describe(result.error());
  const std::vector<CellTypeSpec>& types = result->cell_types;
  ASSERT_EQ(types.size(), 3u);
  ASSERT_EQ(types[0].division_outcomes.size(), 3u);
  EXPECT_EQ(types[0].division_outcomes[1].parent_type, 0);
  EXPECT_EQ(types[0].division_outcomes[1].daughter_type, 1);
  EXPECT_DOUBLE_EQ(types[0].division_outcomes[1].probability, 0.84);
  EXPECT_EQ(types[0].division_outcomes[2].parent_type, 1);
  EXPECT_FALSE(types[0].transition.has_value());
  ASSERT_TRUE(types[1].transition.has_value());
  EXPECT_EQ(types[1].transition->to_type, 2);
  EXPECT_DOUBLE_EQ(types[1].transition->duration_h, 72.0);
  EXPECT_EQ(types[1].transition->duration_kind, PhaseDuration::fixed);
  EXPECT_DOUBLE_EQ(types[1].transition->shift_z_um, 10.0);
  ASSERT_TRUE(types[2].transition.has_value());
  EXPECT_EQ(types[2].transition->to_type, shed_type);
  EXPECT_DOUBLE_EQ(types[2].transition->duration_h, 1.5);
  EXPECT_EQ(types[2].transition->duration_kind, PhaseDuration::exponential);
  EXPECT_DOUBLE_EQ(types[2].transition->shift_z_um, 0.0);
}

TEST(ScenarioLoader, UnknownDivisionTypeNamesTheKnownTypes) {
  const std::string text = fates_with("daughter = \"post_mitotic\"", "daughter = \"post_mitotc\"");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "daughter = \"post_mitotc\"", "cell_type[0].division[1].daughter"),
                 "unknown cell type 'post_mitotc'; did you mean 'post_mitotic'? (known: "
                 "'progenitor', 'post_mitotic', 'spinous')"));
}

TEST(ScenarioLoader, UnknownTransitionTargetListsShed) {
  const std::string text = fates_with("to = \"shed\"", "to = \"cornified\"");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "to = \"cornified\"", "cell_type[2].transition.to"),
                         "'progenitor', 'post_mitotic', 'spinous', 'shed'"));
}

TEST(ScenarioLoader, DivisionProbabilityAboveOneIsOutOfRange) {
  const std::string text = fates_with("probability = 0.84", "probability = 1.2");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "probability = 1.2", "cell_type[0].division[1].probability"),
                 "must be in [0, 1], not 1.2"));
}

TEST(ScenarioLoader, DivisionProbabilitiesThatDoNotSumToOneAreAnError) {
  const std::string text = fates_with("probability = 0.84", "probability = 0.74");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "division", "cell_type[0].division"), "sum to 0.9"));
}

TEST(ScenarioLoader, DivisionProbabilitiesWithinRoundingOfOneAreAccepted) {
  const std::string text = fates_with("probability = 0.84", "probability = 0.8400000000001");
  const auto result = parse(text);
  EXPECT_TRUE(result) << describe(result.error());
}

TEST(ScenarioLoader, DivisionOutcomesOnATypeWithoutCycleAreAnError) {
  const std::string text = minimal(
      "[[cell_type]]\nname = \"a\"\n[[cell_type.division]]\nparent = \"a\"\ndaughter = \"a\"\n"
      "probability = 1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "division", "cell_type[0].division"),
                         "need a cell cycle"));
}

TEST(ScenarioLoader, TransitionWithFixedAndExponentialWaitIsAnError) {
  const std::string text = fates_with("after_days = 3", "after_days = 3\nmean_h = 5");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "mean_h", "cell_type[1].transition.mean_h"), "not both"));
}

TEST(ScenarioLoader, TransitionWithTwoUnitsOfOneWaitIsAnError) {
  const std::string text = fates_with("after_days = 3", "after_days = 3\nafter_h = 72");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "after_days", "cell_type[1].transition.after_days"),
                         "give only one of"));
}

TEST(ScenarioLoader, TransitionWithoutWaitIsAnError) {
  const std::string text = fates_with("after_days = 3\n", "");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "[cell_type.transition]", "cell_type[1].transition.after_h"),
                 "missing the waiting time"));
}

TEST(ScenarioLoader, TransitionWaitOfZeroIsOutOfRange) {
  const std::string text = fates_with("mean_min = 90", "mean_min = 0");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "mean_min", "cell_type[2].transition.mean_min"),
                         "must be > 0"));
}

TEST(ScenarioLoader, UnknownTransitionKeySuggestsTheKnownKey) {
  const std::string text = fates_with("shift_z_um = 10", "shift_um = 10");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "shift_um", "cell_type[1].transition.shift_um"),
                         "did you mean 'shift_z_um'?"));
}

TEST(ScenarioLoader, UnknownDivisionKeyIsAnError) {
  const std::string text = fates_with("probability = 0.84", "probability = 0.84\nweight = 1");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "weight", "cell_type[0].division[1].weight"),
                         "unknown key 'weight'"));
}

TEST(ScenarioLoader, CellTypeNamedShedIsRejected) {
  const std::string text = minimal("[[cell_type]]\nname = \"shed\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "name = \"shed\"", "cell_type[0].name"), "reserved"));
}

Scenario fate_scenario_in_code() {
  Scenario scenario = valid_scenario_in_code();
  CellTypeSpec& progenitor = scenario.cell_types[0];
  progenitor.cycle = {{"cycling", 10.0, PhaseDuration::exponential, false, true}};
  progenitor.division_outcomes = {{0, 0, 0.1}, {0, 1, 0.8}, {1, 1, 0.1}};
  CellTypeSpec post_mitotic;
  post_mitotic.name = "post_mitotic";
  post_mitotic.transition = TypeTransition{shed_type, 24.0, PhaseDuration::fixed, 0.0};
  scenario.cell_types.push_back(post_mitotic);
  return scenario;
}

TEST(ScenarioLoader, ValidateAcceptsFatesBuiltInCode) {
  const Status status = validate(fate_scenario_in_code());
  EXPECT_TRUE(status) << describe(status.error());
}

TEST(ScenarioLoader, ValidateRejectsADivisionOutcomeTypeOutOfRange) {
  Scenario scenario = fate_scenario_in_code();
  scenario.cell_types[0].division_outcomes[1].daughter_type = 2;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[0].division_outcomes[1].daughter_type", "out of range"));
}

TEST(ScenarioLoader, ValidateRejectsDivisionProbabilitiesThatDoNotSumToOne) {
  Scenario scenario = fate_scenario_in_code();
  scenario.cell_types[0].division_outcomes[2].probability = 0.2;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[0].division_outcomes", "sum to 1.1"));
}

TEST(ScenarioLoader, ValidateRejectsANegativeDivisionProbability) {
  Scenario scenario = fate_scenario_in_code();
  scenario.cell_types[0].division_outcomes[0].probability = -0.1;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[0].division_outcomes[0].probability", "in [0, 1]"));
}

TEST(ScenarioLoader, ValidateRejectsATransitionTargetOutOfRange) {
  Scenario scenario = fate_scenario_in_code();
  scenario.cell_types[1].transition->to_type = 5;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[1].transition.to_type", "out of range"));
}

TEST(ScenarioLoader, ValidateRejectsATransitionWithoutDuration) {
  Scenario scenario = fate_scenario_in_code();
  scenario.cell_types[1].transition->duration_h = 0.0;
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[1].transition.duration_h", "must be > 0"));
}

// --- Signal -> behaviour rules

// A progenitor with two rules (one on a substance, one on the density of itself and of a type
// declared after it) and a post-mitotic type with a death rule on egf.
constexpr std::string_view rule_types = R"(
[[substance]]
name = "egf"
diffusion_um2_per_min = 100
decay_per_min = 0.01

[[substance]]
name = "oxygen"
diffusion_um2_per_min = 1e5
decay_per_min = 0.1

[[cell_type]]
name = "progenitor"
[[cell_type.cycle]]
name = "cycling"
duration_min = 600
duration = "exponential"
divides_at_end = true
[[cell_type.rule]]
signal = "oxygen"
behaviour = "cycle"
response = "increase"
max_fold = 3
half_max = 2.5
hill = 2
[[cell_type.rule]]
signal = "density"
density_of = ["progenitor", "post_mitotic"]
behaviour = "cycle"
response = "decrease"
min_fraction = 0.2
half_max = 8000

[[cell_type]]
name = "post_mitotic"
apoptosis_per_min = 0.001
[cell_type.transition]
to = "shed"
mean_h = 48
[[cell_type.rule]]
signal = "egf"
behaviour = "death"
response = "decrease"
min_fraction = 0
half_max = 0.5
[[cell_type.rule]]
signal = "density"
density_of = ["post_mitotic"]
behaviour = "transition"
response = "increase"
max_fold = 1.5
half_max = 1e4
hill = 0.5
)";

std::string rules_with(std::string_view from, std::string_view to) {
  return replaced(minimal(rule_types), from, to);
}

TEST(ScenarioLoader, RulesAreReadWithTheirSignalsResolved) {
  const auto result = parse(minimal(rule_types));
  ASSERT_TRUE(result) << describe(result.error());
  const std::vector<CellTypeSpec>& types = result->cell_types;
  ASSERT_EQ(types.size(), 2u);
  ASSERT_EQ(types[0].rules.size(), 2u);
  const BehaviourRule& oxygen = types[0].rules[0];
  EXPECT_EQ(oxygen.signal, SignalKind::substance);
  EXPECT_EQ(oxygen.substance, 1);
  EXPECT_TRUE(oxygen.density_types.empty());
  EXPECT_EQ(oxygen.behaviour, Behaviour::cycle);
  EXPECT_TRUE(oxygen.increases);
  EXPECT_EQ(oxygen.saturation, 3.0);
  EXPECT_EQ(oxygen.half_max, 2.5);
  EXPECT_EQ(oxygen.hill, 2.0);
  const BehaviourRule& crowding = types[0].rules[1];
  EXPECT_EQ(crowding.signal, SignalKind::density);
  EXPECT_EQ(crowding.density_types, (std::vector<int>{0, 1}));  // a forward reference
  EXPECT_EQ(crowding.behaviour, Behaviour::cycle);
  EXPECT_FALSE(crowding.increases);
  EXPECT_EQ(crowding.saturation, 0.2);
  EXPECT_EQ(crowding.half_max, 8000.0);
  EXPECT_EQ(crowding.hill, 1.0);  // the default
  ASSERT_EQ(types[1].rules.size(), 2u);
  EXPECT_EQ(types[1].rules[0].substance, 0);
  EXPECT_EQ(types[1].rules[0].behaviour, Behaviour::death);
  EXPECT_EQ(types[1].rules[0].saturation, 0.0);
  EXPECT_EQ(types[1].rules[1].behaviour, Behaviour::transition);
  EXPECT_EQ(types[1].rules[1].density_types, std::vector<int>{1});
  EXPECT_EQ(types[1].rules[1].hill, 0.5);
}

TEST(ScenarioLoader, UnknownRuleSignalSuggestsAndListsSubstancesAndDensity) {
  const std::string text = rules_with("signal = \"oxygen\"", "signal = \"oxygn\"");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "signal = \"oxygn\"", "cell_type[0].rule[0].signal"),
                         "unknown signal 'oxygn'; did you mean 'oxygen'? (known: 'egf', 'oxygen', "
                         "'density')"));
}

TEST(ScenarioLoader, UnknownDensityTypeNamesItsPlaceInTheList) {
  const std::string text =
      rules_with("\"progenitor\", \"post_mitotic\"]", "\"progenitor\", \"post_mitotc\"]");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "density_of", "cell_type[0].rule[1].density_of[1]"),
                         "unknown cell type 'post_mitotc'; did you mean 'post_mitotic'? (known: "
                         "'progenitor', 'post_mitotic')"));
}

TEST(ScenarioLoader, DensityTypeListedTwiceIsAnError) {
  const std::string text =
      rules_with("\"progenitor\", \"post_mitotic\"]", "\"progenitor\", \"progenitor\"]");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "density_of", "cell_type[0].rule[1].density_of[1]"),
                         "'progenitor' is listed twice"));
}

TEST(ScenarioLoader, DensityRuleWithoutDensityOfIsAnError) {
  const std::string text = rules_with("density_of = [\"progenitor\", \"post_mitotic\"]\n", "");
  EXPECT_TRUE(fails_with(
      parse(text), ErrorCategory::invalid_input,
      at(last_line_of(text.substr(0, text.find("signal = \"density\"")), "[[cell_type.rule]]"), 1,
         "cell_type[0].rule[1].density_of"),
      "missing required key 'density_of'"));
}

TEST(ScenarioLoader, EmptyDensityOfIsAnError) {
  const std::string text = rules_with("[\"progenitor\", \"post_mitotic\"]", "[]");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "density_of", "cell_type[0].rule[1].density_of"),
                         "at least one cell type"));
}

TEST(ScenarioLoader, DensityOfOnASubstanceRuleIsAnError) {
  const std::string text =
      rules_with("signal = \"oxygen\"", "signal = \"oxygen\"\ndensity_of = [\"progenitor\"]");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "density_of", "cell_type[0].rule[0].density_of"),
                         "only a rule with signal = \"density\" takes density_of"));
}

TEST(ScenarioLoader, MinFractionOnAnIncreasingRuleIsAnError) {
  const std::string text = rules_with("max_fold = 3", "max_fold = 3\nmin_fraction = 0.5");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "min_fraction", "cell_type[0].rule[0].min_fraction"),
                         "'min_fraction' goes with response = \"decrease\""));
}

TEST(ScenarioLoader, MaxFoldOnADecreasingRuleIsAnError) {
  const std::string text = rules_with("min_fraction = 0.2", "max_fold = 0.2");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "max_fold = 0.2", "cell_type[0].rule[1].max_fold"),
                         "takes 'min_fraction'"));
}

TEST(ScenarioLoader, IncreasingRuleWithoutMaxFoldIsAnError) {
  const std::string text = rules_with("max_fold = 3\n", "");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[[cell_type.rule]]", "cell_type[0].rule[0].max_fold"),
                         "missing required key 'max_fold'"));
}

TEST(ScenarioLoader, RuleSaturationHillAndHalfMaxAreRangeChecked) {
  struct Case {
    std::string_view from, to, key, path, message;
  };
  const Case cases[] = {
      {"max_fold = 3", "max_fold = 0.5", "max_fold", "cell_type[0].rule[0].max_fold",
       "must be >= 1, not 0.5"},
      {"min_fraction = 0.2", "min_fraction = 1.5", "min_fraction",
       "cell_type[0].rule[1].min_fraction", "must be in [0, 1], not 1.5"},
      {"half_max = 2.5", "half_max = 0", "half_max", "cell_type[0].rule[0].half_max",
       "must be > 0, not 0"},
      {"hill = 2", "hill = -1", "hill", "cell_type[0].rule[0].hill", "must be > 0, not -1"},
      {"half_max = 2.5", "half_max = nan", "half_max", "cell_type[0].rule[0].half_max", "finite"},
  };
  for (const Case& c : cases) {
    const std::string text = rules_with(c.from, c.to);
    EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input, key_field(text, c.to, c.path),
                           c.message))
        << c.to;
  }
}

TEST(ScenarioLoader, UnknownBehaviourOrResponseSuggestsAnAllowedValue) {
  std::string text = rules_with("behaviour = \"cycle\"", "behaviour = \"cylce\"");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "behaviour = \"cylce\"", "cell_type[0].rule[0].behaviour"),
                         "did you mean 'cycle'?"));
  text = rules_with("response = \"increase\"", "response = \"up\"");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "response = \"up\"", "cell_type[0].rule[0].response"),
                         "'up' is not one of 'increase', 'decrease'"));
}

TEST(ScenarioLoader, RuleWithoutBehaviourOrResponseIsAnError) {
  std::string text = rules_with("behaviour = \"cycle\"\n", "");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[[cell_type.rule]]", "cell_type[0].rule[0].behaviour"),
                         "missing required key 'behaviour'"));
  text = rules_with("response = \"increase\"\n", "");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[[cell_type.rule]]", "cell_type[0].rule[0].response"),
                         "missing required key 'response'"));
}

TEST(ScenarioLoader, UnknownRuleKeySuggestsTheKnownKey) {
  const std::string text = rules_with("half_max = 2.5", "half_max_um = 2.5");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "half_max_um", "cell_type[0].rule[0].half_max_um"),
                         "did you mean 'half_max'?"));
}

TEST(ScenarioLoader, RuleOnARateTheCellTypeDoesNotHaveIsAnError) {
  // A cycle rule needs an exponential phase.
  std::string text = rules_with("duration = \"exponential\"\n", "");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "behaviour = \"cycle\"", "cell_type[0].rule[0].behaviour"),
                         "cell type 'progenitor' has only fixed phases"));
  // A transition rule needs an exponential transition.
  text = rules_with("mean_h = 48", "after_h = 48");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "behaviour = \"transition\"", "cell_type[1].rule[1].behaviour"),
                 "cell type 'post_mitotic' has a fixed one"));
  // A death rule needs a death rate.
  text = rules_with("apoptosis_per_min = 0.001\n", "");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "behaviour = \"death\"", "cell_type[1].rule[0].behaviour"),
                         "the apoptosis rate, which is 0 for cell type 'post_mitotic'"));
}

TEST(ScenarioLoader, SubstanceNamedDensityIsRejected) {
  const std::string text =
      minimal("[[substance]]\nname = \"density\"\ndiffusion_um2_per_min = 1\ndecay_per_min = 0\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "name = \"density\"", "substance[0].name"), "reserved"));
}

// A progenitor whose renewal rule reads its own density, with outcomes naming a type declared
// after it (so the rule can only be checked once the names are resolved).
constexpr std::string_view renewal_types = R"(
[[cell_type]]
name = "progenitor"
[[cell_type.cycle]]
name = "cycling"
duration_min = 600
duration = "exponential"
divides_at_end = true
[[cell_type.division]]
parent = "progenitor"
daughter = "progenitor"
probability = 0.25
[[cell_type.division]]
parent = "progenitor"
daughter = "post_mitotic"
probability = 0.5
[[cell_type.division]]
parent = "post_mitotic"
daughter = "post_mitotic"
probability = 0.25
[[cell_type.rule]]
signal = "density"
density_of = ["progenitor"]
behaviour = "renewal"
max_bias = 0.8
half_max = 5000
hill = 2

[[cell_type]]
name = "post_mitotic"
)";

std::string renewal_with(std::string_view from, std::string_view to) {
  return replaced(minimal(renewal_types), from, to);
}

TEST(ScenarioLoader, RenewalRuleIsReadWithItsMaxBias) {
  const auto result = parse(minimal(renewal_types));
  ASSERT_TRUE(result) << describe(result.error());
  ASSERT_EQ(result->cell_types[0].rules.size(), 1u);
  const BehaviourRule& rule = result->cell_types[0].rules[0];
  EXPECT_EQ(rule.behaviour, Behaviour::renewal);
  EXPECT_EQ(rule.signal, SignalKind::density);
  EXPECT_EQ(rule.density_types, std::vector<int>{0});
  EXPECT_EQ(rule.saturation, 0.8);
  EXPECT_EQ(rule.half_max, 5000.0);
  EXPECT_EQ(rule.hill, 2.0);
}

TEST(ScenarioLoader, RenewalRuleRefusesTheKeysOfADirection) {
  for (const std::string_view key : {"response = \"increase\"", "response = \"decrease\"",
                                     "max_fold = 2", "min_fraction = 0.5"}) {
    const std::string text = renewal_with("max_bias = 0.8", "max_bias = 0.8\n" + std::string(key));
    const std::string name(key.substr(0, key.find(' ')));
    EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                           key_field(text, key, "cell_type[0].rule[0]." + name),
                           "a rule with behaviour = \"renewal\" takes no '" + name + "'"))
        << key;
  }
}

TEST(ScenarioLoader, MaxBiasIsRequiredRangeCheckedAndOnlyForRenewal) {
  std::string text = renewal_with("max_bias = 0.8\n", "");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[[cell_type.rule]]", "cell_type[0].rule[0].max_bias"),
                         "missing required key 'max_bias'"));
  for (const std::string_view value : {"max_bias = 0", "max_bias = 1.5", "max_bias = -0.2"}) {
    text = renewal_with("max_bias = 0.8", value);
    EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                           key_field(text, value, "cell_type[0].rule[0].max_bias"),
                           "must be in (0, 1]"))
        << value;
  }
  EXPECT_TRUE(parse(renewal_with("max_bias = 0.8", "max_bias = 1")).has_value());
  text = rules_with("max_fold = 3", "max_fold = 3\nmax_bias = 0.5");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "max_bias", "cell_type[0].rule[0].max_bias"),
                         "only a rule with behaviour = \"renewal\" takes max_bias"));
}

TEST(ScenarioLoader, RenewalRuleNeedsASelfRenewingAndADifferentiatingOutcome) {
  // No self-renewing outcome of non-zero probability.
  std::string text =
      renewal_with("probability = 0.25\n[[cell_type.division]]\nparent = \"progenitor\"",
                   "probability = 0\n[[cell_type.division]]\nparent = \"progenitor\"");
  text = replaced(text, "probability = 0.5", "probability = 0.75");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "behaviour = \"renewal\"", "cell_type[0].rule[0].behaviour"),
                 "cell type 'progenitor' has no self-renewing outcome (parent and daughter "
                 "both 'progenitor') with probability > 0"));
  // No differentiating outcome: the last one keeps a progenitor.
  text = renewal_with("daughter = \"post_mitotic\"\nprobability = 0.25",
                      "daughter = \"progenitor\"\nprobability = 0.25");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "behaviour = \"renewal\"", "cell_type[0].rule[0].behaviour"),
                 "has no differentiating outcome (neither parent nor daughter 'progenitor')"));
  // No division outcomes at all.
  text = minimal(R"(
[[cell_type]]
name = "single"
[[cell_type.cycle]]
name = "cycling"
duration_min = 600
divides_at_end = true
[[cell_type.rule]]
signal = "density"
density_of = ["single"]
behaviour = "renewal"
max_bias = 0.5
half_max = 100
)");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "behaviour = \"renewal\"", "cell_type[0].rule[0].behaviour"),
                 "cell type 'single' has no division outcomes"));
}

Scenario rule_scenario_in_code() {
  Scenario scenario = fate_scenario_in_code();  // progenitor (exponential cycle), post_mitotic
  CellTypeSpec& progenitor = scenario.cell_types[0];
  progenitor.apoptosis.rate_per_h = 0.01;
  BehaviourRule oxygen;
  oxygen.substance = 0;
  oxygen.saturation = 2.0;
  BehaviourRule crowding;
  crowding.signal = SignalKind::density;
  crowding.density_types = {0, 1};
  crowding.behaviour = Behaviour::death;
  crowding.increases = false;
  crowding.saturation = 0.5;
  crowding.half_max = 5000.0;
  crowding.hill = 2.0;
  progenitor.rules = {oxygen, crowding};
  return scenario;
}

TEST(ScenarioLoader, ValidateAcceptsRulesBuiltInCode) {
  const Status status = validate(rule_scenario_in_code());
  EXPECT_TRUE(status) << describe(status.error());
}

TEST(ScenarioLoader, ValidateRejectsInconsistentRules) {
  struct Case {
    void (*change)(BehaviourRule& oxygen, BehaviourRule& crowding);
    std::string_view field, message;
  };
  const Case cases[] = {
      {[](BehaviourRule& o, BehaviourRule&) { o.substance = 1; },
       "cell_types[0].rules[0].substance", "out of range"},
      {[](BehaviourRule& o, BehaviourRule&) { o.density_types = {0}; },
       "cell_types[0].rules[0].density_types", "only a density rule"},
      {[](BehaviourRule&, BehaviourRule& c) { c.density_types.clear(); },
       "cell_types[0].rules[1].density_types", "at least one cell type"},
      {[](BehaviourRule&, BehaviourRule& c) {
         c.density_types = {0, 2};
       },
       "cell_types[0].rules[1].density_types[1]", "out of range"},
      {[](BehaviourRule&, BehaviourRule& c) {
         c.density_types = {1, 1};
       },
       "cell_types[0].rules[1].density_types[1]", "listed twice"},
      {[](BehaviourRule& o, BehaviourRule&) { o.saturation = 0.5; },
       "cell_types[0].rules[0].saturation", "must be >= 1"},
      {[](BehaviourRule&, BehaviourRule& c) { c.saturation = 1.5; },
       "cell_types[0].rules[1].saturation", "must be in [0, 1]"},
      {[](BehaviourRule& o, BehaviourRule&) { o.half_max = 0.0; },
       "cell_types[0].rules[0].half_max", "must be > 0"},
      {[](BehaviourRule&, BehaviourRule& c) { c.hill = 0.0; }, "cell_types[0].rules[1].hill",
       "must be > 0"},
      {[](BehaviourRule& o, BehaviourRule&) { o.behaviour = Behaviour::transition; },
       "cell_types[0].rules[0].behaviour", "has no transition"},
      {[](BehaviourRule& o, BehaviourRule&) {
         o.behaviour = Behaviour::renewal;
         o.saturation = 2.0;  // a valid max_fold, but no bias can exceed 1
       },
       "cell_types[0].rules[0].saturation", "must be in (0, 1]"},
      {[](BehaviourRule&, BehaviourRule& c) {
         c.behaviour = Behaviour::renewal;
         c.saturation = 0.0;
       },
       "cell_types[0].rules[1].saturation", "must be in (0, 1]"},
  };
  for (const Case& c : cases) {
    Scenario scenario = rule_scenario_in_code();
    c.change(scenario.cell_types[0].rules[0], scenario.cell_types[0].rules[1]);
    EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input, c.field, c.message));
  }
}

TEST(ScenarioLoader, ValidateChecksRenewalRulesAgainstTheOutcomesOfTheirOwnType) {
  Scenario scenario = rule_scenario_in_code();  // progenitor: (0, 0) 0.1, (0, 1) 0.8, (1, 1) 0.1
  BehaviourRule& oxygen = scenario.cell_types[0].rules[0];
  oxygen.behaviour = Behaviour::renewal;
  oxygen.saturation = 0.5;
  const Status status = validate(scenario);
  EXPECT_TRUE(status) << describe(status.error());
  // The post-mitotic type has no division outcomes to reweight.
  scenario.cell_types[1].rules = {oxygen};
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[1].rules[0].behaviour",
                         "cell type 'post_mitotic' has no division outcomes"));
  scenario.cell_types[1].rules.clear();
  // An outcome of probability 0 stays 0 whatever its weight: it does not count.
  scenario.cell_types[0].division_outcomes = {{0, 0, 0.5}, {0, 1, 0.5}, {1, 1, 0.0}};
  EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input,
                         "cell_types[0].rules[0].behaviour", "no differentiating outcome"));
}

TEST(ScenarioLoader, LineageSectionIsReadInInternalUnits) {
  const auto scenario = parse(with_types(R"(
[lineage]
label_at_days = 2
fraction = 0.25
label_types = ["b1"]
record_interval_h = 12
)"));
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message;
  ASSERT_TRUE(scenario->lineage.has_value());
  EXPECT_EQ(scenario->lineage->label_at_h, 48.0);
  EXPECT_EQ(scenario->lineage->fraction, 0.25);
  EXPECT_EQ(scenario->lineage->label_types, std::vector<int>{0});
  EXPECT_EQ(scenario->lineage->record_interval_h, 12.0);
  EXPECT_FALSE(parse(with_types()).value().lineage.has_value());
}

TEST(ScenarioLoader, LineageErrorsNameTheKey) {
  const std::string unknown_type = with_types("[lineage]\nlabel_types = [\"b2\"]\n");
  auto result = parse(unknown_type);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().field.find("lineage.label_types"), std::string::npos);
  EXPECT_NE(result.error().message.find("'b1'"), std::string::npos) << result.error().message;

  result = parse(with_types("[lineage]\nfraction = 0\n"));
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().field.find("lineage.fraction"), std::string::npos);

  result = parse(with_types("[lineage]\nlabel_at_h = -1\n"));
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().field.find("lineage.label_at_h"), std::string::npos);

  result = parse(with_types("[lineage]\nlabel_types = \"b1\"\n"));
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("array of strings"), std::string::npos);
}

// --- Basement membrane

// Ridges 10 µm deep every 50 µm under a flat top at z = 0, in the domain z = [-40, 40].
constexpr std::string_view membrane_section = R"(
[basement_membrane]
z_um = 0
ridge_depth_um = 10
ridge_period_um = 50
)";

std::string with_membrane(std::string_view membrane, std::string_view types) {
  return minimal(std::string(membrane) + std::string(types));
}

TEST(ScenarioLoader, BasementMembraneAndMembraneContactsAreRead) {
  const auto scenario = parse(with_membrane(membrane_section, R"(
[[cell_type]]
name = "basal"
membrane = "attached"
[[cell_type]]
name = "upper"
membrane = "above"
[[cell_type]]
name = "free"
)"));
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message;
  ASSERT_TRUE(scenario->basement_membrane.has_value());
  EXPECT_EQ(scenario->basement_membrane->z_um, 0.0);
  EXPECT_EQ(scenario->basement_membrane->ridge_depth_um, 10.0);
  EXPECT_EQ(scenario->basement_membrane->ridge_period_um, 50.0);
  EXPECT_EQ(scenario->cell_types[0].mechanics.membrane, MembraneContact::attached);
  EXPECT_EQ(scenario->cell_types[1].mechanics.membrane, MembraneContact::above);
  EXPECT_EQ(scenario->cell_types[2].mechanics.membrane, MembraneContact::none);

  // Flat by default; no membrane without the table.
  const auto flat = parse(minimal("[basement_membrane]\nz_um = -5.5\n"));
  ASSERT_TRUE(flat.has_value()) << flat.error().message;
  EXPECT_EQ(flat->basement_membrane->z_um, -5.5);
  EXPECT_EQ(flat->basement_membrane->ridge_depth_um, 0.0);
  EXPECT_FALSE(parse(with_types()).value().basement_membrane.has_value());
}

TEST(ScenarioLoader, RidgeDepthWithoutPeriodIsAnError) {
  const std::string text = minimal("[basement_membrane]\nz_um = 0\nridge_depth_um = 10\n");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "[basement_membrane]", "basement_membrane.ridge_period_um"),
                 "missing required key 'ridge_period_um': ridges of depth 10 µm"));
}

TEST(ScenarioLoader, MembraneContactWithoutBasementMembraneTableIsAnError) {
  const std::string text = minimal("[[cell_type]]\nname = \"basal\"\nmembrane = \"attached\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "membrane =", "cell_type[0].membrane"),
                         "membrane = \"attached\" needs a basement membrane, and the "
                         "scenario has none (add a [basement_membrane] table"));
  // "none" asks for nothing.
  EXPECT_TRUE(parse(minimal("[[cell_type]]\nname = \"b\"\nmembrane = \"none\"\n")).has_value());
}

TEST(ScenarioLoader, UnknownMembraneContactSuggestsAnAllowedValue) {
  const std::string text =
      with_membrane(membrane_section, "[[cell_type]]\nname = \"b\"\nmembrane = \"atached\"\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "membrane =", "cell_type[0].membrane"),
                         "'atached' is not one of 'none', 'attached', 'above'; did you mean "
                         "'attached'?"));
}

TEST(ScenarioLoader, BasementMembraneOutsideTheDomainIsAnError) {
  // The domain is z = [-40, 40] in voxels of 20 µm.
  std::string text = minimal("[basement_membrane]\nz_um = 40\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "z_um = 40", "basement_membrane.z_um"),
                         "must lie below the top of the domain (z = 40 µm)"));
  text = minimal("[basement_membrane]\nz_um = -25\n");
  EXPECT_TRUE(
      fails_with(parse(text), ErrorCategory::invalid_input,
                 key_field(text, "z_um = -25", "basement_membrane.z_um"),
                 "the basement membrane at z = -25 µm must lie at least one voxel above the bottom "
                 "of the domain (z >= -40 + 20 = -20 µm)"));
  text = minimal("[basement_membrane]\nz_um = 0\nridge_depth_um = 25\nridge_period_um = 50\n");
  EXPECT_TRUE(fails_with(
      parse(text), ErrorCategory::invalid_input,
      key_field(text, "ridge_depth_um", "basement_membrane.ridge_depth_um"),
      "the lowest point of the basement membrane, z_um − ridge_depth_um = -25 µm, must lie "
      "at least one voxel above"));
  // Exactly one voxel above the bottom is enough.
  EXPECT_TRUE(parse(minimal("[basement_membrane]\nz_um = -10\nridge_depth_um = 10\n"
                            "ridge_period_um = 50\n"))
                  .has_value());
}

TEST(ScenarioLoader, BasementMembraneKeysAreRangeCheckedAndSpellChecked) {
  std::string text = minimal("[basement_membrane]\nz_um = 0\nridge_depth_um = -1\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "ridge_depth_um", "basement_membrane.ridge_depth_um"),
                         "must be >= 0"));
  text = minimal("[basement_membrane]\nz_um = 0\nridge_depth_um = 5\nridge_period_um = 0\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "ridge_period_um", "basement_membrane.ridge_period_um"),
                         "must be > 0"));
  text = minimal("[basement_membrane]\nridge_depth_um = 0\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "[basement_membrane]", "basement_membrane.z_um"),
                         "missing required key 'z_um'"));
  text = minimal("[basement_membrane]\nz_um = 0\nridge_depth = 5\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "ridge_depth =", "basement_membrane.ridge_depth"),
                         "did you mean 'ridge_depth_um'?"));
  text = minimal("[basement_membrane]\nz_um = nan\n");
  EXPECT_TRUE(fails_with(parse(text), ErrorCategory::invalid_input,
                         key_field(text, "z_um = nan", "basement_membrane.z_um")));
}

TEST(ScenarioLoader, ValidateRejectsAnInconsistentBasementMembrane) {
  struct Case {
    void (*change)(Scenario& scenario);
    std::string_view field, message;
  };
  const Case cases[] = {
      // the domain is z = [0, 20] with 20 µm voxels
      {[](Scenario& s) { s.cell_types[0].mechanics.membrane = MembraneContact::above; },
       "cell_types[0].mechanics.membrane", "membrane = \"above\" needs a basement membrane"},
      {[](Scenario& s) { s.basement_membrane = BasementMembraneSpec{.z_um = 20.0}; },
       "basement_membrane.z_um", "below the top of the domain"},
      {[](Scenario& s) { s.basement_membrane = BasementMembraneSpec{.z_um = 10.0}; },
       "basement_membrane.z_um", "at least one voxel above the bottom"},
      {[](Scenario& s) {
         s.domain.max_um[2] = 100.0;
         s.basement_membrane = BasementMembraneSpec{.z_um = 50.0, .ridge_depth_um = -1.0};
       },
       "basement_membrane.ridge_depth_um", "must be >= 0"},
      {[](Scenario& s) {
         s.domain.max_um[2] = 100.0;
         s.basement_membrane = BasementMembraneSpec{.z_um = 50.0, .ridge_depth_um = 10.0};
       },
       "basement_membrane.ridge_period_um", "ridges of depth 10 µm need a ridge period"},
      {[](Scenario& s) {
         s.domain.max_um[2] = 100.0;
         s.basement_membrane =
             BasementMembraneSpec{.z_um = 50.0, .ridge_depth_um = 40.0, .ridge_period_um = 30.0};
       },
       "basement_membrane.ridge_depth_um", "z_um − ridge_depth_um = 10 µm, must lie"},
  };
  for (const Case& c : cases) {
    Scenario scenario = valid_scenario_in_code();
    c.change(scenario);
    EXPECT_TRUE(fails_with(validate(scenario), ErrorCategory::invalid_input, c.field, c.message));
  }
  Scenario scenario = valid_scenario_in_code();
  scenario.domain.max_um[2] = 100.0;
  scenario.basement_membrane =
      BasementMembraneSpec{.z_um = 50.0, .ridge_depth_um = 20.0, .ridge_period_um = 30.0};
  scenario.cell_types[0].mechanics.membrane = MembraneContact::attached;
  const Status status = validate(scenario);
  EXPECT_TRUE(status) << describe(status.error());
}

TEST(ScenarioLoader, OutsideDomainIsReadAndAWrongValueGetsASuggestion) {
  const auto ok = parse(R"(
[simulation]
duration_h = 1
outside_domain = "clamp"
[domain]
x_um = [0, 100]
y_um = [0, 100]
z_um = [0, 100]
voxel_um = 20
)");
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->outside_domain, OutsideDomain::clamp);
  const auto bad = parse(R"(
[simulation]
duration_h = 1
outside_domain = "clmp"
[domain]
x_um = [0, 100]
y_um = [0, 100]
z_um = [0, 100]
voxel_um = 20
)");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("clamp"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().field.find("simulation.outside_domain"), std::string::npos);
}

TEST(ScenarioLoader, EveryCommittedScenarioLoads) {
  int loaded = 0;
  for (const fs::path& folder : {fs::path(DERMASIM_SOURCE_DIR) / "data" / "scenarios",
                                 fs::path(DERMASIM_SOURCE_DIR) / "bench" / "b1"})
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() != ".toml") continue;
      // Tissue ([tissue]) and dermis ([dermis]) scenarios belong to the skin layer: tests/skin
      // checks that they load.
      const toml::table table = toml::parse_file(entry.path().string());
      if (table.contains("tissue") || table.contains("dermis")) continue;
      const auto scenario = load_scenario(entry.path());
      EXPECT_TRUE(scenario.has_value()) << entry.path() << ": " << scenario.error().message;
      ++loaded;
    }
  EXPECT_GE(loaded, 3);
}

TEST(ScenarioLoader, DomainTooLargeToHoldIsAnErrorNotACrash) {
  const auto result = parse(R"(
[simulation]
duration_h = 1
[domain]
x_um = [0, 1000000]
y_um = [0, 1000000]
z_um = [0, 1000000]
voxel_um = 1
)");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(result.error().message.find("larger voxel_um"), std::string::npos)
      << result.error().message;
}

}  // namespace
}  // namespace dermasim::engine
