// Scenario input: loads the TOML scenario format and initial-cell CSV files; checks consistency.
#include "engine/scenario.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace dermasim::engine {
namespace {

constexpr std::uintmax_t mebibyte = 1024 * 1024;
constexpr std::uintmax_t max_scenario_bytes = 16 * mebibyte;
constexpr std::uintmax_t max_cells_csv_bytes = 512 * mebibyte;
constexpr std::size_t max_table_count = 1000;  // per array of tables, e.g. [[substance]]
constexpr double multiple_tolerance = 1e-9;    // relative, for "integer multiple of" checks
constexpr double infinity = std::numeric_limits<double>::infinity();

// Factors from a file unit to the internal unit (µm, hours).
constexpr double same_unit = 1.0;
constexpr double per_minute = 60.0;  // "/min" to "/h", and "µm²/min" to "µm²/h"
constexpr double minute_in_hours = 1.0 / 60.0;
constexpr double day_in_hours = 24.0;

enum class Presence { optional, required };

// ---------------------------------------------------------------------------------------------
// Messages and positions

std::string format_number(double value) {
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc{}) return "?";
  return std::string(buffer.data(), end);
}

std::string quoted_list(std::span<const std::string> names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The known name a typo most likely meant, when one is close enough to be an obvious guess.
std::optional<std::string> closest_name(std::string_view wrong,
                                        std::span<const std::string> known) {
  const std::size_t allowed = std::max<std::size_t>(2, wrong.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& name : known) {
    const std::size_t distance = edit_distance(wrong, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

// " (did you mean 'x'?)" or " (expected one of 'a', 'b')".
std::string suggestion(std::string_view wrong, std::span<const std::string> known) {
  if (auto guess = closest_name(wrong, known)) return "; did you mean '" + *guess + "'?";
  if (known.empty()) return {};
  return " (expected one of " + quoted_list(known) + ")";
}

// "file:line:column key.path", or "file key.path" when the position is unknown.
std::string locate(std::string_view file, const toml::source_position& position,
                   std::string_view path) {
  std::string text(file);
  if (position.line > 0) {
    text += ':' + std::to_string(position.line) + ':' + std::to_string(position.column);
  }
  if (!path.empty()) text += ' ' + std::string(path);
  return text;
}

std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::optional<double> number_in(const toml::node& node) {
  if (const auto* integer = node.as_integer()) return static_cast<double>(integer->get());
  if (const auto* floating = node.as_floating_point()) return floating->get();
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Rules shared by the loader (which reports file positions) and validate (which reports fields)

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

constexpr Range any_finite{};
constexpr Range non_negative{.min = 0.0};
constexpr Range positive{.min = 0.0, .min_inclusive = false};
constexpr Range fraction{.min = 0.0, .max = 1.0, .max_inclusive = false};
constexpr Range at_least_one{.min = 1.0};

std::optional<std::string> range_problem(double value, const Range& range) {
  if (!std::isfinite(value)) return "must be a finite number, not " + format_number(value);
  if (!range.contains(value))
    return "must be " + range.describe() + ", not " + format_number(value);
  return std::nullopt;
}

bool is_multiple(double value, double base) {
  const double ratio = value / base;
  const double whole = std::round(ratio);
  return whole >= 1.0 && std::abs(value - whole * base) <= multiple_tolerance * value;
}

// A time step that must be a whole number (>= 1) of `base` steps.
std::optional<std::string> step_problem(double step, double base, std::string_view base_name) {
  if (auto problem = range_problem(step, positive)) return problem;
  if (!std::isfinite(base) || base <= 0.0 || is_multiple(step, base)) return std::nullopt;
  return "must be an integer multiple of the " + std::string(base_name) + " step (it is " +
         format_number(step / base) + " times it)";
}

std::optional<std::string> extent_problem(double min_um, double max_um, double voxel_um) {
  if (!std::isfinite(min_um) || !std::isfinite(max_um)) return "bounds must be finite numbers";
  if (max_um <= min_um) {
    return "must be [min, max] with max > min, not [" + format_number(min_um) + ", " +
           format_number(max_um) + "]";
  }
  if (!std::isfinite(voxel_um) || voxel_um <= 0.0 || is_multiple(max_um - min_um, voxel_um)) {
    return std::nullopt;
  }
  return "extent " + format_number(max_um - min_um) +
         " µm is not an integer multiple of voxel_um " + format_number(voxel_um) + " (it is " +
         format_number((max_um - min_um) / voxel_um) + " voxels)";
}

template <class Spec>
std::optional<std::string> name_problem(std::span<const Spec> earlier, std::string_view name,
                                        std::string_view what) {
  if (name.empty()) return "must not be empty";
  for (const Spec& spec : earlier) {
    if (spec.name == name)
      return "duplicate " + std::string(what) + " name '" + std::string(name) + "'";
  }
  return std::nullopt;
}

std::optional<std::string> volume_problem(const VolumeSpec& volume) {
  if (auto problem = range_problem(volume.total_um3, positive)) return "volume " + *problem;
  if (auto problem = range_problem(volume.nuclear_um3, positive)) return *problem;
  if (volume.nuclear_um3 >= volume.total_um3) {
    return "nuclear volume " + format_number(volume.nuclear_um3) +
           " µm³ must be smaller than the cell volume " + format_number(volume.total_um3) + " µm³";
  }
  return std::nullopt;
}

std::optional<std::string> cycle_problem(std::span<const CyclePhaseSpec> cycle) {
  if (cycle.empty()) return std::nullopt;
  const auto dividing = std::ranges::count_if(cycle, &CyclePhaseSpec::divides_at_end);
  if (dividing == 1) return std::nullopt;
  return "exactly one phase of a cycle must have divides_at_end = true (found " +
         std::to_string(dividing) + ")";
}

constexpr Range probability_range{.min = 0.0, .max = 1.0};
constexpr Range labelled_fraction{.min = 0.0, .min_inclusive = false, .max = 1.0};
constexpr double probability_sum_tolerance = 1e-9;

// Outcomes need a cycle (something must divide) and probabilities that sum to 1.
std::optional<std::string> division_problem(const CellTypeSpec& type) {
  if (type.division_outcomes.empty()) return std::nullopt;
  if (type.cycle.empty())
    return "division outcomes need a cell cycle (cell type '" + type.name + "' never divides)";
  double sum = 0.0;
  for (const DivisionOutcome& outcome : type.division_outcomes) sum += outcome.probability;
  if (std::abs(sum - 1.0) <= probability_sum_tolerance) return std::nullopt;
  return "the probabilities of the division outcomes of cell type '" + type.name + "' sum to " +
         format_number(std::round(sum * 1e12) / 1e12) + ", not 1";  // 0.9, not 0.8999999999999999
}

std::optional<std::string> substance_problem(int substance, std::size_t substance_count) {
  if (substance >= 0 && static_cast<std::size_t>(substance) < substance_count) return std::nullopt;
  return "substance index " + std::to_string(substance) + " is out of range (" +
         std::to_string(substance_count) + " substances)";
}

std::optional<std::string> exchange_problem(std::span<const ExchangeSpec> earlier, int substance,
                                            std::size_t substance_count) {
  if (auto problem = substance_problem(substance, substance_count)) return problem;
  for (const ExchangeSpec& exchange : earlier) {
    if (exchange.substance == substance) return "substance has a second exchange entry";
  }
  return std::nullopt;
}

std::optional<std::string> cell_type_problem(int type, std::size_t type_count) {
  if (type >= 0 && static_cast<std::size_t>(type) < type_count) return std::nullopt;
  return "cell type index " + std::to_string(type) + " is out of range (the scenario has " +
         std::to_string(type_count) + " cell types)";
}

// Signal -> behaviour rules: the saturation's range depends on the response.
constexpr Range max_fold_range = at_least_one;
constexpr Range min_fraction_range{.min = 0.0, .max = 1.0};
constexpr std::string_view density_signal_name = "density";  // rule signal that counts cells

std::string_view behaviour_name(Behaviour behaviour) {
  switch (behaviour) {
    case Behaviour::cycle:
      return "cycle";
    case Behaviour::transition:
      return "transition";
    case Behaviour::death:
      break;
  }
  return "death";
}

// Why a rule on `behaviour` could never change anything for this cell type: rules scale only
// exponential rates, and a rate that is not there (or is 0) stays so.
std::optional<std::string> rule_target_problem(const CellTypeSpec& type, Behaviour behaviour) {
  const std::string what = "a " + std::string(behaviour_name(behaviour)) + " rule ";
  switch (behaviour) {
    case Behaviour::cycle:
      if (std::ranges::any_of(type.cycle, [](const CyclePhaseSpec& phase) {
            return phase.duration_kind == PhaseDuration::exponential;
          }))
        return std::nullopt;
      return what + "scales the exponential phases of a cycle, and cell type '" + type.name +
             "' has " + (type.cycle.empty() ? "no cycle" : "only fixed phases");
    case Behaviour::transition:
      if (type.transition && type.transition->duration_kind == PhaseDuration::exponential)
        return std::nullopt;
      return what + "scales an exponential transition (mean_*), and cell type '" + type.name +
             "' has " + (type.transition ? "a fixed one" : "no transition");
    case Behaviour::death:
      break;
  }
  if (type.apoptosis.rate_per_h > 0.0) return std::nullopt;
  return what + "scales the apoptosis rate, which is 0 for cell type '" + type.name + "'";
}

std::optional<std::string> position_problem(const std::array<double, 3>& position_um,
                                            const Box& domain) {
  static constexpr std::array<const char*, 3> axes = {"x", "y", "z"};
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double value = position_um[axis];
    if (!std::isfinite(value)) return std::string(axes[axis]) + " must be a finite number";
    if (value < domain.min_um[axis] || value > domain.max_um[axis]) {
      return "cell at " + std::string(axes[axis]) + " = " + format_number(value) +
             " µm is outside the domain [" + format_number(domain.min_um[axis]) + ", " +
             format_number(domain.max_um[axis]) + "]";
    }
  }
  return std::nullopt;
}

std::optional<std::string> size_problem(std::uintmax_t bytes, std::uintmax_t limit,
                                        std::string_view what) {
  if (bytes <= limit) return std::nullopt;
  return std::string(what) + " is " + std::to_string(bytes / mebibyte) + " MiB; the limit is " +
         std::to_string(limit / mebibyte) + " MiB";
}

// ---------------------------------------------------------------------------------------------
// Reading one TOML table

struct TimeUnit {
  std::string_view suffix;
  double hours;
};
constexpr TimeUnit minutes{"_min", minute_in_hours};
constexpr TimeUnit hours{"_h", 1.0};
constexpr TimeUnit days{"_days", day_in_hours};
constexpr std::array<TimeUnit, 1> in_minutes = {minutes};
constexpr std::array<TimeUnit, 2> in_minutes_or_hours = {minutes, hours};
constexpr std::array<TimeUnit, 3> in_hours_minutes_or_days = {hours, minutes, days};

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
  std::string key_path(std::string_view key) const {
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
  }
  // Position of the key when present, else of the table, with the key's path.
  std::string location(std::string_view key) const {
    const auto found = m_table.find(key);
    if (found != m_table.end()) return locate(m_file, found->first.source().begin, key_path(key));
    // The root table's position (1:1) would point at whatever the file starts with.
    const toml::source_position table_position =
        m_path.empty() ? toml::source_position{} : m_table.source().begin;
    return locate(m_file, table_position, key_path(key));
  }

  bool has(std::string_view key) { return find(key) != nullptr; }

  void fail(std::string_view key, std::string message) {
    record(Error::invalid_input(std::move(message), location(key)));
  }
  void absorb(Status status) {
    if (!status) record(std::move(status.error()));
  }
  bool failed() const { return m_error.has_value(); }

  void read_number(std::string_view key, const Range& range, double to_internal, Presence presence,
                   double& target) {
    const toml::node* node = find_present(key, presence);
    if (node == nullptr) return;
    const std::optional<double> value = number_in(*node);
    if (!value) return fail_type(key, *node, "a number");
    if (auto problem = range_problem(*value, range)) return fail(key, std::move(*problem));
    target = *value * to_internal;
  }

  // A time given in exactly one of several units, e.g. duration_h or duration_min.
  void read_time(std::string_view stem, std::span<const TimeUnit> units, const Range& range,
                 Presence presence, double& target_h) {
    std::vector<std::string> keys;
    const TimeUnit* given = nullptr;
    std::string given_key;
    for (const TimeUnit& unit : units) {
      keys.push_back(std::string(stem) + std::string(unit.suffix));
      if (!has(keys.back())) continue;
      if (given != nullptr) {
        return fail(keys.back(), "give only one of " + quoted_list(keys) + ", not both '" +
                                     given_key + "' and '" + keys.back() + "'");
      }
      given = &unit;
      given_key = keys.back();
    }
    if (given != nullptr)
      return read_number(given_key, range, given->hours, Presence::required, target_h);
    if (presence == Presence::required) {
      fail(keys.front(), "missing required key '" + keys.front() + "'" +
                             (keys.size() > 1 ? " (or one of " + quoted_list(keys) + ")" : ""));
    }
  }

  void read_count(std::string_view key, std::uint64_t& target) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* integer = node->as_integer();
    if (integer == nullptr) return fail_type(key, *node, "an integer");
    if (integer->get() < 0) return fail(key, "must be >= 0, not " + std::to_string(integer->get()));
    target = static_cast<std::uint64_t>(integer->get());
  }

  void read_bool(std::string_view key, bool& target) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* boolean = node->as_boolean();
    if (boolean == nullptr) return fail_type(key, *node, "true or false");
    target = boolean->get();
  }

  // A non-empty string.
  void read_string(std::string_view key, Presence presence, std::string& target) {
    const toml::node* node = find_present(key, presence);
    if (node == nullptr) return;
    const auto* text = node->as_string();
    if (text == nullptr) return fail_type(key, *node, "a string");
    if (text->get().empty()) return fail(key, "must not be empty");
    target = text->get();
  }

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
  void read_string_list(std::string_view key, std::vector<std::string>& target) {
    const toml::node* node = find_present(key, Presence::optional);
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr) return fail_type(key, *node, "an array of strings");
    for (const toml::node& element : *array) {
      const auto* text = element.as_string();
      if (text == nullptr || text->get().empty())
        return fail(key, "must be an array of non-empty strings");
      target.push_back(text->get());
    }
  }

  // A required [min, max] pair of numbers; the caller checks their order.
  void read_interval(std::string_view key, double& min, double& max) {
    const toml::node* node = find_present(key, Presence::required);
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr || array->size() != 2) {
      return fail(key, "must be an array of two numbers [min, max]");
    }
    const std::optional<double> low = number_in(*array->get(0));
    const std::optional<double> high = number_in(*array->get(1));
    if (!low || !high) return fail(key, "must be an array of two numbers [min, max]");
    min = *low;
    max = *high;
  }

  const toml::table* sub_table(std::string_view key, Presence presence) {
    const toml::node* node = find_present(key, presence);
    if (node == nullptr) return nullptr;
    if (const auto* table = node->as_table()) return table;
    fail_type(key, *node, "a table");
    return nullptr;
  }

  // An array of tables ([[key]] in the file); empty when absent.
  std::vector<const toml::table*> tables(std::string_view key) {
    std::vector<const toml::table*> result;
    const toml::node* node = find(key);
    if (node == nullptr) return result;
    const auto* array = node->as_array();
    if (array != nullptr && array->empty()) return result;
    if (array == nullptr || !array->is_array_of_tables()) {
      fail(key, "must be an array of tables, written [[" + key_path(key) + "]]");
      return result;
    }
    for (const toml::node& element : *array) result.push_back(element.as_table());
    return result;
  }

  Status finish() {
    if (auto unknown = first_unknown_key()) return dermasim::fail(std::move(*unknown));
    if (m_error) return dermasim::fail(std::move(*m_error));
    return {};
  }

 private:
  const toml::node* find(std::string_view key) {
    if (std::ranges::find(m_known, key) == m_known.end()) m_known.emplace_back(key);
    return m_table.get(key);
  }

  const toml::node* find_present(std::string_view key, Presence presence) {
    const toml::node* node = find(key);
    if (node == nullptr && presence == Presence::required) {
      fail(key, "missing required key '" + std::string(key) + "'");
    }
    return node;
  }

  void fail_type(std::string_view key, const toml::node& node, std::string_view expected) {
    fail(key, "must be " + std::string(expected) + ", not " + std::string(type_name(node.type())));
  }

  void record(Error error) {
    if (!m_error) m_error = std::move(error);
  }

  // The unknown key that comes first in the file.
  std::optional<Error> first_unknown_key() const {
    const toml::key* first = nullptr;
    for (const auto& [key, node] : m_table) {
      if (std::ranges::find(m_known, key.str()) != m_known.end()) continue;
      const auto& position = key.source().begin;
      if (first == nullptr || position.line < first->source().begin.line ||
          (position.line == first->source().begin.line &&
           position.column < first->source().begin.column)) {
        first = &key;
      }
    }
    if (first == nullptr) return std::nullopt;
    return Error::invalid_input(
        "unknown key '" + std::string(first->str()) + "'" + suggestion(first->str(), m_known),
        locate(m_file, first->source().begin, key_path(first->str())));
  }

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
// Cells CSV

