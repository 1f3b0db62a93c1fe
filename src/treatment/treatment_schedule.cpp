// Reads a scenario's treatment schedule ([treatment], [[session]], [home_care]).
#include "treatment/treatment_schedule.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/calendar.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::Choice;
using engine::detail::format_number;
using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr auto optional = Presence::optional;
constexpr std::size_t max_sessions = 200;
constexpr std::size_t max_items = 100;

constexpr std::array<Choice<Route>, 5> routes = {{
    {"topical", Route::topical},
    {"channels", Route::channels},
    {"injection", Route::injection},
    {"oral", Route::oral},
    {"fat_transfer", Route::fat_transfer},
}};

void read_product_use(TableReader& r, ProductUse& use) {
  r.read_string("product", required, use.product);
  r.read_choice<Route>("route", routes, use.route, required);
  r.read_number("volume_ul_per_cm2", {.min = 0.0, .max = 1000.0}, 1.0, optional,
                use.volume_ul_per_cm2);
  r.read_number("after_min", {.min = 0.0, .max = 24.0 * 60.0}, 1.0, optional, use.after_min);
  r.read_number("contact_min", {.min = 0.0, .min_inclusive = false, .max = 7.0 * 24.0 * 60.0}, 1.0,
                optional, use.contact_min);
  bool occluded = false;
  r.read_bool("occluded", occluded);
  use.occlusion = occluded ? Occlusion::occluded : Occlusion::open_air;
  r.read_number("depth_mm", {.min = 0.0, .max = 6.0}, 1.0,
                use.route == Route::injection ? required : optional, use.depth_mm);
  r.read_number("dose_ml", {.min = 0.0, .min_inclusive = false, .max = 1000.0}, 1.0,
                use.route == Route::oral ? required : optional, use.dose_ml);
  r.read_number("days", {.min = 1.0, .max = 3650.0}, 1.0, optional, use.days);
  r.read_number("graft_ml_per_cm2", {.min = 0.0, .min_inclusive = false, .max = 10.0}, 1.0,
                use.route == Route::fat_transfer ? required : optional, use.graft_ml_per_cm2);
  if (r.failed()) return;
  const auto only_for = [&](const char* key, bool allowed, const char* route) {
    if (!allowed && r.has(key) && !r.failed())
      r.fail(key, std::string("applies to route = \"") + route + "\" only");
  };
  only_for("after_min", use.route == Route::channels, "channels");
  only_for("depth_mm", use.route == Route::injection, "injection");
  only_for("dose_ml", use.route == Route::oral, "oral");
  only_for("days", use.route == Route::oral, "oral");
  only_for("graft_ml_per_cm2", use.route == Route::fat_transfer, "fat_transfer");
}

void read_zone(TableReader& r, ZoneTreatment& zone) {
  r.read_string("zone", required, zone.zone);
  read_each(r, "pass", max_items, [&](TableReader& p) {
    NeedlingPass pass;
    read_needling_pass(p, pass);
    zone.passes.push_back(pass);
  });
  read_each(r, "laser", max_items, [&](TableReader& l) {
    LaserSettings laser;
    read_laser_settings(l, laser);
    zone.lasers.push_back(laser);
  });
  read_each(r, "product", max_items, [&](TableReader& p) {
    ProductUse use;
    read_product_use(p, use);
    zone.products.push_back(use);
  });
  if (!r.failed() && zone.passes.empty() && zone.lasers.empty() && zone.products.empty())
    r.fail("zone", "names no pass, laser or product: give at least one");
}

// The session's day: `day` or `date` (then [treatment] start_date is needed).
void read_session_time(TableReader& r, Session& session, std::optional<int> start_day) {
  const bool has_day = r.has("day"), has_date = r.has("date");
  r.read_number("day", non_negative, 1.0, optional, session.day);
  r.read_string("date", optional, session.date);
  if (r.failed()) return;
  if (has_day == has_date) return r.fail("day", "give exactly one of day and date");
  if (!has_date) return;
  const std::optional<int> day = days_since_epoch(session.date);
  if (!day) return r.fail("date", "'" + session.date + "' is not a date of the form YYYY-MM-DD");
  if (!start_day) return r.fail("date", "dates need [treatment] start_date, the run's first day");
  if (*day < *start_day) return r.fail("date", "is before [treatment] start_date");
  session.day = *day - *start_day;
}

struct ScheduleReader {
  TreatmentSchedule schedule;
  std::optional<int> start_day;
  std::map<std::string, std::size_t> cartridge_session;  // cartridge id → first session using it
  double duration_h = 0.0;

  void read_treatment(TableReader& r, const std::filesystem::path& folder) {
    std::string data = "..", date;
    r.read_string("data", optional, data);
    std::vector<std::string> files;
    r.read_string_list("product_files", files);
    r.read_string("start_date", optional, date);
    if (r.failed()) return;
    schedule.data_dir = folder / data;
    for (const std::string& f : files) schedule.product_files.push_back(folder / f);
    if (date.empty()) return;
    start_day = days_since_epoch(date);
    if (!start_day) r.fail("start_date", "'" + date + "' is not a date of the form YYYY-MM-DD");
  }

