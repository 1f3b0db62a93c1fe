// Reads the zone catalog (data/zones.toml) and applies a profile's thickness overrides.
#include "patient/zones.hpp"

#include <cassert>

#include "engine/toml_reader.hpp"
#include "patient/patient_profile.hpp"

namespace dermasim::patient {
namespace {

using engine::detail::Presence;
using engine::detail::TableReader;

constexpr engine::detail::Range needle_depth_range{
    .min = 0.0, .min_inclusive = false, .max = 3.0};  // the device range of REFERENCE F1 is ≤ 2.5

// Reads [needle_limits.<id>] into the catalog's zones; every catalog zone needs one.
Status read_needle_limits(const toml::table& limits, const std::string& file,
                          ZoneCatalog& catalog) {
  TableReader reader(limits, "needle_limits", file);
  const std::vector<std::string> ids = catalog.ids();
  for (const auto& [key, node] : limits) {
    const std::string id(key.str());
    if (catalog.find(id) == nullptr)
      return fail(Error::invalid_input(
          "'" + id + "' is not a zone of [zones]" + engine::detail::suggestion(id, ids),
          engine::detail::locate(file, node.source().begin, "needle_limits." + id)));
  }
  for (CatalogZone& zone : catalog.zones) {
    engine::detail::read_section(reader, zone.tissue.id, Presence::required, [&](TableReader& r) {
      r.read_number("max_needle_depth_mm", needle_depth_range, 1.0, Presence::required,
                    zone.max_needle_depth_mm);
      if (!r.has("face")) r.fail("face", "is required: true for a facial zone, else false");
      r.read_bool("face", zone.face);
    });
  }
  return reader.finish();
}

}  // namespace

const CatalogZone* ZoneCatalog::find(std::string_view id) const {
  for (const CatalogZone& zone : zones)
    if (zone.tissue.id == id) return &zone;
  return nullptr;
}

std::vector<std::string> ZoneCatalog::ids() const {
  std::vector<std::string> result;
  for (const CatalogZone& zone : zones) result.push_back(zone.tissue.id);
  return result;
}

Result<ZoneCatalog> load_zone_catalog(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "zones file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  reader.sub_table("zones", Presence::required);
  const toml::table* limits = reader.sub_table("needle_limits", Presence::required);
  DERMASIM_TRY(reader.finish());
  DERMASIM_TRY_ASSIGN(const skin::ZoneTable table, skin::ZoneTable::load(path));
  ZoneCatalog catalog;
  for (const skin::Zone& zone : table.zones()) catalog.zones.push_back({.tissue = zone});
  DERMASIM_TRY(read_needle_limits(*limits, file, catalog));
  return catalog;
}

ZoneGeometry zone_geometry(const ZoneCatalog& catalog, const ZoneProfile& zone) {
  const CatalogZone* entry = catalog.find(zone.id);
  assert(entry != nullptr && "read_patient_profile checks zone ids against the catalog");
  if (entry == nullptr) return {.id = zone.id};
  return {.id = zone.id,
          .epidermis_um = zone.epidermis_um.value_or(entry->tissue.epidermis_um),
          .dermis_um = zone.dermis_um.value_or(entry->tissue.dermis_um),
          .melanocytes_per_mm2 = entry->tissue.melanocytes_per_mm2,
          .max_needle_depth_mm = entry->max_needle_depth_mm,
          .face = entry->face,
          .measured = zone.epidermis_um.has_value() || zone.dermis_um.has_value()};
}

}  // namespace dermasim::patient
