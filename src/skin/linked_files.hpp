// Data files a skin scenario names (parameters, zones, kinetics), read relative to the scenario.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "engine/toml_reader.hpp"

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

}  // namespace dermasim::skin::detail
