// Tests of result files: atomic writes, JSON, the time-series CSV and the VTU/VTI/PVD snapshots.
#include "engine/output.hpp"

#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include "support/files.hpp"

namespace dermasim::engine {
namespace {

using dermasim::testing::read_text;
using dermasim::testing::write_text;

namespace fs = std::filesystem;

std::vector<std::string> hidden_files_in(const fs::path& folder) {
  std::vector<std::string> hidden;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.path().filename().string().starts_with(".")) hidden.push_back(entry.path().string());
  return hidden;
}

// Tag balance of an XML document: every opened element closed in order, one root, and no stray
// '<' in text. Not a full parser, but enough to catch broken output without python3.
bool tags_balanced(const std::string& xml) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t position = 0;
  while ((position = xml.find('<', position)) != std::string::npos) {
    const std::size_t end = xml.find('>', position);
    if (end == std::string::npos) return false;
    const std::string tag = xml.substr(position + 1, end - position - 1);
    position = end + 1;
    if (tag.empty() || tag.find('<') != std::string::npos) return false;
    if (tag.front() == '?') continue;
    if (tag.front() == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return false;
      open.pop_back();
      continue;
    }
    if (open.empty()) ++roots;
    if (tag.back() != '/') open.push_back(tag.substr(0, tag.find_first_of(" \n")));
  }
  return open.empty() && roots == 1;
}

// A real XML parser when the machine has one.
void expect_well_formed(const fs::path& path) {
  EXPECT_TRUE(tags_balanced(read_text(path))) << path;
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) return;
  const std::string command =
      "python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '" +
      path.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << path;
}

// Values of the DataArray named `name` (the first one), as text.
std::vector<std::string> data_array(const std::string& xml, const std::string& name) {
  const std::size_t named = xml.find("Name=\"" + name + "\"");
  if (named == std::string::npos) return {};
  const std::size_t begin = xml.find('>', named) + 1;
  const std::size_t end = xml.find("</DataArray>", begin);
  std::istringstream values(xml.substr(begin, end - begin));
  std::vector<std::string> tokens;
  for (std::string token; values >> token;) tokens.push_back(token);
  return tokens;
}

std::vector<double> as_doubles(const std::vector<std::string>& tokens) {
  std::vector<double> numbers;
  for (const std::string& token : tokens) numbers.push_back(std::strtod(token.c_str(), nullptr));
  return numbers;
}

std::vector<SubstanceSpec> two_substances() {
  return {SubstanceSpec{.name = "oxygen"}, SubstanceSpec{.name = "tnf"}};
}

// 2×2×1 voxels; oxygen 1, 2, 3, 4.5 and tnf 0.1, 0.2, 0.3, 0.4 (x fastest).
DiffusionSolver small_solver() {
  DiffusionSolver solver(VoxelGrid{{2, 2, 1}, {0, 0, 0}, 10.0}, two_substances(),
                         DirichletMode::held);
  const std::vector<double> oxygen{1.0, 2.0, 3.0, 4.5};
  const std::vector<double> tnf{0.1, 0.2, 0.3, 0.4};
  for (std::size_t v = 0; v < 4; ++v) {
    solver.value(v, 0) = oxygen[v];
    solver.value(v, 1) = tnf[v];
  }
  return solver;
}

AgentStore three_agents() {
  AgentStore agents;
  agents.reserve(4);
  const ColumnHandle pressure = agents.add_column("pressure", 0.0);
  const std::vector<std::array<double, 3>> positions{
      {1.5, -2.25, 0.1}, {100.0 / 3.0, 7.0, 1e-7}, {-0.3, 12345.678, 9.0}};
  for (std::size_t i = 0; i < positions.size(); ++i) {
    agents.append(10 + i);
    agents.x_um[i] = positions[i][0];
    agents.y_um[i] = positions[i][1];
    agents.z_um[i] = positions[i][2];
    agents.type[i] = static_cast<std::int32_t>(i);
    agents.state[i] = static_cast<AgentState>(i);
    agents.radius_um[i] = 8.4 + static_cast<double>(i);
    agents.volume_um3[i] = 2494.0;
    agents.column(pressure)[i] = 0.25 * static_cast<double>(i);
  }
  return agents;
}

class OutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    m_folder = fs::temp_directory_path() /
               ("dermasim_output_test_" + std::to_string(::getpid()) + "_" + test->name());
    fs::remove_all(m_folder);
    fs::create_directories(m_folder);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(m_folder, ignored);
  }

  fs::path m_folder;
};

TEST_F(OutputTest, AtomicWriteCreatesFoldersAndReplacesContent) {
  const fs::path target = m_folder / "a" / "b" / "result.txt";
  ASSERT_TRUE(write_file_atomic(target, "first version, longer than the second\n"));
  ASSERT_TRUE(write_file_atomic(target, "second\n"));
  EXPECT_EQ(read_text(target), "second\n");
  EXPECT_TRUE(hidden_files_in(m_folder).empty());
}

