// Reads and checks a progenitor-kinetics file.
#include "skin/progenitor_kinetics.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace dermasim::skin {
namespace {

struct NumberKey {
  std::string_view name;
  double ProgenitorKinetics::*member;
  bool zero_allowed;  // range [0, max] instead of (0, max]
  double max;
};

constexpr std::array<NumberKey, 7> number_keys = {{
    {"division_per_week", &ProgenitorKinetics::division_per_week, false, 1e3},
    {"symmetric_division_fraction", &ProgenitorKinetics::symmetric_division_fraction, true, 0.5},
    {"progenitor_fraction", &ProgenitorKinetics::progenitor_fraction, false, 1.0},
    {"stratification_per_week", &ProgenitorKinetics::stratification_per_week, false, 1e3},
    {"viable_suprabasal_transit_days", &ProgenitorKinetics::viable_suprabasal_transit_days, false,
     1e4},
    {"stratum_corneum_transit_days", &ProgenitorKinetics::stratum_corneum_transit_days, false, 1e4},
    {"germinative_cells_per_mm2", &ProgenitorKinetics::germinative_cells_per_mm2, false, 1e7},
}};

std::string where(const std::filesystem::path& path, const toml::node& node, std::string_view key) {
  return path.filename().string() + ":" + std::to_string(node.source().begin.line) + ":" +
         std::to_string(node.source().begin.column) + " " + std::string(key);
}

Status read_number(const std::filesystem::path& path, const toml::table& table,
                   const NumberKey& key, ProgenitorKinetics& kinetics) {
  const toml::node* node = table.get(key.name);
  if (node == nullptr)
    return fail(Error::invalid_input("missing required key '" + std::string(key.name) + "'",
                                     path.filename().string() + " " + std::string(key.name)));
  const std::optional<double> value = node->value<double>();
  const bool above_zero = value && (key.zero_allowed ? *value >= 0.0 : *value > 0.0);
  if (!value || !std::isfinite(*value) || !above_zero || *value > key.max)
    return fail(Error::invalid_input(std::string("must be a number in ") +
                                         (key.zero_allowed ? "[0, " : "(0, ") +
                                         std::to_string(key.max) + "]",
                                     where(path, *node, key.name)));
  kinetics.*key.member = *value;
  return {};
}

}  // namespace

Result<ProgenitorKinetics> load_progenitor_kinetics(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return fail(Error::not_found("kinetics file not found", path.string()));
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid_input(std::string(e.description()),
                                     path.filename().string() + ":" +
                                         std::to_string(e.source().begin.line) + ":" +
                                         std::to_string(e.source().begin.column)));
  }
  ProgenitorKinetics kinetics;
  kinetics.name = table["name"].value_or(path.stem().string());
  for (const auto& [key, node] : table) {
    const bool known =
        key.str() == "name" || std::any_of(number_keys.begin(), number_keys.end(),
                                           [&](const NumberKey& k) { return k.name == key.str(); });
    if (!known) return fail(Error::invalid_input("unknown key", where(path, node, key.str())));
  }
  for (const NumberKey& key : number_keys) DERMASIM_TRY(read_number(path, table, key, kinetics));
  return kinetics;
}

}  // namespace dermasim::skin
