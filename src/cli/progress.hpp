// A progress bar with ETA on a terminal; silent when standard error is not a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace dermasim::cli {

class ProgressBar {
 public:
  ProgressBar(std::int64_t total_steps, bool enabled);
  void update(std::int64_t done_steps);
  void finish();

 private:
  std::int64_t m_total = 1;
  bool m_enabled = false;
  int m_last_permille = -1;
  std::chrono::steady_clock::time_point m_start;
};

bool stderr_is_terminal();

}  // namespace dermasim::cli
