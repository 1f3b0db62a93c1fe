// The step loop shared by `simulate` for engine and tissue scenarios: outputs happen between
// advances, at the steps their cadences name, never inside the step loop.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>

#include "cli/progress.hpp"
#include "core/error.hpp"

namespace dermasim::cli {

// Every `every` steps from step `first` on; every = 0 means never.
struct Cadence {
  std::int64_t every = 0;
  std::int64_t first = 0;
  bool due(std::int64_t step) const {
    return every > 0 && step >= first && (step - first) % every == 0;
  }
  std::int64_t next_after(std::int64_t step) const {
    if (every <= 0) return INT64_MAX;
    if (step < first) return first;
    return first + ((step - first) / every + 1) * every;
  }
};

// The cadence of `interval_h` for a model whose steps_for_hours converts hours to steps.
template <class Model>
Cadence cadence(const Model& model, double interval_h) {
  if (interval_h <= 0.0) return {};
  return {std::max<std::int64_t>(1, model.steps_for_hours(interval_h))};
}

// Creates the output folder before the run, so that an unusable --out fails in a second, not at
// the first write hours later.
Status prepare_output_dir(const std::filesystem::path& dir);

// OUT/checkpoints/step_N.ckpt for the model's current step N.
template <class Model>
Status save_numbered_checkpoint(const Model& model, const std::filesystem::path& out_dir) {
  return model.save_checkpoint(out_dir / "checkpoints" /
                               ("step_" + std::to_string(model.step_index()) + ".ckpt"));
}

// Runs `model` (step_index(), advance_to_step()) to `end_step`. At the first step and at every
// step `next_stop(step)` names, `at_step(step)` runs first (outputs, checkpoints); it may fail.
// The progress bar ticks about a thousand times in all.
template <class Model, class NextStop, class AtStep>
Status run_to(Model& model, std::int64_t end_step, bool show_progress, NextStop&& next_stop,
              AtStep&& at_step) {
  const std::int64_t first_step = model.step_index();
  ProgressBar progress(end_step - first_step, show_progress);
  const Cadence ticks{std::max<std::int64_t>(1, end_step / 1000)};
  while (true) {
    const std::int64_t step = model.step_index();
    DERMASIM_TRY(at_step(step));
    if (step >= end_step) break;
    model.advance_to_step(std::min({end_step, next_stop(step), ticks.next_after(step)}));
    progress.update(model.step_index() - first_step);
  }
  progress.finish();
  return {};
}

}  // namespace dermasim::cli
