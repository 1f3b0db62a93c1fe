// Micro-needling device catalog, pass checks and channel fields (see needling_devices.hpp).
#include "treatment/needling_devices.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

#include "engine/toml_reader.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::Choice;
using engine::detail::format_number;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr double um_per_mm = 1000.0;
constexpr double cm_per_mm = 0.1;
constexpr std::size_t max_devices = 100;
constexpr std::size_t max_needle_lengths = 50;
constexpr Range needle_length_mm{.min = 0.01, .max = 5.0};

constexpr std::array<std::string_view, cartridge_type_count> cartridge_names = {
    "9", "12", "16", "24", "36", "42", "nano", "single"};

constexpr std::array<Choice<DeviceKind>, 2> device_kinds = {{
    {"pen", DeviceKind::pen},
    {"roller", DeviceKind::roller},
}};

constexpr std::array<std::string_view, 6> device_keys = {"min_depth_mm",      "max_depth_mm",
                                                         "insertion_rate_hz", "cartridges",
                                                         "needles",           "needle_lengths_mm"};

const std::vector<std::string> pattern_names = {"crosshatch", "linear", "stamping"};

std::vector<std::string> known_cartridge_names() {
  return {cartridge_names.begin(), cartridge_names.end()};
}

std::string join_mm(const std::vector<double>& values) {
  std::string text;
  for (double value : values) text += (text.empty() ? "" : ", ") + format_number(value);
  return text + " mm";
}

std::string key_of(std::string_view field, std::string_view key) {
  return field.empty() ? std::string(key) : std::string(field) + "." + std::string(key);
}

Error bad_pass(std::string_view field, std::string_view key, std::string message) {
  return Error::invalid_input(std::move(message), key_of(field, key));
}

void read_cartridge_list(TableReader& r, std::vector<CartridgeType>& target) {
  std::vector<std::string> names;
  r.read_string_list("cartridges", names);
  if (names.empty() && !r.failed()) return r.fail("cartridges", "a pen needs cartridges");
  for (const std::string& name : names) {
    auto type = parse_cartridge(name);
    if (!type) return r.fail("cartridges", type.error().message);
    target.push_back(*type);
  }
}

void read_device(TableReader& r, NeedlingDevice& device) {
  r.read_string("id", Presence::required, device.id);
  r.read_choice<DeviceKind>("kind", device_kinds, device.kind, Presence::required);
  if (r.failed()) {  // a bad kind: its keys are not unknown, the kind is the error
    for (std::string_view key : device_keys) r.has(key);
    return;
  }
  if (device.kind == DeviceKind::pen) {
    r.read_number("min_depth_mm", needle_length_mm, 1.0, Presence::required, device.min_depth_mm);
    r.read_number("max_depth_mm", needle_length_mm, 1.0, Presence::required, device.max_depth_mm);
    r.read_number("insertion_rate_hz", {.min = 1.0, .max = 1000.0}, 1.0, Presence::required,
                  device.insertion_rate_hz);
    read_cartridge_list(r, device.cartridges);
    if (!r.failed() && device.min_depth_mm > device.max_depth_mm)
      r.fail("max_depth_mm", "must not be below min_depth_mm");
    return;
  }
  double needles = 0;
  r.read_number("needles", {.min = 1.0, .max = 10000.0}, 1.0, Presence::required, needles);
  device.needles = static_cast<int>(needles);
  r.read_number_list("needle_lengths_mm", needle_length_mm, max_needle_lengths,
                     device.needle_lengths_mm);
}

void read_cartridge(TableReader& r, DeviceCatalog& catalog, std::vector<bool>& seen) {
  std::string name;
  Cartridge cartridge;
  double needles = 0;
  r.read_string("type", Presence::required, name);
  r.read_number("needles", {.min = 1.0, .max = 10000.0}, 1.0, Presence::required, needles);
  cartridge.needles = static_cast<int>(needles);
  r.read_number("footprint_diameter_mm", {.min = 0.1, .max = 50.0}, 1.0, Presence::required,
                cartridge.footprint_diameter_mm);
  if (r.has("max_depth_mm")) {
    double cap = 0;
    r.read_number("max_depth_mm", needle_length_mm, 1.0, Presence::required, cap);
    cartridge.max_depth_mm = cap;
  }
  if (r.failed()) return;
  auto type = parse_cartridge(name);
  if (!type) return r.fail("type", type.error().message);
  const auto index = static_cast<std::size_t>(*type);
  if (seen[index]) return r.fail("type", "cartridge '" + name + "' is listed twice");
  seen[index] = true;
  catalog.cartridges[index] = cartridge;
}

