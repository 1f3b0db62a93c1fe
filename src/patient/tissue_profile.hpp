// Maps a patient profile onto the skin layer's lifestyle inputs (age, smoking, UV, sleep).
#pragma once

#include "patient/patient_profile.hpp"
#include "skin/tissue_modifiers.hpp"

namespace dermasim::patient {

// Fraction of erythemal UV that sunscreen blocks for each habit, as applied in practice (a
// thinner film than the 2 mg/cm² of the SPF test): none 0, sometimes 0.4, daily 0.8 [assumed;
// docs/patient.md gives the reasoning].
double spf_protection_fraction(SpfUse use);

// The skin layer's lifestyle profile of this patient: age, cigarettes per day, unprotected UV
// (sun_med_per_week) with its SPF protection, sleep. Diet and stress have no number in REFERENCE
// and are carried by the profile without an effect.
skin::LifestyleProfile tissue_lifestyle(const PatientProfile& profile);

}  // namespace dermasim::patient
