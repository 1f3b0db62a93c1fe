// Agents in structure-of-arrays storage: one contiguous column per attribute, custom columns by
// handle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dermasim::engine {

enum class AgentState : std::uint8_t {
  alive = 0,
  dying = 1,   // apoptotic: shrinking, removed when its time is up
  frozen = 2,  // centre left the domain: no mechanics, phenotype or exchange, still counted
};

// Typed handle of a custom double column, resolved once at set-up (never looked up by name in a
// step).
struct ColumnHandle {
  std::size_t index = 0;
};

// What a custom column does at division. `copied_at_division`: an intensive quantity (a state, a
// concentration) that the daughter inherits unchanged. `split_at_division`: an extensive quantity
// (an amount, a mass) that parent and daughter share, half each, so that division conserves its
// total over the agents.
enum class ColumnKind : std::uint8_t { copied_at_division = 0, split_at_division = 1 };

// Every column has one entry per agent; index i of every column is agent i. Capacity is reserved
// ahead, so births in a step append without allocating until the reserve is used up.
class AgentStore {
 public:
  std::size_t size() const { return id.size(); }
  bool empty() const { return id.empty(); }

  void reserve(std::size_t capacity);
  std::size_t capacity() const { return id.capacity(); }

  // Appends a copy of agent `parent` (all columns) with a new id; returns the new index.
  std::size_t append_copy(std::size_t parent, std::uint64_t new_id);
  // Appends the daughter of agent `parent` at its division: a copy, except that each
  // split_at_division column leaves half of the parent's value in the parent and gives the other
  // half to the daughter, and that the daughter has no migration direction yet (it draws its own).
  // Returns the daughter's index.
  std::size_t append_daughter(std::size_t parent, std::uint64_t new_id);
  // Appends an agent with default columns; returns its index.
  std::size_t append(std::uint64_t new_id);
  // Removes agent `index` by moving the last agent into its place.
  void remove_swap_last(std::size_t index);

  // A custom column, `initial_value` for every agent there is and every agent append() adds later.
  ColumnHandle add_column(std::string name, double initial_value = 0.0,
                          ColumnKind kind = ColumnKind::copied_at_division);
  std::vector<double>& column(ColumnHandle handle) { return m_custom[handle.index]; }
  const std::vector<double>& column(ColumnHandle handle) const { return m_custom[handle.index]; }
  const std::vector<std::string>& custom_column_names() const { return m_custom_names; }
  ColumnKind column_kind(ColumnHandle handle) const { return m_custom_kind[handle.index]; }
  double column_initial_value(ColumnHandle handle) const { return m_custom_initial[handle.index]; }

  // Core columns (public: the step kernels read and write them directly).
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> type;
  std::vector<AgentState> state;
  std::vector<double> x_um, y_um, z_um;
  std::vector<double> vx_um_per_h, vy_um_per_h, vz_um_per_h;  // current velocity
  std::vector<double> previous_vx_um_per_h, previous_vy_um_per_h, previous_vz_um_per_h;
  std::vector<double> radius_um;
  // PhysiCell's standard volume model.
  std::vector<double> volume_um3, fluid_um3, nuclear_solid_um3, cytoplasmic_solid_um3;
  std::vector<double> nuclear_um3, target_nuclear_solid_um3, target_cytoplasmic_solid_um3;
  std::vector<double> target_fluid_fraction;
  // Cycle and death, counted in phenotype steps so that phase ends fall on exact steps.
  std::vector<std::int32_t> phase;
  std::vector<std::int32_t> steps_in_phase;
  std::vector<std::int32_t> steps_dying;
  std::vector<std::int32_t> steps_in_type;  // phenotype steps since the agent took its type
  // Lineage tracing: the clone an agent belongs to (the id of the labelled founder), inherited by
  // both cells at division; -1 for unlabelled agents.
  std::vector<std::int64_t> lineage;
  std::vector<std::int64_t> voxel;  // voxel holding the centre, -1 outside the domain
  // Unit direction of active migration (MotilitySpec), kept between direction changes; (0, 0, 0)
  // for an agent that has none yet, which draws one at its next mechanics step.
  std::vector<double> migration_x, migration_y, migration_z;

 private:
  template <class Function>
  void for_each_column(Function&& function);

  std::vector<std::vector<double>> m_custom;
  std::vector<std::string> m_custom_names;
  std::vector<double> m_custom_initial;
  std::vector<ColumnKind> m_custom_kind;
};

}  // namespace dermasim::engine
