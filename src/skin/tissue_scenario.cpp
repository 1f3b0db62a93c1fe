// Reads a tissue scenario file ([tissue], [simulation], [output], [[event]]).
#include "skin/tissue_scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/toml_reader.hpp"
#include "skin/linked_files.hpp"

namespace dermasim::skin {
namespace {

using detail::load_linked;
using engine::detail::Choice;
using engine::detail::day_in_hours;
using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr auto optional = Presence::optional;
constexpr Range area_fraction_range{.min = 0.0, .min_inclusive = false, .max = 1.0};
constexpr std::uintmax_t max_tissue_scenario_bytes = engine::detail::mebibyte;
constexpr std::size_t max_events = 10000;

constexpr std::array<Choice<TissueEventKind>, 5> event_kinds = {{
    {"uv", TissueEventKind::uv},
    {"abrasion", TissueEventKind::abrasion},
    {"barrier_breach", TissueEventKind::barrier_breach},
    {"inflammation", TissueEventKind::inflammation},
    {"growth_factor", TissueEventKind::growth_factor},
}};
constexpr std::array<Choice<AbrasionDepth>, 3> depths = {{
    {"stratum_corneum", AbrasionDepth::stratum_corneum},
    {"suprabasal", AbrasionDepth::suprabasal},
    {"basal", AbrasionDepth::basal},
}};
constexpr std::array<Choice<TissueModel>, 2> models = {{
    {"well_mixed", TissueModel::well_mixed},
    {"stratified", TissueModel::stratified},
}};
constexpr std::array<Choice<GrowthFactor>, 2> factors = {{
    {"egf", GrowthFactor::egf},
    {"kgf", GrowthFactor::kgf},
}};

struct TissueKeys {
  std::string zone;
  double fitzpatrick = 0.0;
};

// Reads every key of [tissue] first (so that a misspelt key is reported as such), then checks the
// phototype and loads the files the table names.
void read_tissue(TableReader& r, const std::filesystem::path& path, TissueScenario& s,
                 TissueKeys& keys) {
  r.read_string("zone", required, keys.zone);
  r.read_number("fitzpatrick", {.min = 1.0, .max = 6.0}, 1.0, required, keys.fitzpatrick);
  r.read_number("area_mm2", {.min = 1e-3, .max = 100.0}, 1.0, required, s.area_mm2);
  r.read_bool("regulation", s.regulation);
  r.read_choice<TissueModel>("model", models, s.model);
  r.read_number("ridge_depth_um", {.min = 0.0, .max = 500.0}, 1.0, optional, s.ridge_depth_um);
  r.read_number("ridge_period_um", {.min = 20.0, .max = 2000.0}, 1.0, optional, s.ridge_period_um);
  std::array<std::string, 3> files;
  constexpr std::array<std::string_view, 3> file_keys = {"kinetics", "parameters", "zones"};
  for (std::size_t f = 0; f < files.size(); ++f) r.read_string(file_keys[f], required, files[f]);
  if (r.failed()) return;
  if (!detail::whole_phototype(r, keys.fitzpatrick, s.fitzpatrick)) return;
  if (s.model == TissueModel::well_mixed && s.ridge_depth_um > 0.0)
    return r.fail("ridge_depth_um",
                  "rete ridges need model = \"stratified\" (a well-mixed patch "
                  "has no geometry)");
  if (!load_linked(r, file_keys[0], files[0], path, load_progenitor_kinetics, s.kinetics)) return;
  if (!load_linked(r, file_keys[1], files[1], path, load_tissue_parameters, s.parameters)) return;
  detail::load_zone(r, file_keys[2], files[2], path, keys.zone, s.zone);
}

void read_simulation(TableReader& r, TissueScenario& s) {
  r.read_time("spin_up", engine::detail::in_hours_minutes_or_days, non_negative, optional,
              s.spin_up_h);
  r.read_time("duration", engine::detail::in_hours_minutes_or_days, positive, required,
              s.duration_h);
  r.read_time("step", engine::detail::in_minutes_or_hours, positive, optional, s.step_h);
  r.read_count("seed", s.seed);
  if (!r.failed() && (s.step_h < 1.0 / 60.0 || s.step_h > 24.0))
    r.fail("step_min", "must be between 1 minute and 24 hours");
}

void read_output(TableReader& r, TissueScenario& s) {
  r.read_number("timeseries_interval_h", non_negative, 1.0, optional, s.timeseries_interval_h);
}

void read_event(TableReader& r, TissueEvent& e) {
  r.read_choice<TissueEventKind>("kind", event_kinds, e.kind, required);
  r.read_time("at", std::array{engine::detail::days, engine::detail::hours}, non_negative, required,
              e.at_h);
  if (r.failed()) return;
  switch (e.kind) {
    case TissueEventKind::uv:
      r.read_number("dose_mj_per_cm2", {.min = 0.0, .min_inclusive = false, .max = 1e4}, 1.0,
                    required, e.dose_mj_per_cm2);
      break;
    case TissueEventKind::abrasion:
      r.read_number("area_fraction", area_fraction_range, 1.0, required, e.area_fraction);
      r.read_choice<AbrasionDepth>("depth", depths, e.depth, required);
      break;
    case TissueEventKind::barrier_breach:
      r.read_number("area_fraction", area_fraction_range, 1.0, required, e.area_fraction);
      break;
    case TissueEventKind::inflammation:
      r.read_number("level", {.min = 0.0, .min_inclusive = false, .max = 100.0}, 1.0, required,
                    e.level);
      break;
    case TissueEventKind::growth_factor:
      r.read_choice<GrowthFactor>("factor", factors, e.factor, required);
      r.read_number("dermal_ng_per_ml", {.min = 0.0, .max = 1e6}, 1.0, required,
                    e.dermal_ng_per_ml);
      r.read_time("until", std::array{engine::detail::days, engine::detail::hours}, non_negative,
                  required, e.until_h);
      if (!r.failed() && e.until_h <= e.at_h)
        r.fail("until_days", "must be later than the event's start (at_days / at_h)");
      break;
  }
}

}  // namespace

Result<bool> is_tissue_scenario(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::max_scenario_bytes, "scenario file"));
  return root.contains("tissue");
}

Result<TissueScenario> load_tissue_scenario(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, max_tissue_scenario_bytes, "tissue scenario file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  TissueScenario s;
  s.source_file = path;
  s.name = path.stem().string();
  reader.read_string("name", optional, s.name);
  TissueKeys keys;
  read_section(reader, "tissue", required, [&](TableReader& r) { read_tissue(r, path, s, keys); });
  read_section(reader, "simulation", required, [&](TableReader& r) { read_simulation(r, s); });
  read_section(reader, "output", optional, [&](TableReader& r) { read_output(r, s); });
  read_each(reader, "event", max_events, [&](TableReader& r) {
    TissueEvent event;
    read_event(r, event);
    if (!r.failed() && event.at_h >= s.duration_h)
      r.fail("at_days", "is at or after the end of the run (duration_days after the spin-up)");
    s.events.push_back(event);
  });
  DERMASIM_TRY(reader.finish());
  std::stable_sort(s.events.begin(), s.events.end(),
                   [](const TissueEvent& a, const TissueEvent& b) { return a.at_h < b.at_h; });
  return s;
}

}  // namespace dermasim::skin
