// Probability of post-inflammatory hyperpigmentation (PIH) after a treatment: logistic in the
// Fitzpatrick phototype, the epidermal injury fraction and the days of inflammation.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "treatment/fractional_laser.hpp"
#include "treatment/needling_devices.hpp"

namespace dermasim::treatment {

struct PihInputs {
  int fitzpatrick = 2;                   // I-VI as 1-6
  double epidermal_injury_fraction = 0;  // share of epidermis / basement membrane injured, 0-1
  double inflammation_days = 0;          // visible inflammation (erythema)
};

// Coefficients on the logit scale, fitted in data/treatment/pih.toml (see the anchors there).
struct PihParameters {
  double intercept = -5.217;
  double per_phototype = 0.948;  // per Fitzpatrick step above I
  double per_injury_fraction = 3.426;
  double per_inflammation_day = 0.1398;
  double nonablative_epidermal_weight = 0.5;  // share of a coagulated column's area that counts
  double needle_inflammation_days = 2.0;      // inflammation after needling
};

// Loads data/treatment/pih.toml.
Result<PihParameters> load_pih_parameters(const std::filesystem::path& path);

double pih_probability(const PihInputs& inputs, const PihParameters& p);

// The inputs of a needling pass: f = the channels' surface area share (every channel breaks the
// basement membrane).
PihInputs needling_pih_inputs(int fitzpatrick, const ChannelField& field, const PihParameters& p);

// The inputs of a laser setting: f = the area share of columns with their rim (a non-ablative
// column counts nonablative_epidermal_weight of it); days = needling's × heat_inflammation_fold.
PihInputs laser_pih_inputs(int fitzpatrick, const LaserColumns& columns, const PihParameters& p);

}  // namespace dermasim::treatment
