// Checkpoint files: the whole state of a Simulation in one checksummed binary file, restored
// exactly.
#include <xxhash.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/output.hpp"
#include "engine/simulation.hpp"

namespace dermasim::engine {
namespace {

constexpr char checkpoint_magic[8] = {'D', 'R', 'M', 'S', 'C', 'K', 'P', 'T'};
// 2: steps_in_type and lineage columns; 3: the kind of each custom column, model scalars; 4: the
// migration direction columns.
constexpr std::uint32_t checkpoint_version = 4;
constexpr std::uintmax_t checkpoint_max_bytes = std::uintmax_t{16} << 30;

class Writer {
 public:
  template <class T>
  void value(const T& v) {
    const auto* bytes = reinterpret_cast<const char*>(&v);
    m_bytes.append(bytes, sizeof(T));
  }
  template <class T>
  void column(const std::vector<T>& values) {
    value<std::uint64_t>(values.size());
    m_bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void text(const std::string& s) {
    value<std::uint64_t>(s.size());
    m_bytes.append(s);
  }
  std::string finish() {
    value<std::uint64_t>(XXH3_64bits(m_bytes.data(), m_bytes.size()));
    return std::move(m_bytes);
  }

 private:
  std::string m_bytes;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
  template <class T>
  bool value(T& v) {
    if (m_bytes.size() - m_at < sizeof(T)) return false;
    std::memcpy(&v, m_bytes.data() + m_at, sizeof(T));
    m_at += sizeof(T);
    return true;
  }
  template <class T>
  bool column(std::vector<T>& values, std::uint64_t expected_count) {
    std::uint64_t count = 0;
    if (!value(count) || count != expected_count) return false;
    if ((m_bytes.size() - m_at) / sizeof(T) < count) return false;
    values.resize(count);
    if (count > 0)  // an empty vector's data() may be null, which memcpy must not get
      std::memcpy(values.data(), m_bytes.data() + m_at, count * sizeof(T));
    m_at += count * sizeof(T);
    return true;
  }
  bool text(std::string& s) {
    std::uint64_t size = 0;
    if (!value(size) || m_bytes.size() - m_at < size) return false;
    s.assign(m_bytes.substr(m_at, size));
    m_at += size;
    return true;
  }

 private:
  std::string_view m_bytes;
  std::size_t m_at = 0;
};

// Every core column but the id, in file order; Store is AgentStore or const AgentStore.
template <class Store, class Function>
void for_each_core_column(Store& a, Function&& f) {
  f(a.type), f(a.state), f(a.x_um), f(a.y_um), f(a.z_um), f(a.vx_um_per_h), f(a.vy_um_per_h);
  f(a.vz_um_per_h), f(a.previous_vx_um_per_h), f(a.previous_vy_um_per_h), f(a.previous_vz_um_per_h);
  f(a.radius_um), f(a.volume_um3), f(a.fluid_um3), f(a.nuclear_solid_um3),
      f(a.cytoplasmic_solid_um3);
  f(a.nuclear_um3), f(a.target_nuclear_solid_um3), f(a.target_cytoplasmic_solid_um3);
  f(a.target_fluid_fraction), f(a.phase), f(a.steps_in_phase), f(a.steps_dying);
  f(a.steps_in_type), f(a.lineage), f(a.voxel), f(a.migration_x), f(a.migration_y);
  f(a.migration_z);
}

// "'a', 'b'", or "none".
std::string listed(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

std::string_view kind_name(ColumnKind kind) {
  return kind == ColumnKind::split_at_division ? "split_at_division" : "copied_at_division";
}

// The custom columns of a checkpoint, read before they are matched with the registered ones.
struct SavedColumn {
  std::string name;
  ColumnKind kind = ColumnKind::copied_at_division;
  std::vector<double> values;
};

// Why the saved custom columns cannot fill the registered ones, if they cannot.
std::optional<std::string> column_mismatch(const std::vector<SavedColumn>& saved,
                                           const AgentStore& agents) {
  const std::vector<std::string>& registered = agents.custom_column_names();
  std::vector<std::string> saved_names;
  for (const SavedColumn& column : saved) saved_names.push_back(column.name);
  if (saved_names != registered) {
    return "checkpoint holds the custom agent columns " + listed(saved_names) +
           "; this Simulation registered " + listed(registered) +
           ": register the same columns, in the same order, then use restore_checkpoint";
  }
  for (std::size_t c = 0; c < saved.size(); ++c) {
    const ColumnKind kind = agents.column_kind(ColumnHandle{c});
    if (saved[c].kind != kind) {
      return "custom agent column '" + saved[c].name + "' is " +
             std::string(kind_name(saved[c].kind)) + " in the checkpoint but registered as " +
             std::string(kind_name(kind));
    }
  }
  return std::nullopt;
}

Error corrupt(const std::filesystem::path& path, const std::string& what) {
  return Error::invalid_input(
      "checkpoint is damaged or not a dermasim checkpoint (" + what +
          "); use a file written by 'dermasim simulate --checkpoint-every-h'",
      path.string());
}

// A checkpoint of another format version: an older one lacks state this version needs (which
// cannot be made up without changing the run), so it is refused rather than converted.
Error version_error(const std::filesystem::path& path, std::uint32_t version) {
  if (version == 0 || version > checkpoint_version) {
    return corrupt(path, "format version " + std::to_string(version) + ", expected " +
                             std::to_string(checkpoint_version));
  }
  return Error::invalid_input(
      "checkpoint has format version " + std::to_string(version) +
          ", written by an older dermasim; this one reads only version " +
          std::to_string(checkpoint_version) +
          ": run the scenario again from the start, or continue it with the dermasim that wrote "
          "the checkpoint",
      path.string());
}

}  // namespace

Status Simulation::save_checkpoint(const std::filesystem::path& path) const {
  Writer w;
  w.value(checkpoint_magic);
  w.value(checkpoint_version);
  for (int axis = 0; axis < 3; ++axis) w.value<std::int32_t>(m_grid.count[axis]);
  w.value<std::int32_t>(static_cast<std::int32_t>(m_scenario.substances.size()));
  w.value<std::int32_t>(static_cast<std::int32_t>(m_scenario.cell_types.size()));
  w.value(m_step), w.value(m_seed), w.value(m_next_agent_id), w.value(m_agent_steps);
  w.column(m_agents.id);
  for_each_core_column(m_agents, [&w](const auto& column) { w.column(column); });
  w.value<std::uint64_t>(m_agents.custom_column_names().size());
  for (std::size_t c = 0; c < m_agents.custom_column_names().size(); ++c) {
    w.text(m_agents.custom_column_names()[c]);
    w.value(m_agents.column_kind(ColumnHandle{c}));
    w.column(m_agents.column(ColumnHandle{c}));
  }
  w.column(m_fields->values());
  std::vector<std::uint64_t> held;  // (voxel, substance) pairs flattened as voxel · S + substance
  std::vector<double> held_values;
  const auto S = static_cast<std::size_t>(m_fields->substance_count());
  for (std::size_t v = 0; v < m_grid.voxel_total(); ++v)
    for (std::size_t s = 0; s < S; ++s)
      if (m_fields->is_dirichlet(v, static_cast<int>(s))) {
        held.push_back(v * S + s);
        held_values.push_back(m_fields->dirichlet_value(v, static_cast<int>(s)));
      }
  w.column(held);
  w.column(held_values);
  w.value<std::uint64_t>(m_scalar_names.size());
  for (std::size_t k = 0; k < m_scalar_names.size(); ++k) {
    w.text(m_scalar_names[k]);
    w.value(m_scalar_values[k]);
  }
  return write_file_atomic(path, w.finish());
}

Result<Simulation> Simulation::restore(Scenario scenario, const std::filesystem::path& path,
                                       std::optional<std::uint64_t> seed_override) {
  DERMASIM_TRY(validate(scenario));
  Simulation simulation(std::move(scenario));
  DERMASIM_TRY(simulation.read_checkpoint(path, seed_override));
  return simulation;
}

Status Simulation::restore_checkpoint(const std::filesystem::path& path,
                                      std::optional<std::uint64_t> seed_override) {
  // Read into a fresh Simulation with the same registrations, so that a failure leaves this one
  // as it was and nothing of its past (held voxels, fate totals) survives a success.
  Simulation restored(m_scenario);
  for (std::size_t c = 0; c < m_agents.custom_column_names().size(); ++c) {
    const ColumnHandle handle{c};
    restored.m_agents.add_column(m_agents.custom_column_names()[c],
                                 m_agents.column_initial_value(handle),
                                 m_agents.column_kind(handle));
  }
  restored.m_scalar_names = m_scalar_names;
  restored.m_scalar_values = m_scalar_values;
  restored.m_motility.speed_column = m_motility.speed_column;  // a registration, like the columns
  DERMASIM_TRY(restored.read_checkpoint(path, seed_override));
  *this = std::move(restored);
  return {};
}

Status Simulation::read_checkpoint(const std::filesystem::path& path,
                                   std::optional<std::uint64_t> seed_override) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error)
    return fail(Error::not_found("checkpoint file not found or unreadable", path.string()));
  if (size > checkpoint_max_bytes) return fail(corrupt(path, "larger than 16 GiB"));
  std::ifstream file(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!file.read(bytes.data(), static_cast<std::streamsize>(size)))
    return fail(Error::unavailable("could not read checkpoint", path.string()));
  if (bytes.size() < sizeof(checkpoint_magic) + sizeof(std::uint64_t) ||
      std::memcmp(bytes.data(), checkpoint_magic, sizeof(checkpoint_magic)) != 0)
    return fail(corrupt(path, "wrong magic number"));
  std::uint64_t stored_hash = 0;
  std::memcpy(&stored_hash, bytes.data() + bytes.size() - sizeof stored_hash, sizeof stored_hash);
  const std::string_view body(bytes.data(), bytes.size() - sizeof stored_hash);
  if (XXH3_64bits(body.data(), body.size()) != stored_hash)
    return fail(corrupt(path, "checksum mismatch"));

