// Reads a dermis scenario file ([dermis], [lifestyle], [simulation], [output], [[injury]],
// [[uv]]).
#include "skin/dermis_scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/toml_reader.hpp"
#include "skin/linked_files.hpp"

namespace dermasim::skin {
namespace {

using detail::load_linked;
using engine::detail::Choice;
using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr auto optional = Presence::optional;
constexpr std::size_t max_injuries = 10000;
constexpr std::array<engine::detail::TimeUnit, 2> days_or_hours = {engine::detail::days,
                                                                   engine::detail::hours};

constexpr std::array<Choice<InjuryKind>, 6> injury_kinds = {{
    {"needle", InjuryKind::needle},
    {"needle_field", InjuryKind::needle_field},
    {"laser_column", InjuryKind::laser_column},
    {"bolus", InjuryKind::bolus},
    {"punch", InjuryKind::punch},
    {"atrophic_scar", InjuryKind::atrophic_scar},
}};

struct DermisKeys {
  std::string zone;
  double fitzpatrick = 0.0;
};

// Reads every key of [dermis] first, then checks them and loads the files it names.
void read_dermis(TableReader& r, const std::filesystem::path& path, DermisScenario& s,
                 DermisKeys& keys) {
  r.read_string("zone", required, keys.zone);
  r.read_number("fitzpatrick", {.min = 1.0, .max = 6.0}, 1.0, required, keys.fitzpatrick);
  r.read_number("side_um", {.min = 50.0, .max = 5000.0}, 1.0, required, s.side_um);
  r.read_number("depth_um", {.min = 0.0, .max = 6000.0}, 1.0, optional, s.depth_um);
  r.read_number("voxel_um", {.min = 5.0, .max = 200.0}, 1.0, optional, s.voxel_um);
  double epidermis_um = 0.0, dermis_um = 0.0;
  r.read_number("epidermis_um", {.min = 10.0, .max = 500.0}, 1.0, optional, epidermis_um);
  r.read_number("dermis_um", {.min = 100.0, .max = 6000.0}, 1.0, optional, dermis_um);
  std::array<std::string, 4> files;
  constexpr std::array<std::string_view, 4> file_keys = {"parameters", "factors", "modifiers",
                                                         "zones"};
  for (std::size_t f = 0; f < files.size(); ++f) r.read_string(file_keys[f], required, files[f]);
  if (r.failed()) return;
  if (!detail::whole_phototype(r, keys.fitzpatrick, s.fitzpatrick)) return;
  if (!load_linked(r, file_keys[0], files[0], path, load_dermis_parameters, s.parameters)) return;
  if (!load_linked(r, file_keys[1], files[1], path, load_factor_table, s.factors)) return;
  if (!load_linked(r, file_keys[2], files[2], path, load_modifier_parameters,
                   s.modifier_parameters))
    return;
  detail::load_zone(r, file_keys[3], files[3], path, keys.zone, s.zone);
  // A measured patient, or a benchmark's fixed geometry, overrides the zone's thicknesses.
  if (epidermis_um > 0.0) s.zone.epidermis_um = epidermis_um;
  if (dermis_um > 0.0) s.zone.dermis_um = dermis_um;
}

void read_simulation(TableReader& r, DermisScenario& s) {
  r.read_time("duration", engine::detail::in_hours_minutes_or_days, positive, required,
              s.duration_h);
  r.read_time("step", engine::detail::in_minutes_or_hours, positive, optional, s.step_h);
  r.read_count("seed", s.seed);
  if (!r.failed() && (s.step_h < 1.0 / 60.0 || s.step_h > 1.0))
    r.fail("step_min", "must be between 1 and 60 minutes (the cytokines live for minutes)");
}

void read_injury(TableReader& r, Injury& injury) {
  r.read_choice<InjuryKind>("kind", injury_kinds, injury.kind, required);
  r.read_time("at", days_or_hours, non_negative, optional, injury.at_h);
  const bool has_x = r.has("x_um"), has_y = r.has("y_um");
  r.read_number("x_um", non_negative, 1.0, optional, injury.centre_um[0]);
  r.read_number("y_um", non_negative, 1.0, optional, injury.centre_um[1]);
  injury.centred = !(has_x || has_y);
  r.read_number("radius_um", {.min = 1.0, .max = 5000.0}, 1.0, required, injury.radius_um);
  r.read_number("depth_um", {.min = 1.0, .max = 6000.0}, 1.0, required, injury.depth_um);
  const bool field = injury.kind == InjuryKind::needle_field;
  const bool laser = injury.kind == InjuryKind::laser_column;
  const bool scar = injury.kind == InjuryKind::atrophic_scar;
  r.read_number("density_per_cm2", {.min = 1.0, .max = 1e5}, 1.0, field ? required : optional,
                injury.density_per_cm2);
  r.read_number("coagulation_rim_um", {.min = 0.0, .max = 500.0}, 1.0, optional,
                injury.coagulation_rim_um);
  r.read_bool("ablative", injury.ablative);
  r.read_number("collagen_fraction", {.min = 0.0, .max = 1.0}, 1.0, optional,
                injury.collagen_fraction);
  r.read_number("collagen3_share", {.min = 0.0, .max = 1.0}, 1.0, optional, injury.collagen3_share);
  if (r.failed()) return;
  if (has_x != has_y) return r.fail(has_x ? "y_um" : "x_um", "give both x_um and y_um, or neither");
  if (!field && r.has("density_per_cm2"))
    return r.fail("density_per_cm2", "applies to kind = \"needle_field\" only");
  if (!laser && (r.has("coagulation_rim_um") || r.has("ablative")))
    return r.fail("ablative", "coagulation_rim_um and ablative apply to kind = \"laser_column\"");
  if (!scar && (r.has("collagen_fraction") || r.has("collagen3_share")))
    return r.fail("collagen_fraction",
                  "collagen_fraction and collagen3_share apply to kind = \"atrophic_scar\"");
  if (scar && injury.at_h != 0.0)
    r.fail("at_days", "an atrophic scar is the starting state: leave at_days out");
}

// Checks that an injury fits the block and the skin.
void check_injury(TableReader& r, const DermisScenario& s, const Injury& injury) {
  if (r.failed()) return;
  if (!injury.centred && (injury.centre_um[0] > s.side_um || injury.centre_um[1] > s.side_um))
    return r.fail("x_um", "lies outside the block (side_um = " +
                              engine::detail::format_number(s.side_um) + ")");
  if (injury.depth_um > s.depth_um)
    return r.fail("depth_um", "is deeper than the simulated skin (" +
                                  engine::detail::format_number(s.depth_um) + " um)");
  if (injury.at_h >= s.duration_h)
    r.fail("at_days", "is at or after the end of the run (duration)");
}

void read_uv(TableReader& r, const DermisScenario& s, UvExposure& uv) {
  r.read_time("at", days_or_hours, non_negative, required, uv.at_h);
  r.read_number("dose_med", {.min = 0.0, .min_inclusive = false, .max = 20.0}, 1.0, required,
                uv.dose_med);
  if (!r.failed() && uv.at_h >= s.duration_h)
    r.fail("at_days", "is at or after the end of the run (duration)");
}

// The simulated depth: the scenario's, else the zone's epidermis and dermis, rounded up to whole
// voxels.
void settle_depth(DermisScenario& s) {
  if (s.depth_um == 0.0) s.depth_um = s.zone.epidermis_um + s.dermis_um();
  s.depth_um = std::ceil(s.depth_um / s.voxel_um - 1e-9) * s.voxel_um;
  s.side_um = std::ceil(s.side_um / s.voxel_um - 1e-9) * s.voxel_um;
}

}  // namespace

Result<DermisScenario> dermis_scenario_from_data(const std::filesystem::path& data_dir,
                                                 const DermisBlock& block,
                                                 const LifestyleProfile& lifestyle) {
  DermisScenario s;
  s.name = "dermis block (" + block.zone + ")";
  DERMASIM_TRY_ASSIGN(s.parameters, load_dermis_parameters(data_dir / "dermis" / "dermis.toml"));
  DERMASIM_TRY_ASSIGN(s.factors, load_factor_table(data_dir / "dermis" / "factors.toml"));
  DERMASIM_TRY_ASSIGN(s.modifier_parameters,
                      load_modifier_parameters(data_dir / "dermis" / "modifiers.toml"));
  DERMASIM_TRY_ASSIGN(const ZoneTable zones, ZoneTable::load(data_dir / "zones.toml"));
  DERMASIM_TRY_ASSIGN(s.zone, zones.find(block.zone));
  s.lifestyle = lifestyle;
  s.modifiers = dermis_modifiers(lifestyle, s.modifier_parameters);
  s.side_um = block.side_um;
  s.depth_um = block.depth_um;
  s.voxel_um = block.voxel_um;
  s.duration_h = block.duration_h;
  s.seed = block.seed;
  settle_depth(s);
  return s;
}

Result<bool> is_dermis_scenario(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::max_scenario_bytes, "scenario file"));
  return root.contains("dermis");
}

