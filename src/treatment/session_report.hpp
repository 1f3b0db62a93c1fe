// Per-session figures of a treatment run: the dose each growth factor delivered by layer, the
// inflammation's peak and duration, downtime (erythema days), the PIH probability, and the
// collagen and elastin gained 30, 90 and 180 days on.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "skin/dermis_layout.hpp"
#include "skin/dermis_tissue.hpp"
#include "treatment/pih_risk.hpp"
#include "treatment/treatment_scenario.hpp"

#include <nlohmann/json.hpp>

namespace dermasim::treatment {

inline constexpr std::array<double, 3> gain_days = {30.0, 90.0, 180.0};

// The tissue at one moment, as the reports need it.
struct TissueSample {
  double t_h = 0.0;
  double inflammation_index = 0.0, erythema_index = 0.0;
  double collagen_mg = 0.0, elastin_mg = 0.0;
  double papillary_collagen_relative = 0.0;
};

TissueSample sample_tissue(const skin::DermisTissue& tissue);

struct SessionReport {
  std::size_t index = 0;
  double day = 0.0;
  std::string label;
  // ng per cm² of skin delivered by this session's supplies, by factor and layer (epidermis,
  // papillary, reticular, hypodermis).
  std::array<std::array<double, 4>, skin::factor_count> delivered_ng_per_cm2{};
  double inflammation_peak = 0.0;      // inflammation index
  double inflammation_peak_day = 0.0;  // after the session
  double inflammation_duration_h = 0.0;
  double downtime_days = 0.0;  // visible erythema
  double pih_probability = 0.0;
  // Collagen (I + III) and elastin of the block relative to just before the session, in %, at
  // gain_days after it (later sessions included); empty beyond the run.
  std::array<std::optional<double>, 3> collagen_gain_percent{}, elastin_gain_percent{};
};

// Follows a treatment run: call `record` at every sample (hourly) and `mark_session` as each
// session starts (with the delivered ledger then).
class SessionRecorder {
 public:
  SessionRecorder(std::vector<SessionEvents> sessions, int fitzpatrick, PihParameters pih,
                  ReportParameters report);

  void record(const skin::DermisTissue& tissue);
  std::vector<SessionReport> reports(const skin::DermisTissue& tissue) const;
  const std::vector<SessionEvents>& sessions() const { return m_sessions; }

 private:
  using Ledger = std::array<std::array<double, 4>, skin::factor_count>;
  static Ledger delivered(const skin::DermisTissue& tissue);

  std::vector<SessionEvents> m_sessions;
  int m_fitzpatrick = 2;
  PihParameters m_pih;
  ReportParameters m_report;
  std::vector<TissueSample> m_samples;
  std::vector<Ledger> m_ledger_at_session;  // as each session began (in order)
  std::vector<std::size_t> m_sample_at_session;
  double m_area_cm2 = 0.0;
};

nlohmann::json reports_json(const std::vector<SessionReport>& reports);
std::string reports_csv(const std::vector<SessionReport>& reports);

}  // namespace dermasim::treatment
