// Lineage tracing: labelling founders and counting their clones by cell type.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/agents.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

// Labels each living agent of the spec's types, with probability `fraction`, as the founder of its
// own clone (lineage = its id). The draw for an agent is keyed by (seed, id, step): the same
// agents are chosen for any thread count. Returns the number of founders.
std::size_t label_founders(AgentStore& agents, const LineageSpec& spec, std::uint64_t seed,
                           std::uint64_t step);

// Living members of every clone with at least one: founder id, then a count per cell type.
struct CloneCensus {
  int types = 0;
  std::vector<std::int64_t> founders;
  std::vector<std::int64_t> counts;  // founders.size() × types
  std::int64_t count(std::size_t clone, int type) const { return counts[clone * types + type]; }
};

// Counts the living (not dying) members of each clone, founders in ascending id.
CloneCensus take_census(const AgentStore& agents, int types);

}  // namespace dermasim::engine
