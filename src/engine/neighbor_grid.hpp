// Uniform bins over the domain, rebuilt by a stable counting sort so neighbour order is fixed.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

class NeighborGrid {
 public:
  // Bins of at least `bin_um` per side over the domain (at least one bin per axis).
  void configure(const Box& domain, double bin_um);
  double bin_um() const { return m_bin_um; }

  // Sorts the agents that take part in mechanics (not frozen) into bins; agents of one bin keep
  // ascending index order, so a gather over neighbours visits them in the same order every time.
  void rebuild(const AgentStore& agents);

  // Calls visit(j) for every binned agent j in the 27 bins around agent i's bin (i itself
  // included), in a fixed order.
  template <class Visit>
  void for_each_candidate(std::size_t i, Visit&& visit) const {
    const std::int32_t bin = m_bin_of_agent[i];
    if (bin < 0) return;
    const int bx = bin % m_count[0];
    const int by = (bin / m_count[0]) % m_count[1];
    const int bz = bin / (m_count[0] * m_count[1]);
    for (int z = std::max(bz - 1, 0); z <= std::min(bz + 1, m_count[2] - 1); ++z)
      for (int y = std::max(by - 1, 0); y <= std::min(by + 1, m_count[1] - 1); ++y) {
        const int row = (z * m_count[1] + y) * m_count[0];
        const int first = m_bin_start[row + std::max(bx - 1, 0)];
        const int last = m_bin_start[row + std::min(bx + 1, m_count[0] - 1) + 1];
        for (int s = first; s < last; ++s) visit(static_cast<std::size_t>(m_sorted[s]));
      }
  }

 private:
  Box m_domain;
  double m_bin_um = 1.0;
  std::array<int, 3> m_count{1, 1, 1};
  std::vector<std::int32_t> m_bin_start;  // bins + 1 prefix offsets into m_sorted
  std::vector<std::int32_t> m_sorted;     // agent indices grouped by bin
  std::vector<std::int32_t> m_bin_of_agent;
  std::vector<std::int32_t> m_cursor;  // per-bin fill position during a rebuild
};

}  // namespace dermasim::engine
