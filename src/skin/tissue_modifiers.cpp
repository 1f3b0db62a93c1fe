// Reads the ageing and lifestyle mechanisms (data/dermis/modifiers.toml) and [lifestyle] tables,
// and maps a lifestyle profile onto the dermis' parameter multipliers.
#include "skin/tissue_modifiers.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "engine/toml_reader.hpp"

namespace dermasim::skin {
namespace {

using engine::detail::format_number;
using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr auto optional = Presence::optional;
constexpr double same = engine::detail::same_unit;
constexpr double max_age_years = 120.0;
constexpr double years_per_decade = 10.0;
constexpr Range open_fraction{.min = 0.0, .min_inclusive = false, .max = 1.0};
constexpr Range age_range{.min = 0.0, .max = max_age_years};
constexpr Range change_per_decade{.min = -1.0, .max = 1.0};

void read_age(TableReader& r, AgeParameters& p) {
  r.read_number("young_mid_age_years", age_range, same, required, p.young_mid_age_years);
  r.read_number("young_attachment_fraction", open_fraction, same, required,
                p.young_attachment_fraction);
  r.read_number("old_mid_age_years", age_range, same, required, p.old_mid_age_years);
  r.read_number("old_attachment_fraction", open_fraction, same, required,
                p.old_attachment_fraction);
  r.read_number("dermal_thickness_change_per_decade", change_per_decade, same, required,
                p.dermal_thickness_change_per_decade);
  r.read_number("fibroblast_density_change_per_decade", change_per_decade, same, required,
                p.fibroblast_density_change_per_decade);
  r.read_number("healing_rate_change_per_decade", change_per_decade, same, required,
                p.healing_rate_change_per_decade);
  if (r.failed()) return;
  if (p.old_mid_age_years <= p.young_mid_age_years)
    return r.fail("old_mid_age_years", "must be later than young_mid_age_years (" +
                                           format_number(p.young_mid_age_years) + ")");
  // Every linear age scale must stay positive up to the oldest age a profile may give.
  const double decades = (max_age_years - p.young_mid_age_years) / years_per_decade;
  for (const auto& [key, change] :
       {std::pair{"dermal_thickness_change_per_decade", p.dermal_thickness_change_per_decade},
        std::pair{"fibroblast_density_change_per_decade", p.fibroblast_density_change_per_decade},
        std::pair{"healing_rate_change_per_decade", p.healing_rate_change_per_decade}}) {
    if (1.0 + change * decades <= 0.0)
      return r.fail(key, "would make the scale non-positive before age " +
                             format_number(max_age_years) + "; must be > " +
                             format_number(-1.0 / decades));
  }
}

void read_smoking(TableReader& r, SmokingParameters& p) {
  r.read_number("reference_cigarettes_per_day", positive, same, required,
                p.reference_cigarettes_per_day);
  r.read_number("half_effect_cigarettes_per_day", positive, same, required,
                p.half_effect_cigarettes_per_day);
  r.read_number("collagen1_synthesis_ratio", positive, same, required, p.collagen1_synthesis_ratio);
  r.read_number("collagen3_synthesis_ratio", positive, same, required, p.collagen3_synthesis_ratio);
  r.read_number("collagenase_ratio", positive, same, required, p.collagenase_ratio);
  r.read_number("timp_ratio", positive, same, required, p.timp_ratio);
}

void read_chronic_uv(TableReader& r, ChronicUvParameters& p) {
  r.read_number("collagenase_increase_per_weekly_med", non_negative, same, required,
                p.collagenase_increase_per_weekly_med);
  r.read_number("gelatinase_increase_per_weekly_med", non_negative, same, required,
                p.gelatinase_increase_per_weekly_med);
}

void read_acute_uv(TableReader& r, AcuteUvResponse& p) {
  r.read_number("reference_dose_med", positive, same, required, p.reference_dose_med);
  r.read_number("collagenase_peak_fold", engine::detail::at_least_one, same, required,
                p.collagenase_peak_fold);
  r.read_number("gelatinase_peak_fold", engine::detail::at_least_one, same, required,
                p.gelatinase_peak_fold);
  r.read_number("mmp_peak_h", positive, same, required, p.mmp_peak_h);
  r.read_number("mmp_decay_h", positive, same, required, p.mmp_decay_h);
  r.read_number("procollagen_suppression_fraction", {.min = 0.0, .max = 1.0}, same, required,
                p.procollagen_suppression_fraction);
  r.read_number("procollagen_suppression_h", non_negative, same, required,
                p.procollagen_suppression_h);
  r.read_number("procollagen_recovery_h", positive, same, required, p.procollagen_recovery_h);
}

// 1 + change per decade × decades since the reference age; 1 at and below it.
double linear_age_scale(double change_per_decade_fraction, double age_years,
                        double reference_age_years) {
  const double decades = std::max(0.0, age_years - reference_age_years) / years_per_decade;
  return 1.0 + change_per_decade_fraction * decades;
}

void apply_age(const AgeParameters& p, double age_years, DermisModifiers& m) {
  const double reference = p.young_mid_age_years;
  m.procollagen_per_cell_scale =
      fibroblast_attachment_fraction(p, age_years) / p.young_attachment_fraction;
  m.dermal_thickness_scale =
      linear_age_scale(p.dermal_thickness_change_per_decade, age_years, reference);
  m.fibroblast_density_scale =
      linear_age_scale(p.fibroblast_density_change_per_decade, age_years, reference);
  m.healing_rate_scale = linear_age_scale(p.healing_rate_change_per_decade, age_years, reference);
}

void apply_smoking(const SmokingParameters& p, double cigarettes_per_day, DermisModifiers& m) {
  const double dose = smoking_dose_factor(p, cigarettes_per_day);
  m.collagen1_synthesis_scale *= std::pow(p.collagen1_synthesis_ratio, dose);
  m.collagen3_synthesis_scale *= std::pow(p.collagen3_synthesis_ratio, dose);
  m.collagenase_scale *= std::pow(p.collagenase_ratio, dose);
  m.timp_scale *= std::pow(p.timp_ratio, dose);
}

void apply_chronic_uv(const ChronicUvParameters& p, const LifestyleProfile& profile,
                      DermisModifiers& m) {
  const double weekly_med =
      profile.chronic_uv_med_per_week * (1.0 - std::clamp(profile.spf_protection, 0.0, 1.0));
  m.collagenase_scale *= 1.0 + p.collagenase_increase_per_weekly_med * weekly_med;
  m.gelatinase_scale *= 1.0 + p.gelatinase_increase_per_weekly_med * weekly_med;
}

}  // namespace

Result<ModifierParameters> load_modifier_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "modifier parameter file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  ModifierParameters p;
  read_section(reader, "age", required, [&](TableReader& r) { read_age(r, p.age); });
  read_section(reader, "smoking", required, [&](TableReader& r) { read_smoking(r, p.smoking); });
  read_section(reader, "chronic_uv", required,
               [&](TableReader& r) { read_chronic_uv(r, p.chronic_uv); });
  read_section(reader, "acute_uv", required, [&](TableReader& r) { read_acute_uv(r, p.acute_uv); });
  DERMASIM_TRY(reader.finish());
  return p;
}

