// Validation case `needling-course` (calibration targets 4, 5 and 7): a course of micro-needling
// sessions on the simulated dermis against Lotfi 2013's histology and Dogra 2014's acne-scar
// scores, and a topical growth-factor gel against Fitzpatrick & Rostan 2003.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::treatment {

Result<ValidationCase> run_needling_course(const std::filesystem::path& data_dir,
                                           ValidationSize size);

}  // namespace dermasim::treatment
