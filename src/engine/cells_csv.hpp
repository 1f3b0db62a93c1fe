// Initial-cell CSV files (header x,y,z,type): rows with their file positions, read and checked.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "engine/scenario.hpp"
#include "engine/toml_reader.hpp"

// Internal to the scenario loader (scenario_*.cpp, cells_csv.cpp); not part of the engine's API.
namespace dermasim::engine::detail {

struct CsvRow {
  InitialCell cell;
  std::size_t line = 0;
  std::array<std::size_t, 4> columns{};  // 1-based column where each field starts
};

// "file:line:column name", or "file:line:column" when `name` is empty.
std::string csv_field(const std::filesystem::path& path, std::size_t line, std::size_t column,
                      std::string_view name);
std::string_view trimmed(std::string_view text);
Result<CsvRow> parse_csv_row(const std::filesystem::path& path, std::string_view text,
                             std::size_t line);
Status check_csv_header(const std::filesystem::path& path, std::string_view text);

// Reads the cells CSV, handing each row to `check(const CsvRow&) -> Status` as it goes.
template <class Check>
Result<std::vector<InitialCell>> read_cells_csv(const std::filesystem::path& path, Check&& check) {
  DERMASIM_TRY(check_file_readable(path, max_cells_csv_bytes, "cells CSV file"));
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    return fail(
        Error::unavailable("cannot open cells CSV file '" + path.string() + "'", path.string()));
  }
  std::vector<InitialCell> cells;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    std::string_view text = line;
    if (text.ends_with('\r')) text.remove_suffix(1);
    if (line_number == 1) {
      if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark
      DERMASIM_TRY(check_csv_header(path, text));
      continue;
    }
    if (trimmed(text).empty()) continue;
    DERMASIM_TRY_ASSIGN(const CsvRow row, parse_csv_row(path, text, line_number));
    DERMASIM_TRY(check(row));
    cells.push_back(row.cell);
  }
  if (line_number == 0) {
    return fail(Error::invalid_input("empty file; the first line must be the header 'x,y,z,type'",
                                     csv_field(path, 1, 1, "")));
  }
  return cells;
}

}  // namespace dermasim::engine::detail
