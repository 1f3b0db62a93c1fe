// JSON files read as TOML tables, so that one TableReader reads, and checks, both formats.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include <toml++/toml.h>

#include "core/error.hpp"

namespace dermasim::patient {

// A JSON file of at most `limit` bytes whose top level is an object, as a TOML table: objects
// become tables, arrays arrays, integers and floats numbers, strings and booleans themselves;
// null is refused with its path. Syntax errors name the file, line, column and byte.
Result<toml::table> parse_json_file_as_table(const std::filesystem::path& path,
                                             std::uintmax_t limit, std::string_view what);

}  // namespace dermasim::patient
