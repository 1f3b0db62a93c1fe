// The outcomes CSV reader: one test per way a file can be wrong, and the noise table.
#include "planner/outcomes.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/files.hpp"
#include "support/scratch_folder.hpp"

namespace dermasim::planner {
namespace {

namespace fs = std::filesystem;
using dermasim::testing::write_text;

constexpr std::string_view start = "2026-03-02";
constexpr std::string_view header = "date,zone,observable,value,unit,instrument\n";

class OutcomesReader : public dermasim::testing::ScratchFolderTest {
 protected:
  fs::path file(std::string_view text) const {
    const fs::path path = m_dir / "outcomes.csv";
    write_text(path, text);
    return path;
  }

  // Expects the read to fail with `category`, naming `field` (a substring of the error's field)
  // and `message` (a substring of its message).
  void expect_error(std::string_view text, std::string_view field, std::string_view message,
                    ErrorCategory category = ErrorCategory::invalid_input) const {
    const auto read = read_outcomes(file(text), start);
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().category, category);
    EXPECT_NE(read.error().field.find(field), std::string::npos) << read.error().field;
    EXPECT_NE(read.error().message.find(message), std::string::npos) << read.error().message;
  }
};

TEST_F(OutcomesReader, ReadsRowsWithDaysSinceTheStart) {
  const auto read =
      read_outcomes(file(std::string(header) + "2026-03-02,forehead,wrinkle_grade,3,grade,Dr A\n"
                                               "2026-04-01,cheeks,texture_grade,2.5,grade,\n"),
                    start);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].t_days, 0.0);
  EXPECT_EQ((*read)[0].instrument, "Dr A");
  EXPECT_EQ((*read)[0].line, 2u);
  EXPECT_EQ((*read)[1].t_days, 30.0);
  EXPECT_EQ((*read)[1].zone, "cheeks");
  EXPECT_EQ((*read)[1].value, 2.5);
  EXPECT_EQ((*read)[1].instrument, "");
  EXPECT_EQ((*read)[1].line, 3u);
}

TEST_F(OutcomesReader, AcceptsCrlfAByteOrderMarkAndBlankLines) {
  const auto read = read_outcomes(file("\xEF\xBB\xBF"
                                       "date,zone,observable,value,unit,instrument\r\n"
                                       "2026-03-10,forehead,wrinkle_grade,3,grade,photo\r\n\r\n"
                                       "2026-03-20,forehead,wrinkle_grade,2.5,grade,photo\r\n"),
                                  start);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].instrument, "photo");
  EXPECT_EQ((*read)[1].line, 4u);
}

TEST_F(OutcomesReader, QuotedCellsMayHoldCommasAndQuotes) {
  const auto read = read_outcomes(
      file(std::string(header) +
           "2026-03-10,forehead,wrinkle_grade,3,grade,\"Dr A, \"\"photo\"\" panel\"\n"),
      start);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ((*read)[0].instrument, "Dr A, \"photo\" panel");
}

TEST_F(OutcomesReader, MissingFileIsNotFound) {
  const auto read = read_outcomes(m_dir / "absent.csv", start);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().category, ErrorCategory::not_found);
  EXPECT_NE(read.error().message.find("absent.csv"), std::string::npos);
}

TEST_F(OutcomesReader, EmptyFileIsRefused) {
  expect_error("", "outcomes.csv", "empty");
}

TEST_F(OutcomesReader, HeaderWithoutRowsIsRefused) {
  expect_error(header, "outcomes.csv", "no measurement");
}

TEST_F(OutcomesReader, OtherHeaderSaysWhatIsExpected) {
  expect_error("date,zone,observable,value,unit\n2026-03-10,forehead,wrinkle_grade,3,grade\n",
               "outcomes.csv:1 header",
               "expected exactly 'date,zone,observable,value,unit,instrument'");
}

TEST_F(OutcomesReader, FileOverOneMebibyteIsRefused) {
  std::string text(header);
  const std::string row = "2026-03-10,forehead,wrinkle_grade,3,grade,photo\n";
  while (text.size() <= max_outcomes_bytes) text += row;
  expect_error(text, "outcomes.csv", "limit is 1 MiB");
}

