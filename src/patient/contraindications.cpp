// Loads the contraindication rules and evaluates them against a profile.
#include "patient/contraindications.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "core/calendar.hpp"
#include "engine/toml_reader.hpp"
#include "patient/patient_profile.hpp"

namespace dermasim::patient {
namespace {

using engine::detail::Choice;
using engine::detail::Presence;
using engine::detail::quoted_list;
using engine::detail::read_each;
using engine::detail::read_section;
using engine::detail::suggestion;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr auto optional = Presence::optional;
constexpr std::size_t max_rules = 500;

constexpr std::array<Choice<Treatment>, 7> treatments = {{
    {"needling", Treatment::needling},
    {"ablative_laser", Treatment::ablative_laser},
    {"non_ablative_laser", Treatment::non_ablative_laser},
    {"injection", Treatment::injection},
    {"topical", Treatment::topical},
    {"oral", Treatment::oral},
    {"fat_transfer", Treatment::fat_transfer},
}};
constexpr std::array<Choice<ContraindicationClass>, 2> classes = {
    {{"absolute", ContraindicationClass::absolute}, {"relative", ContraindicationClass::relative}}};
constexpr std::array<Choice<Precaution>, 6> precautions = {{
    {"antiviral_prophylaxis", Precaution::antiviral_prophylaxis},
    {"no_topical_anaesthetic", Precaution::no_topical_anaesthetic},
    {"nickel_free_needles", Precaution::nickel_free_needles},
    {"physician_clearance", Precaution::physician_clearance},
    {"sun_avoidance", Precaution::sun_avoidance},
    {"avoid_lesions", Precaution::avoid_lesions},
}};
constexpr std::array<Choice<TriggerKind>, 8> trigger_keys = {{
    {"medication", TriggerKind::medication},
    {"condition", TriggerKind::condition},
    {"allergy", TriggerKind::allergy},
    {"pregnancy", TriggerKind::pregnancy},
    {"breastfeeding", TriggerKind::breastfeeding},
    {"genetics", TriggerKind::genetics},
    {"zone_flag", TriggerKind::zone_flag},
    {"previous_treatment", TriggerKind::previous_treatment},
}};
const std::vector<std::string> genetics_flags = {"keloid_history", "keloid_family_history",
                                                 "melasma_family_history", "pih_history"};
const std::vector<std::string> zone_flags = {"active_infection", "active_herpes", "herpes_history",
                                             "raised_naevi"};
const std::vector<std::string> previous_kinds = {
    "needling",       "ablative_laser", "non_ablative_laser", "filler",
    "neuromodulator", "chemical_peel",  "radiotherapy"};

template <class Enum>
std::vector<std::string> choice_names(std::span<const Choice<Enum>> choices) {
  std::vector<std::string> names;
  for (const Choice<Enum>& choice : choices) names.emplace_back(choice.text);
  return names;
}

template <class Enum>
void read_choice_list(TableReader& r, std::string_view key, std::span<const Choice<Enum>> choices,
                      std::vector<Enum>& target) {
  std::vector<std::string> texts;
  r.read_string_list(key, texts);
  const std::vector<std::string> names = choice_names(choices);
  for (const std::string& text : texts) {
    const auto found = std::ranges::find(choices, text, &Choice<Enum>::text);
    if (found == choices.end())
      return r.fail(key,
                    "'" + text + "' is not one of " + quoted_list(names) + suggestion(text, names));
    target.push_back(found->value);
  }
}

void read_whole(TableReader& r, std::string_view key, int min, int max,
                std::optional<int>& target) {
  double value = std::nan("");
  r.read_number(key, {.min = static_cast<double>(min), .max = static_cast<double>(max)}, 1.0,
                optional, value);
  if (r.failed() || std::isnan(value)) return;
  if (value != std::floor(value))
    return r.fail(key, "must be a whole number, not " + engine::detail::format_number(value));
  target = static_cast<int>(value);
}

struct Vocabulary {
  std::vector<std::string> conditions, medications, allergies;
};

// The ids a trigger of this kind may name.
const std::vector<std::string>& known_names(TriggerKind kind, const Vocabulary& vocabulary) {
  static const std::vector<std::string> none;
  switch (kind) {
    case TriggerKind::medication:
      return vocabulary.medications;
    case TriggerKind::condition:
      return vocabulary.conditions;
    case TriggerKind::allergy:
      return vocabulary.allergies;
    case TriggerKind::genetics:
      return genetics_flags;
    case TriggerKind::zone_flag:
      return zone_flags;
    case TriggerKind::previous_treatment:
      return previous_kinds;
    default:
      return none;
  }
}

bool has_window(TriggerKind kind) {
  return kind == TriggerKind::medication || kind == TriggerKind::previous_treatment;
}

// The one trigger key of a rule, or a failure naming what is wrong.
std::optional<TriggerKind> find_trigger(TableReader& r) {
  std::vector<std::string> present;
  std::optional<TriggerKind> kind;
  for (const Choice<TriggerKind>& choice : trigger_keys) {
    if (!r.has(choice.text)) continue;
    present.emplace_back(choice.text);
    kind = choice.value;
  }
  const std::vector<std::string> names = choice_names<TriggerKind>(trigger_keys);
  if (present.empty()) {
    r.fail("id", "the rule has no trigger: give exactly one of " + quoted_list(names));
    return std::nullopt;
  }
  if (present.size() > 1) {
    r.fail(present[1], "the rule has " + std::to_string(present.size()) + " triggers (" +
                           quoted_list(present) + "); give exactly one, and split the rule");
    return std::nullopt;
  }
  return kind;
}

void read_window(TableReader& r, Trigger& trigger) {
  const bool windowed = has_window(trigger.kind);
  for (std::string_view key : {"from_months", "within_months", "within_days"}) {
    if (!windowed && r.has(key))
      return r.fail(key, "applies only to medication and previous_treatment triggers");
  }
  std::optional<int> from;
  read_whole(r, "from_months", 0, 120, from);
  read_whole(r, "within_months", 1, 120, trigger.within_months);
  read_whole(r, "within_days", 1, 3650, trigger.within_days);
  trigger.from_months = from.value_or(0);
  if (r.failed()) return;
  if (trigger.within_months && trigger.within_days)
    return r.fail("within_days", "give one of within_months and within_days");
  if (from && !trigger.within_months)
    return r.fail("from_months", "needs within_months, the end of the window");
  if (from && *from >= *trigger.within_months)
    return r.fail("from_months", "must be less than within_months");
}

void read_trigger(TableReader& r, const Vocabulary& vocabulary, Trigger& trigger) {
  const std::optional<TriggerKind> kind = find_trigger(r);
  if (!kind) return;
  trigger.kind = *kind;
  const std::string key(std::ranges::find(trigger_keys, *kind, &Choice<TriggerKind>::value)->text);
  if (*kind == TriggerKind::pregnancy || *kind == TriggerKind::breastfeeding) {
    bool flag = false;
    r.read_bool(key, flag);
    if (!r.failed() && !flag) r.fail(key, "must be true: the rule applies when the patient is so");
    trigger.name = key;
  } else {
    r.read_string(key, required, trigger.name);
    const std::vector<std::string>& known = known_names(*kind, vocabulary);
    if (!trigger.name.empty() && std::ranges::find(known, trigger.name) == known.end())
      r.fail(key, "'" + trigger.name + "' is not one of " + quoted_list(known) +
                      suggestion(trigger.name, known));
  }
  read_window(r, trigger);
}

void read_effect(TableReader& r, const Trigger& trigger, RuleEffect& effect) {
  read_choice_list<Treatment>(r, "treatments", treatments, effect.treatments);
  if (!r.failed() && effect.treatments.empty())
    r.fail("treatments", "is required: the treatments the effect applies to");
  r.read_choice<ContraindicationClass>("class", classes, effect.cls, required);
  double fraction = std::nan("");
  r.read_number("max_depth_fraction", {.min = 0.0, .min_inclusive = false, .max = 1.0}, 1.0,
                optional, fraction);
  if (!std::isnan(fraction)) effect.max_depth_fraction = fraction;
  read_whole(r, "min_interval_days", 0, 365, effect.min_interval_days);
  read_whole(r, "wait_days", 0, 730, effect.wait_days);
  r.read_bool("wait_out_window", effect.wait_out_window);
  r.read_bool("test_patch", effect.test_patch);
  read_choice_list<Precaution>(r, "precautions", precautions, effect.precautions);
  if (r.failed()) return;
  const bool adjusts = effect.max_depth_fraction || effect.min_interval_days || effect.wait_days ||
                       effect.wait_out_window || effect.test_patch || !effect.precautions.empty();
  if (effect.cls == ContraindicationClass::absolute && adjusts)
    return r.fail("class",
                  "an absolute effect refuses the treatment; adjustments (depth, "
                  "interval, wait, test patch, precautions) belong to relative effects");
  if (effect.wait_out_window && !trigger.within_months && !trigger.within_days)
    r.fail("wait_out_window", "needs a trigger with within_months or within_days");
}

void read_rule(TableReader& r, const Vocabulary& vocabulary, Rule& rule) {
  r.read_string("id", required, rule.id);
  r.read_string("reason", required, rule.reason);
  r.read_string("source", required, rule.source);
  r.read_string("class_reason", required, rule.class_reason);
  read_trigger(r, vocabulary, rule.trigger);
  if (!r.has("effect")) r.fail("effect", "is required: at least one [[rule.effect]]");
  read_each(r, "effect", 20, [&](TableReader& effect_reader) {
    read_effect(effect_reader, rule.trigger, rule.effects.emplace_back());
  });
}

void read_vocabulary(TableReader& r, Vocabulary& vocabulary) {
  r.read_string_list("conditions", vocabulary.conditions);
  r.read_string_list("medications", vocabulary.medications);
  r.read_string_list("allergies", vocabulary.allergies);
}

// Where and until when a rule applies: one entry per zone ("" = the whole patient).
struct Match {
  std::string zone;
  std::optional<int> window_end_day;
};

// Whether a trigger's window covers `today` for an event on `event_day`, and when it ends
// (no end for a trigger without a window, which covers any time).
struct WindowCheck {
  bool covers = false;
  std::optional<int> end_day;
};

WindowCheck window_covers(const Trigger& trigger, int event_day, int today) {
  if (!trigger.within_months && !trigger.within_days) return {.covers = true, .end_day = {}};
  const int start = add_calendar_months(event_day, trigger.from_months);
  const int end = trigger.within_months ? add_calendar_months(event_day, *trigger.within_months)
                                        : event_day + *trigger.within_days;
  return {.covers = today >= start && today < end, .end_day = end};
}

void add_match(std::vector<Match>& matches, const std::string& zone, std::optional<int> end) {
  for (Match& match : matches) {
    if (match.zone != zone) continue;
    if (end && (!match.window_end_day || *end > *match.window_end_day)) match.window_end_day = end;
    return;
  }
  matches.push_back({zone, end});
}

void match_medication(const Trigger& trigger, const PatientProfile& profile, int today,
                      std::vector<Match>& matches) {
  for (const Medication& medication : profile.medications) {
    if (medication.name != trigger.name) continue;
    const bool windowed = trigger.within_months || trigger.within_days;
    if (!windowed) {
      if (medication.current) add_match(matches, "", std::nullopt);
      continue;
    }
    const int dose_day =
        medication.current ? today : days_since_epoch(*medication.last_dose).value_or(today);
    const WindowCheck window = window_covers(trigger, dose_day, today);
    if (window.covers) add_match(matches, "", window.end_day);
  }
}

void match_previous(const Trigger& trigger, const PatientProfile& profile, int today,
                    std::vector<Match>& matches) {
  for (const PreviousTreatment& previous : profile.previous_treatments) {
    if (previous_treatment_name(previous.kind) != trigger.name) continue;
    const int day = days_since_epoch(previous.date).value_or(today);
    const WindowCheck window = window_covers(trigger, day, today);
    if (!window.covers) continue;
    for (const std::string& zone : previous.zones) add_match(matches, zone, window.end_day);
  }
}

bool genetics_flag(const Genetics& genetics, std::string_view name) {
  if (name == "keloid_history") return genetics.keloid_history;
  if (name == "keloid_family_history") return genetics.keloid_family_history;
  if (name == "melasma_family_history") return genetics.melasma_family_history;
  return name == "pih_history" && genetics.pih_history;
}

bool zone_flag(const ZoneProfile& zone, std::string_view name) {
  if (name == "active_infection") return zone.active_infection;
  if (name == "active_herpes") return zone.active_herpes;
  if (name == "herpes_history") return zone.herpes_history;
  return name == "raised_naevi" && zone.raised_naevi;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::ranges::find(list, item) != list.end();
}

std::vector<Match> matches_of(const Trigger& trigger, const PatientProfile& profile, int today) {
  std::vector<Match> matches;
  bool whole_patient = false;
  switch (trigger.kind) {
    case TriggerKind::medication:
      match_medication(trigger, profile, today, matches);
      break;
    case TriggerKind::previous_treatment:
      match_previous(trigger, profile, today, matches);
      break;
    case TriggerKind::condition:
      whole_patient = contains(profile.conditions, trigger.name);
      break;
    case TriggerKind::allergy:
      whole_patient = contains(profile.allergies, trigger.name);
      break;
    case TriggerKind::pregnancy:
      whole_patient = profile.pregnant;
      break;
    case TriggerKind::breastfeeding:
      whole_patient = profile.breastfeeding;
      break;
    case TriggerKind::genetics:
      whole_patient = genetics_flag(profile.genetics, trigger.name);
      break;
    case TriggerKind::zone_flag:
      for (const ZoneProfile& zone : profile.zones)
        if (zone_flag(zone, trigger.name)) add_match(matches, zone.id, std::nullopt);
      break;
  }
  if (whole_patient) add_match(matches, "", std::nullopt);
  return matches;
}

Adjustments adjustments_of(const RuleEffect& effect, const Match& match, int today) {
  Adjustments adjustments;
  adjustments.max_depth_fraction = effect.max_depth_fraction.value_or(1.0);
  adjustments.min_interval_days = effect.min_interval_days.value_or(0);
  adjustments.wait_days = effect.wait_days.value_or(0);
  if (effect.wait_out_window && match.window_end_day)
    adjustments.wait_days = std::max(adjustments.wait_days, *match.window_end_day - today);
  if (adjustments.wait_days > 0) adjustments.wait_until = iso_date(today + adjustments.wait_days);
  adjustments.test_patch = effect.test_patch;
  adjustments.precautions = effect.precautions;
  return adjustments;
}

bool applies(const Finding& finding, Treatment treatment, std::string_view zone) {
  return (finding.zone.empty() || finding.zone == zone) &&
         std::ranges::find(finding.treatments, treatment) != finding.treatments.end();
}

}  // namespace

Result<ContraindicationRules> ContraindicationRules::load(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "contraindication rules"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  Vocabulary vocabulary;
  read_section(reader, "vocabulary", required,
               [&](TableReader& r) { read_vocabulary(r, vocabulary); });
  ContraindicationRules rules;
  read_each(reader, "rule", max_rules, [&](TableReader& r) {
    Rule rule;
    read_rule(r, vocabulary, rule);
    for (const Rule& earlier : rules.m_rules)
      if (!rule.id.empty() && earlier.id == rule.id)
        return r.fail("id", "rule id '" + rule.id + "' is used twice");
    rules.m_rules.push_back(std::move(rule));
  });
  DERMASIM_TRY(reader.finish());
  rules.m_conditions = std::move(vocabulary.conditions);
  rules.m_medications = std::move(vocabulary.medications);
  rules.m_allergies = std::move(vocabulary.allergies);
  return rules;
}

std::vector<Finding> evaluate_contraindications(const ContraindicationRules& rules,
                                                const PatientProfile& profile) {
  std::vector<Finding> findings;
  const int today = days_since_epoch(profile.assessment_date).value_or(0);
  for (const Rule& rule : rules.rules()) {
    for (const Match& match : matches_of(rule.trigger, profile, today)) {
      for (const RuleEffect& effect : rule.effects) {
        Finding finding{.rule_id = rule.id,
                        .reason = rule.reason,
                        .source = rule.source,
                        .class_reason = rule.class_reason,
                        .zone = match.zone,
                        .treatments = effect.treatments,
                        .cls = effect.cls,
                        .adjustments = {}};
        if (effect.cls == ContraindicationClass::relative)
          finding.adjustments = adjustments_of(effect, match, today);
        findings.push_back(std::move(finding));
      }
    }
  }
  return findings;
}

bool forbids(const std::vector<Finding>& findings, Treatment treatment, std::string_view zone) {
  return std::ranges::any_of(findings, [&](const Finding& finding) {
    return finding.cls == ContraindicationClass::absolute && applies(finding, treatment, zone);
  });
}

std::vector<const Finding*> findings_for(const std::vector<Finding>& findings, Treatment treatment,
                                         std::string_view zone) {
  std::vector<const Finding*> out;
  for (const Finding& finding : findings)
    if (applies(finding, treatment, zone)) out.push_back(&finding);
  return out;
}

std::string absolute_reasons(const std::vector<Finding>& findings, Treatment treatment,
                             std::string_view zone) {
  std::string text;
  for (const Finding* f : findings_for(findings, treatment, zone))
    if (f->cls == ContraindicationClass::absolute)
      text += (text.empty() ? "" : "; ") + f->reason + " (rule " + f->rule_id + ")";
  return text;
}

Adjustments adjustments_for(const std::vector<Finding>& findings, Treatment treatment,
                            std::string_view zone) {
  Adjustments result;
  for (const Finding& finding : findings) {
    if (finding.cls != ContraindicationClass::relative || !applies(finding, treatment, zone))
      continue;
    const Adjustments& each = finding.adjustments;
    result.max_depth_fraction = std::min(result.max_depth_fraction, each.max_depth_fraction);
    result.min_interval_days = std::max(result.min_interval_days, each.min_interval_days);
    if (each.wait_days > result.wait_days) {
      result.wait_days = each.wait_days;
      result.wait_until = each.wait_until;
    }
    result.test_patch = result.test_patch || each.test_patch;
    for (Precaution precaution : each.precautions)
      if (std::ranges::find(result.precautions, precaution) == result.precautions.end())
        result.precautions.push_back(precaution);
  }
  return result;
}

std::string_view treatment_name(Treatment treatment) {
  return std::ranges::find(treatments, treatment, &Choice<Treatment>::value)->text;
}

std::string_view precaution_name(Precaution precaution) {
  return std::ranges::find(precautions, precaution, &Choice<Precaution>::value)->text;
}

std::string_view class_name(ContraindicationClass cls) {
  return std::ranges::find(classes, cls, &Choice<ContraindicationClass>::value)->text;
}

}  // namespace dermasim::patient
