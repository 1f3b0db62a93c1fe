// Lineage tracing: clone sizes (progenitors, basal, all) per labelled founder.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/agents.hpp"

namespace dermasim::skin {

// Counts per clone, indexed by the founder's agent id (founders are agents 0 .. founders − 1).
struct CloneCensus {
  std::vector<std::int64_t> progenitors, basal, total;
};

// Counts the living agents of each clone labelled with a founder id below `founders`.
CloneCensus take_census(const engine::AgentStore& agents, std::size_t founders);

}  // namespace dermasim::skin