void read_globals(TableReader& root, DeviceCatalog& catalog) {
  read_section(root, "channels", Presence::required, [&](TableReader& r) {
    r.read_number("depth_fraction", {.min = 0.01, .max = 1.0}, 1.0, Presence::required,
                  catalog.depth_fraction);
    r.read_number("radius_um", {.min = 1.0, .max = 500.0}, 1.0, Presence::required,
                  catalog.radius_um);
  });
  read_section(root, "roller", Presence::required, [&](TableReader& r) {
    r.read_number("density_per_cm2_per_needle_pass", positive, 1.0, Presence::required,
                  catalog.roller_density_per_cm2_per_needle_pass);
  });
}

Status check_catalog(const DeviceCatalog& catalog, const std::vector<bool>& seen,
                     std::string_view file) {
  for (std::size_t index = 0; index < seen.size(); ++index) {
    if (!seen[index]) {
      return fail(Error::invalid_input(
          "cartridge '" + std::string(cartridge_names[index]) + "' is missing", std::string(file)));
    }
  }
  for (std::size_t i = 0; i < catalog.devices.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (catalog.devices[i].id == catalog.devices[j].id)
        return fail(Error::invalid_input("device '" + catalog.devices[i].id + "' is listed twice",
                                         std::string(file)));
  return {};
}

Status check_pen_depth(const NeedlingDevice& pen, const Cartridge& cartridge,
                       const NeedlingPass& pass, std::string_view field) {
  const double max_mm =
      std::min(pen.max_depth_mm, cartridge.max_depth_mm.value_or(pen.max_depth_mm));
  if (pass.depth_mm >= pen.min_depth_mm && pass.depth_mm <= max_mm) return {};
  std::string message = format_number(pass.depth_mm) + " mm is outside the range of '" + pen.id +
                        "' with cartridge '" + std::string(cartridge_name(pass.cartridge)) +
                        "': " + format_number(pen.min_depth_mm) + "-" + format_number(max_mm) +
                        " mm";
  return fail(bad_pass(field, "depth_mm", std::move(message)));
}

Status check_roller_depth(const NeedlingDevice& roller, const NeedlingPass& pass,
                          std::string_view field) {
  for (double length : roller.needle_lengths_mm)
    if (std::abs(length - pass.depth_mm) <= 1e-9 * length) return {};
  return fail(bad_pass(field, "depth_mm",
                       format_number(pass.depth_mm) + " mm is not a needle length of roller '" +
                           roller.id + "': " + join_mm(roller.needle_lengths_mm)));
}

Status check_device(const DeviceCatalog& catalog, const NeedlingDevice& device,
                    const NeedlingPass& pass, std::string_view field) {
  if (device.kind == DeviceKind::roller) {
    if (pass.pattern == "stamping")
      return fail(bad_pass(field, "pattern", "a roller rolls: use crosshatch or linear"));
    return check_roller_depth(device, pass, field);
  }
  if (std::ranges::find(device.cartridges, pass.cartridge) == device.cartridges.end()) {
    std::vector<std::string> names;
    for (CartridgeType type : device.cartridges) names.emplace_back(cartridge_name(type));
    return fail(bad_pass(field, "cartridge",
                         "'" + device.id + "' takes no cartridge '" +
                             std::string(cartridge_name(pass.cartridge)) + "'; it takes " +
                             engine::detail::quoted_list(names)));
  }
  return check_pen_depth(device, catalog.cartridge(pass.cartridge), pass, field);
}

}  // namespace

std::string_view cartridge_name(CartridgeType type) {
  return cartridge_names[static_cast<std::size_t>(type)];
}

Result<CartridgeType> parse_cartridge(std::string_view name, std::string_view field) {
  for (std::size_t index = 0; index < cartridge_names.size(); ++index)
    if (cartridge_names[index] == name) return static_cast<CartridgeType>(index);
  const std::vector<std::string> known = known_cartridge_names();
  return fail(Error::invalid_input(
      "unknown cartridge '" + std::string(name) + "'" + engine::detail::suggestion(name, known),
      std::string(field)));
}

Result<DeviceCatalog> DeviceCatalog::load(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "device file"));
  const std::string file = path.string();
  DeviceCatalog catalog;
  std::vector<bool> seen(cartridge_type_count, false);
  TableReader reader(root, "", file);
  read_globals(reader, catalog);
  read_each(reader, "device", max_devices,
            [&](TableReader& r) { read_device(r, catalog.devices.emplace_back()); });
  read_each(reader, "cartridge", cartridge_type_count,
            [&](TableReader& r) { read_cartridge(r, catalog, seen); });
  DERMASIM_TRY(reader.finish());
  DERMASIM_TRY(check_catalog(catalog, seen, file));
  return catalog;
}

