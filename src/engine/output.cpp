// Result files: atomic writes, the time-series CSV, and VTK XML (VTU, VTI, PVD) built in memory.
#include "engine/output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

namespace dermasim::engine {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Atomic file writes

Error write_error(const fs::path& path, std::string_view reason) {
  return Error::unavailable("cannot write '" + path.string() + "': " + std::string(reason) +
                                "; check that the folder is writable and has free space",
                            path.string());
}

Error write_error_from_errno(const fs::path& path, int error_number) {
  return write_error(path, std::generic_category().message(error_number));
}

// Unique per process and per call, so that concurrent writers of one path do not collide.
fs::path temporary_path_for(const fs::path& folder, const fs::path& path) {
  static std::atomic<unsigned long> counter{0};
  return folder / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                   std::to_string(counter.fetch_add(1)));
}

// Closes the descriptor on every path out; close() reports the error a deferred write may give.
class FileDescriptor {
 public:
  explicit FileDescriptor(int descriptor) : m_descriptor(descriptor) {}
  ~FileDescriptor() {
    if (m_descriptor >= 0) ::close(m_descriptor);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return m_descriptor; }
  bool valid() const { return m_descriptor >= 0; }
  int close() { return ::close(std::exchange(m_descriptor, -1)); }

 private:
  int m_descriptor = -1;
};

Status ensure_folder(const fs::path& folder, const fs::path& target) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) return fail(write_error(target, error.message()));
  return {};
}

