// Micro-needling devices as data (pens with cartridges, rollers) and the channel field a pass
// makes.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "skin/dermis_scenario.hpp"

namespace dermasim::engine::detail {
class TableReader;
}

namespace dermasim::treatment {

enum class DeviceKind { pen, roller };

enum class CartridgeType { pins9, pins12, pins16, pins24, pins36, pins42, nano, single };

inline constexpr std::size_t cartridge_type_count = 8;

// "9", "12", "16", "24", "36", "42", "nano", "single".
std::string_view cartridge_name(CartridgeType type);

// The cartridge a name means, or invalid_input naming `field` and listing the known names.
Result<CartridgeType> parse_cartridge(std::string_view name, std::string_view field = {});

// One micro-needling pass of a session (CONTRACTS "Scenario, session, program"). For a roller the
// cartridge type is not used (the drum is the needle head); cartridge_id still names it.
struct NeedlingPass {
  std::string device;  // device id in devices.toml, e.g. "pen" or "roller_1_5"
  CartridgeType cartridge = CartridgeType::pins12;
  std::string cartridge_id;
  double depth_mm = 0;
  int passes = 1;
  double speed_cm_per_s = 2.0;         // hand speed of a pen; not used by rollers
  std::string pattern = "crosshatch";  // crosshatch, linear or stamping
};

// The channels a pass leaves: density over all its passes, depth and surface radius.
struct ChannelField {
  double density_per_cm2 = 0;
  double depth_um = 0;
  double radius_um = 35;
  bool reaches_plexus = false;  // bleeding: the channel reaches the papillary vessels
  double needle_length_um = 0;
};

struct NeedlingDevice {
  std::string id;
  DeviceKind kind = DeviceKind::pen;
  double min_depth_mm = 0, max_depth_mm = 0;  // pen
  double insertion_rate_hz = 0;               // pen
  std::vector<CartridgeType> cartridges;      // pen
  int needles = 0;                            // roller
  std::vector<double> needle_lengths_mm;      // roller
};

struct Cartridge {
  int needles = 0;
  double footprint_diameter_mm = 0;
  std::optional<double> max_depth_mm;  // e.g. nano tips
};

struct DeviceCatalog {
  double depth_fraction = 0.2;  // channel depth / needle length in reference skin
  double radius_um = 35;        // channel surface radius
  double roller_density_per_cm2_per_needle_pass = 0.0868;
  std::vector<NeedlingDevice> devices;
  std::array<Cartridge, cartridge_type_count> cartridges{};

  // Loads data/treatment/devices.toml.
  static Result<DeviceCatalog> load(const std::filesystem::path& path);

  const NeedlingDevice* find(std::string_view device_id) const;
  const Cartridge& cartridge(CartridgeType type) const;

  // Checks a pass against its device: a known device, a cartridge it takes, a depth in its range
  // (pen: min-max, capped by the cartridge, e.g. nano; roller: one of its needle lengths), passes
  // >= 1, speed > 0, no stamping with a roller. `field` is the pass's key path (e.g.
  // "session[1].zone.cheeks.pass[0]"); an error is invalid_input naming `field`.key (e.g.
  // "...pass[0].depth_mm") with a message that gives the allowed values.
  Status check(const NeedlingPass& pass, std::string_view field) const;

  // The channel field one pass (all its passes) makes in skin of relative stiffness
  // `skin_stiffness` (1 = reference; stiffer or thicker skin > 1 gives shallower channels), where
  // the vascular plexus lies `plexus_depth_um` below the surface (epidermis + papillary dermis).
  // The pass must have passed check().
  ChannelField channels(const NeedlingPass& pass, double skin_stiffness,
                        double plexus_depth_um) const;
};

// Channels per cm² that one pass of a pen leaves: needles × rate / (speed × footprint width).
double pen_density_per_cm2(int needles, double insertion_rate_hz, double speed_cm_per_s,
                           double footprint_width_cm);

// The skin::Injury (kind needle_field) that a channel field is, at time at_h.
skin::Injury needle_field_injury(const ChannelField& field, double at_h);

// Reads one pass from a TOML table: device, cartridge (9 or "nano"), cartridge_id, depth_mm,
// passes, speed_cm_per_s, pattern; other keys are reported unknown by the reader.
void read_needling_pass(engine::detail::TableReader& r, NeedlingPass& pass);

}  // namespace dermasim::treatment