struct CsvRow {
  InitialCell cell;
  std::size_t line = 0;
  std::array<std::size_t, 4> columns{};  // 1-based column where each field starts
};
constexpr std::array<std::string_view, 4> csv_header = {"x", "y", "z", "type"};

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

Status check_file_readable(const std::filesystem::path& path, std::uintmax_t limit,
                           std::string_view what) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return fail(Error::not_found(
        std::string(what) + " not found (or not a regular file): '" + path.string() + "'",
        path.string()));
  }
  const std::uintmax_t bytes = std::filesystem::file_size(path, error);
  if (error) {
    return fail(Error::unavailable("cannot read " + std::string(what) + ": " + error.message(),
                                   path.string()));
  }
  if (auto problem = size_problem(bytes, limit, what)) {
    return fail(Error::invalid_input(std::move(*problem), path.string()));
  }
  return {};
}

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

// ---------------------------------------------------------------------------------------------
// Scenario sections

constexpr std::array<Choice<DirichletMode>, 2> dirichlet_modes = {{
    {"held", DirichletMode::held},
    {"reset_between_sweeps", DirichletMode::reset_between_sweeps},
}};
constexpr std::array<Choice<BoundaryKind>, 2> boundary_kinds = {{
    {"no_flux", BoundaryKind::no_flux},
    {"dirichlet", BoundaryKind::dirichlet},
}};
constexpr std::array<Choice<PhaseDuration>, 2> phase_durations = {{
    {"fixed", PhaseDuration::fixed},
    {"exponential", PhaseDuration::exponential},
}};
constexpr std::array<Choice<Behaviour>, 3> behaviours = {{
    {"cycle", Behaviour::cycle},
    {"transition", Behaviour::transition},
    {"death", Behaviour::death},
}};
constexpr std::array<Choice<bool>, 2> responses = {{
    {"increase", true},
    {"decrease", false},
}};

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