Result<DermisScenario> load_dermis_scenario(const std::filesystem::path& path,
                                            std::span<const std::string_view> read_elsewhere) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "dermis scenario file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  DermisScenario s;
  s.source_file = path;
  s.name = path.stem().string();
  reader.read_string("name", optional, s.name);
  DermisKeys keys;
  read_section(reader, "dermis", required, [&](TableReader& r) { read_dermis(r, path, s, keys); });
  read_section(reader, "lifestyle", optional,
               [&](TableReader& r) { read_lifestyle(r, s.lifestyle); });
  read_section(reader, "simulation", required, [&](TableReader& r) { read_simulation(r, s); });
  read_section(reader, "output", optional, [&](TableReader& r) {
    r.read_number("timeseries_interval_h", non_negative, 1.0, optional, s.timeseries_interval_h);
  });
  // Injuries and exposures are read below, once the block's depth is known.
  reader.has("injury"), reader.has("uv");
  for (std::string_view key : read_elsewhere) reader.has(key);
  DERMASIM_TRY(reader.finish());
  s.modifiers = dermis_modifiers(s.lifestyle, s.modifier_parameters);
  settle_depth(s);
  if (s.depth_um < s.zone.epidermis_um + 2.0 * s.voxel_um)
    return fail(
        Error::invalid_input("depth_um must reach at least two voxels below the epidermis", file));
  TableReader events(root, "", file);
  events.read_string("name", optional, s.name);
  for (const char* section : {"dermis", "lifestyle", "simulation", "output"}) events.has(section);
  for (std::string_view key : read_elsewhere) events.has(key);
  read_each(events, "injury", max_injuries, [&](TableReader& r) {
    Injury injury;
    read_injury(r, injury);
    check_injury(r, s, injury);
    s.injuries.push_back(injury);
  });
  read_each(events, "uv", max_injuries, [&](TableReader& r) {
    UvExposure uv;
    read_uv(r, s, uv);
    s.uv.push_back(uv);
  });
  DERMASIM_TRY(events.finish());
  std::stable_sort(s.injuries.begin(), s.injuries.end(),
                   [](const Injury& a, const Injury& b) { return a.at_h < b.at_h; });
  std::stable_sort(s.uv.begin(), s.uv.end(),
                   [](const UvExposure& a, const UvExposure& b) { return a.at_h < b.at_h; });
  return s;
}

}  // namespace dermasim::skin
