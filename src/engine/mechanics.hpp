// Centre-based mechanics: pair repulsion and adhesion potentials, a wall, overdamped motion.
#pragma once

#include <vector>

#include "engine/agents.hpp"
#include "engine/neighbor_grid.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

// Pair coefficients per (type, type), resolved once from the scenario.
struct MechanicsTable {
  int types = 0;
  std::vector<double> repulsion_um_per_h;  // sqrt(rep_a · rep_b), types × types
  std::vector<double> adhesion_um_per_h;   // sqrt(adh_a · adh_b)
  std::vector<double> adhesion_ratio;      // max adhesion distance / radius, per type
  double wall_repulsion_um_per_h = 0.0;
  Box domain;
  bool any_force = false;  // false: every coefficient is zero and mechanics can be skipped
  std::vector<MembraneContact> membrane_contact;  // per type; all `none` without a membrane
  BasementMembraneSpec basement_membrane;         // used only where a type has contact
  bool any_membrane_contact = false;              // false: apply_basement_membrane can be skipped

  static MechanicsTable from(const Scenario& scenario);
};

// Velocity of agent i from its neighbours, PhysiCell's potentials: for centres d apart with
// R = r_i + r_j and S = a_i r_i + a_j r_j, repulsion ρ(1 − d/R)² for d < R, adhesion α(1 − d/S)²
// for d < S, along the unit vector from j to i; plus the nearest wall's push ω(1 − d_w/r_i)²
// inwards. Forces are gathered per agent in the neighbour grid's fixed order: no races,
// thread-independent.
void compute_velocities(AgentStore& agents, const NeighborGrid& grid, const MechanicsTable& table);

// Sets every current velocity to zero: the velocity of agents on which no force acts, before
// migration is added (when the scenario has no forces and compute_velocities is skipped).
void clear_velocities(AgentStore& agents);

// Second-order Adams–Bashforth: x ← x + dt (1.5 v − 0.5 v_prev); frozen agents do not move.
void move_agents(AgentStore& agents, double dt_h);

// The basement membrane after a move: an `attached` agent's centre goes to z_bm(x, y) + radius
// straight up or down and its vertical velocities (current and previous) become 0; an `above`
// agent below z_bm(x, y) + radius is lifted to it and its vertical velocities are clamped to >= 0,
// so Adams–Bashforth does not carry the blocked motion into the next step. Lateral positions are
// kept, frozen agents and `none` types are untouched; per agent, so thread-independent.
void apply_basement_membrane(AgentStore& agents, const MechanicsTable& table);

// Agents whose centre lies outside the domain become frozen (for good).
void freeze_agents_outside(AgentStore& agents, const Box& domain);

// Agents whose centre lies outside the domain are put back on the face they crossed (a position
// that is not a number still freezes the agent).
void clamp_agents_inside(AgentStore& agents, const Box& domain);

// Smallest bin side for which every interacting pair lies in adjacent bins.
double interaction_range_um(const MechanicsTable& table, double max_radius_um);

}  // namespace dermasim::engine