void read_simulation(TableReader& reader, Scenario& scenario) {
  reader.read_time("duration", in_hours_minutes_or_days, positive, Presence::required,
                   scenario.duration_h);
  reader.read_count("seed", scenario.seed);
  reader.read_choice<DirichletMode>("dirichlet_mode", dirichlet_modes, scenario.dirichlet_mode);
  reader.read_number("wall_repulsion_um_per_min", non_negative, per_minute, Presence::optional,
                     scenario.wall_repulsion_um_per_h);
}

void read_time_steps(TableReader& reader, TimeSteps& steps) {
  reader.read_time("diffusion", in_minutes, positive, Presence::optional, steps.diffusion_h);
  reader.read_time("mechanics", in_minutes, positive, Presence::optional, steps.mechanics_h);
  reader.read_time("phenotype", in_minutes, positive, Presence::optional, steps.phenotype_h);
  if (reader.failed()) return;
  if (auto problem = step_problem(steps.mechanics_h, steps.diffusion_h, "diffusion")) {
    return reader.fail("mechanics_min", std::move(*problem));
  }
  if (auto problem = step_problem(steps.phenotype_h, steps.mechanics_h, "mechanics")) {
    reader.fail("phenotype_min", std::move(*problem));
  }
}

void read_domain(TableReader& reader, Scenario& scenario) {
  static constexpr std::array<std::string_view, 3> axis_keys = {"x_um", "y_um", "z_um"};
  reader.read_number("voxel_um", positive, same_unit, Presence::optional, scenario.voxel_um);
  for (std::size_t axis = 0; axis < axis_keys.size(); ++axis) {
    double& min = scenario.domain.min_um[axis];
    double& max = scenario.domain.max_um[axis];
    reader.read_interval(axis_keys[axis], min, max);
    if (reader.failed()) continue;
    if (auto problem = extent_problem(min, max, scenario.voxel_um)) {
      reader.fail(axis_keys[axis], std::move(*problem));
    }
  }
}

