// Thresholds of the per-session report (data/treatment/session_report.toml).
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace dermasim::treatment {

struct ReportParameters {
  double visible_erythema_index = 1.1;       // erythema index from which redness shows
  double inflammation_duration_share = 0.5;  // of the rise over the pre-session value
};

Result<ReportParameters> load_report_parameters(const std::filesystem::path& path);

}  // namespace dermasim::treatment
