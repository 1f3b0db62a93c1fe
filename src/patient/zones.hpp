// The zone catalog a patient profile is read against: skin's zone thickness plus the patient
// layer's needle limits (data/zones.toml [zones] and [needle_limits]).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "skin/zones.hpp"

namespace dermasim::patient {

struct ZoneProfile;

struct CatalogZone {
  skin::Zone tissue;                 // id, epidermis_um (histology), dermis_um (HFUS), melanocytes
  double max_needle_depth_mm = 0.0;  // longest needle a plan may use here (REFERENCE F2)
  bool face = false;                 // on the face (facial F2 charts apply)
};

struct ZoneCatalog {
  std::vector<CatalogZone> zones{};  // in the file's order

  // The zone `id`, or nullptr.
  const CatalogZone* find(std::string_view id) const;
  std::vector<std::string> ids() const;
};

// Loads data/zones.toml: [zones.<id>] through skin::ZoneTable, and [needle_limits.<id>]
// (max_needle_depth_mm in (0, 3], face) for exactly the same ids.
Result<ZoneCatalog> load_zone_catalog(const std::filesystem::path& path);

// One zone of one patient: the catalog's values with the profile's measured overrides.
struct ZoneGeometry {
  std::string id{};
  double epidermis_um = 0.0;
  double dermis_um = 0.0;
  double melanocytes_per_mm2 = 0.0;
  double max_needle_depth_mm = 0.0;
  bool face = false;
  bool measured = false;  // whether the profile overrode epidermis_um or dermis_um
};

// Precondition: the profile's zone id is in the catalog (read_patient_profile checks it).
ZoneGeometry zone_geometry(const ZoneCatalog& catalog, const ZoneProfile& zone);

}  // namespace dermasim::patient
