// Structure-of-arrays agent storage: append, copy and swap-remove applied to every column alike.
#include "engine/agents.hpp"

#include <utility>

namespace dermasim::engine {

template <class Function>
void AgentStore::for_each_column(Function&& function) {
  function(id);
  function(type);
  function(state);
  for (auto* column :
       {&x_um, &y_um, &z_um, &vx_um_per_h, &vy_um_per_h, &vz_um_per_h, &previous_vx_um_per_h,
        &previous_vy_um_per_h, &previous_vz_um_per_h, &radius_um, &volume_um3, &fluid_um3,
        &nuclear_solid_um3, &cytoplasmic_solid_um3, &nuclear_um3, &target_nuclear_solid_um3,
        &target_cytoplasmic_solid_um3, &target_fluid_fraction})
    function(*column);
  for (auto* column : {&migration_x, &migration_y, &migration_z}) function(*column);
  function(phase);
  function(steps_in_phase);
  function(steps_dying);
  function(steps_in_type);
  function(lineage);
  function(voxel);
  for (auto& column : m_custom) function(column);
}

void AgentStore::reserve(std::size_t capacity) {
  for_each_column([capacity](auto& column) { column.reserve(capacity); });
}

std::size_t AgentStore::append_copy(std::size_t parent, std::uint64_t new_id) {
  for_each_column([parent](auto& column) { column.push_back(column[parent]); });
  id.back() = new_id;
  return size() - 1;
}

std::size_t AgentStore::append_daughter(std::size_t parent, std::uint64_t new_id) {
  const std::size_t daughter = append_copy(parent, new_id);
  migration_x[daughter] = migration_y[daughter] = migration_z[daughter] = 0.0;
  for (std::size_t c = 0; c < m_custom.size(); ++c) {
    if (m_custom_kind[c] != ColumnKind::split_at_division) continue;
    // Halving is exact in binary floating point (short of subnormal values), so the two halves
    // add up to the parent's value exactly.
    m_custom[c][parent] *= 0.5;
    m_custom[c][daughter] = m_custom[c][parent];
  }
  return daughter;
}

std::size_t AgentStore::append(std::uint64_t new_id) {
  for_each_column([](auto& column) { column.emplace_back(); });
  for (std::size_t c = 0; c < m_custom.size(); ++c) m_custom[c].back() = m_custom_initial[c];
  id.back() = new_id;
  voxel.back() = -1;
  lineage.back() = -1;
  return size() - 1;
}

void AgentStore::remove_swap_last(std::size_t index) {
  for_each_column([index](auto& column) {
    column[index] = std::move(column.back());
    column.pop_back();
  });
}

ColumnHandle AgentStore::add_column(std::string name, double initial_value, ColumnKind kind) {
  m_custom.emplace_back(size(), initial_value);
  m_custom[m_custom.size() - 1].reserve(capacity());
  m_custom_names.push_back(std::move(name));
  m_custom_initial.push_back(initial_value);
  m_custom_kind.push_back(kind);
  return ColumnHandle{m_custom.size() - 1};
}

}  // namespace dermasim::engine
