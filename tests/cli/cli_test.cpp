// Command-line tests: runs the real dermasim binary and checks exit codes, messages and outputs.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace {

using dermasim::testing::describe;
using dermasim::testing::read_text;
using dermasim::testing::run_dermasim;
using dermasim::testing::RunResult;
using dermasim::testing::write_text;

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Running the binary

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Scenarios and results

// A 200 × 200 × 100 µm box of 20 µm voxels, oxygen held on z_min, one quickly cycling cell type.
std::string tiny_scenario(const std::string& x_range = "[0, 200]", bool with_cells = true) {
  std::string text = R"(name = "tiny"

[simulation]
duration_h = 0.5
seed = 7

[domain]
x_um = )" + x_range + R"(
y_um = [0, 200]
z_um = [0, 100]
voxel_um = 20

[[substance]]
name = "oxygen"
diffusion_um2_per_min = 1e5
decay_per_min = 0.1
initial = 38
boundary.z_min = { kind = "dirichlet", value = 38 }

[[cell_type]]
name = "keratinocyte"

[[cell_type.cycle]]
name = "G1"
duration_min = 20
duration = "exponential"

[[cell_type.cycle]]
name = "M"
duration_min = 10
doubles_volume_at_entry = true
divides_at_end = true

[[cell_type.exchange]]
substance = "oxygen"
uptake_per_min = 10
)";
  if (with_cells)
    text += R"(
[[cells.cell]]
x_um = 100
y_um = 100
z_um = 50
type = "keratinocyte"

[[cells.cell]]
x_um = 80
y_um = 100
z_um = 50
type = "keratinocyte"

[[cells.cell]]
x_um = 120
y_um = 90
z_um = 40
type = "keratinocyte"
)";
  text += R"(
[output]
timeseries_interval_min = 10
snapshot_interval_min = 15
final_snapshot = true
)";
  return text;
}

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(read_text(path), nullptr, /*allow_exceptions=*/false);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

// Every regular file under `folder` with its contents, keyed by relative path.
std::map<std::string, std::string> folder_contents(const fs::path& folder) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file())
      contents[fs::relative(entry.path(), folder).string()] = read_text(entry.path());
  return contents;
}

// Checkpoint files of a run's folder, by step number.
std::map<long, fs::path> checkpoints_in(const fs::path& out_dir) {
  std::map<long, fs::path> found;
  const fs::path folder = out_dir / "checkpoints";
  if (!fs::is_directory(folder)) return found;
  static const std::regex name(R"(step_(\d+)\.ckpt)");
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::smatch match;
    const std::string file = entry.path().filename().string();
    if (std::regex_match(file, match, name)) found[std::stol(match[1].str())] = entry.path();
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Fixture: a fresh temporary folder per test

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    m_dir = fs::temp_directory_path() / ("dermasim_cli_test_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(counter.fetch_add(1)));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
  }

  const fs::path& dir() const { return m_dir; }
  RunResult run(const std::vector<std::string>& args) const { return run_dermasim(args, m_dir); }

  fs::path write_scenario(const std::string& name, const std::string& text) const {
    const fs::path path = m_dir / name;
    write_text(path, text);
    return path;
  }
  fs::path tiny() const { return write_scenario("tiny.toml", tiny_scenario()); }

  // Runs `simulate` (on one thread unless `args` say otherwise) and returns the summary; fails the
  // test when the run fails. One thread keeps these tiny runs fast on a loaded machine, where
  // OpenMP barriers of thousands of short steps can cost a scheduler slice each.
  nlohmann::json simulate_ok(const std::vector<std::string>& args) const {
    std::vector<std::string> all{"simulate"};
    all.insert(all.end(), args.begin(), args.end());
    if (std::find(args.begin(), args.end(), "--threads") == args.end())
      all.insert(all.end(), {"--threads", "1"});
    const RunResult r = run(all);
    EXPECT_EQ(r.exit_code, 0) << describe(r);
    const auto out = std::find(args.begin(), args.end(), "--out");
    if (out == args.end() || out + 1 == args.end()) return {};
    return read_json(fs::path(*(out + 1)) / "summary.json");
  }

 private:
  fs::path m_dir;
};

class CliGlobal : public CliFixture {};
class CliSimulateFlags : public CliFixture {};
class CliSimulateInput : public CliFixture {};
class CliSimulateRun : public CliFixture {};
class CliBench : public CliFixture {};
class CliValidate : public CliFixture {};

// Expects exit code `code` and an error message on stderr that mentions `needle`.
void expect_error(const RunResult& r, int code, const std::string& needle) {
  EXPECT_EQ(r.exit_code, code) << describe(r);
  EXPECT_TRUE(contains(r.err, needle)) << "stderr should mention '" << needle << "'\n"
                                       << describe(r);
  EXPECT_TRUE(contains(r.err, "error")) << describe(r);
}

// ---------------------------------------------------------------------------------------------
// Global flags

TEST_F(CliGlobal, VersionPrintsNameAndSemverAndExitsZero) {
  const RunResult r = run({"--version"});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^dermasim \d+\.\d+\.\d+\s*$)"))) << r.out;
}

