// Reading an outcomes CSV and the measurement-noise table (see outcomes.hpp).
#include "planner/outcomes.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/calendar.hpp"
#include "engine/toml_reader.hpp"
#include "skin/clinical_scales.hpp"

namespace dermasim::planner {
namespace {

using engine::detail::Presence;
using engine::detail::TableReader;

constexpr std::array<std::string_view, 6> columns = {"date",  "zone", "observable",
                                                     "value", "unit", "instrument"};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// The cells of one CSV line (RFC 4180 quoting within the line), or what is wrong with it.
std::optional<std::vector<std::string>> split_cells(std::string_view line, std::string& problem) {
  std::vector<std::string> cells;
  std::size_t i = 0;
  while (true) {
    std::string cell;
    // Spaces before a quoted cell are allowed, as after the comma of "a, "b"".
    const std::size_t start = i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        cell += line[i++];
      }
      if (!closed) {
        problem = "a quoted cell does not close on its line (a cell may not span lines)";
        return std::nullopt;
      }
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') {
        problem = "text after the closing quote of cell " + std::to_string(cells.size() + 1) +
                  "; quote the whole cell";
        return std::nullopt;
      }
    } else {
      i = start;
      const std::size_t end = std::min(line.find(',', i), line.size());
      const std::string_view raw = line.substr(i, end - i);
      if (raw.find('"') != std::string_view::npos) {
        problem = "a quote inside unquoted cell " + std::to_string(cells.size() + 1) +
                  "; quote the whole cell and double the quotes inside it";
        return std::nullopt;
      }
      cell = std::string(trim(raw));
      i = end;
    }
    cells.push_back(std::move(cell));
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return cells;
}