void read_face(TableReader& reader, FaceBoundary& face) {
  reader.read_choice<BoundaryKind>("kind", boundary_kinds, face.kind);
  const Presence value_presence =
      face.kind == BoundaryKind::dirichlet ? Presence::required : Presence::optional;
  if (face.kind == BoundaryKind::no_flux && reader.has("value")) {
    return reader.fail("value", "only a face with kind = \"dirichlet\" takes a value");
  }
  reader.read_number("value", non_negative, same_unit, value_presence, face.value);
}

void read_substance(TableReader& reader, std::span<const SubstanceSpec> earlier,
                    SubstanceSpec& substance) {
  reader.read_string("name", Presence::required, substance.name);
  if (auto problem = name_problem(earlier, substance.name, "substance");
      problem && !substance.name.empty()) {
    reader.fail("name", std::move(*problem));
  }
  if (substance.name == density_signal_name) {
    reader.fail("name", "'density' is reserved (a rule's signal = \"density\" counts cells)");
  }
  reader.read_number("diffusion_um2_per_min", non_negative, per_minute, Presence::required,
                     substance.diffusion_um2_per_h);
  reader.read_number("decay_per_min", non_negative, per_minute, Presence::required,
                     substance.decay_per_h);
  reader.read_number("initial", non_negative, same_unit, Presence::optional, substance.initial);
  read_section(reader, "boundary", Presence::optional, [&](TableReader& boundary) {
    for (std::size_t face = 0; face < face_names.size(); ++face) {
      read_section(boundary, face_names[face], Presence::optional, [&](TableReader& face_reader) {
        read_face(face_reader, substance.faces[face]);
      });
    }
  });
}

void read_phase(TableReader& reader, CyclePhaseSpec& phase) {
  reader.read_string("name", Presence::required, phase.name);
  reader.read_time("duration", in_minutes, positive, Presence::required, phase.duration_h);
  reader.read_choice<PhaseDuration>("duration", phase_durations, phase.duration_kind);
  reader.read_bool("doubles_volume_at_entry", phase.doubles_volume_at_entry);
  reader.read_bool("divides_at_end", phase.divides_at_end);
}

// A cell type named in a cell type table, resolved once every [[cell_type]] is read (names may
// refer to later tables).
struct TypeName {
  std::string name;
  std::string location;  // file:line:column key.path of the name
};
struct FateNames {
  std::vector<std::array<TypeName, 2>> division;  // parent, daughter of each outcome
  std::optional<TypeName> transition_to;
};
constexpr std::string_view shed_name = "shed";  // transition.to that removes the cell

TypeName read_type_name(TableReader& reader, std::string_view key) {
  TypeName named;
  reader.read_string(key, Presence::required, named.name);
  named.location = reader.location(key);
  return named;
}

void read_division(TableReader& reader, DivisionOutcome& outcome, std::array<TypeName, 2>& names) {
  names[0] = read_type_name(reader, "parent");
  names[1] = read_type_name(reader, "daughter");
  reader.read_number("probability", probability_range, same_unit, Presence::required,
                     outcome.probability);
}

// The first key of `stem` + unit that the table has; asks for all of them (they are known keys).
std::optional<std::string> time_key_given(TableReader& reader, std::string_view stem) {
  std::optional<std::string> given;
  for (const TimeUnit& unit : in_hours_minutes_or_days) {
    std::string key = std::string(stem) + std::string(unit.suffix);
    if (reader.has(key) && !given) given = std::move(key);
  }
  return given;
}

// A fixed wait (after_*) or the mean of an exponential one (mean_*): exactly one key of the six.
void read_waiting(TableReader& reader, TypeTransition& transition) {
  const auto fixed = time_key_given(reader, "after");
  const auto exponential = time_key_given(reader, "mean");
  if (fixed && exponential) {
    reader.fail(*exponential, "give either a fixed wait ('" + *fixed +
                                  "') or an exponential one ('" + *exponential + "'), not both");
  } else if (!fixed && !exponential) {
    reader.fail("after_h",
                "missing the waiting time: give one of 'after_h', 'after_min', 'after_days' "
                "(fixed) or 'mean_h', 'mean_min', 'mean_days' (exponential mean)");
  }
  reader.read_time("after", in_hours_minutes_or_days, positive, Presence::optional,
                   transition.duration_h);
  reader.read_time("mean", in_hours_minutes_or_days, positive, Presence::optional,
                   transition.duration_h);
  transition.duration_kind = exponential ? PhaseDuration::exponential : PhaseDuration::fixed;
}

void read_transition(TableReader& reader, TypeTransition& transition, TypeName& to) {
  to = read_type_name(reader, "to");
  read_waiting(reader, transition);
  reader.read_number("shift_z_um", any_finite, same_unit, Presence::optional,
                     transition.shift_z_um);
}

// Division outcomes and the transition of a cell type, with their type names left to resolve.
void read_fates(TableReader& reader, CellTypeSpec& type, FateNames& names) {
  read_each(reader, "division", max_table_count, [&](TableReader& division_reader) {
    read_division(division_reader, type.division_outcomes.emplace_back(),
                  names.division.emplace_back());
  });
  if (auto problem = division_problem(type); problem && !reader.failed()) {
    reader.fail("division", std::move(*problem));
  }
  read_section(reader, "transition", Presence::optional, [&](TableReader& transition_reader) {
    read_transition(transition_reader, type.transition.emplace(), names.transition_to.emplace());
  });
}

