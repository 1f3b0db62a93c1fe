// Converts a parsed JSON document into a toml::table, refusing what TOML cannot hold.
#include "patient/json_table.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/toml_reader.hpp"

namespace dermasim::patient {
namespace {

using Json = nlohmann::json;

// The first JSON value TOML cannot hold, as "key.path", or nothing; the conversion then stops.
struct Conversion {
  std::optional<std::string> null_path;
};

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::optional<toml::table> to_table(const Json& object, const std::string& path,
                                    Conversion& conversion);

// Appends `value` to `array`, or records why it cannot be.
void push_value(toml::array& array, const Json& value, const std::string& path,
                Conversion& conversion);

template <class Insert>
void convert_value(const Json& value, const std::string& path, Conversion& conversion,
                   Insert&& insert) {
  switch (value.type()) {
    case Json::value_t::object:
      if (auto table = to_table(value, path, conversion)) insert(std::move(*table));
      return;
    case Json::value_t::array: {
      toml::array array;
      for (std::size_t index = 0; index < value.size() && !conversion.null_path; ++index)
        push_value(array, value[index], path + "[" + std::to_string(index) + "]", conversion);
      insert(std::move(array));
      return;
    }
    case Json::value_t::number_integer:
      return insert(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      // Beyond int64 only as a float; every range check still sees the value.
      if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        return insert(value.get<double>());
      return insert(value.get<std::int64_t>());
    case Json::value_t::number_float:
      return insert(value.get<double>());
    case Json::value_t::string:
      return insert(value.get<std::string>());
    case Json::value_t::boolean:
      return insert(value.get<bool>());
    default:  // null, discarded, binary
      conversion.null_path = path;
  }
}

void push_value(toml::array& array, const Json& value, const std::string& path,
                Conversion& conversion) {
  convert_value(value, path, conversion, [&](auto&& converted) {
    array.push_back(std::forward<decltype(converted)>(converted));
  });
}

std::optional<toml::table> to_table(const Json& object, const std::string& path,
                                    Conversion& conversion) {
  toml::table table;
  for (const auto& [key, value] : object.items()) {
    if (conversion.null_path) return std::nullopt;
    convert_value(value, child_path(path, key), conversion, [&](auto&& converted) {
      table.insert_or_assign(key, std::forward<decltype(converted)>(converted));
    });
  }
  if (conversion.null_path) return std::nullopt;
  return table;
}

// "line L, column C" of a 1-based byte position in `text`.
std::string text_position(const std::string& text, std::size_t byte) {
  const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(end), '\n');
  const std::size_t line_start = text.rfind('\n', end == 0 ? 0 : end - 1);
  const std::size_t column =
      line_start == std::string::npos || end == 0 ? end + 1 : end - line_start;
  return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

Result<toml::table> parse_json_file_as_table(const std::filesystem::path& path,
                                             std::uintmax_t limit, std::string_view what) {
  DERMASIM_TRY(engine::detail::check_file_readable(path, limit, what));
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error& error) {
    return fail(Error::invalid_input(
        "JSON syntax error at byte " + std::to_string(error.byte) + ": " + error.what(),
        file + ":" + text_position(text, error.byte)));
  }
  if (!document.is_object())
    return fail(Error::invalid_input(
        "the top level of a " + std::string(what) + " in JSON must be an object ({...})", file));
  Conversion conversion;
  std::optional<toml::table> table = to_table(document, "", conversion);
  if (!table)
    return fail(Error::invalid_input(
        "null is not a value here: leave the key out to use its default, or give a value",
        file + " " + *conversion.null_path));
  return std::move(*table);
}

}  // namespace dermasim::patient
