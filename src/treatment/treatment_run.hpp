// A treatment scenario running on its dermis block: the tissue advanced with an hourly record
// for the per-session reports.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "skin/dermis_tissue.hpp"
#include "treatment/session_report.hpp"
#include "treatment/treatment_scenario.hpp"

namespace dermasim::treatment {

class TreatmentRun {
 public:
  // The block at homeostasis, its schedule compiled in; `seed` overrides the scenario's.
  static Result<TreatmentRun> create(TreatmentScenario scenario,
                                     std::optional<std::uint64_t> seed = std::nullopt);
  // From a checkpoint: the reports then cover the sessions from the restart on.
  static Result<TreatmentRun> restore(TreatmentScenario scenario,
                                      const std::filesystem::path& checkpoint,
                                      std::optional<std::uint64_t> seed = std::nullopt);

  void advance_to_step(std::int64_t target_step);
  std::int64_t step_index() const { return m_tissue.step_index(); }
  std::int64_t end_step() const { return m_tissue.end_step(); }
  std::int64_t steps_for_hours(double hours) const { return m_tissue.steps_for_hours(hours); }
  double time_h() const { return m_tissue.time_h(); }
  Status save_checkpoint(const std::filesystem::path& path) const {
    return m_tissue.save_checkpoint(path);
  }
  skin::DermisObservables observe() const { return m_tissue.observe(); }

  const skin::DermisTissue& tissue() const { return m_tissue; }
  std::vector<SessionReport> session_reports() const { return m_recorder.reports(m_tissue); }

 private:
  TreatmentRun(skin::DermisTissue tissue, SessionRecorder recorder);

  skin::DermisTissue m_tissue;
  SessionRecorder m_recorder;
  std::int64_t m_sample_every = 1;
};

}  // namespace dermasim::treatment