// Index of the cell type `named`, or shed_type for "shed" where `shed_allowed`; an unknown name is
// reported at its key with the known names.
std::optional<int> resolve_type(TableReader& root, const TypeName& named,
                                std::span<const CellTypeSpec> types, bool shed_allowed) {
  if (auto index = find_name(types, named.name)) return index;
  if (shed_allowed && named.name == shed_name) return shed_type;
  std::vector<std::string> known = names_of(types);
  if (shed_allowed) known.emplace_back(shed_name);
  const auto guess = closest_name(named.name, known);
  root.absorb(fail(Error::invalid_input("unknown cell type '" + named.name + "'" +
                                            (guess ? "; did you mean '" + *guess + "'?" : "") +
                                            " (known: " + quoted_list(known) + ")",
                                        named.location)));
  return std::nullopt;
}

void resolve_fates(TableReader& root, std::span<const FateNames> names,
                   std::vector<CellTypeSpec>& types) {
  for (std::size_t t = 0; t < names.size() && !root.failed(); ++t) {
    CellTypeSpec& type = types[t];
    for (std::size_t k = 0; k < names[t].division.size(); ++k) {
      DivisionOutcome& outcome = type.division_outcomes[k];
      if (auto index = resolve_type(root, names[t].division[k][0], types, false))
        outcome.parent_type = *index;
      if (auto index = resolve_type(root, names[t].division[k][1], types, false))
        outcome.daughter_type = *index;
    }
    if (!names[t].transition_to) continue;
    if (auto index = resolve_type(root, *names[t].transition_to, types, true))
      type.transition->to_type = *index;
  }
}

// The density_of names of each rule of a cell type (empty for substance rules), resolved once every
// [[cell_type]] is read.
struct RuleNames {
  std::vector<std::vector<TypeName>> density_of;
};

// signal: a substance name or "density"; the substance index is resolved at once.
void read_signal(TableReader& reader, std::span<const SubstanceSpec> substances,
                 BehaviourRule& rule) {
  std::string signal;
  reader.read_string("signal", Presence::required, signal);
  if (signal.empty()) return;
  if (signal == density_signal_name) {
    rule.signal = SignalKind::density;
    return;
  }
  rule.signal = SignalKind::substance;
  if (auto index = find_name(substances, signal)) {
    rule.substance = *index;
    return;
  }
  std::vector<std::string> known = names_of(substances);
  known.emplace_back(density_signal_name);
  const auto guess = closest_name(signal, known);
  reader.fail("signal", "unknown signal '" + signal + "'" +
                            (guess ? "; did you mean '" + *guess + "'?" : "") +
                            " (known: " + quoted_list(known) + ")");
}

// density_of: required with signal = "density", forbidden otherwise; names resolved later.
void read_density_of(TableReader& reader, const BehaviourRule& rule,
                     std::vector<TypeName>& density_of) {
  if (rule.signal != SignalKind::density) {
    if (reader.has("density_of"))
      reader.fail("density_of", "only a rule with signal = \"density\" takes density_of");
    return;
  }
  if (!reader.has("density_of")) {
    return reader.fail("density_of",
                       "missing required key 'density_of' (the cell types a density rule counts)");
  }
  std::vector<std::string> names;
  reader.read_string_list("density_of", names);
  if (reader.failed()) return;
  if (names.empty()) return reader.fail("density_of", "must name at least one cell type");
  const std::string location = reader.location("density_of");
  for (std::size_t index = 0; index < names.size(); ++index)
    density_of.push_back({names[index], location + "[" + std::to_string(index) + "]"});
}

// The saturation key the response asks for (max_fold or min_fraction); the other is an error.
void read_saturation(TableReader& reader, BehaviourRule& rule) {
  const std::string_view wanted = rule.increases ? "max_fold" : "min_fraction";
  const std::string_view other = rule.increases ? "min_fraction" : "max_fold";
  if (reader.has(other)) {
    reader.fail(other, "'" + std::string(other) + "' goes with response = \"" +
                           (rule.increases ? "decrease" : "increase") +
                           "\"; a rule with response = \"" +
                           (rule.increases ? "increase" : "decrease") + "\" takes '" +
                           std::string(wanted) + "'");
  }
  reader.read_number(wanted, rule.increases ? max_fold_range : min_fraction_range, same_unit,
                     Presence::required, rule.saturation);
}

void read_rule(TableReader& reader, std::span<const SubstanceSpec> substances,
               const CellTypeSpec& type, BehaviourRule& rule, std::vector<TypeName>& density_of) {
  read_signal(reader, substances, rule);
  read_density_of(reader, rule, density_of);
  reader.read_choice<Behaviour>("behaviour", behaviours, rule.behaviour, Presence::required);
  reader.read_choice<bool>("response", responses, rule.increases, Presence::required);
  read_saturation(reader, rule);
  reader.read_number("half_max", positive, same_unit, Presence::required, rule.half_max);
  reader.read_number("hill", positive, same_unit, Presence::optional, rule.hill);
  if (reader.failed()) return;
  if (auto problem = rule_target_problem(type, rule.behaviour))
    reader.fail("behaviour", std::move(*problem));
}

void resolve_rules(TableReader& root, std::span<const RuleNames> names,
                   std::vector<CellTypeSpec>& types) {
  for (std::size_t t = 0; t < names.size() && !root.failed(); ++t) {
    for (std::size_t k = 0; k < names[t].density_of.size() && !root.failed(); ++k) {
      std::vector<int>& counted = types[t].rules[k].density_types;
      for (const TypeName& named : names[t].density_of[k]) {
        const auto index = resolve_type(root, named, types, false);
        if (!index) break;
        if (std::ranges::find(counted, *index) != counted.end()) {
          root.absorb(fail(Error::invalid_input("cell type '" + named.name + "' is listed twice",
                                                named.location)));
          break;
        }
        counted.push_back(*index);
      }
    }
  }
}

void read_exchange(TableReader& reader, std::span<const SubstanceSpec> substances,
                   std::span<const ExchangeSpec> earlier, ExchangeSpec& exchange) {
  if (auto index = resolve_name(reader, "substance", substances, "substance")) {
    exchange.substance = *index;
    if (auto problem = exchange_problem(earlier, *index, substances.size())) {
      reader.fail("substance", "substance '" + substances[*index].name +
                                   "' already has an exchange entry in this cell type");
    }
  }
  reader.read_number("uptake_per_min", non_negative, per_minute, Presence::optional,
                     exchange.uptake_per_h);
  reader.read_number("secretion_per_min", non_negative, per_minute, Presence::optional,
                     exchange.secretion_per_h);
  reader.read_number("secretion_target", non_negative, same_unit, Presence::optional,
                     exchange.secretion_target);
}