TEST_F(CliGlobal, HelpExitsZeroAndListsSubcommands) {
  const RunResult r = run({"--help"});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_TRUE(contains(r.out, "simulate")) << r.out;
  EXPECT_TRUE(contains(r.out, "bench")) << r.out;
}

TEST_F(CliGlobal, NoSubcommandIsInvalidInput) {
  const RunResult r = run({});
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(CliGlobal, UnknownSubcommandIsInvalidInput) {
  EXPECT_EQ(run({"simulat"}).exit_code, 2);
}

// ---------------------------------------------------------------------------------------------
// simulate: flag validation (exit 2, naming the flag)

TEST_F(CliSimulateFlags, MissingScenarioArgument) {
  expect_error(run({"simulate", "--out", (dir() / "out").string()}), 2, "scenario");
}

TEST_F(CliSimulateFlags, MissingOut) {
  expect_error(run({"simulate", tiny().string()}), 2, "--out");
  EXPECT_FALSE(fs::exists(dir() / "out"));
}

TEST_F(CliSimulateFlags, UnknownFlag) {
  expect_error(run({"simulate", tiny().string(), "--out", (dir() / "out").string(), "--colour"}), 2,
               "--colour");
}

TEST_F(CliSimulateFlags, ThreadsMustBeAPositiveInteger) {
  const std::string scenario = tiny().string(), out = (dir() / "out").string();
  for (const std::string value : {"0", "-1", "abc", "1.5"}) {
    SCOPED_TRACE("--threads " + value);
    expect_error(run({"simulate", scenario, "--out", out, "--threads", value}), 2, "--threads");
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliSimulateFlags, SeedMustBeANonNegativeInteger) {
  const std::string scenario = tiny().string(), out = (dir() / "out").string();
  for (const std::string value : {"-5", "text", "1.5"}) {
    SCOPED_TRACE("--seed " + value);
    expect_error(run({"simulate", scenario, "--out", out, "--seed", value}), 2, "--seed");
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliSimulateFlags, CheckpointIntervalMustBePositive) {
  const std::string scenario = tiny().string(), out = (dir() / "out").string();
  for (const std::string value : {"0", "-0.25", "-1", "abc"}) {
    SCOPED_TRACE("--checkpoint-every-h " + value);
    expect_error(run({"simulate", scenario, "--out", out, "--checkpoint-every-h", value}), 2,
                 "--checkpoint-every-h");
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliSimulateFlags, RestartFromMissingFile) {
  const fs::path missing = dir() / "no_such.ckpt";
  expect_error(run({"simulate", tiny().string(), "--out", (dir() / "out").string(), "--restart",
                    missing.string()}),
               2, "--restart");
  EXPECT_FALSE(fs::exists(dir() / "out"));
}

// ---------------------------------------------------------------------------------------------
// simulate: scenario and output-folder problems

TEST_F(CliSimulateInput, NonexistentScenarioIsNotFoundAndNamesThePath) {
  const fs::path missing = dir() / "does_not_exist.toml";
  const RunResult r = run({"simulate", missing.string(), "--out", (dir() / "out").string()});
  expect_error(r, 3, missing.string());
  EXPECT_TRUE(contains(r.err, "not_found")) << describe(r);
}

TEST_F(CliSimulateInput, MalformedTomlReportsLineAndColumn) {
  const fs::path path =
      write_scenario("broken.toml", "name = \"x\"\n[simulation\nduration_h = 1\n");
  const RunResult r = run({"simulate", path.string(), "--out", (dir() / "out").string()});
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(broken\.toml:2:\d+)"))) << describe(r);
}

TEST_F(CliSimulateInput, UnknownKeyIsNamed) {
  std::string text = tiny_scenario();
  text.replace(text.find("seed = 7"), 8, "seed = 7\ncolour = \"red\"");
  const fs::path path = write_scenario("unknown_key.toml", text);
  const RunResult r = run({"simulate", path.string(), "--out", (dir() / "out").string()});
  expect_error(r, 2, "colour");
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(unknown_key\.toml:\d+:\d+)"))) << describe(r);
}

TEST_F(CliSimulateInput, OutThatIsARegularFileIsUnavailableAndTheFileIsKept) {
  const fs::path out = dir() / "occupied";
  write_text(out, "precious data\n");
  const RunResult r = run({"simulate", tiny().string(), "--out", out.string(), "--threads", "1"});
  EXPECT_EQ(r.exit_code, 8) << describe(r);
  EXPECT_TRUE(contains(r.err, "unavailable")) << describe(r);
  ASSERT_TRUE(fs::is_regular_file(out));
  EXPECT_EQ(read_text(out), "precious data\n");
}

TEST_F(CliSimulateInput, FailedRunsLeaveAnExistingOutFolderUntouched) {
  const fs::path out = dir() / "results";
  fs::create_directories(out);
  write_text(out / "summary.json", "{\"from\": \"an earlier run\"}\n");
  write_text(out / "notes.txt", "keep me\n");
  const auto before = folder_contents(out);
  const fs::path broken = write_scenario("broken.toml", "[simulation\n");
  const fs::path garbage = dir() / "garbage.ckpt";
  write_text(garbage, "not a checkpoint at all");

  EXPECT_EQ(run({"simulate", broken.string(), "--out", out.string()}).exit_code, 2);
  EXPECT_EQ(run({"simulate", (dir() / "missing.toml").string(), "--out", out.string()}).exit_code,
            3);
  EXPECT_EQ(run({"simulate", tiny().string(), "--out", out.string(), "--threads", "0"}).exit_code,
            2);
  EXPECT_EQ(run({"simulate", tiny().string(), "--out", out.string(), "--restart", garbage.string()})
                .exit_code,
            2);
  EXPECT_EQ(folder_contents(out), before);
}

TEST_F(CliSimulateInput, WriteFailureMidRunKeepsEarlierResults) {
  // A regular file where the run wants its snapshots folder: the first snapshot cannot be written.
  const fs::path out = dir() / "results";
  fs::create_directories(out);
  write_text(out / "summary.json", "{\"from\": \"an earlier run\"}\n");
  write_text(out / "snapshots", "in the way\n");
  const auto before = folder_contents(out);
  const RunResult r = run({"simulate", tiny().string(), "--out", out.string(), "--threads", "1"});
  EXPECT_EQ(r.exit_code, 8) << describe(r);
  EXPECT_EQ(folder_contents(out), before);
}

// ---------------------------------------------------------------------------------------------
// simulate: successful runs

TEST_F(CliSimulateRun, TinyScenarioWritesSummaryTimeseriesAndSnapshots) {
  const fs::path out = dir() / "out";
  const RunResult r = run({"simulate", tiny().string(), "--out", out.string(), "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);

  const nlohmann::json summary = read_json(out / "summary.json");
  ASSERT_TRUE(summary.is_object()) << read_text(out / "summary.json");
  for (const char* key :
       {"cells_start", "cells_end", "simulated_hours", "wall_s", "state_checksum"})
    EXPECT_TRUE(summary.contains(key)) << key;
  EXPECT_EQ(summary.value("cells_start", -1), 3);
  EXPECT_GE(summary.value("cells_end", -1), 1);
  EXPECT_NEAR(summary.value("simulated_hours", -1.0), 0.5, 1e-9);
  EXPECT_GE(summary.value("wall_s", -1.0), 0.0);
  EXPECT_TRUE(
      std::regex_match(summary.value("state_checksum", std::string()), std::regex("[0-9a-f]{16}")))
      << summary.dump();

  const std::vector<std::string> rows = lines_of(read_text(out / "timeseries.csv"));
  ASSERT_EQ(rows.size(), 5u) << read_text(out / "timeseries.csv");
  EXPECT_TRUE(rows[0].starts_with("t_h,agents,live")) << rows[0];
  EXPECT_TRUE(contains(rows[0], "oxygen")) << rows[0];
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const double t_h = std::stod(rows[i].substr(0, rows[i].find(',')));
    EXPECT_NEAR(t_h * 60.0, 10.0 * static_cast<double>(i - 1), 1e-6) << rows[i];
  }

  const fs::path snapshots = out / "snapshots";
  EXPECT_TRUE(fs::is_regular_file(snapshots / "cells.pvd"));
  int vtu = 0;
  for (const auto& entry : fs::directory_iterator(snapshots))
    vtu += entry.path().extension() == ".vtu";
  EXPECT_EQ(vtu, 3);  // t = 0, 15 and 30 min (the final one coincides with the cadence)
  const std::string pvd = read_text(snapshots / "cells.pvd");
  EXPECT_TRUE(contains(pvd, "step_0_cells.vtu")) << pvd;
}

TEST_F(CliSimulateRun, NoProgressBarWhenNotATerminal) {
  const RunResult r =
      run({"simulate", tiny().string(), "--out", (dir() / "out").string(), "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_TRUE(r.err.empty()) << describe(r);
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_FALSE(contains(r.out, "\r")) << r.out;
  EXPECT_FALSE(contains(r.out, "\x1b[")) << r.out;
  EXPECT_TRUE(contains(r.out, "simulated")) << r.out;
}

TEST_F(CliSimulateRun, ThreadCountDoesNotChangeTheResult) {
  const std::string scenario = tiny().string();
  const auto one = simulate_ok({scenario, "--out", (dir() / "t1").string(), "--threads", "1"});
  const auto two = simulate_ok({scenario, "--out", (dir() / "t2").string(), "--threads", "2"});
  ASSERT_TRUE(one.contains("state_checksum") && two.contains("state_checksum"));
  EXPECT_EQ(one["state_checksum"], two["state_checksum"]);
  EXPECT_EQ(one["cells_end"], two["cells_end"]);
}

TEST_F(CliSimulateRun, SeedFlagOverridesTheScenario) {
  const auto summary =
      simulate_ok({tiny().string(), "--out", (dir() / "out").string(), "--seed", "12345"});
  EXPECT_EQ(summary.value("seed", std::uint64_t{0}), 12345u) << summary.dump();
}

TEST_F(CliSimulateRun, EmptyTissueRuns) {
  const fs::path scenario = write_scenario("empty.toml", tiny_scenario("[0, 200]", false));
  const auto summary = simulate_ok({scenario.string(), "--out", (dir() / "out").string()});
  EXPECT_EQ(summary.value("cells_start", -1), 0) << summary.dump();
  EXPECT_EQ(summary.value("cells_end", -1), 0) << summary.dump();
  EXPECT_NEAR(summary.value("simulated_hours", -1.0), 0.5, 1e-9);
}

TEST_F(CliSimulateRun, ExistingUnrelatedFilesInOutAreKept) {
  const fs::path out = dir() / "out";
  fs::create_directories(out);
  write_text(out / "notes.txt", "keep me\n");
  simulate_ok({tiny().string(), "--out", out.string()});
  EXPECT_EQ(read_text(out / "notes.txt"), "keep me\n");
}

// ---------------------------------------------------------------------------------------------
// Checkpoint and restart

class CliCheckpointRun : public CliFixture {
 protected:
  // The uninterrupted run with checkpoints, and the earliest checkpoint it wrote.
  void run_full() {
    m_scenario = tiny();
    m_full = simulate_ok(
        {m_scenario.string(), "--out", (dir() / "full").string(), "--checkpoint-every-h", "0.25"});
    const auto found = checkpoints_in(dir() / "full");
    ASSERT_GE(found.size(), 1u) << "no checkpoint written";
    m_checkpoint = found.begin()->second;  // the 0.25 h one, mid-run
  }
  fs::path m_scenario, m_checkpoint;
  nlohmann::json m_full;
};

TEST_F(CliCheckpointRun, WritesCheckpointsAtTheRequestedInterval) {
  run_full();
  const auto found = checkpoints_in(dir() / "full");
  ASSERT_FALSE(found.empty());
  const long steps = m_full.value("steps", 0L);
  // 0.25 h and (at the end) 0.5 h.
  EXPECT_EQ(found.size(), 2u);
  EXPECT_EQ(found.begin()->first * 2, steps);
  const auto plain = simulate_ok({m_scenario.string(), "--out", (dir() / "plain").string()});
  EXPECT_EQ(plain["state_checksum"], m_full["state_checksum"]) << "checkpointing changed the run";
}

TEST_F(CliCheckpointRun, RestartReachesTheUninterruptedState) {
  run_full();
  ASSERT_FALSE(m_checkpoint.empty());
  const auto restarted = simulate_ok({m_scenario.string(), "--out", (dir() / "restart").string(),
                                      "--restart", m_checkpoint.string()});
  EXPECT_NEAR(restarted.value("simulated_hours", -1.0), 0.5, 1e-9);
  EXPECT_EQ(restarted["state_checksum"], m_full["state_checksum"])
      << "restart from " << m_checkpoint << " diverged from the uninterrupted run";
  EXPECT_EQ(restarted["cells_end"], m_full["cells_end"]);
}

TEST_F(CliCheckpointRun, RestartWithAnotherSeedBranches) {
  run_full();
  ASSERT_FALSE(m_checkpoint.empty());
  const auto branch = simulate_ok({m_scenario.string(), "--out", (dir() / "branch").string(),
                                   "--restart", m_checkpoint.string(), "--seed", "99"});
  EXPECT_EQ(branch.value("seed", std::uint64_t{0}), 99u) << branch.dump();
  EXPECT_NEAR(branch.value("simulated_hours", -1.0), 0.5, 1e-9);
}

TEST_F(CliCheckpointRun, RestartWithADifferentGridIsAConflict) {
  run_full();
  ASSERT_FALSE(m_checkpoint.empty());
  const fs::path wide = write_scenario("wide.toml", tiny_scenario("[0, 240]"));
  const fs::path out = dir() / "wide_out";
  const RunResult r =
      run({"simulate", wide.string(), "--out", out.string(), "--restart", m_checkpoint.string()});
  expect_error(r, 4, "conflict");
  EXPECT_FALSE(fs::exists(out / "summary.json"));
}

TEST_F(CliCheckpointRun, DamagedCheckpointIsRejected) {
  run_full();
  ASSERT_FALSE(m_checkpoint.empty());
  const fs::path damaged = dir() / "damaged.ckpt";
  std::string bytes = read_text(m_checkpoint);
  ASSERT_GT(bytes.size(), 100u);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
  write_text(damaged, bytes);
  const fs::path out = dir() / "damaged_out";
  const RunResult r =
      run({"simulate", m_scenario.string(), "--out", out.string(), "--restart", damaged.string()});
  expect_error(r, 2, "damaged");
  EXPECT_FALSE(fs::exists(out / "summary.json"));
  EXPECT_EQ(read_text(m_checkpoint).size(), bytes.size()) << "the original checkpoint changed";
}

TEST_F(CliCheckpointRun, TruncatedCheckpointIsRejected) {
  run_full();
  ASSERT_FALSE(m_checkpoint.empty());
  const fs::path truncated = dir() / "truncated.ckpt";
  const std::string bytes = read_text(m_checkpoint);
  write_text(truncated, bytes.substr(0, bytes.size() / 3));
  expect_error(run({"simulate", m_scenario.string(), "--out", (dir() / "t_out").string(),
                    "--restart", truncated.string()}),
               2, "damaged");
}

// ---------------------------------------------------------------------------------------------
// bench b1

std::string b1_data_dir() {
  return (fs::path(DERMASIM_SOURCE_DIR) / "bench" / "b1").string();
}

std::vector<std::string> small_bench(const std::string& threads) {
  return {"bench",      "b1",         "--size",
          "s",          "--hours",    "0.05",
          "--threads",  threads,      "--no-diffusion-run",
          "--data-dir", b1_data_dir()};
}

TEST_F(CliBench, UnknownSizeIsInvalidInput) {
  expect_error(run({"bench", "b1", "--size", "x", "--data-dir", b1_data_dir()}), 2, "--size");
}

TEST_F(CliBench, ZeroHoursIsInvalidInput) {
  expect_error(run({"bench", "b1", "--hours", "0", "--data-dir", b1_data_dir()}), 2, "--hours");
}

TEST_F(CliBench, BenchWithoutBenchmarkNameIsInvalidInput) {
  EXPECT_EQ(run({"bench"}).exit_code, 2);
}

TEST_F(CliBench, SmallRunPrintsOneJsonReport) {
  const RunResult r = run(small_bench("1"));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  ASSERT_EQ(lines_of(r.out).size(), 1u) << r.out;
  const auto report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << r.out;
  for (const char* key : {"cells_start", "cells_end", "threads", "hours", "wall_s",
                          "agent_steps_per_s", "peak_rss_mb", "state_checksum"})
    EXPECT_TRUE(report.contains(key)) << key << " missing from " << r.out;
  EXPECT_EQ(report.value("cells_start", -1), 2500);
  EXPECT_EQ(report.value("threads", -1), 1);
  EXPECT_NEAR(report.value("hours", -1.0), 0.05, 1e-12);
  EXPECT_GT(report.value("agent_steps_per_s", -1.0), 0.0);
  EXPECT_GT(report.value("peak_rss_mb", -1.0), 0.0);
  EXPECT_TRUE(
      std::regex_match(report.value("state_checksum", std::string()), std::regex("[0-9a-f]{16}")));
  EXPECT_FALSE(report.contains("diffusion_only_loop_s")) << "--no-diffusion-run was ignored";
}

TEST_F(CliBench, ThreadCountDoesNotChangeTheChecksum) {
  const RunResult one = run(small_bench("1"));
  const RunResult two = run(small_bench("2"));
  ASSERT_EQ(one.exit_code, 0) << describe(one);
  ASSERT_EQ(two.exit_code, 0) << describe(two);
  const auto a = nlohmann::json::parse(one.out, nullptr, false);
  const auto b = nlohmann::json::parse(two.out, nullptr, false);
  ASSERT_TRUE(a.is_object() && b.is_object());
  EXPECT_EQ(b.value("threads", -1), 2);
  EXPECT_EQ(a["state_checksum"], b["state_checksum"]);
  EXPECT_EQ(a["cells_end"], b["cells_end"]);
}

TEST_F(CliBench, MissingDataDirIsNotFound) {
  expect_error(run({"bench", "b1", "--size", "s", "--hours", "0.05", "--data-dir", "/nonexistent"}),
               3, "/nonexistent");
}

TEST_F(CliValidate, UnknownCaseIsInvalidInput) {
  expect_error(run({"validate", "no-such-case"}), 2, "no-such-case");
}

TEST_F(CliValidate, JsonReportHasTheContractShapeAndPasses) {
  const RunResult r = run({"validate", "clonal-dynamics", "--json", "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const auto report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << r.out;
  ASSERT_EQ(report["cases"].size(), 1u);
  EXPECT_EQ(report["cases"][0]["case"], "clonal-dynamics");
  ASSERT_FALSE(report["cases"][0]["metrics"].empty());
  for (const auto& metric : report["cases"][0]["metrics"]) {
    for (const char* key :
         {"name", "simulated", "reference", "tolerance", "unit", "pass", "source"})
      EXPECT_TRUE(metric.contains(key)) << key;
    // pass is |simulated − reference| ≤ tolerance (CONTRACTS.md).
    const double gap =
        std::abs(metric["simulated"].get<double>() - metric["reference"].get<double>());
    EXPECT_EQ(metric["pass"].get<bool>(), gap <= metric["tolerance"].get<double>());
  }
}

TEST_F(CliSimulateRun, LineageTracingExampleWritesCloneSizes) {
  const fs::path out = dir() / "lineage";
  const fs::path scenario = fs::path(DERMASIM_SOURCE_DIR) / "data/scenarios/lineage_tracing.toml";
  const RunResult r = run({"simulate", scenario.string(), "--out", out.string(), "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_EQ(read_json(out / "summary.json").value("clones_labelled", -1), 2500);
  std::istringstream csv(read_text(out / "clones.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "t_h,clone,progenitor,post_mitotic_basal,suprabasal,total");
  // At labelling every basal cell is a clone of one cell.
  int clones_at_start = 0;
  while (std::getline(csv, line) && line.starts_with("0,")) {
    EXPECT_TRUE(line.ends_with(",1")) << line;
    ++clones_at_start;
  }
  EXPECT_EQ(clones_at_start, 2500);
}

// ---------------------------------------------------------------------------------------------
// Tissue scenarios

class CliTissue : public CliFixture {
 protected:
  // The injury example, shortened: 0.02 mm², 20 days of spin-up and 40 of run.
  fs::path short_injury() const {
    const fs::path data = fs::path(DERMASIM_SOURCE_DIR) / "data";
    std::string text = read_text(data / "scenarios/epidermis_cheek_injury.toml");
    const auto set = [&](const std::string& from, const std::string& to) {
      text.replace(text.find(from), from.size(), to);
    };
    set("area_mm2 = 0.1", "area_mm2 = 0.02");
    set("spin_up_days = 60", "spin_up_days = 20");
    set("duration_days = 120", "duration_days = 40");
    for (const char* file : {"human_interfollicular.toml", "tissue.toml"})
      set("\"../epidermis/" + std::string(file), "\"" + (data / "epidermis" / file).string());
    set("\"../zones.toml", "\"" + (data / "zones.toml").string());
    // Keep the events that fall inside 40 days: the UV and the abrasion.
    text = text.substr(0, text.find("[[event]]\nkind = \"barrier_breach\""));
    return write_scenario("injury.toml", text);
  }
};

TEST_F(CliTissue, WritesEveryObservableDailyAndTheHomeostaticTargets) {
  const fs::path out = dir() / "tissue";
  const auto summary = simulate_ok({short_injury().string(), "--out", out.string()});
  EXPECT_EQ(summary.value("zone", ""), "cheeks");
  EXPECT_NEAR(summary.value("simulated_hours", -1.0), 40 * 24.0, 1e-9);
  for (const char* name : {"viable_epidermis_um", "basal_density_per_mm2", "proliferation_per_day",
                           "transit_time_days", "melanin_index", "tewl_index", "hydration_index"}) {
    ASSERT_TRUE(summary["observables"].contains(name)) << name;
    EXPECT_TRUE(summary["observables"][name].contains("unit")) << name;
  }
  EXPECT_GT(summary["homeostasis"].value("viable_epidermis_um", 0.0), 0.0);
  std::istringstream csv(read_text(out / "timeseries.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_TRUE(line.starts_with("t_days,viable_epidermis_um,stratum_corneum_um,")) << line;
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  EXPECT_EQ(rows, 41);  // days 0 to 40
}

TEST_F(CliTissue, RestartReachesTheUninterruptedStateAndThreadsDoNotMatter) {
  const fs::path scenario = short_injury();
  const auto full = simulate_ok(
      {scenario.string(), "--out", (dir() / "full").string(), "--checkpoint-every-h", "720"});
  const auto found = checkpoints_in(dir() / "full");
  ASSERT_GE(found.size(), 1u);
  const auto restarted = simulate_ok({scenario.string(), "--out", (dir() / "restart").string(),
                                      "--restart", found.begin()->second.string()});
  EXPECT_EQ(restarted["state_checksum"], full["state_checksum"]);
  EXPECT_EQ(restarted["observables"], full["observables"]);
  const auto two =
      simulate_ok({scenario.string(), "--out", (dir() / "two").string(), "--threads", "2"});
  EXPECT_EQ(two["state_checksum"], full["state_checksum"]);
}

TEST_F(CliTissue, BadTissueScenarioNamesTheKeyAndWritesNothing) {
  std::string text = read_text(short_injury());
  text.replace(text.find("zone = \"cheeks\""), 15, "zone = \"cheek\"");
  const fs::path bad = write_scenario("bad.toml", text);
  const fs::path out = dir() / "bad_out";
  const RunResult r = run({"simulate", bad.string(), "--out", out.string()});
  expect_error(r, 2, "cheeks");
  EXPECT_TRUE(contains(r.err, "tissue.zone")) << describe(r);
  EXPECT_FALSE(fs::exists(out / "summary.json"));
}

TEST_F(CliTissue, EngineCheckpointCannotRestartATissueScenario) {
  const fs::path tissue = short_injury();
  simulate_ok(
      {tiny().string(), "--out", (dir() / "engine").string(), "--checkpoint-every-h", "0.25"});
  const auto found = checkpoints_in(dir() / "engine");
  ASSERT_GE(found.size(), 1u);
  const RunResult r = run({"simulate", tissue.string(), "--out", (dir() / "mixed").string(),
                           "--restart", found.begin()->second.string()});
  EXPECT_NE(r.exit_code, 0) << describe(r);
  EXPECT_TRUE(contains(r.err, "error")) << describe(r);
}

class CliDermis : public CliFixture {
 protected:
  // The needle-field example, shortened: a 0.3 mm block, 3 days, denser needling.
  fs::path short_needling(std::string_view extra = "") const {
    const fs::path data = fs::path(DERMASIM_SOURCE_DIR) / "data";
    std::string text = read_text(data / "scenarios/dermis_needle_field.toml");
    const auto set = [&](const std::string& from, const std::string& to) {
      text.replace(text.find(from), from.size(), to);
    };
    set("side_um = 1000", "side_um = 300");
    set("depth_um = 1000", "depth_um = 600");
    set("duration_days = 60", "duration_days = 3");
    set("density_per_cm2 = 250", "density_per_cm2 = 5000");  // a few channels in 0.09 mm²
    for (const char* file : {"dermis.toml", "factors.toml", "modifiers.toml"})
      set("\"../dermis/" + std::string(file), "\"" + (data / "dermis" / file).string());
    set("\"../zones.toml", "\"" + (data / "zones.toml").string());
    text += extra;
    return write_scenario("needling.toml", text);
  }
};

TEST_F(CliDermis, WritesEveryObservableAndTheMatrixLedger) {
  const fs::path out = dir() / "dermis";
  const auto summary = simulate_ok({short_needling().string(), "--out", out.string()});
  EXPECT_EQ(summary.value("zone", ""), "cheeks");
  EXPECT_NEAR(summary.value("simulated_hours", -1.0), 72.0, 1e-9);
  for (const char* name : {"collagen1_mg_per_ml", "collagen_i_iii_ratio", "elastin_mg_per_ml",
                           "hyaluronan_mg_per_ml", "inflammation_index", "erythema_index",
                           "oedema_index", "scar_volume_mm3", "dermal_thickness_um"}) {
    ASSERT_TRUE(summary["observables"].contains(name)) << name;
    EXPECT_TRUE(summary["observables"][name].contains("unit")) << name;
  }
  EXPECT_GT(summary["matrix_ledger"]["collagen1"].value("removed_by_injury_mg", 0.0), 0.0);
  std::istringstream csv(read_text(out / "timeseries.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_TRUE(line.starts_with("t_days,dermal_thickness_um,")) << line;
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  EXPECT_EQ(rows, 7);  // every 12 h from 0 to 72 h
}

TEST_F(CliDermis, RestartReachesTheUninterruptedStateAndThreadsDoNotMatter) {
  const fs::path scenario = short_needling();
  const auto full = simulate_ok(
      {scenario.string(), "--out", (dir() / "full").string(), "--checkpoint-every-h", "24"});
  const auto found = checkpoints_in(dir() / "full");
  ASSERT_GE(found.size(), 1u);
  const auto restarted = simulate_ok({scenario.string(), "--out", (dir() / "restart").string(),
                                      "--restart", found.begin()->second.string()});
  EXPECT_EQ(restarted["state_checksum"], full["state_checksum"]);
  EXPECT_EQ(restarted["observables"], full["observables"]);
  const auto two =
      simulate_ok({scenario.string(), "--out", (dir() / "two").string(), "--threads", "2"});
  EXPECT_EQ(two["state_checksum"], full["state_checksum"]);
}

// Each bad input names its key and writes nothing.
TEST_F(CliDermis, BadDermisScenariosNameTheKeyAndWriteNothing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[[injury]]\nkind = \"drill\"\nradius_um = 10\ndepth_um = 100\n", "needle_field"},
      {"[[injury]]\nkind = \"needle\"\nradius_um = 35\ndepth_um = 5000\n", "deeper"},
      {"[[injury]]\nkind = \"needle\"\nradius_um = 35\ndepth_um = 100\ndensity_per_cm2 = 9\n",
       "density_per_cm2"},
      {"[[injury]]\nkind = \"needle\"\nradius_um = 35\ndepth_um = 100\nx_um = 10\n", "y_um"},
      {"[[injury]]\nkind = \"needle\"\nat_days = 9\nradius_um = 35\ndepth_um = 100\n",
       "end of the run"},
      {"[[injury]]\nkind = \"atrophic_scar\"\nat_days = 1\nradius_um = 35\ndepth_um = 100\n",
       "starting state"},
      {"[[uv]]\nat_days = 1\ndose_med = -2\n", "dose_med"},
      {"[[injury]]\nkind = \"needle\"\nradius_um = 35\ndepht_um = 100\n", "depht_um"},
  };
  for (const auto& [extra, expected] : cases) {
    const fs::path bad = short_needling(extra);
    const fs::path out = dir() / "bad_out";
    const RunResult r = run({"simulate", bad.string(), "--out", out.string()});
    expect_error(r, 2, expected);
    EXPECT_FALSE(fs::exists(out / "summary.json")) << extra;
  }
  std::string text = read_text(short_needling());
  text.replace(text.find("zone = \"cheeks\""), 15, "zone = \"cheek\"");
  const RunResult zone = run(
      {"simulate", write_scenario("zone.toml", text).string(), "--out", (dir() / "zone").string()});
  expect_error(zone, 2, "cheeks");
  EXPECT_TRUE(contains(zone.err, "dermis.zone")) << describe(zone);
}

class CliTreatment : public CliFixture {
 protected:
  // The committed HFCM needling course, shortened: a 0.3 mm block, 4 days, two sessions.
  fs::path short_course(std::string_view edit_from = "", std::string_view edit_to = "",
                        std::string_view name = "course.toml") const {
    const fs::path data = fs::path(DERMASIM_SOURCE_DIR) / "data";
    std::string text = read_text(data / "scenarios/needling_course_hfcm.toml");
    const auto set = [&](std::string_view from, std::string_view to) {
      const auto at = text.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      text.replace(at, from.size(), to);
    };
    set("side_um = 1000", "side_um = 300\ndepth_um = 600");
    set("duration_days = 120", "duration_days = 4");
    set("day = 31", "day = 2");
    set("day = 61", "day = 3");
    for (const char* file : {"dermis.toml", "factors.toml", "modifiers.toml"})
      set("\"../dermis/" + std::string(file), "\"" + (data / "dermis" / file).string());
    set("\"../zones.toml", "\"" + (data / "zones.toml").string());
    set("data = \"..\"", "data = \"" + data.string() + "\"");
    if (!edit_from.empty()) set(edit_from, edit_to);
    return write_scenario(std::string(name), text);
  }
};

TEST_F(CliTreatment, ScheduledRunReportsEverySession) {
  const fs::path out = dir() / "course";
  const auto summary = simulate_ok({short_course().string(), "--out", out.string()});
  ASSERT_TRUE(summary.contains("sessions"));
  ASSERT_EQ(summary["sessions"].size(), 3u);
  const auto& first = summary["sessions"][0];
  EXPECT_EQ(first.value("day", -1.0), 1.0);
  // The medium stood in the channels: its TGF-beta1 arrived in the dermis.
  EXPECT_GT(first["delivered_ng_per_cm2"]["tgf_beta1"].value("papillary", 0.0), 0.0);
  EXPECT_TRUE(first["gained"]["collagen_percent"]["day_30"].is_null());  // beyond the run
  const std::string csv = read_text(out / "sessions.csv");
  EXPECT_TRUE(csv.starts_with("session,day,inflammation_peak,")) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
}

TEST_F(CliTreatment, RestartAndThreadsGiveTheSameState) {
  const fs::path scenario = short_course();
  const auto full = simulate_ok(
      {scenario.string(), "--out", (dir() / "full").string(), "--checkpoint-every-h", "36"});
  const auto found = checkpoints_in(dir() / "full");
  ASSERT_GE(found.size(), 1u);
  const auto restarted = simulate_ok({scenario.string(), "--out", (dir() / "restart").string(),
                                      "--restart", found.begin()->second.string()});
  EXPECT_EQ(restarted["state_checksum"], full["state_checksum"]);
  const auto two =
      simulate_ok({scenario.string(), "--out", (dir() / "two").string(), "--threads", "2"});
  EXPECT_EQ(two["state_checksum"], full["state_checksum"]);
  EXPECT_EQ(two["sessions"], full["sessions"]);
}

TEST_F(CliTreatment, ReusedCartridgeIsAConflictAndWritesNothing) {
  const fs::path bad = short_course("cartridge_id = \"C-0002\"", "cartridge_id = \"C-0001\"");
  const fs::path out = dir() / "reused";
  const RunResult r = run({"simulate", bad.string(), "--out", out.string()});
  expect_error(r, 4, "cartridge reused");
  EXPECT_FALSE(fs::exists(out / "summary.json"));
}

TEST_F(CliTreatment, DepthOutsideThePenIsInvalidInput) {
  const fs::path bad = short_course("depth_mm = 1.0", "depth_mm = 3.5");
  const RunResult r = run({"simulate", bad.string(), "--out", (dir() / "deep").string()});
  expect_error(r, 2, "depth_mm");
}

TEST_F(CliTreatment, CompareWritesCsvSvgAndReports) {
  const fs::path arm_a = short_course("", "", "a.toml");
  const fs::path arm_b = short_course("route = \"channels\"\n    volume_ul_per_cm2 = 20",
                                      "route = \"channels\"\n    volume_ul_per_cm2 = 10", "b.toml");
  const fs::path out = dir() / "compare";
  const RunResult r = run({"compare", arm_a.string(), arm_b.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const std::string svg = read_text(out / "comparison.svg");
  EXPECT_TRUE(svg.starts_with("<svg")) << svg.substr(0, 40);
  const std::string csv = read_text(out / "comparison.csv");
  EXPECT_TRUE(csv.starts_with("arm,t_days,")) << csv.substr(0, 40);
  const auto report = nlohmann::json::parse(read_text(out / "comparison.json"));
  EXPECT_EQ(report["arms"].size(), 2u);
}

TEST_F(CliTreatment, CompareRefusesArmsOnDifferentTissue) {
  const fs::path arm_a = short_course("", "", "a.toml");
  const fs::path arm_b = short_course("seed = 5", "seed = 6", "b.toml");
  const RunResult r =
      run({"compare", arm_a.string(), arm_b.string(), "--out", (dir() / "cmp").string()});
  expect_error(r, 2, "one tissue");
  const RunResult one = run({"compare", arm_a.string(), "--out", (dir() / "cmp1").string()});
  expect_error(one, 2, "at least two");
}

TEST_F(CliTreatment, BenchB2RefusesAMissingWorkloadAndZeroRuns) {
  expect_error(run({"bench", "b2", "--workload", (dir() / "none.toml").string()}), 3, "none.toml");
  expect_error(run({"bench", "b2", "--runs", "0"}), 2, "runs");
}

}  // namespace
