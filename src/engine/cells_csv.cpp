// Initial-cell CSV files: parsing rows and headers, and load_cells_csv.
#include "engine/cells_csv.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>
#include <utility>

namespace dermasim::engine {
namespace detail {
namespace {

constexpr std::array<std::string_view, 4> csv_header = {"x", "y", "z", "type"};

// Splits a line at commas into fields (trimmed) and their 1-based start columns.
std::vector<std::pair<std::string_view, std::size_t>> split_csv_line(std::string_view line) {
  std::vector<std::pair<std::string_view, std::size_t>> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view raw = line.substr(start, comma - start);
    const std::size_t leading = raw.find_first_not_of(" \t");
    fields.emplace_back(trimmed(raw),
                        start + (leading == std::string_view::npos ? 0 : leading) + 1);
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

template <class Number>
std::optional<Number> parse_whole(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string csv_field(const std::filesystem::path& path, std::size_t line, std::size_t column,
                      std::string_view name) {
  std::string field = path.string() + ":" + std::to_string(line) + ":" + std::to_string(column);
  return name.empty() ? field : field + " " + std::string(name);
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

Result<CsvRow> parse_csv_row(const std::filesystem::path& path, std::string_view text,
                             std::size_t line) {
  const auto fields = split_csv_line(text);
  if (fields.size() != csv_header.size()) {
    return fail(Error::invalid_input(
        "expected 4 columns x,y,z,type, found " + std::to_string(fields.size()),
        csv_field(path, line, 1, "")));
  }
  CsvRow row;
  row.line = line;
  for (std::size_t index = 0; index < fields.size(); ++index) {
    const auto& [value_text, column] = fields[index];
    row.columns[index] = column;
    const std::string field = csv_field(path, line, column, csv_header[index]);
    if (index == 3) {
      const auto type = parse_whole<int>(value_text);
      if (!type || *type < 0) {
        return fail(Error::invalid_input("type must be a cell type index (an integer >= 0), not '" +
                                             std::string(value_text) + "'",
                                         field));
      }
      row.cell.type = *type;
      continue;
    }
    const auto coordinate = parse_whole<double>(value_text);
    if (!coordinate || !std::isfinite(*coordinate)) {
      return fail(Error::invalid_input(
          "must be a finite number (µm), not '" + std::string(value_text) + "'", field));
    }
    row.cell.position_um[index] = *coordinate;
  }
  return row;
}

Status check_csv_header(const std::filesystem::path& path, std::string_view text) {
  const auto fields = split_csv_line(text);
  const bool matches = std::ranges::equal(
      fields, csv_header,
      [](const auto& field, std::string_view name) { return field.first == name; });
  if (matches) return {};
  return fail(Error::invalid_input(
      "the first line must be the header 'x,y,z,type', not '" + std::string(text) + "'",
      csv_field(path, 1, 1, "")));
}

}  // namespace detail

Result<std::vector<InitialCell>> load_cells_csv(const std::filesystem::path& path) {
  return detail::read_cells_csv(path, [](const detail::CsvRow&) -> Status { return {}; });
}

}  // namespace dermasim::engine
