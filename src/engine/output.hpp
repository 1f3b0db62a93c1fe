// Result files: crash-safe atomic writes, the time-series CSV, and VTK XML snapshots for ParaView.
#pragma once

#include <charconv>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "engine/agents.hpp"
#include "engine/diffusion.hpp"
#include "engine/scenario.hpp"

namespace dermasim::engine {

// Appends the shortest text that reads back as `value` (CSV cells).
inline void append_number(std::string& text, double value) {
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  text.append(buffer, written.ptr);
}

// Writes `contents` to a temporary file beside `path`, fsyncs it and renames it over `path`, so a
// crash leaves either the old file or the new one, never half of one. Creates missing parent
// folders. Errors (unwritable folder, disk full, target is a folder) are `unavailable` naming the
// path; the temporary file is removed on failure.
Status write_file_atomic(const std::filesystem::path& path, std::string_view contents);

// Pretty JSON (2-space indent, trailing newline) written with write_file_atomic. Strings that are
// not valid UTF-8 give `invalid_input` and nothing is written.
Status write_json_file(const std::filesystem::path& path, const nlohmann::json& document);

struct TimeseriesRow {
  double t_h = 0.0;
  std::size_t agents = 0;
  std::size_t live = 0;
  std::size_t dying = 0;
  std::size_t frozen = 0;
};

// The time series as CSV, built in memory so that the step loop does no I/O; written once by
// finish(). Header: t_h,agents,live,dying,frozen,<substance>_mean,... Numbers round-trip exactly.
class TimeseriesWriter {
 public:
  // `expected_rows` reserves the text ahead so that appends do not allocate until it is used up.
  explicit TimeseriesWriter(const std::vector<SubstanceSpec>& substances,
                            std::size_t expected_rows = 0);

  // Appends one row; the substance means are taken over all voxels in a fixed order. `diffusion`
  // must hold the substances the writer was built with.
  void append(const TimeseriesRow& row, const DiffusionSolver& diffusion);

  std::size_t row_count() const { return m_rows; }
  const std::string& csv() const { return m_text; }

  Status finish(const std::filesystem::path& path) const;

 private:
  std::size_t m_substance_count = 0;
  std::size_t m_rows = 0;
  std::vector<double> m_means;  // scratch, reused by every append
  std::string m_text;
};

// VTK XML UnstructuredGrid (ASCII): one VTK_VERTEX cell per agent at its position (µm), with point
// arrays id, type, state, phase, radius_um, volume_um3 and every custom column.
Status write_cells_vtu(const std::filesystem::path& path, const AgentStore& agents);

// VTK XML ImageData (ASCII): one cell per voxel, one CellData array per substance, named after it.
// `substances` must be the solver's substances, in its order (otherwise `internal`).
Status write_fields_vti(const std::filesystem::path& path, const DiffusionSolver& diffusion,
                        const std::vector<SubstanceSpec>& substances);

// ParaView collection (.pvd) of snapshots: (time in hours, file name relative to the .pvd file).
Status write_pvd_collection(const std::filesystem::path& path,
                            const std::vector<std::pair<double, std::string>>& time_and_file);

}  // namespace dermasim::engine
