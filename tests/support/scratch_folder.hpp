// A test fixture with a fresh folder of its own under the temporary directory, removed afterwards.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace dermasim::testing {

// `name` inside a folder of the running test's own under the temporary directory (created), so
// that tests running at the same time (ctest -j) never share a file.
inline std::filesystem::path scratch_path(std::string_view name) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() /
      ("dermasim_" + std::string(test->test_suite_name()) + "_" + test->name());
  std::filesystem::create_directories(folder);
  return folder / std::string(name);
}

class ScratchFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path() /
            ("dermasim_" + std::string(test->test_suite_name()) + "_" + test->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::filesystem::path m_dir;
};

}  // namespace dermasim::testing
