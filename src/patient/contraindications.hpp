// Contraindication rules as data (data/patient/contraindications.toml) and their evaluation
// against a patient profile: absolute findings refuse a treatment, relative ones adjust it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dermasim::patient {

struct PatientProfile;

enum class Treatment {
  needling,
  ablative_laser,
  non_ablative_laser,
  injection,
  topical,
  oral,
  fat_transfer,
};

enum class ContraindicationClass { absolute, relative };

// Extra steps a relative finding asks for; a closed list so that a planner can act on each.
enum class Precaution {
  antiviral_prophylaxis,   // oral antiviral before and after (herpes simplex history)
  no_topical_anaesthetic,  // treat without numbing cream (anaesthetic allergy)
  nickel_free_needles,     // only cartridges declared nickel-free
  physician_clearance,     // the treating physician's written agreement first
  sun_avoidance,           // strict photoprotection before and after (photosensitising drugs)
  avoid_lesions,           // leave lesions (naevi) untouched, treat around them
};

// How a relative finding adjusts a treatment; the defaults adjust nothing.
struct Adjustments {
  double max_depth_fraction = 1.0;  // of the zone's max_needle_depth_mm
  int min_interval_days = 0;        // between sessions
  int wait_days = 0;                // postpone the first session by this many days from assessment
  std::string wait_until{};         // YYYY-MM-DD the wait ends, empty when there is none
  bool test_patch = false;          // treat a small test area first and wait for its healing
  std::vector<Precaution> precautions{};

  bool operator==(const Adjustments&) const = default;
};

// What a rule does to the treatments it names.
struct RuleEffect {
  std::vector<Treatment> treatments{};
  ContraindicationClass cls = ContraindicationClass::relative;
  std::optional<double> max_depth_fraction{};  // (0, 1]
  std::optional<int> min_interval_days{};
  std::optional<int> wait_days{};  // from assessment
  bool wait_out_window = false;    // wait until the trigger's time window has passed
  bool test_patch = false;
  std::vector<Precaution> precautions{};
};

enum class TriggerKind {
  medication,
  condition,
  allergy,
  pregnancy,
  breastfeeding,
  genetics,
  zone_flag,
  previous_treatment,
};

// What makes a rule apply. `name` is the medication, condition, allergy, genetics flag, zone flag
// or previous-treatment kind. The time window (medication, previous_treatment) is
// [from_months, within) after the last dose or the treatment's date; a current medication counts
// as a dose on the assessment date. Without `within`, a medication triggers only while current
// and a previous treatment at any time.
struct Trigger {
  TriggerKind kind = TriggerKind::condition;
  std::string name{};
  int from_months = 0;
  std::optional<int> within_months{};
  std::optional<int> within_days{};
};

struct Rule {
  std::string id{};
  std::string reason{};        // plain words for the practitioner and the patient
  std::string source{};        // REFERENCE.md row or study
  std::string class_reason{};  // why the project classes it absolute or relative
  Trigger trigger{};
  std::vector<RuleEffect> effects{};
};

class ContraindicationRules {
 public:
  // Loads the rules file; every id a trigger names must be in its [vocabulary].
  static Result<ContraindicationRules> load(const std::filesystem::path& path);

  const std::vector<Rule>& rules() const { return m_rules; }
  // Ids a profile may use: [vocabulary] conditions, medications, allergies.
  const std::vector<std::string>& conditions() const { return m_conditions; }
  const std::vector<std::string>& medications() const { return m_medications; }
  const std::vector<std::string>& allergies() const { return m_allergies; }

 private:
  std::vector<Rule> m_rules{};
  std::vector<std::string> m_conditions{};
  std::vector<std::string> m_medications{};
  std::vector<std::string> m_allergies{};
};

// One rule effect that applies to the patient, for the whole patient (zone "") or one zone.
struct Finding {
  std::string rule_id{};
  std::string reason{};
  std::string source{};
  std::string class_reason{};
  std::string zone{};  // "" = every zone
  std::vector<Treatment> treatments{};
  ContraindicationClass cls = ContraindicationClass::relative;
  Adjustments adjustments{};  // relative findings only

  bool operator==(const Finding&) const = default;
};

// Every finding, in rule order, zones in profile order. Precondition: the profile was read
// against these rules (its dates are valid).
std::vector<Finding> evaluate_contraindications(const ContraindicationRules& rules,
                                                const PatientProfile& profile);

// Whether an absolute finding refuses `treatment` in `zone`.
bool forbids(const std::vector<Finding>& findings, Treatment treatment, std::string_view zone);

// The findings (absolute and relative) that concern `treatment` in `zone`.
std::vector<const Finding*> findings_for(const std::vector<Finding>& findings, Treatment treatment,
                                         std::string_view zone);

// The absolute findings refusing `treatment` in `zone` in words, "reason (rule id); …", or empty.
std::string absolute_reasons(const std::vector<Finding>& findings, Treatment treatment,
                             std::string_view zone);

// The relative findings' adjustments for `treatment` in `zone`, strictest first: the smallest
// depth fraction, the longest interval and wait, a test patch if any asks, every precaution once.
Adjustments adjustments_for(const std::vector<Finding>& findings, Treatment treatment,
                            std::string_view zone);

std::string_view treatment_name(Treatment treatment);
std::string_view precaution_name(Precaution precaution);
std::string_view class_name(ContraindicationClass cls);

}  // namespace dermasim::patient