void read_volume(TableReader& reader, VolumeSpec& volume) {
  reader.read_number("volume_um3", positive, same_unit, Presence::optional, volume.total_um3);
  reader.read_number("nuclear_volume_um3", positive, same_unit, Presence::optional,
                     volume.nuclear_um3);
  reader.read_number("fluid_fraction", fraction, same_unit, Presence::optional,
                     volume.fluid_fraction);
  reader.read_number("fluid_change_per_min", non_negative, per_minute, Presence::optional,
                     volume.fluid_change_per_h);
  reader.read_number("nuclear_biomass_change_per_min", non_negative, per_minute, Presence::optional,
                     volume.nuclear_biomass_change_per_h);
  reader.read_number("cytoplasmic_biomass_change_per_min", non_negative, per_minute,
                     Presence::optional, volume.cytoplasmic_biomass_change_per_h);
  if (reader.failed()) return;
  if (auto problem = volume_problem(volume)) reader.fail("nuclear_volume_um3", std::move(*problem));
}

void read_mechanics(TableReader& reader, MechanicsSpec& mechanics) {
  reader.read_number("repulsion_um_per_min", non_negative, per_minute, Presence::optional,
                     mechanics.repulsion_um_per_h);
  reader.read_number("adhesion_um_per_min", non_negative, per_minute, Presence::optional,
                     mechanics.adhesion_um_per_h);
  reader.read_number("max_adhesion_distance_ratio", at_least_one, same_unit, Presence::optional,
                     mechanics.max_adhesion_distance_ratio);
}

void read_apoptosis(TableReader& reader, ApoptosisSpec& apoptosis) {
  reader.read_number("apoptosis_per_min", non_negative, per_minute, Presence::optional,
                     apoptosis.rate_per_h);
  reader.read_time("apoptosis_duration", in_minutes, positive, Presence::optional,
                   apoptosis.duration_h);
  reader.read_number("apoptosis_fluid_change_per_min", non_negative, per_minute, Presence::optional,
                     apoptosis.fluid_change_per_h);
  reader.read_number("apoptosis_nuclear_biomass_change_per_min", non_negative, per_minute,
                     Presence::optional, apoptosis.nuclear_biomass_change_per_h);
  reader.read_number("apoptosis_cytoplasmic_biomass_change_per_min", non_negative, per_minute,
                     Presence::optional, apoptosis.cytoplasmic_biomass_change_per_h);
  reader.read_number("apoptosis_uptake_fraction", Range{.min = 0.0, .max = 1.0}, same_unit,
                     Presence::optional, apoptosis.uptake_fraction);
}

void read_cell_type(TableReader& reader, std::span<const CellTypeSpec> earlier,
                    std::span<const SubstanceSpec> substances, CellTypeSpec& type,
                    FateNames& fate_names, RuleNames& rule_names) {
  reader.read_string("name", Presence::required, type.name);
  if (auto problem = name_problem(earlier, type.name, "cell type"); problem && !type.name.empty()) {
    reader.fail("name", std::move(*problem));
  }
  if (type.name == shed_name) {
    reader.fail("name", "'shed' is reserved (transition.to = \"shed\" removes the cell)");
  }
  read_volume(reader, type.volume);
  read_mechanics(reader, type.mechanics);
  read_apoptosis(reader, type.apoptosis);
  read_each(reader, "cycle", max_table_count, [&](TableReader& phase_reader) {
    read_phase(phase_reader, type.cycle.emplace_back());
  });
  if (auto problem = cycle_problem(type.cycle); problem && !reader.failed()) {
    reader.fail("cycle", std::move(*problem));
  }
  read_each(reader, "exchange", max_table_count, [&](TableReader& exchange_reader) {
    ExchangeSpec exchange;
    read_exchange(exchange_reader, substances, type.exchange, exchange);
    type.exchange.push_back(exchange);
  });
  read_fates(reader, type, fate_names);
  // After the cycle, apoptosis and transition, which a rule must find a rate in.
  read_each(reader, "rule", max_table_count, [&](TableReader& rule_reader) {
    read_rule(rule_reader, substances, type, type.rules.emplace_back(),
              rule_names.density_of.emplace_back());
  });
}

void read_inline_cell(TableReader& reader, const Scenario& scenario, InitialCell& cell) {
  static constexpr std::array<std::string_view, 3> axis_keys = {"x_um", "y_um", "z_um"};
  for (std::size_t axis = 0; axis < axis_keys.size(); ++axis) {
    reader.read_number(axis_keys[axis], any_finite, same_unit, Presence::required,
                       cell.position_um[axis]);
  }
  if (auto index = resolve_name(reader, "type", std::span(scenario.cell_types), "cell type")) {
    cell.type = *index;
  }
  if (reader.failed()) return;
  if (auto problem = position_problem(cell.position_um, scenario.domain)) {
    reader.fail("x_um", std::move(*problem));
  }
}

void read_cells_file(TableReader& reader, const std::filesystem::path& folder, Scenario& scenario) {
  std::string csv;
  reader.read_string("csv", Presence::optional, csv);
  if (csv.empty() || reader.failed()) return;
  const std::filesystem::path path = folder / csv;
  auto check_row = [&](const CsvRow& row) -> Status {
    if (auto problem = cell_type_problem(row.cell.type, scenario.cell_types.size())) {
      return fail(Error::invalid_input(std::move(*problem),
                                       csv_field(path, row.line, row.columns[3], "type")));
    }
    if (auto problem = position_problem(row.cell.position_um, scenario.domain)) {
      return fail(
          Error::invalid_input(std::move(*problem), csv_field(path, row.line, row.columns[0], "")));
    }
    return {};
  };
  auto cells = read_cells_csv(path, check_row);
  if (!cells) {
    cells.error().message += " (named by " + reader.location("csv") + ")";
    return reader.absorb(fail(std::move(cells.error())));
  }
  scenario.initial_cells = std::move(*cells);
}

void read_cells(TableReader& reader, const std::filesystem::path& folder, Scenario& scenario) {
  read_cells_file(reader, folder, scenario);
  read_each(reader, "cell", std::numeric_limits<std::size_t>::max(), [&](TableReader& cell_reader) {
    InitialCell cell;
    read_inline_cell(cell_reader, scenario, cell);
    scenario.initial_cells.push_back(cell);
  });
}