TEST_F(OutputTest, AtomicWriteOfEmptyContentsGivesEmptyFile) {
  const fs::path target = m_folder / "empty.txt";
  ASSERT_TRUE(write_file_atomic(target, ""));
  EXPECT_TRUE(fs::exists(target));
  EXPECT_EQ(fs::file_size(target), 0U);
}

TEST_F(OutputTest, AtomicWriteUnderRegularFileIsUnavailableAndKeepsTheFile) {
  const fs::path blocker = m_folder / "blocker";
  write_text(blocker, "old");
  const fs::path target = blocker / "result.json";
  const Status status = write_file_atomic(target, "new");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().category, ErrorCategory::unavailable);
  EXPECT_NE(status.error().message.find(target.string()), std::string::npos);
  EXPECT_EQ(status.error().field, target.string());
  EXPECT_EQ(read_text(blocker), "old");
  EXPECT_TRUE(hidden_files_in(m_folder).empty());
}

// The temporary file is written, then the rename fails: it must be removed again.
TEST_F(OutputTest, FailedRenameRemovesTemporaryAndKeepsTarget) {
  const fs::path target = m_folder / "occupied";
  fs::create_directories(target);
  write_text(target / "inside.txt", "kept");
  const Status status = write_file_atomic(target, "new");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().category, ErrorCategory::unavailable);
  EXPECT_EQ(read_text(target / "inside.txt"), "kept");
  EXPECT_TRUE(hidden_files_in(m_folder).empty());
}

TEST_F(OutputTest, PathWithoutFileNameIsInvalidInput) {
  const Status status = write_file_atomic(m_folder / "", "x");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().category, ErrorCategory::invalid_input);
}

TEST_F(OutputTest, JsonIsPrettyWithTrailingNewline) {
  const fs::path target = m_folder / "summary.json";
  ASSERT_TRUE(write_json_file(target, nlohmann::json{{"agents", 3}}));
  EXPECT_EQ(read_text(target), "{\n  \"agents\": 3\n}\n");
}

TEST_F(OutputTest, JsonWithInvalidUtf8IsInvalidInputAndWritesNothing) {
  const fs::path target = m_folder / "bad.json";
  const Status status = write_json_file(target, nlohmann::json{{"name", "\xff\xfe"}});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().category, ErrorCategory::invalid_input);
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(OutputTest, TimeseriesHasHeaderAndExactMeans) {
  const DiffusionSolver solver = small_solver();
  TimeseriesWriter writer(two_substances(), 4);
  writer.append({.t_h = 1.5, .agents = 3, .live = 1, .dying = 1, .frozen = 1}, solver);
  EXPECT_EQ(writer.row_count(), 1U);
  const double tnf_mean = (((0.1 + 0.2) + 0.3) + 0.4) / 4.0;
  const std::string csv = writer.csv();
  ASSERT_TRUE(
      csv.starts_with("t_h,agents,live,dying,frozen,oxygen_mean,tnf_mean\n"
                      "1.5,3,1,1,1,2.625,"));
  const std::string tnf_text = csv.substr(csv.rfind(',') + 1);
  EXPECT_EQ(std::strtod(tnf_text.c_str(), nullptr), tnf_mean);
  EXPECT_TRUE(csv.ends_with("\n"));
}

TEST_F(OutputTest, TimeseriesNumbersRoundTripAndFinishWritesTheText) {
  DiffusionSolver solver = small_solver();
  for (std::size_t v = 0; v < 4; ++v) solver.value(v, 0) = 1.0 / 3.0;
  TimeseriesWriter writer(two_substances());
  writer.append({.t_h = 0.1 + 0.2}, solver);
  writer.append({.t_h = 2.0 / 3.0, .agents = 12345678901234ULL}, solver);
  const std::string csv = writer.csv();
  EXPECT_NE(csv.find("\n0.30000000000000004,0,0,0,0,0.3333333333333333,"), std::string::npos);
  EXPECT_NE(csv.find("\n0.6666666666666666,12345678901234,0,0,0,"), std::string::npos);

  const fs::path target = m_folder / "timeseries.csv";
  ASSERT_TRUE(writer.finish(target));
  EXPECT_EQ(read_text(target), csv);
}

TEST_F(OutputTest, TimeseriesQuotesSubstanceNamesWithCommas) {
  const TimeseriesWriter writer({SubstanceSpec{.name = "a,b"}});
  EXPECT_EQ(writer.csv(), "t_h,agents,live,dying,frozen,\"a,b_mean\"\n");
}

