// Treatment zones (data/zones.toml): thickness of epidermis and dermis and melanocyte density.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dermasim::skin {

struct Zone {
  std::string id;             // a CONTRACTS zone id, e.g. "cheeks"
  double epidermis_um = 0.0;  // whole epidermis (viable + stratum corneum), histology
  double dermis_um = 0.0;     // high-frequency ultrasound
  double melanocytes_per_mm2 = 0.0;
};

class ZoneTable {
 public:
  // Loads the [zones] of the zones file; each zone must be one of the CONTRACTS ids, with every key
  // present. Other top-level tables are left to the layers that own them.
  static Result<ZoneTable> load(const std::filesystem::path& path);

  // The zone `id`, or invalid_input listing the known ids (with a suggestion for a typo).
  Result<Zone> find(std::string_view id) const;
  const std::vector<Zone>& zones() const { return m_zones; }

 private:
  std::vector<Zone> m_zones;
};

// The zone ids CONTRACTS.md fixes, in its order.
const std::vector<std::string>& contract_zone_ids();

}  // namespace dermasim::skin
