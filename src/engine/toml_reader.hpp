// Scenario reading machinery: TOML table reader, value ranges, units, name helpers, file limits.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "core/error.hpp"

// The project's TOML reading machinery, used by the scenario loader (scenario_*.cpp, cells_csv.cpp)
// and by the skin layer's data files; not part of the engine's simulation API.
namespace dermasim::engine::detail {

inline constexpr std::uintmax_t mebibyte = 1024 * 1024;
inline constexpr std::uintmax_t max_scenario_bytes = 16 * mebibyte;
inline constexpr std::uintmax_t max_cells_csv_bytes = 512 * mebibyte;
inline constexpr std::size_t max_table_count = 1000;  // per array of tables, e.g. [[substance]]
inline constexpr double infinity = std::numeric_limits<double>::infinity();

// Factors from a file unit to the internal unit (µm, hours).
inline constexpr double same_unit = 1.0;
inline constexpr double per_minute = 60.0;  // "/min" to "/h", and "µm²/min" to "µm²/h"
inline constexpr double minute_in_hours = 1.0 / 60.0;
inline constexpr double day_in_hours = 24.0;

enum class Presence { optional, required };

// ---------------------------------------------------------------------------------------------
// Messages and positions

std::string format_number(double value);
std::string quoted_list(std::span<const std::string> names);

// The known name a typo most likely meant, when one is close enough to be an obvious guess.
std::optional<std::string> closest_name(std::string_view wrong, std::span<const std::string> known);

// " (did you mean 'x'?)" or " (expected one of 'a', 'b')".
std::string suggestion(std::string_view wrong, std::span<const std::string> known);

// "file:line:column key.path", or "file key.path" when the position is unknown.
std::string locate(std::string_view file, const toml::source_position& position,
                   std::string_view path);

std::optional<std::string> size_problem(std::uintmax_t bytes, std::uintmax_t limit,
                                        std::string_view what);

// A regular file of at most `limit` bytes, or not_found / unavailable / invalid_input.
Status check_file_readable(const std::filesystem::path& path, std::uintmax_t limit,
                           std::string_view what);

// A TOML file of at most `limit` bytes parsed into a table; syntax errors name file:line:column.
Result<toml::table> parse_toml_file(const std::filesystem::path& path, std::uintmax_t limit,
                                    std::string_view what);

// ---------------------------------------------------------------------------------------------
// Value ranges

struct Range {
  double min = -infinity;
  bool min_inclusive = true;
  double max = infinity;
  bool max_inclusive = true;

  bool contains(double value) const {
    const bool above = min_inclusive ? value >= min : value > min;
    const bool below = max_inclusive ? value <= max : value < max;
    return above && below;
  }
  std::string describe() const {
    if (max == infinity) return (min_inclusive ? ">= " : "> ") + format_number(min);
    return "in " + std::string(min_inclusive ? "[" : "(") + format_number(min) + ", " +
           format_number(max) + (max_inclusive ? "]" : ")");
  }
};

inline constexpr Range any_finite{};
inline constexpr Range non_negative{.min = 0.0};
inline constexpr Range positive{.min = 0.0, .min_inclusive = false};
inline constexpr Range fraction{.min = 0.0, .max = 1.0, .max_inclusive = false};
inline constexpr Range at_least_one{.min = 1.0};

std::optional<std::string> range_problem(double value, const Range& range);

// ---------------------------------------------------------------------------------------------
// Reading one TOML table

struct TimeUnit {
  std::string_view suffix;
  double hours;
};
inline constexpr TimeUnit minutes{"_min", minute_in_hours};
inline constexpr TimeUnit hours{"_h", 1.0};
inline constexpr TimeUnit days{"_days", day_in_hours};
inline constexpr std::array<TimeUnit, 1> in_minutes = {minutes};
inline constexpr std::array<TimeUnit, 2> in_minutes_or_hours = {minutes, hours};
inline constexpr std::array<TimeUnit, 3> in_hours_minutes_or_days = {hours, minutes, days};

template <class Enum>
struct Choice {
  std::string_view text;
  Enum value;
};

// Reads the keys of one table into a struct. It remembers every key asked for, so that keys
// nobody asked for are reported as unknown, and keeps only the first error: an unknown key is
// reported before any other error of its table, since a misspelt key also looks missing.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::string_view file)
      : m_table(table), m_path(std::move(path)), m_file(file) {}

  std::string_view file() const { return m_file; }
  std::string key_path(std::string_view key) const;
  // Position of the key when present, else of the table, with the key's path.
  std::string location(std::string_view key) const;

  bool has(std::string_view key) { return find(key) != nullptr; }

  void fail(std::string_view key, std::string message);
  void absorb(Status status);
  bool failed() const { return m_error.has_value(); }

  void read_number(std::string_view key, const Range& range, double to_internal, Presence presence,
                   double& target);