TEST_F(OutputTest, CellsVtuOfThreeAgentsReadsBack) {
  const AgentStore agents = three_agents();
  const fs::path target = m_folder / "cells.vtu";
  ASSERT_TRUE(write_cells_vtu(target, agents));
  expect_well_formed(target);
  const std::string xml = read_text(target);
  EXPECT_NE(xml.find("<VTKFile type=\"UnstructuredGrid\""), std::string::npos);
  EXPECT_NE(xml.find("NumberOfPoints=\"3\" NumberOfCells=\"3\""), std::string::npos);

  const std::vector<double> points = as_doubles(data_array(xml, "Points"));
  ASSERT_EQ(points.size(), 9U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(points[3 * i + 0], agents.x_um[i]);
    EXPECT_EQ(points[3 * i + 1], agents.y_um[i]);
    EXPECT_EQ(points[3 * i + 2], agents.z_um[i]);
  }
  EXPECT_EQ(data_array(xml, "id"), (std::vector<std::string>{"10", "11", "12"}));
  EXPECT_EQ(data_array(xml, "type"), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(data_array(xml, "state"), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(data_array(xml, "phase").size(), 3U);
  EXPECT_EQ(as_doubles(data_array(xml, "radius_um")), agents.radius_um);
  EXPECT_EQ(as_doubles(data_array(xml, "volume_um3")), agents.volume_um3);
  EXPECT_EQ(as_doubles(data_array(xml, "pressure")), (std::vector<double>{0.0, 0.25, 0.5}));
  EXPECT_EQ(data_array(xml, "connectivity"), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(data_array(xml, "offsets"), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(data_array(xml, "types"), (std::vector<std::string>{"1", "1", "1"}));
}

TEST_F(OutputTest, CellsVtuOfNoAgentsIsValid) {
  const fs::path target = m_folder / "empty.vtu";
  ASSERT_TRUE(write_cells_vtu(target, AgentStore{}));
  expect_well_formed(target);
  const std::string xml = read_text(target);
  EXPECT_NE(xml.find("NumberOfPoints=\"0\" NumberOfCells=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("Name=\"Points\""), std::string::npos);
  EXPECT_TRUE(data_array(xml, "Points").empty());
}

TEST_F(OutputTest, FieldsVtiHasExtentAndOneArrayPerSubstance) {
  const DiffusionSolver solver(VoxelGrid{{3, 2, 4}, {-5.0, 0.0, 2.5}, 10.0}, two_substances(),
                               DirichletMode::held);
  DiffusionSolver filled = solver;
  for (std::size_t v = 0; v < 24; ++v) {
    filled.value(v, 0) = static_cast<double>(v);
    filled.value(v, 1) = -0.5 * static_cast<double>(v);
  }
  const fs::path target = m_folder / "fields.vti";
  ASSERT_TRUE(write_fields_vti(target, filled, two_substances()));
  expect_well_formed(target);
  const std::string xml = read_text(target);
  EXPECT_NE(xml.find("WholeExtent=\"0 3 0 2 0 4\""), std::string::npos);
  EXPECT_NE(xml.find("<Piece Extent=\"0 3 0 2 0 4\">"), std::string::npos);
  EXPECT_NE(xml.find("Origin=\"-5 0 2.5\""), std::string::npos);
  EXPECT_NE(xml.find("Spacing=\"10 10 10\""), std::string::npos);
  EXPECT_NE(xml.find("<CellData"), std::string::npos);

  const std::vector<double> oxygen = as_doubles(data_array(xml, "oxygen"));
  const std::vector<double> tnf = as_doubles(data_array(xml, "tnf"));
  ASSERT_EQ(oxygen.size(), 24U);
  ASSERT_EQ(tnf.size(), 24U);
  for (std::size_t v = 0; v < 24; ++v) {
    EXPECT_EQ(oxygen[v], filled.value(v, 0));
    EXPECT_EQ(tnf[v], filled.value(v, 1));
  }
}

TEST_F(OutputTest, FieldsVtiWithWrongSubstanceListIsInternalError) {
  const Status status =
      write_fields_vti(m_folder / "fields.vti", small_solver(), {SubstanceSpec{.name = "oxygen"}});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().category, ErrorCategory::internal);
  EXPECT_FALSE(fs::exists(m_folder / "fields.vti"));
}

TEST_F(OutputTest, PvdCollectionListsSnapshotsInOrder) {
  const fs::path target = m_folder / "cells.pvd";
  ASSERT_TRUE(write_pvd_collection(target, {{0.0, "cells_0000.vtu"}, {1.5, "cells_&_0001.vtu"}}));
  expect_well_formed(target);
  const std::string xml = read_text(target);
  const std::size_t first =
      xml.find("timestep=\"0\" group=\"\" part=\"0\" file=\"cells_0000.vtu\"");
  const std::size_t second =
      xml.find("timestep=\"1.5\" group=\"\" part=\"0\" file=\"cells_&amp;_0001.vtu\"");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(xml.find("<VTKFile type=\"Collection\""), std::string::npos);
}

}  // namespace
}  // namespace dermasim::engine