Error row_error(const std::string& file, std::size_t line, std::string_view column,
                std::string message) {
  return Error::invalid_input(std::move(message),
                              file + ":" + std::to_string(line) + " " + std::string(column));
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<std::vector<Outcome>> read_outcomes(const std::filesystem::path& csv,
                                           std::string_view start_date) {
  const std::string file = csv.string();
  const std::optional<int> start_day = days_since_epoch(start_date);
  if (!start_day)
    return fail(Error::invalid_input("'" + std::string(start_date) +
                                     "' is not a program start date of the form YYYY-MM-DD"));
  std::error_code code;
  if (!std::filesystem::is_regular_file(csv, code))
    return fail(
        Error::not_found("outcomes file not found (or not a regular file): '" + file + "'", file));
  const std::uintmax_t bytes = std::filesystem::file_size(csv, code);
  if (code)
    return fail(Error::unavailable("cannot read the outcomes file: " + code.message(), file));
  if (bytes > max_outcomes_bytes)
    return fail(Error::invalid_input("the outcomes file has " + std::to_string(bytes) +
                                         " bytes; the limit is 1 MiB (1,048,576 bytes)",
                                     file));
  std::ifstream in(csv, std::ios::binary);
  if (!in) return fail(Error::unavailable("cannot open the outcomes file", file));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 byte-order mark
  if (trim(text).find_first_not_of("\r\n") == std::string_view::npos)
    return fail(Error::invalid_input("the outcomes file is empty; it needs the header '" +
                                         std::string(outcomes_header) +
                                         "' and one measurement a row",
                                     file));

  std::vector<Outcome> outcomes;
  std::size_t line_number = 0, position = 0;
  bool header_seen = false;
  while (position <= text.size()) {
    const std::size_t end = std::min(text.find('\n', position), text.size());
    std::string_view line(text.data() + position, end - position);
    position = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (trim(line).empty()) {
      if (!header_seen && line_number == 1)
        return fail(row_error(
            file, line_number, "header",
            "the first line is blank; expected the header '" + std::string(outcomes_header) + "'"));
      if (end == text.size()) break;
      continue;
    }
    if (!header_seen) {
      if (trim(line) != outcomes_header)
        return fail(row_error(file, line_number, "header",
                              "the header is '" + std::string(line) + "'; expected exactly '" +
                                  std::string(outcomes_header) + "'"));
      header_seen = true;
      continue;
    }
    std::string problem;
    const auto cells = split_cells(line, problem);
    if (!cells) return fail(row_error(file, line_number, "row", problem));
    if (cells->size() != columns.size())
      return fail(row_error(file, line_number, "row",
                            "has " + std::to_string(cells->size()) + " cells; expected " +
                                std::to_string(columns.size()) + " (" +
                                std::string(outcomes_header) +
                                "; quote a cell that holds a comma)"));
    Outcome o;
    o.file = file;
    o.line = line_number;
    o.date = (*cells)[0];
    const std::optional<int> day = days_since_epoch(o.date);
    if (!day)
      return fail(row_error(file, line_number, "date",
                            "'" + o.date + "' is not a real date of the form YYYY-MM-DD"));
    if (*day < *start_day)
      return fail(row_error(
          file, line_number, "date",
          "'" + o.date + "' is before the program's start date " + std::string(start_date)));
    o.t_days = *day - *start_day;
    o.zone = (*cells)[1];
    o.observable = (*cells)[2];
    o.unit = (*cells)[4];
    o.instrument = (*cells)[5];
    for (const auto& [column, cell] :
         {std::pair{columns[1], &o.zone}, std::pair{columns[2], &o.observable},
          std::pair{columns[4], &o.unit}})
      if (cell->empty())
        return fail(row_error(file, line_number, column,
                              "is empty; every row needs a " + std::string(column)));
    const std::optional<double> value = parse_number((*cells)[3]);
    if (!value)
      return fail(row_error(file, line_number, "value",
                            "'" + (*cells)[3] + "' is not a number (decimal, e.g. 2.5)"));
    if (!std::isfinite(*value))
      return fail(
          row_error(file, line_number, "value", "'" + (*cells)[3] + "' is not a finite number"));
    o.value = *value;
    outcomes.push_back(std::move(o));
    if (end == text.size()) break;
  }
  if (outcomes.empty())
    return fail(Error::invalid_input(
        "the outcomes file has a header but no measurement; add one row per measurement", file));
  return outcomes;
}

const ObservableNoise* OutcomeNoise::find(std::string_view observable) const {
  for (const ObservableNoise& n : observables)
    if (n.observable == observable) return &n;
  return nullptr;
}

Result<OutcomeNoise> load_outcome_noise(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "outcome noise file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  const toml::table* noise = reader.sub_table("noise", Presence::required);
  DERMASIM_TRY(reader.finish());
  std::vector<std::string> known;
  for (const skin::ScaleInfo& info : skin::clinical_scales()) known.emplace_back(info.id);
  OutcomeNoise result;
  TableReader noise_reader(*noise, "noise", file);
  for (const auto& [key, node] : *noise) {
    const std::string id(key.str());
    if (skin::find_clinical_scale(id) == nullptr)
      return fail(Error::invalid_input(
          "'" + id + "' is not an observable" + engine::detail::suggestion(id, known),
          engine::detail::locate(file, node.source().begin, "noise." + id)));
    ObservableNoise n;
    n.observable = id;
    engine::detail::read_section(noise_reader, id, Presence::required, [&](TableReader& r) {
      const bool has_sd = r.has("sd"), has_relative = r.has("relative_sd");
      bool informative = true;
      r.read_bool("informative", informative);
      r.read_string("note", Presence::optional, n.note);
      if (has_sd + has_relative + !informative != 1)
        return r.fail("sd", "give exactly one of sd, relative_sd or informative = false");
      n.informative = informative;
      if (!informative && n.note.empty())
        return r.fail("note", "is required with informative = false: say why it is skipped");
      if (has_sd) r.read_number("sd", engine::detail::positive, 1.0, Presence::required, n.sd);
      if (has_relative) {
        n.relative = true;
        r.read_number("relative_sd",
                      {.min = 0.0, .min_inclusive = false, .max = 1.0, .max_inclusive = false}, 1.0,
                      Presence::required, n.sd);
      }
    });
    result.observables.push_back(std::move(n));
  }
  DERMASIM_TRY(noise_reader.finish());
  return result;
}

}  // namespace dermasim::planner