  Reader r(body);
  char magic[8];
  std::uint32_t version = 0;
  r.value(magic);
  r.value(version);
  if (version != checkpoint_version) return fail(version_error(path, version));
  std::int32_t count[3], substances = 0, types = 0;
  for (auto& c : count) r.value(c);
  r.value(substances), r.value(types);
  if (count[0] != m_grid.count[0] || count[1] != m_grid.count[1] || count[2] != m_grid.count[2] ||
      substances != static_cast<std::int32_t>(m_scenario.substances.size()) ||
      types != static_cast<std::int32_t>(m_scenario.cell_types.size())) {
    std::ostringstream message;
    message << "checkpoint holds a " << count[0] << "x" << count[1] << "x" << count[2]
            << " voxel tissue with " << substances << " substances and " << types
            << " cell types; the scenario describes " << m_grid.count[0] << "x" << m_grid.count[1]
            << "x" << m_grid.count[2] << " with " << m_scenario.substances.size() << " and "
            << m_scenario.cell_types.size() << ": restore with the scenario it was saved from";
    return fail(Error::conflict(message.str(), path.string()));
  }
  r.value(m_step), r.value(m_seed), r.value(m_next_agent_id);
  r.value(m_agent_steps);
  std::uint64_t agent_count = 0;
  {
    Reader peek = r;
    peek.value(agent_count);
  }
  AgentStore& a = m_agents;
  bool ok = r.column(a.id, agent_count);
  for_each_core_column(a, [&](auto& column) { ok = ok && r.column(column, agent_count); });
  std::uint64_t custom = 0;
  ok = ok && r.value(custom);
  std::vector<SavedColumn> columns;
  for (std::uint64_t c = 0; ok && c < custom; ++c) {
    SavedColumn& column = columns.emplace_back();
    ok = r.text(column.name) && r.value(column.kind) &&
         (column.kind == ColumnKind::copied_at_division ||
          column.kind == ColumnKind::split_at_division) &&
         r.column(column.values, agent_count);
  }
  ok = ok && r.column(m_fields->values(), m_fields->values().size());
  std::vector<std::uint64_t> held;
  std::vector<double> held_values;
  std::uint64_t held_count = 0;
  {
    Reader peek = r;
    peek.value(held_count);
  }
  ok = ok && r.column(held, held_count) && r.column(held_values, held_count);
  std::uint64_t scalar_count = 0;
  ok = ok && r.value(scalar_count);
  std::vector<std::string> scalar_names;
  std::vector<double> scalar_values;
  for (std::uint64_t k = 0; ok && k < scalar_count; ++k)
    ok = r.text(scalar_names.emplace_back()) && r.value(scalar_values.emplace_back());
  if (!ok) return fail(corrupt(path, "truncated or inconsistent contents"));
  if (auto problem = column_mismatch(columns, a))
    return fail(Error::invalid_input(std::move(*problem), path.string()));
  if (scalar_names != m_scalar_names) {
    return fail(Error::invalid_input(
        "checkpoint holds the model scalars " + listed(scalar_names) +
            "; this Simulation registered " + listed(m_scalar_names) +
            ": register the same scalars, in the same order, then use restore_checkpoint",
        path.string()));
  }
  for (std::size_t c = 0; c < columns.size(); ++c)
    a.column(ColumnHandle{c}) = std::move(columns[c].values);
  m_scalar_values = std::move(scalar_values);
  // Holding a voxel sets its value; the saved values (moved by the exchange) are put back after.
  const std::vector<double> saved_values = m_fields->values();
  const auto S = static_cast<std::size_t>(substances);
  for (std::size_t h = 0; h < held.size(); ++h)
    m_fields->set_dirichlet(held[h] / S, static_cast<int>(held[h] % S), held_values[h]);
  m_fields->values() = saved_values;
  a.reserve(std::max<std::size_t>(1024, 4 * a.size()));
  if (seed_override) m_seed = *seed_override;
  agents_changed();
  return {};
}

}  // namespace dermasim::engine
