// Validation case `lifestyle-collagen` (calibration target 6): smoking, age and one UV exposure
// acting on the simulated dermis's collagen synthesis, proteases and collagen breakdown
// (REFERENCE §D2–§D4).
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::skin {

Result<ValidationCase> run_lifestyle_collagen(const std::filesystem::path& data_dir,
                                              ValidationSize size);

}  // namespace dermasim::skin
