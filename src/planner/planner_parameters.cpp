// Reading data/planner/planner.toml (see planner_parameters.hpp).
#include "planner/planner_parameters.hpp"

#include <algorithm>

#include "engine/toml_reader.hpp"

namespace dermasim::planner {
namespace {

using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::TableReader;
constexpr Presence required = Presence::required;
constexpr Range positive{.min = 0.0, .min_inclusive = false};
constexpr Range non_negative{.min = 0.0};
constexpr Range probability{.min = 0.0, .max = 1.0};
constexpr Range depth_range{.min = 0.1, .max = 3.0};

void read_search(TableReader& r, PlannerParameters& p) {
  r.read_number_list("intervals_days", {.min = 7.0, .max = 365.0}, 20, p.intervals_days);
  std::vector<double> passes;
  r.read_number_list("passes", {.min = 1.0, .max = 10.0}, 10, passes);
  for (const double n : passes) p.passes.push_back(static_cast<int>(n));
  r.read_number("speed_cm_per_s", positive, 1.0, required, p.speed_cm_per_s);
  r.read_number("depth_step_mm", {.min = 0.05, .max = 1.0}, 1.0, required, p.depth_step_mm);
  r.read_number("assessed_after_days", {.min = 30.0, .max = 3650.0}, 1.0, required,
                p.assessed_after_days);
  r.read_number("settle_days", non_negative, 1.0, required, p.settle_days);
}

void read_concern(TableReader& r, ConcernSettings& c) {
  double depth[2] = {0.0, 0.0};
  r.read_number_array("depth_mm", depth_range, depth);
  c.min_depth_mm = depth[0];
  c.max_depth_mm = depth[1];
  if (!r.failed() && depth[1] < depth[0]) r.fail("depth_mm", "the maximum is below the minimum");
  r.read_string_or_integer("cartridge", required, c.cartridge);
  r.read_string_list("single_for", c.single_for);
  r.read_string("evidence", required, c.evidence);
}

void read_alternatives(TableReader& root, AlternativeSettings& a) {
  engine::detail::read_section(root, "alternative", required, [&](TableReader& alt) {
    engine::detail::read_section(alt, "topical", required, [&](TableReader& r) {
      r.read_string("product", required, a.topical_product);
      r.read_number("times_per_day", positive, 1.0, required, a.topical_times_per_day);
      r.read_number("volume_ul_per_cm2", positive, 1.0, required, a.topical_volume_ul_per_cm2);
      r.read_number("days", positive, 1.0, required, a.topical_days);
    });
    engine::detail::read_section(alt, "injection", required, [&](TableReader& r) {
      double sessions = 0.0;
      r.read_string("product", required, a.injection_product);
      r.read_number("volume_ul_per_cm2", positive, 1.0, required, a.injection_volume_ul_per_cm2);
      r.read_number("depth_mm", positive, 1.0, required, a.injection_depth_mm);
      r.read_number("sessions", {.min = 1.0, .max = 20.0}, 1.0, required, sessions);
      r.read_number("interval_days", positive, 1.0, required, a.injection_interval_days);
      a.injection_sessions = static_cast<int>(sessions);
    });
    engine::detail::read_section(alt, "laser", required, [&](TableReader& r) {
      double sessions = 0.0;
      r.read_string("ablative", required, a.ablative_laser);
      r.read_number("ablative_energy_mj", positive, 1.0, required, a.ablative_energy_mj);
      r.read_number("ablative_density_per_cm2", positive, 1.0, required,
                    a.ablative_density_per_cm2);
      r.read_string("nonablative", required, a.nonablative_laser);
      r.read_number("nonablative_energy_mj", positive, 1.0, required, a.nonablative_energy_mj);
      r.read_number("nonablative_density_per_cm2", positive, 1.0, required,
                    a.nonablative_density_per_cm2);
      r.read_number("sessions", {.min = 1.0, .max = 20.0}, 1.0, required, sessions);
      r.read_number("interval_days", positive, 1.0, required, a.laser_interval_days);
      a.laser_sessions = static_cast<int>(sessions);
    });
  });
}

constexpr std::array<patient::ConcernKind, 8> concern_kinds = {
    patient::ConcernKind::fine_lines,    patient::ConcernKind::texture,
    patient::ConcernKind::acne_scars,    patient::ConcernKind::post_traumatic_scars,
    patient::ConcernKind::stretch_marks, patient::ConcernKind::pigment,
    patient::ConcernKind::hydration,     patient::ConcernKind::laxity};

}  // namespace

Result<PlannerParameters> load_planner_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "planner parameters"));
  PlannerParameters p;
  const std::string file = path.string();  // the reader keeps a view of it
  TableReader reader(root, "", file);
  engine::detail::read_section(reader, "search", required,
                               [&](TableReader& r) { read_search(r, p); });
  engine::detail::read_section(reader, "objective", required, [&](TableReader& r) {
    r.read_number("session_cost", non_negative, 1.0, required, p.session_cost);
    r.read_number("product_cost", non_negative, 1.0, required, p.product_cost);
    r.read_number("target_bonus", non_negative, 1.0, required, p.target_bonus);
    r.read_number("alignment_tolerance", non_negative, 1.0, required, p.alignment_tolerance);
  });
  engine::detail::read_section(reader, "safety", required, [&](TableReader& r) {
    r.read_number("max_pih_probability", probability, 1.0, required, p.max_pih_probability);
    r.read_number("max_pih_probability_with_history", probability, 1.0, required,
                  p.max_pih_probability_with_history);
  });
  engine::detail::read_section(reader, "downtime", required, [&](TableReader& r) {
    r.read_number_list("depth_mm", depth_range, 20, p.downtime_depth_mm);
    r.read_number_list("days", non_negative, 20, p.downtime_days);
    r.read_number("ablative_laser_days", non_negative, 1.0, required,
                  p.ablative_laser_downtime_days);
    r.read_number("nonablative_laser_days", non_negative, 1.0, required,
                  p.nonablative_laser_downtime_days);
    if (!r.failed() && (p.downtime_depth_mm.size() != p.downtime_days.size() ||
                        !std::is_sorted(p.downtime_depth_mm.begin(), p.downtime_depth_mm.end())))
      r.fail("days", "needs one value per depth_mm entry, depths in increasing order");
  });
  engine::detail::read_section(reader, "concern", required, [&](TableReader& concerns) {
    for (const patient::ConcernKind kind : concern_kinds)
      engine::detail::read_section(
          concerns, patient::concern_kind_name(kind), required,
          [&](TableReader& r) { read_concern(r, p.concerns[static_cast<std::size_t>(kind)]); });
  });
  engine::detail::read_section(reader, "products", required, [&](TableReader& r) {
    r.read_string_list("channels", p.channel_products);
    r.read_number("volume_ul_per_cm2", positive, 1.0, required, p.channel_volume_ul_per_cm2);
  });
  read_alternatives(reader, p.alternatives);
  DERMASIM_TRY(reader.finish());
  return p;
}

double needling_downtime_days(const PlannerParameters& p, double depth_mm) {
  const std::vector<double>& x = p.downtime_depth_mm;
  const std::vector<double>& y = p.downtime_days;
  if (x.empty()) return 0.0;
  if (depth_mm <= x.front()) return y.front();
  for (std::size_t i = 1; i < x.size(); ++i)
    if (depth_mm <= x[i])
      return y[i - 1] + (y[i] - y[i - 1]) * (depth_mm - x[i - 1]) / (x[i] - x[i - 1]);
  return y.back();
}

}  // namespace dermasim::planner
