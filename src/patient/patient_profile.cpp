// Reads a patient profile (TOML or JSON) with one TableReader-based reader and one set of checks.
#include "patient/patient_profile.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <span>

#include "core/calendar.hpp"
#include "engine/toml_reader.hpp"
#include "patient/contraindications.hpp"
#include "patient/json_table.hpp"

namespace dermasim::patient {
namespace {

using engine::detail::Choice;
using engine::detail::format_number;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::suggestion;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr auto optional = Presence::optional;
constexpr std::size_t max_entries = 100;  // per array of tables: zones, medications, ...

constexpr std::array<Choice<Sex>, 3> sexes = {
    {{"female", Sex::female}, {"male", Sex::male}, {"other", Sex::other}}};
constexpr std::array<Choice<SpfUse>, 3> spf_uses = {
    {{"none", SpfUse::none}, {"sometimes", SpfUse::sometimes}, {"daily", SpfUse::daily}}};
constexpr std::array<Choice<Diet>, 3> diets = {
    {{"poor", Diet::poor}, {"average", Diet::average}, {"good", Diet::good}}};
constexpr std::array<Choice<Stress>, 3> stresses = {
    {{"low", Stress::low}, {"moderate", Stress::moderate}, {"high", Stress::high}}};
constexpr std::array<Choice<PreviousTreatmentKind>, 7> previous_kinds = {{
    {"needling", PreviousTreatmentKind::needling},
    {"ablative_laser", PreviousTreatmentKind::ablative_laser},
    {"non_ablative_laser", PreviousTreatmentKind::non_ablative_laser},
    {"filler", PreviousTreatmentKind::filler},
    {"neuromodulator", PreviousTreatmentKind::neuromodulator},
    {"chemical_peel", PreviousTreatmentKind::chemical_peel},
    {"radiotherapy", PreviousTreatmentKind::radiotherapy},
}};
constexpr std::array<Choice<Alternative>, 3> alternative_choices = {{
    {"topical", Alternative::topical},
    {"injection", Alternative::injection},
    {"laser", Alternative::laser},
}};
constexpr std::array<Choice<ConcernKind>, 8> concern_kinds = {{
    {"fine_lines", ConcernKind::fine_lines},
    {"texture", ConcernKind::texture},
    {"acne_scars", ConcernKind::acne_scars},
    {"post_traumatic_scars", ConcernKind::post_traumatic_scars},
    {"stretch_marks", ConcernKind::stretch_marks},
    {"pigment", ConcernKind::pigment},
    {"hydration", ConcernKind::hydration},
    {"laxity", ConcernKind::laxity},
}};
constexpr std::array<Choice<ScarType>, 3> scar_types = {{{"rolling", ScarType::rolling},
                                                         {"boxcar", ScarType::boxcar},
                                                         {"ice_pick", ScarType::ice_pick}}};
constexpr std::array<Choice<StriaeType>, 2> striae_types = {
    {{"rubra", StriaeType::rubra}, {"alba", StriaeType::alba}}};

// A concern kind's clinician scale and the keys only that kind may use.
struct ConcernScale {
  ConcernKind kind;
  std::string_view grade_key;
  int min;
  int max;
  std::array<std::string_view, 2> other_keys;  // kind-specific keys besides the grade
};

constexpr std::array<ConcernScale, 8> concern_scales = {{
    {ConcernKind::fine_lines, "lemperle_grade", 0, 5, {}},
    {ConcernKind::texture, "texture_grade", 0, 4, {}},
    {ConcernKind::acne_scars, "goodman_baron_grade", 1, 4, {"scar_type", "goodman_baron_score"}},
    {ConcernKind::post_traumatic_scars, "vancouver_score", 0, 13, {}},
    {ConcernKind::stretch_marks, "striae_grade", 0, 4, {"striae_type", ""}},
    {ConcernKind::pigment, "pigment_grade", 0, 3, {"melasma", ""}},
    {ConcernKind::hydration, "hydration_grade", 0, 4, {}},
    {ConcernKind::laxity, "laxity_grade", 0, 4, {}},
}};

const ConcernScale& scale_of(ConcernKind kind) {
  return *std::ranges::find(concern_scales, kind, &ConcernScale::kind);
}

// What a reader needs beyond its table: the catalogs and the assessment day once read.
struct Context {
  const ZoneCatalog& zones;
  const ContraindicationRules& rules;
  std::optional<int> assessment_day;
};

// A whole number in [min, max]; `target` is left alone when the key is absent.
void read_integer(TableReader& r, std::string_view key, int min, int max, Presence presence,
                  std::optional<int>& target) {
  double value = std::nan("");
  r.read_number(key, {.min = static_cast<double>(min), .max = static_cast<double>(max)}, 1.0,
                presence, value);
  if (r.failed() || std::isnan(value)) return;
  if (value != std::floor(value))
    return r.fail(key, "must be a whole number, not " + format_number(value));
  target = static_cast<int>(value);
}

void read_integer(TableReader& r, std::string_view key, int min, int max, Presence presence,
                  int& target) {
  std::optional<int> value;
  read_integer(r, key, min, max, presence, value);
  if (value) target = *value;
}

// A date "YYYY-MM-DD" into `text`, returning its day number when present and real.
std::optional<int> read_date(TableReader& r, std::string_view key, Presence presence,
                             std::string& text) {
  r.read_string(key, presence, text);
  if (text.empty() || r.failed()) return std::nullopt;
  std::optional<int> day = days_since_epoch(text);
  if (!day) r.fail(key, "'" + text + "' is not a real calendar date of the form YYYY-MM-DD");
  return day;
}

// A date that may not lie after the assessment.
std::optional<int> read_past_date(TableReader& r, std::string_view key, Presence presence,
                                  const Context& context, std::string& text) {
  const std::optional<int> day = read_date(r, key, presence, text);
  if (day && context.assessment_day && *day > *context.assessment_day)
    r.fail(key, "'" + text + "' is after assessment_date " + iso_date(*context.assessment_day) +
                    "; a past event cannot be dated in the future");
  return day;
}

// A list of ids, each one of `known` (with a suggestion for a typo).
void read_known_ids(TableReader& r, std::string_view key, std::span<const std::string> known,
                    std::string_view what, std::vector<std::string>& target) {
  r.read_string_list(key, target);
  for (std::size_t index = 0; index < target.size() && !r.failed(); ++index) {
    if (std::ranges::find(known, target[index]) != known.end()) continue;
    r.fail(key, "[" + std::to_string(index) + "] '" + target[index] + "' is not a known " +
                    std::string(what) + suggestion(target[index], known) +
                    "; the ids are those of data/patient/contraindications.toml [vocabulary]");
  }
}

template <class Enum>
void read_choice_list(TableReader& r, std::string_view key, std::span<const Choice<Enum>> choices,
                      std::vector<Enum>& target) {
  std::vector<std::string> texts;
  r.read_string_list(key, texts);
  std::vector<std::string> names;
  for (const Choice<Enum>& choice : choices) names.emplace_back(choice.text);
  for (const std::string& text : texts) {
    const auto found = std::ranges::find(choices, text, &Choice<Enum>::text);
    if (found == choices.end())
      return r.fail(key, "'" + text + "' is not one of " + engine::detail::quoted_list(names) +
                             suggestion(text, names));
    target.push_back(found->value);
  }
}

void read_genetics(TableReader& r, Genetics& genetics) {
  r.read_bool("keloid_history", genetics.keloid_history);
  r.read_bool("keloid_family_history", genetics.keloid_family_history);
  r.read_bool("melasma_family_history", genetics.melasma_family_history);
  r.read_bool("pih_history", genetics.pih_history);
}

void read_lifestyle(TableReader& r, Lifestyle& lifestyle) {
  r.read_number("cigarettes_per_day", {.min = 0.0, .max = 100.0}, 1.0, optional,
                lifestyle.cigarettes_per_day);
  r.read_number("sun_med_per_week", {.min = 0.0, .max = 50.0}, 1.0, optional,
                lifestyle.sun_med_per_week);
  r.read_choice<SpfUse>("spf_use", spf_uses, lifestyle.spf_use);
  r.read_number("sleep_h_per_night", {.min = 0.0, .max = 24.0}, 1.0, optional,
                lifestyle.sleep_h_per_night);
  r.read_choice<Diet>("diet", diets, lifestyle.diet);
  r.read_choice<Stress>("stress", stresses, lifestyle.stress);
}

void read_medication(TableReader& r, const Context& context, Medication& medication) {
  std::string text;
  r.read_string("name", required, text);
  const std::vector<std::string>& known = context.rules.medications();
  if (!text.empty() && std::ranges::find(known, text) == known.end())
    r.fail("name", "'" + text + "' is not a known medication" + suggestion(text, known) +
                       "; the ids are those of data/patient/contraindications.toml [vocabulary]");
  medication.name = text;
  if (!r.has("current")) r.fail("current", "is required: true while the patient takes it");
  r.read_bool("current", medication.current);
  std::string last_dose;
  read_past_date(r, "last_dose", optional, context, last_dose);
  if (!last_dose.empty()) medication.last_dose = last_dose;
  if (!r.failed() && !medication.current && !medication.last_dose)
    r.fail("last_dose", "is required when current = false: the date of the last dose, YYYY-MM-DD");
}

void read_zone_list(TableReader& r, std::string_view key, const Context& context,
                    std::vector<std::string>& target) {
  const std::vector<std::string> ids = context.zones.ids();
  r.read_string_list(key, target);
  if (!r.failed() && target.empty()) r.fail(key, "is required: the zone ids treated");
  for (const std::string& id : target) {
    if (r.failed()) return;
    if (context.zones.find(id) == nullptr)
      r.fail(key, "unknown zone '" + id + "'" + suggestion(id, ids));
  }
}

void read_previous_treatment(TableReader& r, const Context& context, PreviousTreatment& previous) {
  r.read_choice<PreviousTreatmentKind>("kind", previous_kinds, previous.kind, required);
  read_past_date(r, "date", required, context, previous.date);
  read_zone_list(r, "zones", context, previous.zones);
}

void read_preferences(TableReader& r, const Context& context, Preferences& preferences) {
  r.read_number("max_downtime_days", {.min = 0.0, .max = 60.0}, 1.0, optional,
                preferences.max_downtime_days);
  read_integer(r, "max_sessions", 1, 20, optional, preferences.max_sessions);
  read_choice_list<Alternative>(r, "alternatives", alternative_choices, preferences.alternatives);
  const std::optional<int> start = read_date(r, "start_date", optional, preferences.start_date);
  if (start && context.assessment_day && *start < *context.assessment_day)
    r.fail("start_date", "'" + preferences.start_date + "' is before assessment_date " +
                             iso_date(*context.assessment_day));
}

// Refuses a key that belongs to another concern kind, naming that kind.
void refuse_other_kinds_keys(TableReader& r, ConcernKind kind) {
  for (const ConcernScale& scale : concern_scales) {
    if (scale.kind == kind) continue;
    const std::string_view owner = concern_kind_name(scale.kind);
    std::vector<std::string_view> keys = {scale.grade_key};
    for (std::string_view key : scale.other_keys)
      if (!key.empty()) keys.push_back(key);
    for (std::string_view key : keys) {
      if (r.has(key))
        return r.fail(key, "belongs to a " + std::string(owner) + " concern, not to a " +
                               std::string(concern_kind_name(kind)) + " one, whose grade is " +
                               std::string(scale_of(kind).grade_key));
    }
  }
}

void read_concern_details(TableReader& r, Concern& concern) {
  if (concern.kind == ConcernKind::acne_scars) {
    ScarType type{};
    r.read_choice<ScarType>("scar_type", scar_types, type, required);
    concern.scar_type = type;
    read_integer(r, "goodman_baron_score", 0, 84, optional, concern.goodman_baron_score);
  } else if (concern.kind == ConcernKind::stretch_marks) {
    StriaeType type{};
    r.read_choice<StriaeType>("striae_type", striae_types, type, required);
    concern.striae_type = type;
  } else if (concern.kind == ConcernKind::pigment) {
    r.read_bool("melasma", concern.melasma);
  }
}

void read_concern(TableReader& r, Concern& concern) {
  r.read_choice<ConcernKind>("kind", concern_kinds, concern.kind, required);
  if (r.failed()) return;
  refuse_other_kinds_keys(r, concern.kind);
  const ConcernScale& scale = scale_of(concern.kind);
  read_integer(r, scale.grade_key, scale.min, scale.max, required, concern.grade);
  read_concern_details(r, concern);
  read_integer(r, "target", scale.min, scale.max, optional, concern.target);
  if (!r.failed() && concern.target && *concern.target >= concern.grade)
    r.fail("target", "must be better (lower) than the current " + std::string(scale.grade_key) +
                         " " + std::to_string(concern.grade) + ", not " +
                         std::to_string(*concern.target));
}

void read_zone(TableReader& r, const Context& context, ZoneProfile& zone) {
  r.read_string("id", required, zone.id);
  const std::vector<std::string> ids = context.zones.ids();
  if (!zone.id.empty() && context.zones.find(zone.id) == nullptr)
    r.fail("id", "unknown zone '" + zone.id + "'" + suggestion(zone.id, ids));
  double thickness = std::nan("");
  r.read_number("epidermis_um", {.min = 20.0, .max = 400.0}, 1.0, optional, thickness);
  if (!std::isnan(thickness)) zone.epidermis_um = thickness;
  thickness = std::nan("");
  r.read_number("dermis_um", {.min = 300.0, .max = 5000.0}, 1.0, optional, thickness);
  if (!std::isnan(thickness)) zone.dermis_um = thickness;
  r.read_bool("active_infection", zone.active_infection);
  r.read_bool("active_herpes", zone.active_herpes);
  r.read_bool("herpes_history", zone.herpes_history);
  r.read_bool("raised_naevi", zone.raised_naevi);
  read_each(r, "concern", max_entries, [&](TableReader& concern_reader) {
    read_concern(concern_reader, zone.concerns.emplace_back());
  });
}

void read_zones(TableReader& r, const Context& context, std::vector<ZoneProfile>& zones) {
  if (!r.has("zone")) r.fail("zone", "is required: at least one [[zone]] with its id");
  read_each(r, "zone", max_entries, [&](TableReader& zone_reader) {
    ZoneProfile zone;
    read_zone(zone_reader, context, zone);
    for (const ZoneProfile& earlier : zones)
      if (!zone.id.empty() && earlier.id == zone.id)
        return zone_reader.fail("id", "zone '" + zone.id +
                                          "' appears twice; give each zone one [[zone]] table "
                                          "with all its concerns");
    zones.push_back(std::move(zone));
  });
}

void read_identity(TableReader& r, Context& context, PatientProfile& profile) {
  r.read_string("id", required, profile.id);
  r.read_string("name", optional, profile.name);
  context.assessment_day = read_date(r, "assessment_date", required, profile.assessment_date);
  r.read_number("age_years", {.min = 16.0, .max = 100.0}, 1.0, required, profile.age_years);
  r.read_choice<Sex>("sex", sexes, profile.sex);
  read_integer(r, "fitzpatrick", 1, 6, required, profile.fitzpatrick);
  read_integer(r, "glogau", 1, 4, required, profile.glogau);
  r.read_bool("pregnant", profile.pregnant);
  r.read_bool("breastfeeding", profile.breastfeeding);
  read_known_ids(r, "allergies", context.rules.allergies(), "allergy", profile.allergies);
  read_known_ids(r, "conditions", context.rules.conditions(), "condition", profile.conditions);
}

void read_profile(TableReader& r, Context& context, PatientProfile& profile) {
  read_identity(r, context, profile);
  read_section(r, "genetics", optional,
               [&](TableReader& section) { read_genetics(section, profile.genetics); });
  read_section(r, "lifestyle", optional,
               [&](TableReader& section) { read_lifestyle(section, profile.lifestyle); });
  read_each(r, "medication", max_entries, [&](TableReader& section) {
    read_medication(section, context, profile.medications.emplace_back());
  });
  read_each(r, "previous_treatment", max_entries, [&](TableReader& section) {
    read_previous_treatment(section, context, profile.previous_treatments.emplace_back());
  });
  read_section(r, "preferences", optional, [&](TableReader& section) {
    read_preferences(section, context, profile.preferences);
  });
  if (profile.preferences.start_date.empty())
    profile.preferences.start_date = profile.assessment_date;
  read_zones(r, context, profile.zones);
}

// TOML date literals (assessment_date = 2026-03-01) read like the quoted text.
void dates_to_text(toml::table& table) {
  std::vector<std::pair<std::string, std::string>> dates;
  for (auto&& [key, node] : table) {
    if (const auto* date = node.as_date()) {
      const toml::date value = date->get();
      char text[16];
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(value.year),
                    static_cast<int>(value.month), static_cast<int>(value.day));
      dates.emplace_back(std::string(key.str()), text);
    } else if (auto* sub = node.as_table()) {
      dates_to_text(*sub);
    } else if (auto* array = node.as_array()) {
      for (toml::node& element : *array)
        if (auto* element_table = element.as_table()) dates_to_text(*element_table);
    }
  }
  for (const auto& [key, text] : dates) table.insert_or_assign(key, text);
}

Result<toml::table> parse_profile_file(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".toml")
    return engine::detail::parse_toml_file(file, max_profile_bytes, "patient profile");
  if (extension == ".json")
    return parse_json_file_as_table(file, max_profile_bytes, "patient profile");
  return fail(Error::invalid_input(
      "a patient profile must be a .toml or .json file, not '" + extension + "'", file.string()));
}

}  // namespace

const ZoneProfile* PatientProfile::zone(std::string_view zone_id) const {
  for (const ZoneProfile& entry : zones)
    if (entry.id == zone_id) return &entry;
  return nullptr;
}

Result<PatientProfile> read_patient_profile(const std::filesystem::path& file,
                                            const ZoneCatalog& zones,
                                            const ContraindicationRules& rules) {
  DERMASIM_TRY_ASSIGN(toml::table root, parse_profile_file(file));
  dates_to_text(root);
  const std::string file_text = file.string();
  TableReader reader(root, "", file_text);
  Context context{.zones = zones, .rules = rules, .assessment_day = std::nullopt};
  PatientProfile profile;
  read_profile(reader, context, profile);
  DERMASIM_TRY(reader.finish());
  return profile;
}

std::string_view concern_kind_name(ConcernKind kind) {
  return std::ranges::find(concern_kinds, kind, &Choice<ConcernKind>::value)->text;
}

std::string_view previous_treatment_name(PreviousTreatmentKind kind) {
  return std::ranges::find(previous_kinds, kind, &Choice<PreviousTreatmentKind>::value)->text;
}

}  // namespace dermasim::patient