void read_output(TableReader& reader, OutputSpec& output) {
  reader.read_bool("summary", output.summary);
  reader.read_time("timeseries_interval", in_minutes_or_hours, non_negative, Presence::optional,
                   output.timeseries_interval_h);
  reader.read_time("snapshot_interval", in_minutes_or_hours, non_negative, Presence::optional,
                   output.snapshot_interval_h);
  reader.read_bool("final_snapshot", output.final_snapshot);
}

void read_lineage(TableReader& reader, std::span<const CellTypeSpec> types, LineageSpec& lineage) {
  reader.read_time("label_at", in_hours_minutes_or_days, non_negative, Presence::optional,
                   lineage.label_at_h);
  reader.read_number("fraction", labelled_fraction, same_unit, Presence::optional,
                     lineage.fraction);
  reader.read_time("record_interval", in_hours_minutes_or_days, non_negative, Presence::optional,
                   lineage.record_interval_h);
  std::vector<std::string> names;
  reader.read_string_list("label_types", names);
  for (const std::string& name : names) {
    if (auto index = find_name(types, name)) {
      lineage.label_types.push_back(*index);
    } else {
      const std::vector<std::string> known = names_of(types);
      reader.fail("label_types", "unknown cell type '" + name + "'" + suggestion(name, known) +
                                     " (known: " + quoted_list(known) + ")");
    }
  }
}

// Sections in dependency order: cell types refer to substances, cells to cell types and domain.
void read_scenario(TableReader& root, const std::filesystem::path& origin, Scenario& scenario) {
  root.read_string("name", Presence::optional, scenario.name);
  read_section(root, "simulation", Presence::required,
               [&](TableReader& reader) { read_simulation(reader, scenario); });
  read_section(root, "time_steps", Presence::optional,
               [&](TableReader& reader) { read_time_steps(reader, scenario.time_steps); });
  read_section(root, "domain", Presence::required,
               [&](TableReader& reader) { read_domain(reader, scenario); });
  read_each(root, "substance", max_table_count, [&](TableReader& reader) {
    SubstanceSpec substance;
    read_substance(reader, scenario.substances, substance);
    scenario.substances.push_back(std::move(substance));
  });
  std::vector<FateNames> fate_names;
  std::vector<RuleNames> rule_names;
  read_each(root, "cell_type", max_table_count, [&](TableReader& reader) {
    CellTypeSpec type;
    read_cell_type(reader, scenario.cell_types, scenario.substances, type,
                   fate_names.emplace_back(), rule_names.emplace_back());
    scenario.cell_types.push_back(std::move(type));
  });
  if (!root.failed()) resolve_fates(root, fate_names, scenario.cell_types);
  if (!root.failed()) resolve_rules(root, rule_names, scenario.cell_types);
  // Cells are only checked against a domain and cell types that were read without error.
  if (root.failed()) {
    root.has("cells");
  } else {
    read_section(root, "cells", Presence::optional,
                 [&](TableReader& reader) { read_cells(reader, origin.parent_path(), scenario); });
  }
  read_section(root, "output", Presence::optional,
               [&](TableReader& reader) { read_output(reader, scenario.output); });
  read_section(root, "lineage", Presence::optional, [&](TableReader& reader) {
    read_lineage(reader, scenario.cell_types, scenario.lineage.emplace());
  });
}

Status require(std::optional<std::string> problem, std::string field) {
  if (!problem) return {};
  return fail(Error::invalid_input(std::move(*problem), std::move(field)));
}

std::string indexed(std::string_view prefix, std::size_t index, std::string_view suffix = {}) {
  return std::string(prefix) + "[" + std::to_string(index) + "]" + std::string(suffix);
}

Status validate_division(const Scenario& scenario, std::size_t index) {
  const CellTypeSpec& type = scenario.cell_types[index];
  const std::size_t type_count = scenario.cell_types.size();
  for (std::size_t entry = 0; entry < type.division_outcomes.size(); ++entry) {
    const DivisionOutcome& outcome = type.division_outcomes[entry];
    const std::string field = indexed("cell_types", index, indexed(".division_outcomes", entry));
    DERMASIM_TRY(
        require(cell_type_problem(outcome.parent_type, type_count), field + ".parent_type"));
    DERMASIM_TRY(
        require(cell_type_problem(outcome.daughter_type, type_count), field + ".daughter_type"));
    DERMASIM_TRY(
        require(range_problem(outcome.probability, probability_range), field + ".probability"));
  }
  return require(division_problem(type), indexed("cell_types", index, ".division_outcomes"));
}

Status validate_transition(const Scenario& scenario, std::size_t index) {
  const std::optional<TypeTransition>& transition = scenario.cell_types[index].transition;
  if (!transition) return {};
  const std::string field = indexed("cell_types", index, ".transition");
  if (transition->to_type != shed_type) {
    DERMASIM_TRY(require(cell_type_problem(transition->to_type, scenario.cell_types.size()),
                         field + ".to_type"));
  }
  DERMASIM_TRY(require(range_problem(transition->duration_h, positive), field + ".duration_h"));
  return require(range_problem(transition->shift_z_um, any_finite), field + ".shift_z_um");
}

Status validate_rule(const Scenario& scenario, std::size_t index, std::size_t entry) {
  const CellTypeSpec& type = scenario.cell_types[index];
  const BehaviourRule& rule = type.rules[entry];
  const std::string field = indexed("cell_types", index, indexed(".rules", entry));
  if (rule.signal == SignalKind::substance) {
    DERMASIM_TRY(require(substance_problem(rule.substance, scenario.substances.size()),
                         field + ".substance"));
    if (!rule.density_types.empty()) {
      return require("only a density rule (SignalKind::density) counts density_types",
                     field + ".density_types");
    }
  } else {
    if (rule.density_types.empty())
      return require("a density rule must count at least one cell type", field + ".density_types");
    for (std::size_t k = 0; k < rule.density_types.size(); ++k) {
      const std::string type_field = indexed(field + ".density_types", k);
      DERMASIM_TRY(require(cell_type_problem(rule.density_types[k], scenario.cell_types.size()),
                           type_field));
      const std::span<const int> earlier(rule.density_types.data(), k);
      if (std::ranges::find(earlier, rule.density_types[k]) != earlier.end())
        return require(
            "cell type index " + std::to_string(rule.density_types[k]) + " is listed twice",
            type_field);
    }
  }
  DERMASIM_TRY(
      require(range_problem(rule.saturation, rule.increases ? max_fold_range : min_fraction_range),
              field + ".saturation"));
  DERMASIM_TRY(require(range_problem(rule.half_max, positive), field + ".half_max"));
  DERMASIM_TRY(require(range_problem(rule.hill, positive), field + ".hill"));
  return require(rule_target_problem(type, rule.behaviour), field + ".behaviour");
}

