// Migration directions kept, redrawn and biased by chemotaxis, added to the mechanics velocities.
#include "engine/motility.hpp"

#include <algorithm>
#include <cmath>

#include "engine/parallel.hpp"
#include "engine/random.hpp"

namespace dermasim::engine {

MotilityTable MotilityTable::from(const Scenario& scenario) {
  MotilityTable table;
  const double dt_h = scenario.time_steps.mechanics_h;
  for (const CellTypeSpec& type : scenario.cell_types) {
    const MotilitySpec& motility = type.motility;
    table.speed_um_per_h.push_back(motility.speed_um_per_h);
    // P(no change in dt) = exp(−dt/τ): the waiting times are exponential whatever dt is.
    table.turn_probability.push_back(
        motility.persistence_h > 0.0 ? -std::expm1(-dt_h / motility.persistence_h) : 1.0);
    table.chemotaxis_substance.push_back(motility.chemotaxis_substance);
    table.chemotaxis_bias.push_back(motility.chemotaxis_bias);
    table.chemotaxis_gradient_half_max.push_back(motility.chemotaxis_gradient_half_max);
    table.speed_column.push_back(no_speed_column);
    table.any_motile = table.any_motile || motility.speed_um_per_h > 0.0;
  }
  return table;
}

namespace {

constexpr std::array<double, 3> no_direction{0.0, 0.0, 0.0};

// The voxel indices holding `position_um`, clamped into the grid; false for a NaN position.
bool clamped_voxel(const VoxelGrid& grid, const std::array<double, 3>& position_um,
                   std::array<int, 3>& ijk) {
  for (int axis = 0; axis < 3; ++axis) {
    const double cell = std::floor((position_um[axis] - grid.origin_um[axis]) / grid.voxel_um);
    if (std::isnan(cell)) return false;
    ijk[axis] = static_cast<int>(std::clamp(cell, 0.0, static_cast<double>(grid.count[axis] - 1)));
  }
  return true;
}

std::array<double, 3> normalised(const std::array<double, 3>& v) {
  const double length = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (!(length > 0.0) || !std::isfinite(length)) return no_direction;
  return {v[0] / length, v[1] / length, v[2] / length};
}

bool has_direction(const AgentStore& a, std::size_t i) {
  return a.migration_x[i] != 0.0 || a.migration_y[i] != 0.0 || a.migration_z[i] != 0.0;
}

// Keeps agent i's direction, or draws a new one when it has none or it turns in this step.
void update_direction(AgentStore& a, std::size_t i, const MotilityTable& table,
                      const SignalView& fields, std::uint64_t seed, std::uint64_t step) {
  const auto type = static_cast<std::size_t>(a.type[i]);
  const std::array<double, 4> u = uniforms(seed, a.id[i], step, RandomStream::motility);
  if (has_direction(a, i) && !(u[0] < table.turn_probability[type])) return;
  double bias = table.chemotaxis_bias[type];
  std::array<double, 3> gradient = no_direction;
  if (bias > 0.0) {
    gradient = substance_gradient(fields, table.chemotaxis_substance[type],
                                  {a.x_um[i], a.y_um[i], a.z_um[i]});
    const double half_max = table.chemotaxis_gradient_half_max[type];
    if (half_max > 0.0) {
      const double steepness = std::sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1] +
                                         gradient[2] * gradient[2]);
      bias *= steepness / (steepness + half_max);
    }
    gradient = normalised(gradient);
  }
  const std::array<double, 3> d = migration_direction(unit_sphere(u[1], u[2]), bias, gradient);
  a.migration_x[i] = d[0];
  a.migration_y[i] = d[1];
  a.migration_z[i] = d[2];
}

}  // namespace

std::array<double, 3> unit_gradient(const SignalView& fields, int substance,
                                    const std::array<double, 3>& position_um) {
  return normalised(substance_gradient(fields, substance, position_um));
}

std::array<double, 3> substance_gradient(const SignalView& fields, int substance,
                                         const std::array<double, 3>& position_um) {
  const VoxelGrid& grid = fields.grid;
  std::array<int, 3> ijk{};
  if (fields.field_values == nullptr || substance < 0 || substance >= fields.lanes ||
      !clamped_voxel(grid, position_um, ijk))
    return no_direction;
  auto value = [&](const std::array<int, 3>& at) {
    const std::size_t voxel = grid.index(at[0], at[1], at[2]);
    return fields.field_values[voxel * static_cast<std::size_t>(fields.lanes) +
                               static_cast<std::size_t>(substance)];
  };
  std::array<double, 3> gradient{};
  for (int axis = 0; axis < 3; ++axis) {
    std::array<int, 3> low = ijk, high = ijk;
    low[axis] = std::max(ijk[axis] - 1, 0);
    high[axis] = std::min(ijk[axis] + 1, grid.count[axis] - 1);
    if (high[axis] == low[axis]) continue;  // one voxel along this axis
    gradient[axis] = (value(high) - value(low)) / ((high[axis] - low[axis]) * grid.voxel_um);
  }
  return gradient;
}

std::array<double, 3> migration_direction(const std::array<double, 3>& random, double bias,
                                          const std::array<double, 3>& gradient) {
  const double keep = 1.0 - bias;
  return normalised({keep * random[0] + bias * gradient[0], keep * random[1] + bias * gradient[1],
                     keep * random[2] + bias * gradient[2]});
}

void add_migration_velocities(AgentStore& agents, const MotilityTable& table,
                              const SignalView& fields, std::uint64_t seed,
                              std::uint64_t mechanics_step) {
  const auto n = static_cast<std::ptrdiff_t>(agents.size());
#pragma omp parallel for schedule(static) if (agents.size() >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < n; ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    if (agents.state[i] != AgentState::alive) continue;
    const auto type = static_cast<std::size_t>(agents.type[i]);
    double speed = table.speed_um_per_h[type];
    if (table.speed_column[type] != no_speed_column)
      speed *= agents.column(ColumnHandle{static_cast<std::size_t>(table.speed_column[type])})[i];
    if (!(speed > 0.0)) continue;
    update_direction(agents, i, table, fields, seed, mechanics_step);
    agents.vx_um_per_h[i] += speed * agents.migration_x[i];
    agents.vy_um_per_h[i] += speed * agents.migration_y[i];
    agents.vz_um_per_h[i] += speed * agents.migration_z[i];
  }
}

}  // namespace dermasim::engine
