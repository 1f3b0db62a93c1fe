// Recorded outcomes of a patient's program (CONTRACTS "Scenario, session, program": a CSV of
// date,zone,observable,value,unit,instrument) and the measurement noise of each observable
// (data/planner/outcomes.toml) that recalibration weighs them with.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dermasim::planner {

// The one header an outcomes file may have.
inline constexpr std::string_view outcomes_header = "date,zone,observable,value,unit,instrument";
inline constexpr std::uintmax_t max_outcomes_bytes = 1024 * 1024;

// One measurement: a row of the outcomes file.
struct Outcome {
  std::string date;     // YYYY-MM-DD as written
  double t_days = 0.0;  // days since the program's start date (0 = the start date)
  std::string zone, observable;
  double value = 0.0;
  std::string unit;
  std::string instrument;  // may be empty: who or what measured it, carried for the record
  std::string file;        // the file it came from, for messages
  std::size_t line = 0;    // 1-based line of the row in that file

  // "file:line", what errors about this row name.
  std::string where() const { return file + ":" + std::to_string(line); }
};

// Reads an outcomes CSV. The header must be exactly `outcomes_header`; a row has six cells
// (quoted cells may hold commas, "" is a quote); blank lines are skipped; CRLF line ends and a
// UTF-8 byte-order mark are accepted. Dates must be real dates on or after `start_date`; values
// finite numbers; zone, observable and unit non-empty. Errors: not_found (missing file),
// invalid_input (anything else, field "file:line column").
Result<std::vector<Outcome>> read_outcomes(const std::filesystem::path& csv,
                                           std::string_view start_date);

// How much a measurement of one observable scatters around the truth (one standard deviation).
struct ObservableNoise {
  std::string observable;
  double sd = 0.0;          // in the observable's unit, when not relative
  bool relative = false;    // sd is a fraction of the forecast value (tissue figures)
  bool informative = true;  // false: it says nothing about the response; skipped
  std::string note;         // why not informative, or the source of the value
};

struct OutcomeNoise {
  std::vector<ObservableNoise> observables;
  // The noise of `observable`, or nullptr.
  const ObservableNoise* find(std::string_view observable) const;
};

// Loads data/planner/outcomes.toml: [noise.<observable>] tables, each with exactly one of
// `sd` (> 0, in the observable's unit), `relative_sd` (in (0, 1)) or `informative = false`
// (with a `note` saying why), and an optional `note`. Observable ids are those of the clinical
// scales and tissue figures (skin/clinical_scales.hpp).
Result<OutcomeNoise> load_outcome_noise(const std::filesystem::path& path);

}  // namespace dermasim::planner
