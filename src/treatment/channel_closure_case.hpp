// Validation case `channel-closure` (calibration target 3): micro-needle channels of Kalluri
// 2011's rollers, their depth, the barrier's recovery on the simulated block and pore closure.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::treatment {

Result<ValidationCase> run_channel_closure(const std::filesystem::path& data_dir,
                                           ValidationSize size);

}  // namespace dermasim::treatment
