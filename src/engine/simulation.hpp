// A tissue run: owns the agents and fields of one scenario and advances them on three clocks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "engine/agents.hpp"
#include "engine/diffusion.hpp"
#include "engine/exchange.hpp"
#include "engine/mechanics.hpp"
#include "engine/neighbor_grid.hpp"
#include "engine/phenotype.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

struct AgentCounts {
  std::size_t agents = 0, live = 0, dying = 0, frozen = 0;  // live: not dying (frozen included)
};

// The scheduler runs on the diffusion step; mechanics and phenotype run every `mechanics_every` and
// `phenotype_every` diffusion steps, from step 0. One step, as in PhysiCell: diffusion solve, cell
// exchange, phenotype when due, mechanics when due.
class Simulation {
 public:
  static Result<Simulation> create(Scenario scenario);
  // Restores a checkpoint saved by save_checkpoint; the scenario must describe the same tissue
  // (grid, substances, cell types). `seed_override` branches the run onto another random future.
  static Result<Simulation> restore(Scenario scenario, const std::filesystem::path& checkpoint,
                                    std::optional<std::uint64_t> seed_override = std::nullopt);

  Status save_checkpoint(const std::filesystem::path& path) const;

  // Advances one diffusion step.
  void step();
  // Advances until `step_index() == target_step`.
  void advance_to_step(std::int64_t target_step);

  const Scenario& scenario() const { return m_scenario; }
  const AgentStore& agents() const { return m_agents; }
  AgentStore& agents() { return m_agents; }
  const DiffusionSolver& fields() const { return *m_fields; }
  DiffusionSolver& fields() { return *m_fields; }

  std::int64_t step_index() const { return m_step; }
  double time_h() const { return static_cast<double>(m_step) * m_scenario.time_steps.diffusion_h; }
  std::int64_t steps_for_hours(double hours) const;
  std::uint64_t seed() const { return m_seed; }
  AgentCounts counts() const;
  // Sum over mechanics steps of the live agents (the benchmark's agent-steps).
  std::uint64_t agent_steps() const { return m_agent_steps; }
  // Births, deaths, removals and shedding since this Simulation object was made (not restored from
  // a checkpoint: a restored run counts from its restart).
  const PhenotypeCounts& fate_totals() const { return m_fate_totals; }
  // XXH3 of the step, every agent column and every field value: equal states, equal checksums.
  std::uint64_t state_checksum() const;
  std::string state_checksum_hex() const;  // 16 lower-case hex digits

  // Marks the agent and exchange terms stale after an outside change to the agents.
  void agents_changed();
  // Lineage tracing: agent `agent_index` founds a clone (its lineage becomes its id), which every
  // descendant inherits. Changes no state the step reads, so the run itself is unaffected.
  void label_clone(std::size_t agent_index);
  // Labels founders as the scenario's [lineage] describes, keyed by the current step; returns
  // how many were labelled.
  std::size_t label_founders(const LineageSpec& spec);

 private:
  explicit Simulation(Scenario scenario);
  void add_initial_cells();
  void run_mechanics();
  void refresh_neighbors();

  Scenario m_scenario;
  VoxelGrid m_grid;
  std::unique_ptr<DiffusionSolver> m_fields;
  std::unique_ptr<Exchange> m_exchange;
  MechanicsTable m_mechanics;
  PhenotypeTable m_phenotype;
  NeighborGrid m_neighbors;
  PhenotypeScratch m_phenotype_scratch;
  AgentStore m_agents;
  std::int64_t m_step = 0;
  std::int64_t m_mechanics_every = 1, m_phenotype_every = 1;
  std::uint64_t m_seed = 1;
  std::uint64_t m_next_agent_id = 0;
  std::uint64_t m_agent_steps = 0;
  PhenotypeCounts m_fate_totals;
  double m_base_interaction_range_um = 0.0;
  bool m_exchange_stale = true;
};

}  // namespace dermasim::engine
