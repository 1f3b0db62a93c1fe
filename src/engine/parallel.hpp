// When a loop is worth a parallel region: below these sizes the fork and barrier cost more than
// the work, and a busy machine can stall a barrier for a whole scheduler time slice.
#pragma once

#include <cstddef>

namespace dermasim::engine {

inline constexpr std::size_t min_parallel_agents = 512;
inline constexpr std::size_t min_parallel_values = 16384;

}  // namespace dermasim::engine
