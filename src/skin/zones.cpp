// Reads data/zones.toml.
#include "skin/zones.hpp"

#include <algorithm>

#include "engine/toml_reader.hpp"

namespace dermasim::skin {

const std::vector<std::string>& contract_zone_ids() {
  static const std::vector<std::string> ids = {
      "forehead", "glabella",  "periorbital", "cheeks", "nose",     "perioral",   "chin", "jawline",
      "neck",     "decollete", "abdomen",     "thighs", "buttocks", "upper_arms", "back", "hands"};
  return ids;
}

Result<ZoneTable> ZoneTable::load(const std::filesystem::path& path) {
  using engine::detail::positive;
  using engine::detail::Presence;
  using engine::detail::TableReader;
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "zones file"));
  const std::string file = path.string();
  ZoneTable table;
  // Other top-level tables of the file belong to other layers (the patient layer's
  // [needle_limits]), which check them; this layer reads and checks [zones] only.
  const toml::table* zones = root["zones"].as_table();
  if (zones == nullptr)
    return fail(Error::invalid_input("has no [zones.<id>] tables", file + " zones"));
  TableReader zone_reader(*zones, "zones", file);
  const std::vector<std::string>& known = contract_zone_ids();
  for (const auto& [key, node] : *zones) {
    const std::string id(key.str());
    if (std::find(known.begin(), known.end(), id) == known.end())
      return fail(Error::invalid_input(
          "'" + id + "' is not a zone id of CONTRACTS.md" + engine::detail::suggestion(id, known),
          engine::detail::locate(file, node.source().begin, "zones." + id)));
    engine::detail::read_section(zone_reader, id, Presence::required, [&](TableReader& r) {
      Zone zone{.id = id};
      r.read_number("epidermis_um", positive, 1.0, Presence::required, zone.epidermis_um);
      r.read_number("dermis_um", positive, 1.0, Presence::required, zone.dermis_um);
      r.read_number("melanocytes_per_mm2", positive, 1.0, Presence::required,
                    zone.melanocytes_per_mm2);
      table.m_zones.push_back(zone);
    });
  }
  DERMASIM_TRY(zone_reader.finish());
  return table;
}

Result<Zone> ZoneTable::find(std::string_view id) const {
  for (const Zone& zone : m_zones)
    if (zone.id == id) return zone;
  std::vector<std::string> ids;
  for (const Zone& zone : m_zones) ids.push_back(zone.id);
  return fail(Error::invalid_input(
      "unknown zone '" + std::string(id) + "'" + engine::detail::suggestion(id, ids),
      std::string(id)));
}

}  // namespace dermasim::skin
