// Terminal progress bar: redrawn at most once per 0.1 % of the run.
#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace dermasim::cli {

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

ProgressBar::ProgressBar(std::int64_t total_steps, bool enabled)
    : m_total(std::max<std::int64_t>(1, total_steps)),
      m_enabled(enabled),
      m_start(std::chrono::steady_clock::now()) {}

void ProgressBar::update(std::int64_t done_steps) {
  if (!m_enabled) return;
  const int permille =
      static_cast<int>(1000 * std::clamp<std::int64_t>(done_steps, 0, m_total) / m_total);
  if (permille == m_last_permille) return;
  m_last_permille = permille;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  const double eta = permille > 0 ? elapsed * (1000 - permille) / permille : 0.0;
  constexpr int width = 40;
  const int filled = permille * width / 1000;
  std::fprintf(stderr, "\r[%-*.*s] %5.1f%%  elapsed %.0fs  ETA %.0fs ", width, filled,
               "########################################", permille / 10.0, elapsed, eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!m_enabled) return;
  update(m_total);
  std::fputc('\n', stderr);
}

}  // namespace dermasim::cli
