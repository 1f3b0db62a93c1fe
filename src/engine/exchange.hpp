// Cell secretion and uptake aggregated per voxel, so the field update costs one pass per step.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/agents.hpp"
#include "engine/diffusion.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

// The implicit update of all cells in a voxel at once,
//   c ← (c + dt Σ (V_c/V_v) s_c c*_c) / (1 + dt Σ (V_c/V_v)(s_c + u_c)),
// kept only for occupied voxels, in order of first occupant. It equals PhysiCell's cell-by-cell
// update for one cell per voxel and does not depend on the order of the cells. Dying cells keep a
// fraction of their uptake and stop secreting; frozen cells exchange nothing.
class Exchange {
 public:
  Exchange(const Scenario& scenario, const VoxelGrid& grid);

  // Recomputes the voxel of each agent and the per-voxel terms for a diffusion step of dt_h.
  void rebuild(AgentStore& agents, const VoxelGrid& grid, double dt_h);

  VoxelSources sources() const {
    return {m_voxels.data(), m_voxels.size(), m_add.data(), m_scale.data()};
  }

 private:
  int m_substances = 0;
  bool m_active = false;  // any cell type exchanges anything
  // Per type and substance: secretion rate · target, and secretion + uptake, living and dying.
  std::vector<double> m_secretion_times_target, m_total_rate, m_dying_total_rate;
  std::vector<double> m_voxel_add, m_voxel_rate;  // dense accumulators, zero between rebuilds
  std::vector<std::uint8_t> m_occupied;           // per voxel, set while accumulating
  std::vector<std::int64_t> m_voxels;             // occupied voxels
  std::vector<double> m_add, m_scale;             // per occupied voxel × substance
};

}  // namespace dermasim::engine
