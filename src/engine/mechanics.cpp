// Pair-potential velocities gathered per agent and Adams–Bashforth position updates.
#include "engine/mechanics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "engine/parallel.hpp"

namespace dermasim::engine {

MechanicsTable MechanicsTable::from(const Scenario& scenario) {
  MechanicsTable table;
  table.types = static_cast<int>(scenario.cell_types.size());
  const auto types = static_cast<std::size_t>(table.types);
  table.repulsion_um_per_h.resize(types * types);
  table.adhesion_um_per_h.resize(types * types);
  for (std::size_t a = 0; a < types; ++a) {
    const MechanicsSpec& ma = scenario.cell_types[a].mechanics;
    table.adhesion_ratio.push_back(ma.max_adhesion_distance_ratio);
    for (std::size_t b = 0; b < types; ++b) {
      const MechanicsSpec& mb = scenario.cell_types[b].mechanics;
      table.repulsion_um_per_h[a * types + b] =
          std::sqrt(ma.repulsion_um_per_h * mb.repulsion_um_per_h);
      table.adhesion_um_per_h[a * types + b] =
          std::sqrt(ma.adhesion_um_per_h * mb.adhesion_um_per_h);
    }
  }
  table.wall_repulsion_um_per_h = scenario.wall_repulsion_um_per_h;
  table.domain = scenario.domain;
  for (const CellTypeSpec& type : scenario.cell_types) {
    // validate() refuses contact without a membrane; without one, nothing can be in contact.
    const MembraneContact contact =
        scenario.basement_membrane ? type.mechanics.membrane : MembraneContact::none;
    table.membrane_contact.push_back(contact);
    table.any_membrane_contact = table.any_membrane_contact || contact != MembraneContact::none;
  }
  if (scenario.basement_membrane) table.basement_membrane = *scenario.basement_membrane;
  auto positive = [](double v) { return v > 0.0; };
  table.any_force =
      table.wall_repulsion_um_per_h > 0.0 ||
      std::any_of(table.repulsion_um_per_h.begin(), table.repulsion_um_per_h.end(), positive) ||
      std::any_of(table.adhesion_um_per_h.begin(), table.adhesion_um_per_h.end(), positive);
  return table;
}

double interaction_range_um(const MechanicsTable& table, double max_radius_um) {
  double ratio = 1.0;
  for (const double r : table.adhesion_ratio) ratio = std::max(ratio, r);
  return 2.0 * ratio * max_radius_um;
}

namespace {

// Push of the nearest face, inwards, when the centre is closer to it than the radius.
void add_wall_push(const Box& domain, double wall, double radius, const double* position,
                   double* velocity) {
  int nearest_axis = 0;
  double nearest = INFINITY, direction = 0.0;
  for (int axis = 0; axis < 3; ++axis) {
    const double to_min = position[axis] - domain.min_um[axis];
    const double to_max = domain.max_um[axis] - position[axis];
    if (to_min < nearest) nearest = to_min, nearest_axis = axis, direction = 1.0;
    if (to_max < nearest) nearest = to_max, nearest_axis = axis, direction = -1.0;
  }
  if (nearest >= radius || radius <= 0.0) return;
  const double overlap = 1.0 - nearest / radius;
  velocity[nearest_axis] += direction * wall * overlap * overlap;
}

}  // namespace

void compute_velocities(AgentStore& agents, const NeighborGrid& grid, const MechanicsTable& table) {
  const auto n = static_cast<std::ptrdiff_t>(agents.size());
  const double* __restrict x = agents.x_um.data();
  const double* __restrict y = agents.y_um.data();
  const double* __restrict z = agents.z_um.data();
  const double* __restrict radius = agents.radius_um.data();
  const std::int32_t* __restrict type = agents.type.data();
  const auto types = static_cast<std::size_t>(table.types);
#pragma omp parallel for schedule(static) if (agents.size() >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < n; ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    double v[3] = {0.0, 0.0, 0.0};
    if (agents.state[i] != AgentState::frozen) {
      const double ri = radius[i];
      const std::size_t row = static_cast<std::size_t>(type[i]) * types;
      const double ratio_i = table.adhesion_ratio[type[i]];
      grid.for_each_candidate(i, [&](std::size_t j) {
        if (j == i) return;
        const double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
        const double distance_sq = dx * dx + dy * dy + dz * dz;
        const double rj = radius[j];
        const double adhesion_range = ratio_i * ri + table.adhesion_ratio[type[j]] * rj;
        if (distance_sq >= adhesion_range * adhesion_range && distance_sq >= (ri + rj) * (ri + rj))
          return;
        const double distance = std::max(std::sqrt(distance_sq), 1e-8);
        const double contact = ri + rj;
        double speed = 0.0;
        if (distance < contact) {
          const double overlap = 1.0 - distance / contact;
          speed += table.repulsion_um_per_h[row + type[j]] * overlap * overlap;
        }
        if (distance < adhesion_range) {
          const double reach = 1.0 - distance / adhesion_range;
          speed -= table.adhesion_um_per_h[row + type[j]] * reach * reach;
        }
        const double scale = speed / distance;
        v[0] += scale * dx;
        v[1] += scale * dy;
        v[2] += scale * dz;
      });
      const double position[3] = {x[i], y[i], z[i]};
      add_wall_push(table.domain, table.wall_repulsion_um_per_h, ri, position, v);
    }
    agents.vx_um_per_h[i] = v[0];
    agents.vy_um_per_h[i] = v[1];
    agents.vz_um_per_h[i] = v[2];
  }
}

