// Clone census from the lineage column.
#include "skin/clones.hpp"

#include "skin/basal_layer.hpp"

namespace dermasim::skin {

CloneCensus take_census(const engine::AgentStore& agents, std::size_t founders) {
  CloneCensus census;
  census.progenitors.assign(founders, 0);
  census.basal.assign(founders, 0);
  census.total.assign(founders, 0);
  for (std::size_t i = 0; i < agents.size(); ++i) {
    const std::int64_t clone = agents.lineage[i];
    if (clone < 0 || static_cast<std::size_t>(clone) >= founders) continue;
    if (agents.state[i] == engine::AgentState::dying) continue;
    const int type = agents.type[i];
    census.progenitors[clone] += type == progenitor;
    census.basal[clone] += type == progenitor || type == post_mitotic_basal;
    ++census.total[clone];
  }
  return census;
}

}  // namespace dermasim::skin
