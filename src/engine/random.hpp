// Counter-based random numbers keyed by (seed, agent id, step, stream): no state shared by threads.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace dermasim::engine {

// Random streams an agent draws from in one phenotype step; each stream gives four numbers.
// `event` is drawn by events applied between steps (Simulation::remove_random_agents), keyed by the
// event's key in place of the step; `motility` once per mechanics step, keyed by the mechanics
// step.
enum class RandomStream : std::uint64_t {
  death = 1,
  cycle = 2,
  division_direction = 3,
  division_outcome = 4,
  transition = 5,
  lineage_label = 6,
  event = 7,
  motility = 8,
};

// Four independent uniforms in (0, 1) from Philox4x64-10 on counter (agent id, step, stream) with
// key (seed). The same inputs give the same numbers on any thread, in any order.
inline std::array<double, 4> uniforms(std::uint64_t seed, std::uint64_t agent_id,
                                      std::uint64_t step, RandomStream stream) {
  using Philox = r123::Philox4x64;
  const Philox::ctr_type counter = {{agent_id, step, static_cast<std::uint64_t>(stream), 0}};
  const Philox::key_type key = {{seed, 0x64657266u}};
  const Philox::ctr_type bits = Philox()(counter, key);
  std::array<double, 4> result{};
  for (int i = 0; i < 4; ++i)  // 53 random bits, shifted half an ulp off zero: (0, 1)
    result[i] = (static_cast<double>(bits[i] >> 11) + 0.5) * 0x1.0p-53;
  return result;
}

// A direction uniform on the unit sphere from two uniforms.
inline std::array<double, 3> unit_sphere(double u1, double u2) {
  const double z = 2.0 * u1 - 1.0;
  const double ring = std::sqrt(std::max(0.0, 1.0 - z * z));
  const double angle = 2.0 * std::numbers::pi * u2;
  return {ring * std::cos(angle), ring * std::sin(angle), z};
}

}  // namespace dermasim::engine