Status write_all(int descriptor, std::string_view contents, const fs::path& target) {
  while (!contents.empty()) {
    const ssize_t written = ::write(descriptor, contents.data(), contents.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return fail(write_error_from_errno(target, errno));
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

Status write_and_sync(const fs::path& temporary, std::string_view contents,
                      const fs::path& target) {
  FileDescriptor file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!file.valid()) return fail(write_error_from_errno(target, errno));
  DERMASIM_TRY(write_all(file.get(), contents, target));
  if (::fsync(file.get()) != 0) return fail(write_error_from_errno(target, errno));
  if (file.close() != 0) return fail(write_error_from_errno(target, errno));
  return {};
}

Status rename_over(const fs::path& temporary, const fs::path& target) {
  if (::rename(temporary.c_str(), target.c_str()) != 0)
    return fail(write_error_from_errno(target, errno));
  return {};
}

// Makes the rename itself durable; best effort, since the data is already safe either way.
void sync_folder(const fs::path& folder) {
  FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory.valid()) ::fsync(directory.get());
}

Status write_then_rename(const fs::path& temporary, std::string_view contents,
                         const fs::path& target) {
  DERMASIM_TRY(write_and_sync(temporary, contents, target));
  return rename_over(temporary, target);
}

// ---------------------------------------------------------------------------------------------
// Text building

// Shortest text that reads back to the same value (doubles), or the plain integer.
template <class Number>
void append_number(std::string& out, Number value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string xml_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// Per-substance means over all voxels; each substance is summed in ascending voxel order.
void substance_means(const DiffusionSolver& diffusion, std::vector<double>& means) {
  const auto substances = static_cast<std::size_t>(diffusion.substance_count());
  const std::size_t voxels = diffusion.grid().voxel_total();
  means.assign(substances, 0.0);
  for (std::size_t v = 0; v < voxels; ++v)
    for (std::size_t s = 0; s < substances; ++s)
      means[s] += diffusion.value(v, static_cast<int>(s));
  for (double& mean : means) mean /= static_cast<double>(voxels);
}

// Generous per-value width, so that the reserved text rarely has to grow.
constexpr std::size_t characters_per_value = 24;

void append_vtk_open(std::string& out, std::string_view dataset_type) {
  out += "<?xml version=\"1.0\"?>\n<VTKFile type=\"";
  out += dataset_type;
  out += "\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">\n";
}

// One ASCII DataArray of `count` values; value_at(k) gives value k (tuples interleaved).
template <class ValueAt>
void append_data_array(std::string& out, std::string_view vtk_type, std::string_view name,
                       std::size_t count, int components, ValueAt value_at) {
  constexpr std::size_t values_per_line = 6;
  out += "        <DataArray type=\"";
  out += vtk_type;
  out += "\" Name=\"" + xml_escape(name) + "\" NumberOfComponents=\"";
  append_number(out, components);
  out += "\" format=\"ascii\">";
  for (std::size_t k = 0; k < count; ++k) {
    out += (k % values_per_line == 0) ? "\n          " : " ";
    append_number(out, value_at(k));
  }
  out += "\n        </DataArray>\n";
}

template <class Value>
void append_column(std::string& out, std::string_view vtk_type, std::string_view name,
                   const std::vector<Value>& column) {
  append_data_array(out, vtk_type, name, column.size(), 1,
                    [&column](std::size_t i) { return column[i]; });
}

void append_agent_point_data(std::string& out, const AgentStore& agents) {
  out += "      <PointData>\n";
  append_column(out, "UInt64", "id", agents.id);
  append_column(out, "Int32", "type", agents.type);
  append_data_array(out, "UInt8", "state", agents.size(), 1,
                    [&agents](std::size_t i) { return std::to_underlying(agents.state[i]); });
  append_column(out, "Int32", "phase", agents.phase);
  append_column(out, "Float64", "radius_um", agents.radius_um);
  append_column(out, "Float64", "volume_um3", agents.volume_um3);
  const std::vector<std::string>& names = agents.custom_column_names();
  for (std::size_t c = 0; c < names.size(); ++c)
    append_column(out, "Float64", names[c], agents.column(ColumnHandle{c}));
  out += "      </PointData>\n";
}

void append_agent_points(std::string& out, const AgentStore& agents) {
  const std::array<const std::vector<double>*, 3> axes{&agents.x_um, &agents.y_um, &agents.z_um};
  out += "      <Points>\n";
  append_data_array(out, "Float64", "Points", 3 * agents.size(), 3,
                    [&axes](std::size_t k) { return (*axes[k % 3])[k / 3]; });
  out += "      </Points>\n";
}

// One VTK_VERTEX (type 1) cell per point.
void append_vertex_cells(std::string& out, std::size_t count) {
  constexpr std::uint8_t vtk_vertex = 1;
  out += "      <Cells>\n";
  append_data_array(out, "Int64", "connectivity", count, 1,
                    [](std::size_t i) { return static_cast<std::int64_t>(i); });
  append_data_array(out, "Int64", "offsets", count, 1,
                    [](std::size_t i) { return static_cast<std::int64_t>(i + 1); });
  append_data_array(out, "UInt8", "types", count, 1, [](std::size_t) { return vtk_vertex; });
  out += "      </Cells>\n";
}

std::string cells_vtu_text(const AgentStore& agents) {
  const std::size_t count = agents.size();
  const std::size_t arrays = 6 + agents.custom_column_names().size() + 3 + 3;
  std::string out;
  out.reserve(1024 + count * arrays * characters_per_value);
  append_vtk_open(out, "UnstructuredGrid");
  out += "  <UnstructuredGrid>\n    <Piece NumberOfPoints=\"";
  append_number(out, count);
  out += "\" NumberOfCells=\"";
  append_number(out, count);
  out += "\">\n";
  append_agent_point_data(out, agents);
  append_agent_points(out, agents);
  append_vertex_cells(out, count);
  out += "    </Piece>\n  </UnstructuredGrid>\n</VTKFile>\n";
  return out;
}

// "0 nx 0 ny 0 nz": VTK extents count points, so nx voxels span points 0..nx.
std::string cell_extent(const VoxelGrid& grid) {
  std::string extent;
  for (int axis = 0; axis < 3; ++axis) {
    extent += axis == 0 ? "0 " : " 0 ";
    append_number(extent, grid.count[axis]);
  }
  return extent;
}

std::string three_numbers(double x, double y, double z) {
  std::string text;
  append_number(text, x);
  text += ' ';
  append_number(text, y);
  text += ' ';
  append_number(text, z);
  return text;
}

std::string fields_vti_text(const DiffusionSolver& diffusion,
                            const std::vector<SubstanceSpec>& substances) {
  const VoxelGrid& grid = diffusion.grid();
  const std::size_t voxels = grid.voxel_total();
  const std::string extent = cell_extent(grid);
  std::string out;
  out.reserve(1024 + voxels * substances.size() * characters_per_value);
  append_vtk_open(out, "ImageData");
  out += "  <ImageData WholeExtent=\"" + extent + "\" Origin=\"" +
         three_numbers(grid.origin_um[0], grid.origin_um[1], grid.origin_um[2]) + "\" Spacing=\"" +
         three_numbers(grid.voxel_um, grid.voxel_um, grid.voxel_um) + "\">\n";
  out += "    <Piece Extent=\"" + extent + "\">\n      <CellData";
  if (!substances.empty()) out += " Scalars=\"" + xml_escape(substances.front().name) + "\"";
  out += ">\n";
  for (std::size_t s = 0; s < substances.size(); ++s)
    append_data_array(out, "Float64", substances[s].name, voxels, 1,
                      [&](std::size_t v) { return diffusion.value(v, static_cast<int>(s)); });
  out += "      </CellData>\n    </Piece>\n  </ImageData>\n</VTKFile>\n";
  return out;
}

std::string pvd_text(const std::vector<std::pair<double, std::string>>& time_and_file) {
  std::string out;
  out.reserve(256 + time_and_file.size() * 96);
  out += "<?xml version=\"1.0\"?>\n";
  out += "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n";
  out += "  <Collection>\n";
  for (const auto& [time_h, file] : time_and_file) {
    out += "    <DataSet timestep=\"";
    append_number(out, time_h);
    out += "\" group=\"\" part=\"0\" file=\"" + xml_escape(file) + "\"/>\n";
  }
  out += "  </Collection>\n</VTKFile>\n";
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public functions

Status write_file_atomic(const fs::path& path, std::string_view contents) {
  if (!path.has_filename())
    return fail(Error::invalid_input(
        "output path '" + path.string() + "' names a folder; give a file name", path.string()));
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  DERMASIM_TRY(ensure_folder(folder, path));
  const fs::path temporary = temporary_path_for(folder, path);
  Status status = write_then_rename(temporary, contents, path);
  if (!status) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return status;
  }
  sync_folder(folder);
  return status;
}

Status write_json_file(const fs::path& path, const nlohmann::json& document) {
  std::string text;
  try {
    text = document.dump(2);
  } catch (const nlohmann::json::exception& error) {
    return fail(Error::invalid_input(
        "cannot write '" + path.string() + "' as JSON: " + error.what(), path.string()));
  }
  text += '\n';
  return write_file_atomic(path, text);
}

TimeseriesWriter::TimeseriesWriter(const std::vector<SubstanceSpec>& substances,
                                   std::size_t expected_rows)
    : m_substance_count(substances.size()), m_means(substances.size(), 0.0) {
  m_text = "t_h,agents,live,dying,frozen";
  for (const SubstanceSpec& substance : substances)
    m_text += ',' + csv_field(substance.name + "_mean");
  m_text += '\n';
  m_text.reserve(m_text.size() + expected_rows * (5 + m_substance_count) * characters_per_value);
}

void TimeseriesWriter::append(const TimeseriesRow& row, const DiffusionSolver& diffusion) {
  assert(static_cast<std::size_t>(diffusion.substance_count()) == m_substance_count);
  append_number(m_text, row.t_h);
  for (const std::size_t count : {row.agents, row.live, row.dying, row.frozen}) {
    m_text += ',';
    append_number(m_text, count);
  }
  substance_means(diffusion, m_means);
  for (const double mean : m_means) {
    m_text += ',';
    append_number(m_text, mean);
  }
  m_text += '\n';
  ++m_rows;
}

Status TimeseriesWriter::finish(const fs::path& path) const {
  return write_file_atomic(path, m_text);
}

Status write_cells_vtu(const fs::path& path, const AgentStore& agents) {
  return write_file_atomic(path, cells_vtu_text(agents));
}

Status write_fields_vti(const fs::path& path, const DiffusionSolver& diffusion,
                        const std::vector<SubstanceSpec>& substances) {
  if (substances.size() != static_cast<std::size_t>(diffusion.substance_count()))
    return fail(Error::internal(
        "cannot write '" + path.string() + "': " + std::to_string(substances.size()) +
            " substance names given for a solver of " + std::to_string(diffusion.substance_count()),
        path.string()));
  return write_file_atomic(path, fields_vti_text(diffusion, substances));
}

Status write_pvd_collection(const fs::path& path,
                            const std::vector<std::pair<double, std::string>>& time_and_file) {
  return write_file_atomic(path, pvd_text(time_and_file));
}

}  // namespace dermasim::engine
