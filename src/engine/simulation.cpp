// The step scheduler: diffusion every step, mechanics and phenotype on their own multiples.
#include "engine/simulation.hpp"

#include <xxhash.h>

#include "engine/lineage.hpp"
#include "engine/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace dermasim::engine {
namespace {

VoxelGrid grid_of(const Scenario& scenario) {
  VoxelGrid grid;
  grid.voxel_um = scenario.voxel_um;
  for (int axis = 0; axis < 3; ++axis) {
    grid.origin_um[axis] = scenario.domain.min_um[axis];
    const double extent = scenario.domain.max_um[axis] - scenario.domain.min_um[axis];
    grid.count[axis] = std::max(1, static_cast<int>(std::llround(extent / scenario.voxel_um)));
  }
  return grid;
}

// Largest radius an agent of these types reaches: twice its volume before dividing.
double largest_radius_um(const Scenario& scenario) {
  double volume = 0.0;
  for (const auto& type : scenario.cell_types)
    volume = std::max(volume, 2.0 * type.volume.total_um3);
  return std::cbrt(volume / (4.0 / 3.0 * std::numbers::pi));
}

}  // namespace

Simulation::Simulation(Scenario scenario)
    : m_scenario(std::move(scenario)),
      m_grid(grid_of(m_scenario)),
      m_fields(std::make_unique<DiffusionSolver>(m_grid, m_scenario.substances,
                                                 m_scenario.dirichlet_mode)),
      m_exchange(std::make_unique<Exchange>(m_scenario, m_grid)),
      m_mechanics(MechanicsTable::from(m_scenario)),
      m_motility(MotilityTable::from(m_scenario)),
      m_phenotype(PhenotypeTable::from(m_scenario)),
      m_seed(m_scenario.seed) {
  const TimeSteps& dt = m_scenario.time_steps;
  m_mechanics_every = std::max<std::int64_t>(1, std::llround(dt.mechanics_h / dt.diffusion_h));
  m_phenotype_every = std::max<std::int64_t>(1, std::llround(dt.phenotype_h / dt.diffusion_h));
  m_base_interaction_range_um = interaction_range_um(m_mechanics, largest_radius_um(m_scenario));
  if (m_mechanics.any_force) m_neighbors.configure(m_scenario.domain, m_base_interaction_range_um);
}

Result<Simulation> Simulation::create(Scenario scenario) {
  DERMASIM_TRY(validate(scenario));
  Simulation simulation(std::move(scenario));
  simulation.add_initial_cells();
  return simulation;
}

void Simulation::add_initial_cells() {
  const auto& cells = m_scenario.initial_cells;
  m_agents.reserve(std::max<std::size_t>(1024, 4 * cells.size()));
  for (const InitialCell& cell : cells) place_agent(cell.type, cell.position_um);
  agents_changed();
}

std::size_t Simulation::place_agent(int type, const std::array<double, 3>& position_um) {
  const std::size_t i = m_agents.append(m_next_agent_id++);
  m_agents.type[i] = type;
  m_agents.x_um[i] = position_um[0];
  m_agents.y_um[i] = position_um[1];
  m_agents.z_um[i] = position_um[2];
  initialise_volume(m_agents, i, m_phenotype.types[type]);
  return i;
}

std::size_t Simulation::add_agent(int type, std::array<double, 3> position_um) {
  const std::size_t i = place_agent(type, position_um);
  agents_changed();
  return i;
}

ScalarHandle Simulation::add_scalar(std::string name, double initial) {
  m_scalar_names.push_back(std::move(name));
  m_scalar_values.push_back(initial);
  return ScalarHandle{m_scalar_values.size() - 1};
}

void Simulation::agents_changed() {
  m_exchange_stale = true;
}

std::size_t Simulation::remove_agents_where(const std::vector<bool>& by_type,
                                            const std::function<bool(std::size_t)>& chosen) {
  AgentStore& a = m_agents;
  std::size_t removed = 0;
  // Descending: the agent swapped into slot i comes from a higher index, already decided, and each
  // decision depends on the agent itself only, so this equals deciding all first.
  for (std::size_t i = a.size(); i-- > 0;) {
    if (a.state[i] != AgentState::alive) continue;
    const auto type = static_cast<std::size_t>(a.type[i]);
    if (type >= by_type.size() || !by_type[type] || !chosen(i)) continue;
    a.remove_swap_last(i);
    ++removed;
  }
  m_fate_totals.removed_by_event += removed;
  if (removed > 0) agents_changed();
  return removed;
}

std::size_t Simulation::remove_random_agents(const std::vector<bool>& by_type, double fraction,
                                             std::uint64_t event_key) {
  return remove_agents_where(by_type, [&](std::size_t i) {
    return uniforms(m_seed, m_agents.id[i], event_key, RandomStream::event)[0] < fraction;
  });
}

std::size_t Simulation::remove_agents_in_box(const std::vector<bool>& by_type, const Box& region) {
  return remove_agents_where_position(by_type, [&](const std::array<double, 3>& p) {
    for (int axis = 0; axis < 3; ++axis)
      if (!(p[axis] >= region.min_um[axis] && p[axis] < region.max_um[axis])) return false;
    return true;
  });
}

std::size_t Simulation::remove_agents_where_position(
    const std::vector<bool>& by_type,
    const std::function<bool(const std::array<double, 3>&)>& inside) {
  const AgentStore& a = m_agents;
  return remove_agents_where(by_type, [&](std::size_t i) {
    return inside({a.x_um[i], a.y_um[i], a.z_um[i]});
  });
}

