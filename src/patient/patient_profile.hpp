// A patient's profile as the practitioner records it at assessment: who, skin type, genetics,
// lifestyle, conditions, medications, previous treatments, preferences, and concerns per zone.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "patient/zones.hpp"

namespace dermasim::patient {

class ContraindicationRules;

enum class Sex { female, male, other };
enum class SpfUse { none, sometimes, daily };
enum class Diet { poor, average, good };
enum class Stress { low, moderate, high };

struct Genetics {
  bool keloid_history = false;         // the patient's own keloid or hypertrophic scars
  bool keloid_family_history = false;  // keloids in first-degree relatives
  bool melasma_family_history = false;
  bool pih_history = false;  // post-inflammatory hyperpigmentation after earlier injury

  bool operator==(const Genetics&) const = default;
};

struct Lifestyle {
  double cigarettes_per_day = 0.0;  // 0–100
  double sun_med_per_week = 0.0;    // unprotected UV, minimal erythema doses per week, 0–50
  SpfUse spf_use = SpfUse::none;
  double sleep_h_per_night = 8.0;    // 0–24
  Diet diet = Diet::average;         // carried; REFERENCE has no number for its effect
  Stress stress = Stress::moderate;  // carried; REFERENCE has no number for its effect

  bool operator==(const Lifestyle&) const = default;
};

struct Medication {
  std::string name{};  // an id of the rules' [vocabulary] medications, e.g. "isotretinoin"
  bool current = false;
  std::optional<std::string> last_dose{};  // YYYY-MM-DD, ≤ assessment_date; required if not current

  bool operator==(const Medication&) const = default;
};

enum class PreviousTreatmentKind {
  needling,
  ablative_laser,
  non_ablative_laser,
  filler,
  neuromodulator,
  chemical_peel,
  radiotherapy,
};

struct PreviousTreatment {
  PreviousTreatmentKind kind = PreviousTreatmentKind::needling;
  std::string date{};                // YYYY-MM-DD, ≤ assessment_date
  std::vector<std::string> zones{};  // catalog zone ids, at least one

  bool operator==(const PreviousTreatment&) const = default;
};

// What the patient accepts instead of, or beside, needling.
enum class Alternative { topical, injection, laser };

struct Preferences {
  double max_downtime_days = 7.0;  // 0–60
  int max_sessions = 6;            // 1–20
  std::vector<Alternative> alternatives{};
  std::string start_date{};  // YYYY-MM-DD, ≥ assessment_date; assessment_date when not given

  bool operator==(const Preferences&) const = default;
};

enum class ConcernKind {
  fine_lines,
  texture,
  acne_scars,
  post_traumatic_scars,
  stretch_marks,
  pigment,
  hydration,
  laxity,
};

enum class ScarType { rolling, boxcar, ice_pick };
enum class StriaeType { rubra, alba };

// One concern of one zone. `grade` is on the kind's clinician scale, named by its key in the file
// (higher = worse on every scale used here):
//   fine_lines            lemperle_grade       0–5  Lemperle wrinkle assessment scale
//   texture               texture_grade        0–4  Alexiades-Armenakas (modified, Ablon 2018)
//   acne_scars            goodman_baron_grade  1–4  Goodman & Baron qualitative grade, with
//                         scar_type and optional goodman_baron_score 0–84 (quantitative)
//   post_traumatic_scars  vancouver_score      0–13 Vancouver Scar Scale
//   stretch_marks         striae_grade         0–4  project scale, with striae_type rubra|alba
//   pigment               pigment_grade        0–3  project scale (none, mild, moderate, marked),
//                         with optional melasma
//   hydration             hydration_grade      0–4  project scale (0 = well hydrated)
//   laxity                laxity_grade         0–4  Alexiades-Armenakas laxity
struct Concern {
  ConcernKind kind = ConcernKind::fine_lines;
  int grade = 0;
  std::optional<int> target{};               // hoped-for grade, strictly better than `grade`
  std::optional<ScarType> scar_type{};       // acne_scars (required there)
  std::optional<int> goodman_baron_score{};  // acne_scars, 0–84
  std::optional<StriaeType> striae_type{};   // stretch_marks (required there)
  bool melasma = false;                      // pigment

  bool operator==(const Concern&) const = default;
};

struct ZoneProfile {
  std::string id{};                      // a catalog zone id, at most once per profile
  std::optional<double> epidermis_um{};  // measured override, 20–400 µm
  std::optional<double> dermis_um{};     // measured override, 300–5000 µm
  bool active_infection = false;         // bacterial, fungal or viral infection (warts) in the zone
  bool active_herpes = false;            // active herpes simplex lesion in the zone
  bool herpes_history = false;           // earlier herpes simplex in the zone
  bool raised_naevi = false;             // raised naevi or lesions to be left untreated
  std::vector<Concern> concerns{};

  bool operator==(const ZoneProfile&) const = default;
};

struct PatientProfile {
  std::string id{};
  std::string name{};             // optional
  std::string assessment_date{};  // YYYY-MM-DD, a real calendar date
  double age_years = 0.0;         // 16–100
  Sex sex = Sex::other;
  int fitzpatrick = 0;  // skin phototype 1–6 (I–VI)
  int glogau = 0;       // photo-ageing 1–4 (I mild … IV severe)
  bool pregnant = false;
  bool breastfeeding = false;
  std::vector<std::string> allergies{};   // ids of the rules' [vocabulary] allergies
  std::vector<std::string> conditions{};  // ids of the rules' [vocabulary] conditions
  Genetics genetics{};
  Lifestyle lifestyle{};
  std::vector<Medication> medications{};
  std::vector<PreviousTreatment> previous_treatments{};
  Preferences preferences{};
  std::vector<ZoneProfile> zones{};  // at least one

  const ZoneProfile* zone(std::string_view zone_id) const;

  bool operator==(const PatientProfile&) const = default;
};

inline constexpr std::uintmax_t max_profile_bytes = 1024 * 1024;

// Reads a profile from TOML (.toml) or JSON (.json; converted to the same tree and read by the
// same code). Zone ids are checked against `zones`; condition, medication and allergy ids against
// the vocabulary of `rules`. Errors: not_found (missing file), invalid_input (anything else,
// with "file:line:column key.path" where the format gives a position).
Result<PatientProfile> read_patient_profile(const std::filesystem::path& file,
                                            const ZoneCatalog& zones,
                                            const ContraindicationRules& rules);

// The names used in files, for messages and documents.
std::string_view concern_kind_name(ConcernKind kind);
std::string_view previous_treatment_name(PreviousTreatmentKind kind);

}  // namespace dermasim::patient