const NeedlingDevice* DeviceCatalog::find(std::string_view device_id) const {
  for (const NeedlingDevice& device : devices)
    if (device.id == device_id) return &device;
  return nullptr;
}

const Cartridge& DeviceCatalog::cartridge(CartridgeType type) const {
  return cartridges[static_cast<std::size_t>(type)];
}

Status DeviceCatalog::check(const NeedlingPass& pass, std::string_view field) const {
  const NeedlingDevice* device = find(pass.device);
  if (device == nullptr) {
    std::vector<std::string> ids;
    for (const NeedlingDevice& known : devices) ids.push_back(known.id);
    return fail(bad_pass(
        field, "device",
        "unknown device '" + pass.device + "'" + engine::detail::suggestion(pass.device, ids)));
  }
  if (pass.passes < 1)
    return fail(bad_pass(field, "passes", "must be >= 1, not " + std::to_string(pass.passes)));
  if (!(pass.speed_cm_per_s > 0.0) || !std::isfinite(pass.speed_cm_per_s))
    return fail(bad_pass(field, "speed_cm_per_s",
                         "must be > 0, not " + format_number(pass.speed_cm_per_s)));
  if (std::ranges::find(pattern_names, pass.pattern) == pattern_names.end())
    return fail(bad_pass(
        field, "pattern",
        "'" + pass.pattern + "' is not one of " + engine::detail::quoted_list(pattern_names)));
  return check_device(*this, *device, pass, field);
}

ChannelField DeviceCatalog::channels(const NeedlingPass& pass, double skin_stiffness,
                                     double plexus_depth_um) const {
  assert(skin_stiffness > 0.0);
  const NeedlingDevice* device = find(pass.device);
  assert(device != nullptr);
  ChannelField field;
  field.needle_length_um = pass.depth_mm * um_per_mm;
  field.depth_um = depth_fraction * field.needle_length_um / skin_stiffness;
  field.radius_um = radius_um;
  field.reaches_plexus = field.depth_um > plexus_depth_um;
  if (device->kind == DeviceKind::roller) {
    field.density_per_cm2 = roller_density_per_cm2_per_needle_pass * device->needles * pass.passes;
  } else {
    const Cartridge& head = cartridge(pass.cartridge);
    field.density_per_cm2 =
        pass.passes * pen_density_per_cm2(head.needles, device->insertion_rate_hz,
                                          pass.speed_cm_per_s,
                                          head.footprint_diameter_mm * cm_per_mm);
  }
  return field;
}

double pen_density_per_cm2(int needles, double insertion_rate_hz, double speed_cm_per_s,
                           double footprint_width_cm) {
  return needles * insertion_rate_hz / (speed_cm_per_s * footprint_width_cm);
}

skin::Injury needle_field_injury(const ChannelField& field, double at_h) {
  skin::Injury injury;
  injury.kind = skin::InjuryKind::needle_field;
  injury.at_h = at_h;
  injury.radius_um = field.radius_um;
  injury.depth_um = field.depth_um;
  injury.density_per_cm2 = field.density_per_cm2;
  return injury;
}

void read_needling_pass(TableReader& r, NeedlingPass& pass) {
  r.read_string("device", Presence::required, pass.device);
  std::string cartridge;
  r.read_string_or_integer("cartridge", Presence::optional, cartridge);
  if (!cartridge.empty()) {
    if (auto type = parse_cartridge(cartridge))
      pass.cartridge = *type;
    else
      r.fail("cartridge", type.error().message);
  }
  r.read_string("cartridge_id", Presence::required, pass.cartridge_id);
  r.read_number("depth_mm", {.min = 0.0, .min_inclusive = false, .max = 5.0}, 1.0,
                Presence::required, pass.depth_mm);
  double passes = pass.passes;
  r.read_number("passes", {.min = 1.0, .max = 100.0}, 1.0, Presence::optional, passes);
  if (!r.failed() && passes != std::floor(passes))
    r.fail("passes", "must be a whole number, not " + format_number(passes));
  pass.passes = static_cast<int>(passes);
  r.read_number("speed_cm_per_s", {.min = 0.0, .min_inclusive = false, .max = 100.0}, 1.0,
                Presence::optional, pass.speed_cm_per_s);
  std::string pattern;
  r.read_string("pattern", Presence::optional, pattern);
  if (pattern.empty()) return;
  if (std::ranges::find(pattern_names, pattern) == pattern_names.end()) {
    return r.fail("pattern", "'" + pattern + "' is not one of " +
                                 engine::detail::quoted_list(pattern_names) +
                                 engine::detail::suggestion(pattern, pattern_names));
  }
  pass.pattern = pattern;
}

}  // namespace dermasim::treatment
