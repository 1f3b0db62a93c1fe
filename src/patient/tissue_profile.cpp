// Profile to skin parameters: the patient layer only maps, the skin layer holds the effects.
#include "patient/tissue_profile.hpp"

namespace dermasim::patient {

double spf_protection_fraction(SpfUse use) {
  switch (use) {
    case SpfUse::none:
      return 0.0;
    case SpfUse::sometimes:
      return 0.4;  // [assumed] half the days of "daily"
    case SpfUse::daily:
      return 0.8;  // [assumed] SPF 30 at a quarter to half the test film
  }
  return 0.0;
}

skin::LifestyleProfile tissue_lifestyle(const PatientProfile& profile) {
  return {.age_years = profile.age_years,
          .cigarettes_per_day = profile.lifestyle.cigarettes_per_day,
          .chronic_uv_med_per_week = profile.lifestyle.sun_med_per_week,
          .spf_protection = spf_protection_fraction(profile.lifestyle.spf_use),
          .sleep_h_per_night = profile.lifestyle.sleep_h_per_night};
}

}  // namespace dermasim::patient
