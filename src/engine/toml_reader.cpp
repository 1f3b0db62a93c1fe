// Scenario reading machinery: messages, name suggestions, file checks and the TOML table reader.
#include "engine/toml_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace dermasim::engine::detail {
namespace {

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

}  // namespace

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

std::string suggestion(std::string_view wrong, std::span<const std::string> known) {
  if (auto guess = closest_name(wrong, known)) return "; did you mean '" + *guess + "'?";
  if (known.empty()) return {};
  return " (expected one of " + quoted_list(known) + ")";
}

std::string locate(std::string_view file, const toml::source_position& position,
                   std::string_view path) {
  std::string text(file);
  if (position.line > 0) {
    text += ':' + std::to_string(position.line) + ':' + std::to_string(position.column);
  }
  if (!path.empty()) text += ' ' + std::string(path);
  return text;
}

std::optional<std::string> size_problem(std::uintmax_t bytes, std::uintmax_t limit,
                                        std::string_view what) {
  if (bytes <= limit) return std::nullopt;
  return std::string(what) + " is " + std::to_string(bytes / mebibyte) + " MiB; the limit is " +
         std::to_string(limit / mebibyte) + " MiB";
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

Result<toml::table> parse_toml_file(const std::filesystem::path& path, std::uintmax_t limit,
                                    std::string_view what) {
  DERMASIM_TRY(check_file_readable(path, limit, what));
  const std::string file = path.string();
  try {
    return toml::parse_file(file);
  } catch (const toml::parse_error& error) {
    return fail(Error::invalid_input("TOML syntax error: " + std::string(error.description()),
                                     locate(file, error.source().begin, "")));
  }
}

// ---------------------------------------------------------------------------------------------
// Value ranges

std::optional<std::string> range_problem(double value, const Range& range) {
  if (!std::isfinite(value)) return "must be a finite number, not " + format_number(value);
  if (!range.contains(value))
    return "must be " + range.describe() + ", not " + format_number(value);
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// TableReader

std::string TableReader::key_path(std::string_view key) const {
  return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

std::string TableReader::location(std::string_view key) const {
  const auto found = m_table.find(key);
  if (found != m_table.end()) return locate(m_file, found->first.source().begin, key_path(key));
  // The root table's position (1:1) would point at whatever the file starts with.
  const toml::source_position table_position =
      m_path.empty() ? toml::source_position{} : m_table.source().begin;
  return locate(m_file, table_position, key_path(key));
}

void TableReader::fail(std::string_view key, std::string message) {
  record(Error::invalid_input(std::move(message), location(key)));
}

void TableReader::absorb(Status status) {
  if (!status) record(std::move(status.error()));
}

void TableReader::read_number(std::string_view key, const Range& range, double to_internal,
                              Presence presence, double& target) {
  const toml::node* node = find_present(key, presence);
  if (node == nullptr) return;
  const std::optional<double> value = number_in(*node);
  if (!value) return fail_type(key, *node, "a number");
  if (auto problem = range_problem(*value, range)) return fail(key, std::move(*problem));
  target = *value * to_internal;
}

void TableReader::read_time(std::string_view stem, std::span<const TimeUnit> units,
                            const Range& range, Presence presence, double& target_h) {
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

void TableReader::read_count(std::string_view key, std::uint64_t& target) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  const auto* integer = node->as_integer();
  if (integer == nullptr) return fail_type(key, *node, "an integer");
  if (integer->get() < 0) return fail(key, "must be >= 0, not " + std::to_string(integer->get()));
  target = static_cast<std::uint64_t>(integer->get());
}

void TableReader::read_bool(std::string_view key, bool& target) {
  const toml::node* node = find(key);
  if (node == nullptr) return;
  const auto* boolean = node->as_boolean();
  if (boolean == nullptr) return fail_type(key, *node, "true or false");
  target = boolean->get();
}

void TableReader::read_string(std::string_view key, Presence presence, std::string& target) {
  const toml::node* node = find_present(key, presence);
  if (node == nullptr) return;
  const auto* text = node->as_string();
  if (text == nullptr) return fail_type(key, *node, "a string");
  if (text->get().empty()) return fail(key, "must not be empty");
  target = text->get();
}

void TableReader::read_string_or_integer(std::string_view key, Presence presence,
                                         std::string& target) {
  const toml::node* node = find_present(key, presence);
  if (node == nullptr) return;
  if (const auto* integer = node->as_integer()) {
    target = std::to_string(integer->get());
    return;
  }
  if (node->as_string() == nullptr) return fail_type(key, *node, "a string or an integer");
  read_string(key, presence, target);
}

void TableReader::read_string_list(std::string_view key, std::vector<std::string>& target) {
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

void TableReader::read_number_array(std::string_view key, const Range& range,
                                    std::span<double> target) {
  const toml::node* node = find_present(key, Presence::required);
  if (node == nullptr) return;
  const auto* array = node->as_array();
  const std::string expected = "must be an array of " + std::to_string(target.size()) + " numbers";
  if (array == nullptr || array->size() != target.size()) return fail(key, expected);
  for (std::size_t index = 0; index < target.size(); ++index) {
    const std::optional<double> value = number_in(*array->get(index));
    if (!value) return fail(key, expected);
    if (auto problem = range_problem(*value, range))
      return fail(key, "[" + std::to_string(index) + "] " + *problem);
    target[index] = *value;
  }
}

void TableReader::read_number_list(std::string_view key, const Range& range, std::size_t max_count,
                                   std::vector<double>& target) {
  const toml::node* node = find_present(key, Presence::required);
  if (node == nullptr) return;
  const auto* array = node->as_array();
  const std::string expected = "must be an array of 1 to " + std::to_string(max_count) + " numbers";
  if (array == nullptr || array->empty() || array->size() > max_count) return fail(key, expected);
  std::vector<double> values;
  for (std::size_t index = 0; index < array->size(); ++index) {
    const std::optional<double> value = number_in(*array->get(index));
    if (!value) return fail(key, expected);
    if (auto problem = range_problem(*value, range))
      return fail(key, "[" + std::to_string(index) + "] " + *problem);
    values.push_back(*value);
  }
  target = std::move(values);
}

void TableReader::read_interval(std::string_view key, double& min, double& max) {
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

const toml::table* TableReader::sub_table(std::string_view key, Presence presence) {
  const toml::node* node = find_present(key, presence);
  if (node == nullptr) return nullptr;
  if (const auto* table = node->as_table()) return table;
  fail_type(key, *node, "a table");
  return nullptr;
}

std::vector<const toml::table*> TableReader::tables(std::string_view key) {
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

Status TableReader::finish() {
  if (auto unknown = first_unknown_key()) return dermasim::fail(std::move(*unknown));
  if (m_error) return dermasim::fail(std::move(*m_error));
  return {};
}

const toml::node* TableReader::find(std::string_view key) {
  if (std::ranges::find(m_known, key) == m_known.end()) m_known.emplace_back(key);
  return m_table.get(key);
}

const toml::node* TableReader::find_present(std::string_view key, Presence presence) {
  const toml::node* node = find(key);
  if (node == nullptr && presence == Presence::required) {
    fail(key, "missing required key '" + std::string(key) + "'");
  }
  return node;
}

void TableReader::fail_type(std::string_view key, const toml::node& node,
                            std::string_view expected) {
  fail(key, "must be " + std::string(expected) + ", not " + std::string(type_name(node.type())));
}

void TableReader::record(Error error) {
  if (!m_error) m_error = std::move(error);
}

std::optional<Error> TableReader::first_unknown_key() const {
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

}  // namespace dermasim::engine::detail