  // A time given in exactly one of several units, e.g. duration_h or duration_min.
  void read_time(std::string_view stem, std::span<const TimeUnit> units, const Range& range,
                 Presence presence, double& target_h);

  void read_count(std::string_view key, std::uint64_t& target);

  void read_bool(std::string_view key, bool& target);

  // A non-empty string.
  void read_string(std::string_view key, Presence presence, std::string& target);

  // A non-empty string, or an integer read as its decimal text: `cartridge = 9` and
  // `cartridge = "nano"` both give a name.
  void read_string_or_integer(std::string_view key, Presence presence, std::string& target);

  template <class Enum>
  void read_choice(std::string_view key, std::span<const Choice<Enum>> choices, Enum& target,
                   Presence presence = Presence::optional) {
    std::string text;
    read_string(key, presence, text);
    if (text.empty()) return;
    std::vector<std::string> names;
    for (const Choice<Enum>& choice : choices) {
      if (choice.text == text) {
        target = choice.value;
        return;
      }
      names.emplace_back(choice.text);
    }
    fail(key, "'" + text + "' is not one of " + quoted_list(names) + suggestion(text, names));
  }

  // An array of non-empty strings; each element's position is reported as key[index].
  void read_string_list(std::string_view key, std::vector<std::string>& target);

  // A required array of exactly target.size() numbers, each in `range`; an element's problem is
  // reported as key[index].
  void read_number_array(std::string_view key, const Range& range, std::span<double> target);

  // A required, non-empty array of numbers of any length (at most `max_count`), each in `range`.
  void read_number_list(std::string_view key, const Range& range, std::size_t max_count,
                        std::vector<double>& target);

  // A required [min, max] pair of numbers; the caller checks their order.
  void read_interval(std::string_view key, double& min, double& max);

  const toml::table* sub_table(std::string_view key, Presence presence);

  // An array of tables ([[key]] in the file); empty when absent.
  std::vector<const toml::table*> tables(std::string_view key);

  Status finish();

 private:
  const toml::node* find(std::string_view key);
  const toml::node* find_present(std::string_view key, Presence presence);
  void fail_type(std::string_view key, const toml::node& node, std::string_view expected);
  void record(Error error);
  // The unknown key that comes first in the file.
  std::optional<Error> first_unknown_key() const;

  const toml::table& m_table;
  std::string m_path;
  std::string_view m_file;
  std::vector<std::string> m_known;
  std::optional<Error> m_error;
};

// Reads the table `key` of `parent` with `read(TableReader&)`, if present.
template <class Read>
void read_section(TableReader& parent, std::string_view key, Presence presence, Read&& read) {
  const toml::table* table = parent.sub_table(key, presence);
  if (table == nullptr) return;
  TableReader reader(*table, parent.key_path(key), parent.file());
  read(reader);
  parent.absorb(reader.finish());
}

// Reads each table of the array of tables `key` with `read(TableReader&)`, stopping at the first
// error (only the first is reported) so that a huge broken file cannot keep the loader busy.
template <class Read>
void read_each(TableReader& parent, std::string_view key, std::size_t max_count, Read&& read) {
  const std::vector<const toml::table*> tables = parent.tables(key);
  if (tables.size() > max_count) {
    return parent.fail(key, "has " + std::to_string(tables.size()) + " entries; the limit is " +
                                std::to_string(max_count));
  }
  for (std::size_t index = 0; index < tables.size() && !parent.failed(); ++index) {
    TableReader reader(*tables[index], parent.key_path(key) + "[" + std::to_string(index) + "]",
                       parent.file());
    read(reader);
    parent.absorb(reader.finish());
  }
}

// ---------------------------------------------------------------------------------------------
// Names

template <class Spec>
std::vector<std::string> names_of(std::span<const Spec> specs) {
  std::vector<std::string> names;
  for (const Spec& spec : specs) names.push_back(spec.name);
  return names;
}

template <class Spec>
std::optional<int> find_name(std::span<const Spec> specs, std::string_view name) {
  for (std::size_t index = 0; index < specs.size(); ++index) {
    if (specs[index].name == name) return static_cast<int>(index);
  }
  return std::nullopt;
}

// Index of the spec called `name`, or a failure at `key` listing the known names.
template <class Spec>
std::optional<int> resolve_name(TableReader& reader, std::string_view key,
                                std::span<const Spec> specs, std::string_view what) {
  std::string name;
  reader.read_string(key, Presence::required, name);
  if (name.empty()) return std::nullopt;
  if (auto index = find_name(specs, name)) return index;
  const std::vector<std::string> names = names_of(specs);
  reader.fail(key, "unknown " + std::string(what) + " '" + name + "'" + suggestion(name, names));
  return std::nullopt;
}

}  // namespace dermasim::engine::detail
