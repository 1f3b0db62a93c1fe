// Per-voxel aggregation of secretion and uptake terms, summed in agent order.
#include "engine/exchange.hpp"

#include "engine/parallel.hpp"

namespace dermasim::engine {

Exchange::Exchange(const Scenario& scenario, const VoxelGrid& grid)
    : m_substances(static_cast<int>(scenario.substances.size())) {
  const std::size_t per_type = static_cast<std::size_t>(m_substances);
  const std::size_t types = scenario.cell_types.size();
  m_secretion_times_target.assign(types * per_type, 0.0);
  m_total_rate.assign(types * per_type, 0.0);
  m_dying_total_rate.assign(types * per_type, 0.0);
  for (std::size_t t = 0; t < types; ++t)
    for (const ExchangeSpec& e : scenario.cell_types[t].exchange) {
      const std::size_t at = t * per_type + static_cast<std::size_t>(e.substance);
      m_secretion_times_target[at] += e.secretion_per_h * e.secretion_target;
      m_total_rate[at] += e.secretion_per_h + e.uptake_per_h;
      m_dying_total_rate[at] += scenario.cell_types[t].apoptosis.uptake_fraction * e.uptake_per_h;
      m_active = m_active || e.secretion_per_h > 0.0 || e.uptake_per_h > 0.0;
    }
  m_voxel_add.assign(grid.voxel_total() * per_type, 0.0);
  m_voxel_rate.assign(grid.voxel_total() * per_type, 0.0);
  m_occupied.assign(grid.voxel_total(), 0);
  m_voxels.reserve(grid.voxel_total());
  m_add.reserve(grid.voxel_total() * per_type);
  m_scale.reserve(grid.voxel_total() * per_type);
}

void Exchange::rebuild(AgentStore& agents, const VoxelGrid& grid, double dt_h) {
  const std::size_t n = agents.size();
#pragma omp parallel for schedule(static) if (n >= min_parallel_agents)
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i)
    agents.voxel[i] = agents.state[i] == AgentState::frozen
                          ? -1
                          : grid.voxel_of(agents.x_um[i], agents.y_um[i], agents.z_um[i]);
  m_voxels.clear();
  if (!m_active) return;
  const double per_voxel_volume = dt_h / grid.voxel_volume_um3();
  const std::size_t S = static_cast<std::size_t>(m_substances);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t voxel = agents.voxel[i];
    if (voxel < 0) continue;
    if (!m_occupied[voxel]) {
      m_occupied[voxel] = 1;
      m_voxels.push_back(voxel);
    }
    const bool dying = agents.state[i] == AgentState::dying;
    const double weight = agents.volume_um3[i] * per_voxel_volume;
    const std::size_t base = static_cast<std::size_t>(voxel) * S;
    const std::size_t type_base = static_cast<std::size_t>(agents.type[i]) * S;
    const double* rate = dying ? m_dying_total_rate.data() : m_total_rate.data();
    for (std::size_t s = 0; s < S; ++s) {
      if (!dying) m_voxel_add[base + s] += weight * m_secretion_times_target[type_base + s];
      m_voxel_rate[base + s] += weight * rate[type_base + s];
    }
  }
  m_add.resize(m_voxels.size() * S);
  m_scale.resize(m_voxels.size() * S);
  for (std::size_t k = 0; k < m_voxels.size(); ++k) {
    const std::size_t base = static_cast<std::size_t>(m_voxels[k]) * S;
    for (std::size_t s = 0; s < S; ++s) {
      m_add[k * S + s] = m_voxel_add[base + s];
      m_scale[k * S + s] = 1.0 / (1.0 + m_voxel_rate[base + s]);
      m_voxel_add[base + s] = 0.0;
      m_voxel_rate[base + s] = 0.0;
    }
    m_occupied[m_voxels[k]] = 0;
  }
}

}  // namespace dermasim::engine
