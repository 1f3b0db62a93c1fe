// Data files a skin scenario names (parameters, zones, kinetics), read relative to the scenario.
#pragma once

#include <cmath>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "engine/toml_reader.hpp"
#include "skin/zones.hpp"

namespace dermasim::skin::detail {

// A file named in the scenario, relative to the scenario's folder.
inline std::filesystem::path beside(const std::filesystem::path& scenario,
                                    const std::string& name) {
  const std::filesystem::path path(name);
  return path.is_absolute() ? path : scenario.parent_path() / path;
}

// Loads the file `name` given at `key` with `load`; a failure keeps its cause and names the key.
template <class Load>
auto read_linked(engine::detail::TableReader& r, std::string_view key, const std::string& name,
                 const std::filesystem::path& scenario, Load&& load)
    -> decltype(load(std::filesystem::path())) {
  auto loaded = load(beside(scenario, name));
  if (!loaded) {
    Error error = loaded.error();
    error.message = "in '" + name + "' named by " + r.key_path(key) + ": " + error.message;
    return fail(std::move(error));
  }
  return loaded;
}

// Loads the file `name` given at `key` into `target`; false, with the error recorded, when it
// fails.
template <class Load, class Target>
bool load_linked(engine::detail::TableReader& r, std::string_view key, const std::string& name,
                 const std::filesystem::path& scenario, Load&& load, Target& target) {
  auto loaded = read_linked(r, key, name, scenario, std::forward<Load>(load));
  if (!loaded) {
    r.absorb(fail(loaded.error()));
    return false;
  }
  target = std::move(*loaded);
  return true;
}

// The zone `zone_id` of the zones file `name` given at `key`; an unknown id is an error of `zone`.
inline bool load_zone(engine::detail::TableReader& r, std::string_view key, const std::string& name,
                      const std::filesystem::path& scenario, const std::string& zone_id,
                      Zone& zone) {
  ZoneTable zones;
  if (!load_linked(r, key, name, scenario, ZoneTable::load, zones)) return false;
  auto found = zones.find(zone_id);
  if (!found) {
    r.fail("zone", found.error().message);
    return false;
  }
  zone = *found;
  return true;
}

// A Fitzpatrick phototype read as a number in [1, 6] must be whole; false, with the error
// recorded, when it is not.
inline bool whole_phototype(engine::detail::TableReader& r, double value, int& phototype) {
  if (value != std::floor(value)) {
    r.fail("fitzpatrick",
           "must be a whole phototype 1–6 (I–VI), not " + engine::detail::format_number(value));
    return false;
  }
  phototype = static_cast<int>(value);
  return true;
}

}  // namespace dermasim::skin::detail