  void read_session(TableReader& r, std::size_t index) {
    Session session;
    read_session_time(r, session, start_day);
    read_each(r, "zone", max_items, [&](TableReader& z) {
      ZoneTreatment zone;
      read_zone(z, zone);
      session.zones.push_back(zone);
    });
    if (r.failed()) return;
    if (session.zones.empty())
      return r.fail("zone", "a session needs at least one [[session.zone]]");
    if (!schedule.sessions.empty() && session.day <= schedule.sessions.back().day)
      return r.fail(session.date.empty() ? "day" : "date",
                    "session dates out of order: day " + format_number(session.day) +
                        " does not come after the previous session's day " +
                        format_number(schedule.sessions.back().day));
    if (session.day * 24.0 >= duration_h)
      return r.fail(session.date.empty() ? "day" : "date", "is at or after the end of the run");
    check_cartridges(r, session, index);
    schedule.sessions.push_back(session);
  }

  // A cartridge is disposable: an id may serve several passes and zones of one session only.
  void check_cartridges(TableReader& r, const Session& session, std::size_t index) {
    for (const ZoneTreatment& zone : session.zones)
      for (const NeedlingPass& pass : zone.passes) {
        if (pass.cartridge_id.empty()) continue;
        const auto [it, inserted] = cartridge_session.emplace(pass.cartridge_id, index);
        if (!inserted && it->second != index)
          return r.absorb(fail(Error::conflict(
              "cartridge reused: '" + pass.cartridge_id + "' was used in session " +
                  std::to_string(it->second) + "; needle cartridges are single-use, open a new one",
              r.key_path("zone"))));
      }
  }

  // The [[session]] tables and [home_care] of a scenario or program file.
  void read_sessions_and_care(TableReader& root) {
    std::size_t index = 0;
    read_each(root, "session", max_sessions, [&](TableReader& r) { read_session(r, index++); });
    read_section(root, "home_care", optional, [&](TableReader& r) { read_home_care(r); });
  }

  void read_home_care(TableReader& r) {
    HomeCare& care = schedule.home_care;
    const double end_day = duration_h / 24.0;
    care.sun_to_day = end_day;
    r.read_number("sun_med_per_day", {.min = 0.0, .max = 20.0}, 1.0, optional,
                  care.sun_med_per_day);
    r.read_number("spf", {.min = 1.0, .max = 100.0}, 1.0, optional, care.spf);
    r.read_number("sun_from_day", non_negative, 1.0, optional, care.sun_from_day);
    r.read_number("sun_to_day", non_negative, 1.0, optional, care.sun_to_day);
    read_each(r, "topical", max_items, [&](TableReader& t) {
      HomeTopical topical;
      topical.to_day = end_day;
      t.read_string("product", required, topical.product);
      t.read_number("times_per_day", {.min = 0.0, .min_inclusive = false, .max = 6.0}, 1.0,
                    optional, topical.times_per_day);
      t.read_number("volume_ul_per_cm2", {.min = 0.0, .min_inclusive = false, .max = 100.0}, 1.0,
                    optional, topical.volume_ul_per_cm2);
      t.read_number("from_day", non_negative, 1.0, optional, topical.from_day);
      t.read_number("to_day", non_negative, 1.0, optional, topical.to_day);
      if (!t.failed() && topical.to_day <= topical.from_day)
        t.fail("to_day", "must come after from_day");
      care.topicals.push_back(topical);
    });
    if (!r.failed() && care.sun_to_day < care.sun_from_day)
      r.fail("sun_to_day", "must not come before sun_from_day");
  }
};

}  // namespace

bool has_schedule(const toml::table& root) {
  for (std::string_view key : schedule_tables)
    if (root.contains(key)) return true;
  return false;
}

Result<TreatmentSchedule> read_treatment_schedule(const std::filesystem::path& scenario_file,
                                                  double duration_h) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(scenario_file, engine::detail::mebibyte, "scenario file"));
  const std::string file = scenario_file.string();
  const std::filesystem::path folder = scenario_file.parent_path();
  ScheduleReader reader;
  reader.duration_h = duration_h;
  reader.schedule.data_dir = folder / "..";
  TableReader root_reader(root, "", file);
  for (const auto& [key, node] : root)
    if (std::find(schedule_tables.begin(), schedule_tables.end(), key.str()) ==
        schedule_tables.end())
      root_reader.has(key.str());  // the dermis loader reads the rest
  read_section(root_reader, "treatment", optional,
               [&](TableReader& r) { reader.read_treatment(r, folder); });
  reader.read_sessions_and_care(root_reader);
  DERMASIM_TRY(root_reader.finish());
  return reader.schedule;
}

Result<TreatmentSchedule> read_program(const std::filesystem::path& file,
                                       std::string_view start_date, double horizon_days,
                                       const std::filesystem::path& data_dir) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  file, engine::detail::mebibyte, "program file"));
  ScheduleReader reader;
  reader.duration_h = horizon_days * 24.0;
  reader.schedule.data_dir = data_dir;
  reader.start_day = days_since_epoch(start_date);
  if (!reader.start_day)
    return fail(Error::invalid_input("'" + std::string(start_date) +
                                     "' is not a start date of the form YYYY-MM-DD"));
  // The readers keep a view of the file name: it must outlive them.
  const std::string file_name = file.string();
  TableReader root_reader(root, "", file_name);
  reader.read_sessions_and_care(root_reader);
  DERMASIM_TRY(root_reader.finish());
  if (reader.schedule.sessions.empty() && reader.schedule.home_care.topicals.empty())
    return fail(
        Error::invalid_input("the program has no [[session]] and no home-care topical", file_name));
  return reader.schedule;
}

}  // namespace dermasim::treatment
