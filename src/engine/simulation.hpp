// A tissue run: owns the agents and fields of one scenario and advances them on three clocks.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/agents.hpp"
#include "engine/diffusion.hpp"
#include "engine/exchange.hpp"
#include "engine/mechanics.hpp"
#include "engine/motility.hpp"
#include "engine/neighbor_grid.hpp"
#include "engine/phenotype.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

struct AgentCounts {
  std::size_t agents = 0, live = 0, dying = 0, frozen = 0;  // live: not dying (frozen included)
};

// Typed handle of a model scalar of a Simulation, resolved once at set-up (never looked up by name
// in a step).
struct ScalarHandle {
  std::size_t index = 0;
};

// The scheduler runs on the diffusion step; mechanics and phenotype run every `mechanics_every` and
// `phenotype_every` diffusion steps, from step 0. One step, as in PhysiCell: diffusion solve, cell
// exchange, phenotype when due, mechanics when due.
class Simulation {
 public:
  static Result<Simulation> create(Scenario scenario);
  // Restores a checkpoint saved by save_checkpoint into a new Simulation of `scenario`, which has
  // no model scalars and no custom agent columns: for a run that registers them, see
  // restore_checkpoint. The scenario must describe the same tissue (grid, substances, cell types).
  // `seed_override` branches the run onto another random future.
  static Result<Simulation> restore(Scenario scenario, const std::filesystem::path& checkpoint,
                                    std::optional<std::uint64_t> seed_override = std::nullopt);
  // Replaces the state of this Simulation (step, seed, agents, fields, scalar values) with a
  // checkpoint's; fate totals start again from zero. A higher layer sets up a restored run exactly
  // as a new one (create, then add_scalar and agents().add_column) and then restores, so its
  // handles stay valid. The checkpoint must hold the same model scalars and custom agent columns as
  // registered here: the same names in the same order, columns of the same kind (invalid_input
  // otherwise); a different tissue is a conflict. On error nothing changes; on success handles stay
  // valid but references into the old state (fields(), agent columns) do not.
  Status restore_checkpoint(const std::filesystem::path& checkpoint,
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
  // Births, deaths, removals, shedding and removals by events since this Simulation object was made
  // (not restored from a checkpoint: a restored run counts from its restart).
  const PhenotypeCounts& fate_totals() const { return m_fate_totals; }
  // Named model scalars: state that a higher layer keeps beside the agents (a quantity of the whole
  // tissue), owned here so that checkpoints save it and state_checksum covers it. Register them at
  // set-up, before the first step and before restore_checkpoint; names should be unique.
  ScalarHandle add_scalar(std::string name, double initial);
  double& scalar(ScalarHandle handle) { return m_scalar_values[handle.index]; }
  const double& scalar(ScalarHandle handle) const { return m_scalar_values[handle.index]; }
  const std::vector<std::string>& scalar_names() const { return m_scalar_names; }

  // XXH3 of the step, every agent column, every field value and every model scalar: equal states,
  // equal checksums.
  std::uint64_t state_checksum() const;
  std::string state_checksum_hex() const;  // 16 lower-case hex digits

  // Marks the agent and exchange terms stale after an outside change to the agents.
  void agents_changed();
  // Adds a living agent of cell type `type` (an index into the scenario's cell types) centred at
  // `position_um`, between steps, with a fresh id, initialised exactly as an initial cell (the
  // type's volume, phase 0, no migration direction yet); returns its index. A position outside the
  // domain is handled at the next mechanics step like any agent that left it (frozen or clamped).
  std::size_t add_agent(int type, std::array<double, 3> position_um);
  // A tissue event between steps: removes each living agent (neither dying nor frozen) whose type
  // is flagged in `by_type` (indexed by cell type; types past its end are not flagged) with
  // probability `fraction` in [0, 1], drawn from uniforms(seed, agent id, event_key,
  // RandomStream::event), so the same key gives the same survivors for any thread count and any
  // agent order. Give each event its own key (an event counter, or the step it happens at): two
  // events with one key draw the same numbers. Removals swap-remove in descending index; counted in
  // fate_totals().removed_by_event. Returns the number removed.
  std::size_t remove_random_agents(const std::vector<bool>& by_type, double fraction,
                                   std::uint64_t event_key);
  // Removes every living agent of a flagged type whose centre lies in `region` (min inclusive, max
  // exclusive): a wound of that shape. Counted in fate_totals().removed_by_event; returns the
  // number removed.
  std::size_t remove_agents_in_box(const std::vector<bool>& by_type, const Box& region);
  // Removes every living agent of a flagged type whose centre (x, y, z in µm) satisfies `inside`: a
  // wound of any shape a higher layer describes (a needle's cylinder, a sphere). `inside` sees one
  // agent at a time, in descending index, and must depend on the position only. Counted in
  // fate_totals().removed_by_event; returns the number removed.
  std::size_t remove_agents_where_position(
      const std::vector<bool>& by_type,
      const std::function<bool(const std::array<double, 3>&)>& inside);
  // Multiplies the migration speed of `type`'s agents by their value in `column` (a custom agent
  // column, e.g. an activation in [0, 1]), from the next mechanics step on. Set it up like a
  // custom column: after create and before restore_checkpoint or the first step.
  void scale_motility_by_column(int type, ColumnHandle column);
  // Lineage tracing: agent `agent_index` founds a clone (its lineage becomes its id), which every
  // descendant inherits. Changes no state the step reads, so the run itself is unaffected.
  void label_clone(std::size_t agent_index);
  // Labels founders as the scenario's [lineage] describes, keyed by the current step; returns
  // how many were labelled.
  std::size_t label_founders(const LineageSpec& spec);

 private:
  explicit Simulation(Scenario scenario);
  void add_initial_cells();
  // Appends a living agent of `type` at `position_um` with the next id, its volume initialised.
  std::size_t place_agent(int type, const std::array<double, 3>& position_um);
  void run_mechanics();
  // Velocities from the forces (zero without any) plus migration, then the Adams–Bashforth move.
  void move_agents_by_velocities();
  SignalView signal_view() const;
  void refresh_neighbors();
  // Removes the living agents of flagged types for which `chosen(index)` holds, in descending
  // index.
  std::size_t remove_agents_where(const std::vector<bool>& by_type,
                                  const std::function<bool(std::size_t)>& chosen);
  // Reads a checkpoint into this freshly constructed Simulation, whose registered scalars and
  // custom columns the checkpoint must match.
  Status read_checkpoint(const std::filesystem::path& path,
                         std::optional<std::uint64_t> seed_override);

  Scenario m_scenario;
  VoxelGrid m_grid;
  std::unique_ptr<DiffusionSolver> m_fields;
  std::unique_ptr<Exchange> m_exchange;
  MechanicsTable m_mechanics;
  MotilityTable m_motility;
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
  std::vector<std::string> m_scalar_names;
  std::vector<double> m_scalar_values;
  double m_base_interaction_range_um = 0.0;
  bool m_exchange_stale = true;
};

}  // namespace dermasim::engine
