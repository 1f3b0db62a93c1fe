// Active cell migration: a persistent random walk per cell type, biased up a substance gradient.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/agents.hpp"
#include "engine/phenotype.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

// Per-type motility in mechanics steps, resolved once from the scenario.
inline constexpr std::int64_t no_speed_column = -1;

struct MotilityTable {
  std::vector<double> speed_um_per_h;    // 0: the type does not migrate
  std::vector<double> turn_probability;  // per mechanics step: 1 − exp(−dt/persistence)
  std::vector<std::int32_t> chemotaxis_substance;  // no_chemotaxis: none
  std::vector<double> chemotaxis_bias;
  std::vector<double> chemotaxis_gradient_half_max;
  // Per type, a custom agent column whose value multiplies the speed (a higher layer's state,
  // e.g. how activated a cell is); no_speed_column: the speed as given.
  std::vector<std::int64_t> speed_column;
  bool any_motile = false;  // false: add_migration_velocities can be skipped

  static MotilityTable from(const Scenario& scenario);
};

// Unit gradient of `substance` in the voxel holding `position_um` (indices clamped into the grid):
// central differences of the voxel values, one-sided on the faces, no component along an axis of
// one voxel. Zero without fields, for a substance that is not there (no_chemotaxis), for a zero or
// non-finite gradient and for a position that is not a number.
// Gradient of `substance` (its unit per µm) at the voxel holding `position_um`, by the same
// differences as unit_gradient; zero where unit_gradient is.
std::array<double, 3> substance_gradient(const SignalView& fields, int substance,
                                         const std::array<double, 3>& position_um);

std::array<double, 3> unit_gradient(const SignalView& fields, int substance,
                                    const std::array<double, 3>& position_um);

// normalise((1 − bias)·random + bias·gradient), or zero when that sum is zero.
std::array<double, 3> migration_direction(const std::array<double, 3>& random, double bias,
                                          const std::array<double, 3>& gradient);

// For every living agent (neither dying nor frozen) of a motile type: draws a new migration
// direction when it has none or with the type's turn probability, from uniforms(seed, agent id,
// mechanics_step, RandomStream::motility) and the gradient of `fields`, then adds speed ·
// direction to its velocity. Per agent, so the result does not depend on threads or order.
void add_migration_velocities(AgentStore& agents, const MotilityTable& table,
                              const SignalView& fields, std::uint64_t seed,
                              std::uint64_t mechanics_step);

}  // namespace dermasim::engine