double fibroblast_attachment_fraction(const AgeParameters& age, double age_years) {
  const double span = age.old_mid_age_years - age.young_mid_age_years;
  const double t = std::clamp((age_years - age.young_mid_age_years) / span, 0.0, 1.0);
  return age.young_attachment_fraction +
         t * (age.old_attachment_fraction - age.young_attachment_fraction);
}

double smoking_dose_factor(const SmokingParameters& smoking, double cigarettes_per_day) {
  const double dose = std::max(0.0, cigarettes_per_day);
  const double reference = smoking.reference_cigarettes_per_day;
  const double half = smoking.half_effect_cigarettes_per_day;
  return dose * (reference + half) / (reference * (dose + half));
}

DermisModifiers dermis_modifiers(const LifestyleProfile& profile,
                                 const ModifierParameters& parameters) {
  DermisModifiers m;
  apply_age(parameters.age, profile.age_years, m);
  apply_smoking(parameters.smoking, profile.cigarettes_per_day, m);
  apply_chronic_uv(parameters.chronic_uv, profile, m);
  // Sleep: REFERENCE.md has no number for an effect on the dermis; none is modelled.
  return m;
}

void read_lifestyle(TableReader& r, LifestyleProfile& profile) {
  r.read_number("age_years", age_range, same, required, profile.age_years);
  r.read_number("cigarettes_per_day", {.min = 0.0, .max = 100.0}, same, optional,
                profile.cigarettes_per_day);
  r.read_number("chronic_uv_med_per_week", {.min = 0.0, .max = 50.0}, same, optional,
                profile.chronic_uv_med_per_week);
  r.read_number("spf_protection", non_negative, same, optional, profile.spf_protection);
  r.read_number("sleep_h_per_night", {.min = 0.0, .max = 24.0}, same, optional,
                profile.sleep_h_per_night);
  if (!r.failed() && profile.spf_protection > 1.0)
    r.fail("spf_protection",
           "is the fraction of UV blocked, 0–1, not a sun protection factor: SPF " +
               format_number(profile.spf_protection) + " blocks 1 − 1/SPF = " +
               format_number(std::round(100.0 * (1.0 - 1.0 / profile.spf_protection)) / 100.0) +
               " of erythemal UV");
}

}  // namespace dermasim::skin