Status validate_cell_type(const Scenario& scenario, std::size_t index) {
  const CellTypeSpec& type = scenario.cell_types[index];
  const std::span<const CellTypeSpec> earlier(scenario.cell_types.data(), index);
  DERMASIM_TRY(require(name_problem(earlier, type.name, "cell type"),
                       indexed("cell_types", index, ".name")));
  DERMASIM_TRY(require(volume_problem(type.volume), indexed("cell_types", index, ".volume")));
  DERMASIM_TRY(require(cycle_problem(type.cycle), indexed("cell_types", index, ".cycle")));
  for (std::size_t entry = 0; entry < type.exchange.size(); ++entry) {
    const std::span<const ExchangeSpec> earlier_exchange(type.exchange.data(), entry);
    DERMASIM_TRY(require(exchange_problem(earlier_exchange, type.exchange[entry].substance,
                                          scenario.substances.size()),
                         indexed("cell_types", index, indexed(".exchange", entry, ".substance"))));
  }
  DERMASIM_TRY(validate_division(scenario, index));
  DERMASIM_TRY(validate_transition(scenario, index));
  for (std::size_t entry = 0; entry < type.rules.size(); ++entry)
    DERMASIM_TRY(validate_rule(scenario, index, entry));
  return {};
}

}  // namespace

namespace {

Status validate_lineage(const Scenario& scenario) {
  if (!scenario.lineage) return {};
  const LineageSpec& lineage = *scenario.lineage;
  DERMASIM_TRY(require(range_problem(lineage.label_at_h, non_negative), "lineage.label_at_h"));
  DERMASIM_TRY(require(range_problem(lineage.fraction, labelled_fraction), "lineage.fraction"));
  DERMASIM_TRY(
      require(range_problem(lineage.record_interval_h, non_negative), "lineage.record_interval_h"));
  for (std::size_t index = 0; index < lineage.label_types.size(); ++index)
    DERMASIM_TRY(require(cell_type_problem(lineage.label_types[index], scenario.cell_types.size()),
                         indexed("lineage.label_types", index)));
  return {};
}

}  // namespace

namespace {

// Voxels a run may hold: 5e7 voxels with 4 substance lanes take about 4 GB with their working
// arrays, a sixth of this project's 24 GiB machines.
constexpr double max_voxels = 5e7;

// A grid too large to allocate, with the numbers that say what to change.
std::optional<std::string> grid_size_problem(const Scenario& scenario) {
  double voxels = 1.0;
  std::string shape;
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double count = std::round((scenario.domain.max_um[axis] - scenario.domain.min_um[axis]) /
                                    scenario.voxel_um);
    voxels *= count;
    shape += (axis == 0 ? "" : " x ") + format_number(count);
  }
  if (voxels <= max_voxels) return std::nullopt;
  return "the domain holds " + shape + " = " + format_number(voxels) + " voxels, more than the " +
         format_number(max_voxels) + " a run can hold: use a larger voxel_um or a smaller domain";
}

}  // namespace

Status validate(const Scenario& scenario) {
  DERMASIM_TRY(require(range_problem(scenario.duration_h, positive), "duration_h"));
  DERMASIM_TRY(require(range_problem(scenario.voxel_um, positive), "voxel_um"));
  const TimeSteps& steps = scenario.time_steps;
  DERMASIM_TRY(require(range_problem(steps.diffusion_h, positive), "time_steps.diffusion_h"));
  DERMASIM_TRY(require(step_problem(steps.mechanics_h, steps.diffusion_h, "diffusion"),
                       "time_steps.mechanics_h"));
  DERMASIM_TRY(require(step_problem(steps.phenotype_h, steps.mechanics_h, "mechanics"),
                       "time_steps.phenotype_h"));
  for (std::size_t axis = 0; axis < 3; ++axis) {
    DERMASIM_TRY(require(extent_problem(scenario.domain.min_um[axis], scenario.domain.max_um[axis],
                                        scenario.voxel_um),
                         indexed("domain", axis)));
  }
  DERMASIM_TRY(require(grid_size_problem(scenario), "domain"));
  for (std::size_t index = 0; index < scenario.substances.size(); ++index) {
    const std::span<const SubstanceSpec> earlier(scenario.substances.data(), index);
    DERMASIM_TRY(require(name_problem(earlier, scenario.substances[index].name, "substance"),
                         indexed("substances", index, ".name")));
  }
  for (std::size_t index = 0; index < scenario.cell_types.size(); ++index) {
    DERMASIM_TRY(validate_cell_type(scenario, index));
  }
  for (std::size_t index = 0; index < scenario.initial_cells.size(); ++index) {
    const InitialCell& cell = scenario.initial_cells[index];
    DERMASIM_TRY(require(cell_type_problem(cell.type, scenario.cell_types.size()),
                         indexed("initial_cells", index, ".type")));
    DERMASIM_TRY(require(position_problem(cell.position_um, scenario.domain),
                         indexed("initial_cells", index, ".position_um")));
  }
  DERMASIM_TRY(require(range_problem(scenario.output.timeseries_interval_h, non_negative),
                       "output.timeseries_interval_h"));
  DERMASIM_TRY(require(range_problem(scenario.output.snapshot_interval_h, non_negative),
                       "output.snapshot_interval_h"));
  return validate_lineage(scenario);
}

Result<Scenario> parse_scenario(std::string_view toml_text, const std::filesystem::path& origin) {
  const std::string file = origin.empty() ? std::string("<scenario>") : origin.string();
  if (auto problem = size_problem(toml_text.size(), max_scenario_bytes, "scenario file")) {
    return fail(Error::invalid_input(std::move(*problem), file));
  }
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(file));
  } catch (const toml::parse_error& error) {
    return fail(Error::invalid_input("TOML syntax error: " + std::string(error.description()),
                                     locate(file, error.source().begin, "")));
  }
  Scenario scenario;
  scenario.source_file = origin;
  scenario.name = origin.empty() ? std::string("scenario") : origin.stem().string();
  TableReader reader(root, "", file);
  read_scenario(reader, origin, scenario);
  DERMASIM_TRY(reader.finish());
  DERMASIM_TRY(validate(scenario));
  return scenario;
}

Result<Scenario> load_scenario(const std::filesystem::path& path) {
  DERMASIM_TRY(check_file_readable(path, max_scenario_bytes, "scenario file"));
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  if (!stream) {
    return fail(
        Error::unavailable("cannot read scenario file '" + path.string() + "'", path.string()));
  }
  return parse_scenario(text.str(), path);
}

Result<std::vector<InitialCell>> load_cells_csv(const std::filesystem::path& path) {
  return read_cells_csv(path, [](const CsvRow&) -> Status { return {}; });
}

}  // namespace dermasim::engine