TEST_F(OutcomesReader, BadDateNamesLineAndColumn) {
  expect_error(std::string(header) + "2026-02-30,forehead,wrinkle_grade,3,grade,\n",
               "outcomes.csv:2 date", "not a real date");
}

TEST_F(OutcomesReader, DateBeforeTheStartIsRefused) {
  expect_error(std::string(header) +
                   "2026-03-10,forehead,wrinkle_grade,3,grade,\n"
                   "2026-03-01,forehead,wrinkle_grade,3,grade,\n",
               "outcomes.csv:3 date", "before the program's start date 2026-03-02");
}

TEST_F(OutcomesReader, UnparsableValueIsRefused) {
  expect_error(std::string(header) + "2026-03-10,forehead,wrinkle_grade,three,grade,\n",
               "outcomes.csv:2 value", "not a number");
}

TEST_F(OutcomesReader, NonFiniteValueIsRefused) {
  expect_error(std::string(header) + "2026-03-10,forehead,wrinkle_grade,inf,grade,\n",
               "outcomes.csv:2 value", "not a finite number");
}

TEST_F(OutcomesReader, EmptyZoneIsRefused) {
  expect_error(std::string(header) + "2026-03-10,,wrinkle_grade,3,grade,\n", "outcomes.csv:2 zone",
               "is empty");
}

TEST_F(OutcomesReader, EmptyObservableIsRefused) {
  expect_error(std::string(header) + "2026-03-10,forehead, ,3,grade,\n",
               "outcomes.csv:2 observable", "is empty");
}

TEST_F(OutcomesReader, WrongNumberOfCellsIsRefused) {
  expect_error(std::string(header) + "2026-03-10,forehead,wrinkle_grade,3,grade,Dr A, photo\n",
               "outcomes.csv:2 row", "has 7 cells; expected 6");
}

TEST_F(OutcomesReader, UnclosedQuoteIsRefusedClearly) {
  expect_error(std::string(header) + "2026-03-10,forehead,wrinkle_grade,3,grade,\"Dr A, photo\n",
               "outcomes.csv:2 row", "does not close on its line");
}

TEST_F(OutcomesReader, StrayQuoteIsRefusedClearly) {
  expect_error(std::string(header) + "2026-03-10,forehead,wrinkle_grade,3,grade,Dr \"A\"\n",
               "outcomes.csv:2 row", "quote the whole cell");
}

TEST(OutcomeNoise, ShippedTableCoversEveryForecastObservable) {
  const auto noise =
      load_outcome_noise(fs::path(DERMASIM_SOURCE_DIR) / "data" / "planner" / "outcomes.toml");
  ASSERT_TRUE(noise.has_value()) << noise.error().field << ": " << noise.error().message;
  for (const std::string_view id :
       {"wrinkle_grade", "texture_grade", "laxity_grade", "goodman_baron_grade", "striae_grade",
        "hydration_grade", "goodman_baron_score", "vancouver_score", "melanin_index",
        "pigment_grade", "pih_probability", "epidermal_thickness_um", "collagen_mg_per_ml",
        "elastin_mg_per_ml"})
    EXPECT_NE(noise->find(id), nullptr) << id;
  EXPECT_EQ(noise->find("goodman_baron_score")->sd, 4.0);
  EXPECT_TRUE(noise->find("collagen_mg_per_ml")->relative);
  EXPECT_FALSE(noise->find("pih_probability")->informative);
}

TEST(OutcomeNoise, UnknownObservableAndMissingSdAreRefused) {
  const fs::path path = dermasim::testing::scratch_path("dermasim_outcome_noise_test.toml");
  write_text(path, "[noise.wrinkle_grad]\nsd = 0.5\n");
  auto noise = load_outcome_noise(path);
  ASSERT_FALSE(noise.has_value());
  EXPECT_NE(noise.error().message.find("wrinkle_grade"), std::string::npos);
  write_text(path, "[noise.wrinkle_grade]\nnote = \"x\"\n");
  noise = load_outcome_noise(path);
  ASSERT_FALSE(noise.has_value());
  EXPECT_NE(noise.error().message.find("exactly one of sd"), std::string::npos);
  fs::remove(path);
}

}  // namespace
}  // namespace dermasim::planner
