// A treatment scenario on its dermis block, recorded hourly (see treatment_run.hpp).
#include "treatment/treatment_run.hpp"

namespace dermasim::treatment {

TreatmentRun::TreatmentRun(skin::DermisTissue tissue, SessionRecorder recorder)
    : m_tissue(std::move(tissue)), m_recorder(std::move(recorder)) {
  m_sample_every = std::max<std::int64_t>(1, m_tissue.steps_for_hours(1.0));
  m_recorder.record(m_tissue);
}

Result<TreatmentRun> TreatmentRun::create(TreatmentScenario scenario,
                                          std::optional<std::uint64_t> seed) {
  const int fitzpatrick = scenario.dermis.fitzpatrick;
  DERMASIM_TRY_ASSIGN(skin::DermisTissue tissue,
                      skin::DermisTissue::create(std::move(scenario.dermis), seed));
  return TreatmentRun(std::move(tissue),
                      SessionRecorder(std::move(scenario.sessions), fitzpatrick,
                                      scenario.catalogs.pih, scenario.catalogs.report));
}

Result<TreatmentRun> TreatmentRun::restore(TreatmentScenario scenario,
                                           const std::filesystem::path& checkpoint,
                                           std::optional<std::uint64_t> seed) {
  const int fitzpatrick = scenario.dermis.fitzpatrick;
  DERMASIM_TRY_ASSIGN(skin::DermisTissue tissue,
                      skin::DermisTissue::restore(std::move(scenario.dermis), checkpoint, seed));
  // Sessions before the restart are not reported again.
  std::vector<SessionEvents> sessions;
  for (SessionEvents& s : scenario.sessions)
    if (s.at_h >= tissue.time_h() - 1e-9) sessions.push_back(std::move(s));
  return TreatmentRun(std::move(tissue),
                      SessionRecorder(std::move(sessions), fitzpatrick, scenario.catalogs.pih,
                                      scenario.catalogs.report));
}

void TreatmentRun::advance_to_step(std::int64_t target_step) {
  while (m_tissue.step_index() < target_step) {
    const std::int64_t next = (m_tissue.step_index() / m_sample_every + 1) * m_sample_every;
    m_tissue.advance_to_step(std::min(next, target_step));
    if (m_tissue.step_index() % m_sample_every == 0) m_recorder.record(m_tissue);
  }
}

}  // namespace dermasim::treatment
