// Validation case `clonal-dynamics`: the SP model's clone statistics against their predictions.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace dermasim::skin {

// Runs the pure single-progenitor model with mouse-tail kinetics (data_dir/epidermis/
// mouse_tail.toml), labels every basal cell at t = 0, and compares clone statistics at 13 and
// 52 weeks with the exact critical birth–death results and Clayton 2007's scaling predictions.
Result<ValidationCase> run_clonal_dynamics(const std::filesystem::path& data_dir,
                                           ValidationSize size);

}  // namespace dermasim::skin
