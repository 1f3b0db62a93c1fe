// Counting-sort neighbour bins: O(agents + bins) per rebuild, no allocation once sized.
#include "engine/neighbor_grid.hpp"

#include <algorithm>
#include <cmath>

namespace dermasim::engine {

void NeighborGrid::configure(const Box& domain, double bin_um) {
  m_domain = domain;
  for (int axis = 0; axis < 3; ++axis) {
    const double extent = domain.max_um[axis] - domain.min_um[axis];
    m_count[axis] = std::max(1, static_cast<int>(std::floor(extent / bin_um)));
  }
  // Bins are stretched to tile the domain exactly, so each is at least bin_um wide.
  m_bin_um = bin_um;
  m_bin_start.assign(static_cast<std::size_t>(m_count[0]) * m_count[1] * m_count[2] + 1, 0);
  m_cursor.assign(m_bin_start.size() - 1, 0);
}

void NeighborGrid::rebuild(const AgentStore& agents) {
  const std::size_t n = agents.size();
  m_bin_of_agent.resize(n);
  m_sorted.resize(n);
  std::fill(m_bin_start.begin(), m_bin_start.end(), 0);
  std::array<double, 3> scale{};
  for (int axis = 0; axis < 3; ++axis)
    scale[axis] = m_count[axis] / (m_domain.max_um[axis] - m_domain.min_um[axis]);
  const std::array<const std::vector<double>*, 3> position{&agents.x_um, &agents.y_um,
                                                           &agents.z_um};
  for (std::size_t i = 0; i < n; ++i) {
    if (agents.state[i] == AgentState::frozen) {
      m_bin_of_agent[i] = -1;
      continue;
    }
    std::array<int, 3> b{};
    for (int axis = 0; axis < 3; ++axis) {
      const double cell = std::floor(((*position[axis])[i] - m_domain.min_um[axis]) * scale[axis]);
      b[axis] = std::clamp(static_cast<int>(cell), 0, m_count[axis] - 1);
    }
    const int bin = (b[2] * m_count[1] + b[1]) * m_count[0] + b[0];
    m_bin_of_agent[i] = bin;
    ++m_bin_start[bin + 1];
  }
  for (std::size_t b = 1; b < m_bin_start.size(); ++b) m_bin_start[b] += m_bin_start[b - 1];
  // Stable placement: a running cursor per bin, agents visited in ascending index.
  std::copy(m_bin_start.begin(), m_bin_start.end() - 1, m_cursor.begin());
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t bin = m_bin_of_agent[i];
    if (bin >= 0) m_sorted[m_cursor[bin]++] = static_cast<std::int32_t>(i);
  }
}

}  // namespace dermasim::engine
