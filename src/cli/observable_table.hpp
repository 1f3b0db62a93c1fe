// Writing a model's observables (a table of named, unit-carrying struct members) as CSV rows and
// as JSON, and running a skin model to its end with its time series and checkpoints.
#pragma once

#include <charconv>
#include <string>

#include "cli/run_loop.hpp"
#include "cli/simulate_command.hpp"
#include "engine/output.hpp"

#include <nlohmann/json.hpp>

namespace dermasim::cli {

using engine::append_number;

template <class Fields>
std::string csv_header(const Fields& fields) {
  std::string header;
  for (const auto& field : fields) {
    if (!header.empty()) header += ',';
    header += field.name;
  }
  return header + '\n';
}

template <class Fields, class Observables>
void append_row(std::string& csv, const Fields& fields, const Observables& o) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) csv += ',';
    append_number(csv, o.*field.member);
    first = false;
  }
  csv += '\n';
}

template <class Fields, class Observables>
nlohmann::json observables_json(const Fields& fields, const Observables& o) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& field : fields)
    json[field.name] = {{"value", o.*field.member}, {"unit", field.unit}};
  return json;
}

// Runs a skin model (observe(), end_step() besides run_to's needs) to its end: a row of every
// observable at each of `rows`' steps into OUT/timeseries.csv (none when `rows` never falls due),
// and the checkpoints --checkpoint-every-h asks for.
template <class Model, class Fields>
Status run_with_timeseries(Model& model, const Fields& fields, const Cadence& rows,
                           const SimulateOptions& options) {
  const std::int64_t first_step = model.step_index();
  const Cadence checkpoints = cadence(model, options.checkpoint_every_h);
  std::string csv = csv_header(fields);
  const auto next_stop = [&](std::int64_t step) {
    return std::min(rows.next_after(step), checkpoints.next_after(step));
  };
  const auto at_step = [&](std::int64_t step) -> Status {
    if (rows.due(step)) append_row(csv, fields, model.observe());
    if (checkpoints.due(step) && step != first_step)
      DERMASIM_TRY(save_numbered_checkpoint(model, options.out_dir));
    return {};
  };
  DERMASIM_TRY(run_to(model, model.end_step(), options.progress, next_stop, at_step));
  if (rows.every > 0)
    DERMASIM_TRY(engine::write_file_atomic(options.out_dir / "timeseries.csv", csv));
  return {};
}

}  // namespace dermasim::cli
