// Reads the dermal signal table (data/dermis/factors.toml) and derives diffusivity and decay.
#include "skin/dermal_factors.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "engine/toml_reader.hpp"
#include "skin/molecular_transport.hpp"

namespace dermasim::skin {
namespace {

using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr double same = engine::detail::same_unit;
constexpr Range hindrance_range{.min = 0.0, .min_inclusive = false, .max = 1.0};
constexpr Range mass_range{.min = 0.0, .min_inclusive = false, .max = 1e7};
constexpr std::size_t max_factor_tables = 100;

std::optional<std::size_t> slot_of(std::string_view name) {
  const auto found = std::ranges::find(dermal_factor_names, name);
  if (found == dermal_factor_names.end()) return std::nullopt;
  return static_cast<std::size_t>(found - dermal_factor_names.begin());
}

std::vector<std::string> known_names() {
  return {dermal_factor_names.begin(), dermal_factor_names.end()};
}

// One [[factor]] as written, before the derived values.
struct FactorKeys {
  FactorParameters factor;
  std::optional<double> measured_diffusion_um2_per_h;
};

void read_factor_keys(TableReader& r, FactorKeys& keys) {
  FactorParameters& f = keys.factor;
  r.read_string("name", required, f.name);
  r.read_number("molecular_mass_da", mass_range, same, required, f.molecular_mass_da);
  r.read_time("half_life", engine::detail::in_minutes_or_hours, positive, required, f.half_life_h);
  r.read_number("hindrance", hindrance_range, same, required, f.hindrance);
  if (r.has("diffusion_um2_per_h")) {
    double measured = 0.0;
    r.read_number("diffusion_um2_per_h", positive, same, required, measured);
    keys.measured_diffusion_um2_per_h = measured;
  }
  r.read_string("source", required, f.source);
}

// Stokes–Einstein at 37 °C × hindrance, unless the file gives a measured tissue value.
FactorParameters derive(FactorKeys keys) {
  FactorParameters f = std::move(keys.factor);
  const double free_diffusion =
      stokes_einstein_diffusion_um2_per_h(hydrodynamic_radius_nm(f.molecular_mass_da));
  f.diffusion_um2_per_h = keys.measured_diffusion_um2_per_h.value_or(free_diffusion * f.hindrance);
  f.decay_per_h = decay_per_h_from_half_life_h(f.half_life_h);
  return f;
}

struct FactorSlots {
  std::array<std::optional<FactorParameters>, dermal_factor_names.size()> factors;
  std::array<std::string, dermal_factor_names.size()> first_location;
};

void read_factor(TableReader& r, FactorSlots& slots) {
  FactorKeys keys;
  read_factor_keys(r, keys);
  if (r.failed()) return;
  const std::string& name = keys.factor.name;
  const std::optional<std::size_t> slot = slot_of(name);
  if (!slot) {
    const std::vector<std::string> names = known_names();
    return r.fail("name",
                  "unknown factor '" + name + "'" + engine::detail::suggestion(name, names));
  }
  if (slots.factors[*slot]) {
    return r.fail("name", "duplicate factor '" + name + "', first given at " +
                              slots.first_location[*slot] + "; give each factor once");
  }
  slots.first_location[*slot] = r.location("name");
  slots.factors[*slot] = derive(std::move(keys));
}

void check_complete(TableReader& reader, const FactorSlots& slots) {
  std::vector<std::string> missing;
  for (std::size_t slot = 0; slot < slots.factors.size(); ++slot) {
    if (!slots.factors[slot]) missing.emplace_back(dermal_factor_names[slot]);
  }
  if (missing.empty()) return;
  const std::vector<std::string> names = known_names();
  reader.fail("factor", "missing [[factor]] for " + engine::detail::quoted_list(missing) +
                            "; the dermis needs one for each of " +
                            engine::detail::quoted_list(names));
}

void read_oxygen(TableReader& r, OxygenParameters& o) {
  r.read_number("diffusion_um2_per_h", positive, same, required, o.diffusion_um2_per_h);
  r.read_number("decay_per_h", non_negative, same, required, o.decay_per_h);
  r.read_number("plexus_mmhg", {.min = 0.0, .min_inclusive = false, .max = 760.0}, same, required,
                o.plexus_mmhg);
  r.read_number("solubility_umol_per_l_per_mmhg", positive, same, required,
                o.solubility_umol_per_l_per_mmhg);
  r.read_number("max_consumption_mmhg_per_h", non_negative, same, required,
                o.max_consumption_mmhg_per_h);
  r.read_number("consumption_half_max_mmhg", positive, same, required, o.consumption_half_max_mmhg);
  r.read_string("source", required, o.source);
}

}  // namespace

int FactorTable::index(std::string_view name) const {
  for (std::size_t i = 0; i < factors.size(); ++i) {
    if (factors[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<FactorTable> load_factor_table(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "dermal factor file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  FactorSlots slots;
  read_each(reader, "factor", max_factor_tables, [&](TableReader& r) { read_factor(r, slots); });
  FactorTable table;
  read_section(reader, "oxygen", required, [&](TableReader& r) { read_oxygen(r, table.oxygen); });
  if (!reader.failed()) check_complete(reader, slots);
  DERMASIM_TRY(reader.finish());
  for (std::optional<FactorParameters>& factor : slots.factors) {
    table.factors.push_back(std::move(*factor));
  }
  return table;
}

}  // namespace dermasim::skin