void clear_velocities(AgentStore& agents) {
  std::ranges::fill(agents.vx_um_per_h, 0.0);
  std::ranges::fill(agents.vy_um_per_h, 0.0);
  std::ranges::fill(agents.vz_um_per_h, 0.0);
}

void move_agents(AgentStore& agents, double dt_h) {
  const auto n = static_cast<std::ptrdiff_t>(agents.size());
#pragma omp parallel for schedule(static) if (agents.size() >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < n; ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    if (agents.state[i] == AgentState::frozen) continue;
    agents.x_um[i] += dt_h * (1.5 * agents.vx_um_per_h[i] - 0.5 * agents.previous_vx_um_per_h[i]);
    agents.y_um[i] += dt_h * (1.5 * agents.vy_um_per_h[i] - 0.5 * agents.previous_vy_um_per_h[i]);
    agents.z_um[i] += dt_h * (1.5 * agents.vz_um_per_h[i] - 0.5 * agents.previous_vz_um_per_h[i]);
    agents.previous_vx_um_per_h[i] = agents.vx_um_per_h[i];
    agents.previous_vy_um_per_h[i] = agents.vy_um_per_h[i];
    agents.previous_vz_um_per_h[i] = agents.vz_um_per_h[i];
  }
}

void apply_basement_membrane(AgentStore& agents, const MechanicsTable& table) {
  const auto n = static_cast<std::ptrdiff_t>(agents.size());
#pragma omp parallel for schedule(static) if (agents.size() >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < n; ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    if (agents.state[i] == AgentState::frozen) continue;
    const MembraneContact contact = table.membrane_contact[agents.type[i]];
    if (contact == MembraneContact::none) continue;
    const double resting_z_um =
        basement_membrane_z_um(table.basement_membrane, agents.x_um[i], agents.y_um[i]) +
        agents.radius_um[i];
    if (contact == MembraneContact::attached) {
      agents.z_um[i] = resting_z_um;
      agents.vz_um_per_h[i] = 0.0;
      agents.previous_vz_um_per_h[i] = 0.0;
    } else if (agents.z_um[i] < resting_z_um) {
      agents.z_um[i] = resting_z_um;
      agents.vz_um_per_h[i] = std::max(agents.vz_um_per_h[i], 0.0);
      agents.previous_vz_um_per_h[i] = std::max(agents.previous_vz_um_per_h[i], 0.0);
    }
  }
}

void freeze_agents_outside(AgentStore& agents, const Box& domain) {
  const auto n = static_cast<std::ptrdiff_t>(agents.size());
#pragma omp parallel for schedule(static) if (agents.size() >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < n; ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    const double p[3] = {agents.x_um[i], agents.y_um[i], agents.z_um[i]};
    for (int axis = 0; axis < 3; ++axis)
      if (!(p[axis] >= domain.min_um[axis] && p[axis] <= domain.max_um[axis]))
        agents.state[i] = AgentState::frozen;
  }
}

void clamp_agents_inside(AgentStore& agents, const Box& domain) {
  const auto n = static_cast<std::ptrdiff_t>(agents.size());
  std::array<std::vector<double>*, 3> position = {&agents.x_um, &agents.y_um, &agents.z_um};
#pragma omp parallel for schedule(static) if (agents.size() >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < n; ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    if (agents.state[i] == AgentState::frozen) continue;
    for (int axis = 0; axis < 3; ++axis) {
      double& p = (*position[axis])[i];
      if (std::isnan(p))
        agents.state[i] = AgentState::frozen;
      else
        p = std::clamp(p, domain.min_um[axis], domain.max_um[axis]);
    }
  }
}

}  // namespace dermasim::engine
