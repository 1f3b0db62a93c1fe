// Fractional laser catalog, setting checks and treatment columns (see fractional_laser.hpp).
#include "treatment/fractional_laser.hpp"

#include <array>
#include <cassert>
#include <cmath>
#include <numbers>

#include "engine/random.hpp"
#include "engine/toml_reader.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::Choice;
using engine::detail::format_number;
using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::TableReader;

constexpr double um2_per_cm2 = 1e8;
constexpr std::size_t max_lasers = 100;
constexpr auto column_stream = static_cast<engine::RandomStream>(104);

constexpr std::array<Choice<LaserKind>, 4> laser_kinds = {{
    {"co2", LaserKind::co2},
    {"er_yag", LaserKind::er_yag},
    {"nafl_1540", LaserKind::nafl_1540},
    {"nafl_1550", LaserKind::nafl_1550},
}};

// One numeric key of a [[laser]] table, as in skin/dermis_parameters.cpp.
struct Entry {
  const char* key;
  double Laser::*member;
  Range range;
};

constexpr std::array<Entry, 10> laser_keys = {{
    {"wavelength_nm", &Laser::wavelength_nm, {.min = 100.0, .max = 20000.0}},
    {"min_energy_mj", &Laser::min_energy_mj, positive},
    {"max_energy_mj", &Laser::max_energy_mj, positive},
    {"depth_offset_um", &Laser::depth_offset_um, non_negative},
    {"depth_um_per_mj", &Laser::depth_um_per_mj, positive},
    {"column_diameter_um", &Laser::column_diameter_um, {.min = 1.0, .max = 2000.0}},
    {"coagulation_rim_um", &Laser::coagulation_rim_um, {.min = 0.0, .max = 500.0}},
    {"min_density_per_cm2", &Laser::min_density_per_cm2, positive},
    {"max_density_per_cm2", &Laser::max_density_per_cm2, positive},
    {"heat_inflammation_fold", &Laser::heat_inflammation_fold, {.min = 1.0, .max = 100.0}},
}};

bool is_ablative_kind(LaserKind kind) {
  return kind == LaserKind::co2 || kind == LaserKind::er_yag;
}

void check_laser(TableReader& r, const Laser& laser) {
  if (r.failed()) return;
  if (laser.min_energy_mj > laser.max_energy_mj)
    return r.fail("max_energy_mj", "must not be below min_energy_mj");
  if (laser.min_density_per_cm2 > laser.max_density_per_cm2)
    return r.fail("max_density_per_cm2", "must not be below min_density_per_cm2");
  if (laser.ablative != is_ablative_kind(laser.kind))
    r.fail("ablative", "CO2 and Er:YAG lasers ablate; 1,540 and 1,550 nm lasers do not");
}

void read_laser(TableReader& r, Laser& laser) {
  r.read_string("id", Presence::required, laser.id);
  r.read_choice<LaserKind>("kind", laser_kinds, laser.kind, Presence::required);
  if (!r.has("ablative") && !r.failed()) r.fail("ablative", "missing required key 'ablative'");
  r.read_bool("ablative", laser.ablative);
  for (const Entry& e : laser_keys)
    r.read_number(e.key, e.range, 1.0, Presence::required, laser.*e.member);
  check_laser(r, laser);
}

Status check_unique(const LaserCatalog& catalog, std::string_view file) {
  for (std::size_t i = 0; i < catalog.lasers.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (catalog.lasers[i].id == catalog.lasers[j].id)
        return fail(Error::invalid_input("laser '" + catalog.lasers[i].id + "' is listed twice",
                                         std::string(file)));
  return {};
}

std::string key_of(std::string_view field, std::string_view key) {
  return field.empty() ? std::string(key) : std::string(field) + "." + std::string(key);
}

Status out_of_range(std::string_view field, std::string_view key, double value, double min,
                    double max, std::string_view unit, const Laser& laser) {
  return fail(Error::invalid_input(format_number(value) + " " + std::string(unit) +
                                       " is outside the range of laser '" + laser.id +
                                       "': " + format_number(min) + "-" + format_number(max) + " " +
                                       std::string(unit),
                                   key_of(field, key)));
}

double column_area_cm2(double diameter_um) {
  const double radius_um = 0.5 * diameter_um;
  return std::numbers::pi * radius_um * radius_um / um2_per_cm2;
}

}  // namespace

Result<LaserCatalog> LaserCatalog::load(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "laser file"));
  const std::string file = path.string();
  LaserCatalog catalog;
  TableReader reader(root, "", file);
  read_each(reader, "laser", max_lasers,
            [&](TableReader& r) { read_laser(r, catalog.lasers.emplace_back()); });
  if (!reader.failed() && catalog.lasers.empty()) reader.fail("laser", "no [[laser]] tables");
  DERMASIM_TRY(reader.finish());
  DERMASIM_TRY(check_unique(catalog, file));
  return catalog;
}