std::size_t Simulation::label_founders(const LineageSpec& spec) {
  return engine::label_founders(m_agents, spec, m_seed, static_cast<std::uint64_t>(m_step));
}

void Simulation::label_clone(std::size_t agent_index) {
  m_agents.lineage[agent_index] = static_cast<std::int64_t>(m_agents.id[agent_index]);
}

std::int64_t Simulation::steps_for_hours(double hours) const {
  return std::llround(hours / m_scenario.time_steps.diffusion_h);
}

// The bin size depends only on the current agents (never on history), so a restored run visits
// neighbours in the same order as the run that never stopped.
void Simulation::refresh_neighbors() {
  double largest = 0.0;
  for (const double r : m_agents.radius_um) largest = std::max(largest, r);
  const double range =
      std::max(m_base_interaction_range_um, interaction_range_um(m_mechanics, largest));
  if (range != m_neighbors.bin_um()) m_neighbors.configure(m_scenario.domain, range);
  m_neighbors.rebuild(m_agents);
}

SignalView Simulation::signal_view() const {
  return SignalView{m_fields->values().data(), m_fields->lanes(), m_grid};
}

void Simulation::move_agents_by_velocities() {
  if (m_mechanics.any_force) {
    refresh_neighbors();
    compute_velocities(m_agents, m_neighbors, m_mechanics);
  } else {
    clear_velocities(m_agents);
  }
  if (m_motility.any_motile) {
    const auto mechanics_step = static_cast<std::uint64_t>(m_step / m_mechanics_every);
    add_migration_velocities(m_agents, m_motility, signal_view(), m_seed, mechanics_step);
  }
  move_agents(m_agents, m_scenario.time_steps.mechanics_h);
}

void Simulation::run_mechanics() {
  // With no forces and no migration nothing moves: skip the neighbour search and the move.
  if (m_mechanics.any_force || m_motility.any_motile) move_agents_by_velocities();
  // Even without forces: new daughters and cells that changed type or size must reach the surface.
  if (m_mechanics.any_membrane_contact) apply_basement_membrane(m_agents, m_mechanics);
  if (m_scenario.outside_domain == OutsideDomain::clamp)
    clamp_agents_inside(m_agents, m_scenario.domain);
  else
    freeze_agents_outside(m_agents, m_scenario.domain);
  const AgentCounts now = counts();
  m_agent_steps += now.live;
}

void Simulation::step() {
  const double dt_h = m_scenario.time_steps.diffusion_h;
  if (m_exchange_stale) {
    m_exchange->rebuild(m_agents, m_grid, dt_h);
    m_exchange_stale = false;
  }
  m_fields->step(dt_h, m_exchange->sources());
  if (m_step % m_phenotype_every == 0) {
    // agents.voxel is current: the exchange rebuilt it at the start of this step if anything
    // moved, and nothing has moved since.
    m_fate_totals += phenotype_step(m_agents, m_phenotype, m_scenario.time_steps.phenotype_h,
                                    m_seed, static_cast<std::uint64_t>(m_step / m_phenotype_every),
                                    m_next_agent_id, m_phenotype_scratch, signal_view());
    m_exchange_stale = true;
  }
  if (m_step % m_mechanics_every == 0) {
    run_mechanics();
    m_exchange_stale = true;
  }
  ++m_step;
}

void Simulation::advance_to_step(std::int64_t target_step) {
  while (m_step < target_step) step();
}

void Simulation::scale_motility_by_column(int type, ColumnHandle column) {
  m_motility.speed_column[static_cast<std::size_t>(type)] = static_cast<std::int64_t>(column.index);
}

AgentCounts Simulation::counts() const {
  AgentCounts c;
  c.agents = m_agents.size();
  for (const AgentState s : m_agents.state) {
    c.dying += s == AgentState::dying;
    c.frozen += s == AgentState::frozen;
  }
  c.live = c.agents - c.dying;
  return c;
}

std::string Simulation::state_checksum_hex() const {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(state_checksum()));
  return text;
}

std::uint64_t Simulation::state_checksum() const {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  auto add = [state](const auto& column) {
    XXH3_64bits_update(state, column.data(), column.size() * sizeof(column[0]));
  };
  const std::int64_t header[2] = {m_step, static_cast<std::int64_t>(m_next_agent_id)};
  XXH3_64bits_update(state, header, sizeof header);
  const AgentStore& a = m_agents;
  add(a.id), add(a.type), add(a.state), add(a.x_um), add(a.y_um), add(a.z_um);
  add(a.previous_vx_um_per_h), add(a.previous_vy_um_per_h), add(a.previous_vz_um_per_h);
  add(a.radius_um), add(a.volume_um3), add(a.fluid_um3), add(a.nuclear_solid_um3);
  add(a.cytoplasmic_solid_um3), add(a.nuclear_um3), add(a.target_nuclear_solid_um3);
  add(a.target_cytoplasmic_solid_um3), add(a.target_fluid_fraction);
  add(a.phase), add(a.steps_in_phase), add(a.steps_dying), add(a.steps_in_type), add(a.lineage);
  add(a.migration_x), add(a.migration_y), add(a.migration_z);
  for (std::size_t c = 0; c < a.custom_column_names().size(); ++c) add(a.column(ColumnHandle{c}));
  add(m_fields->values());
  add(m_scalar_values);  // nothing when there are none: runs without scalars hash as before
  const std::uint64_t hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return hash;
}

}  // namespace dermasim::engine
