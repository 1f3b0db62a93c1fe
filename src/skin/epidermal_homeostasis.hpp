// Validation case `epidermal-homeostasis`: human epidermal kinetics at steady state (REFERENCE
// §B1).
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::skin {

// Runs human interfollicular epidermis (data_dir/epidermis/human_interfollicular.toml) for 90
// days — 1 mm² at full size, 0.1 mm² reduced — and measures, over days 60–90, the cell
// production, cycle time and growth fraction of the germinative compartment, the stratum
// corneum transit and whole-epidermis turnover (Little's law), and the drift of the germinative
// cell count, against REFERENCE calibration target 2.
Result<ValidationCase> run_epidermal_homeostasis(const std::filesystem::path& data_dir,
                                                 ValidationSize size);

}  // namespace dermasim::skin