const Laser* LaserCatalog::find(std::string_view laser_id) const {
  for (const Laser& laser : lasers)
    if (laser.id == laser_id) return &laser;
  return nullptr;
}

Status LaserCatalog::check(const LaserSettings& settings, std::string_view field) const {
  const Laser* laser = find(settings.laser);
  if (laser == nullptr) {
    std::vector<std::string> ids;
    for (const Laser& known : lasers) ids.push_back(known.id);
    return fail(Error::invalid_input(
        "unknown laser '" + settings.laser + "'" + engine::detail::suggestion(settings.laser, ids),
        key_of(field, "laser")));
  }
  if (!(settings.energy_mj >= laser->min_energy_mj && settings.energy_mj <= laser->max_energy_mj))
    return out_of_range(field, "energy_mj", settings.energy_mj, laser->min_energy_mj,
                        laser->max_energy_mj, "mJ", *laser);
  if (settings.passes < 1)
    return fail(Error::invalid_input("must be >= 1, not " + std::to_string(settings.passes),
                                     key_of(field, "passes")));
  if ((settings.density_per_cm2 > 0.0) == (settings.density_percent > 0.0))
    return fail(Error::invalid_input("give exactly one of density_per_cm2 and density_percent",
                                     key_of(field, "density_per_cm2")));
  const double density = density_per_pass_per_cm2(settings, laser->column_diameter_um);
  if (density < laser->min_density_per_cm2 || density > laser->max_density_per_cm2) {
    const std::string_view key =
        settings.density_percent > 0.0 ? "density_percent" : "density_per_cm2";
    return out_of_range(field, key, density, laser->min_density_per_cm2, laser->max_density_per_cm2,
                        "columns/cm2 per pass", *laser);
  }
  return {};
}

LaserColumns LaserCatalog::columns(const LaserSettings& settings) const {
  const Laser* laser = find(settings.laser);
  assert(laser != nullptr);
  LaserColumns columns;
  columns.ablative = laser->ablative;
  columns.radius_um = 0.5 * laser->column_diameter_um;
  columns.depth_um = laser->depth_offset_um + laser->depth_um_per_mj * settings.energy_mj;
  columns.coagulation_rim_um = laser->coagulation_rim_um;
  columns.density_per_cm2 =
      settings.passes * density_per_pass_per_cm2(settings, laser->column_diameter_um);
  columns.heat_inflammation_fold = laser->heat_inflammation_fold;
  return columns;
}

double density_per_pass_per_cm2(const LaserSettings& settings, double column_diameter_um) {
  if (settings.density_per_cm2 > 0.0) return settings.density_per_cm2;
  return 0.01 * settings.density_percent / column_area_cm2(column_diameter_um);
}

std::vector<skin::Injury> laser_injuries(const LaserColumns& columns, double side_um, double at_h,
                                         std::uint64_t seed) {
  const double area_cm2 = side_um * side_um / um2_per_cm2;
  const auto count = static_cast<std::uint64_t>(std::llround(columns.density_per_cm2 * area_cm2));
  std::vector<skin::Injury> injuries;
  injuries.reserve(count);
  for (std::uint64_t n = 0; n < count; ++n) {
    const auto u = engine::uniforms(seed, n, 0, column_stream);
    skin::Injury& injury = injuries.emplace_back();
    injury.kind = skin::InjuryKind::laser_column;
    injury.at_h = at_h;
    injury.centre_um = {u[0] * side_um, u[1] * side_um};
    injury.centred = false;
    injury.radius_um = columns.radius_um;
    injury.depth_um = columns.depth_um;
    injury.coagulation_rim_um = columns.coagulation_rim_um;
    injury.heat_inflammation_fold = columns.heat_inflammation_fold;
    injury.ablative = columns.ablative;
  }
  return injuries;
}

void read_laser_settings(TableReader& r, LaserSettings& s) {
  r.read_string("laser", Presence::required, s.laser);
  r.read_number("energy_mj", positive, 1.0, Presence::required, s.energy_mj);
  r.read_number("density_per_cm2", positive, 1.0, Presence::optional, s.density_per_cm2);
  r.read_number("density_percent", {.min = 0.0, .min_inclusive = false, .max = 100.0}, 1.0,
                Presence::optional, s.density_percent);
  double passes = s.passes;
  r.read_number("passes", {.min = 1.0, .max = 100.0}, 1.0, Presence::optional, passes);
  if (r.failed()) return;
  if (passes != std::floor(passes))
    return r.fail("passes", "must be a whole number, not " + format_number(passes));
  s.passes = static_cast<int>(passes);
  const bool per_cm2 = r.has("density_per_cm2"), percent = r.has("density_percent");
  if (per_cm2 == percent)
    r.fail("density_per_cm2", "give exactly one of density_per_cm2 and density_percent");
}

}  // namespace dermasim::treatment
