// Founder labelling with counter-based draws, and clone counts by sorting lineage labels.
#include "engine/lineage.hpp"

#include <algorithm>
#include <utility>

#include "engine/random.hpp"

namespace dermasim::engine {

std::size_t label_founders(AgentStore& agents, const LineageSpec& spec, std::uint64_t seed,
                           std::uint64_t step) {
  std::size_t founders = 0;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents.state[i] == AgentState::dying) continue;
    const bool wanted_type =
        spec.label_types.empty() || std::find(spec.label_types.begin(), spec.label_types.end(),
                                              agents.type[i]) != spec.label_types.end();
    if (!wanted_type) continue;
    if (spec.fraction < 1.0 &&
        uniforms(seed, agents.id[i], step, RandomStream::lineage_label)[0] >= spec.fraction)
      continue;
    agents.lineage[i] = static_cast<std::int64_t>(agents.id[i]);
    ++founders;
  }
  return founders;
}

CloneCensus take_census(const AgentStore& agents, int types) {
  std::vector<std::pair<std::int64_t, int>> members;  // (clone, type), outside the step loop
  for (std::size_t i = 0; i < agents.size(); ++i)
    if (agents.lineage[i] >= 0 && agents.state[i] != AgentState::dying)
      members.emplace_back(agents.lineage[i], agents.type[i]);
  std::sort(members.begin(), members.end());
  CloneCensus census;
  census.types = types;
  for (const auto& [clone, type] : members) {
    if (census.founders.empty() || census.founders.back() != clone) {
      census.founders.push_back(clone);
      census.counts.resize(census.counts.size() + static_cast<std::size_t>(types), 0);
    }
    ++census.counts[(census.founders.size() - 1) * static_cast<std::size_t>(types) + type];
  }
  return census;
}

}  // namespace dermasim::engine
