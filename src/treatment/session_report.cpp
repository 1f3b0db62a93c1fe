// Per-session figures of a treatment run (see session_report.hpp).
#include "treatment/session_report.hpp"

#include <algorithm>

#include "engine/output.hpp"
#include "engine/toml_reader.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::Presence;
using engine::detail::TableReader;

constexpr std::array<const char*, 4> layer_names = {"epidermis", "papillary", "reticular",
                                                    "hypodermis"};

std::optional<double> percent_change(double now, double before) {
  if (before <= 0.0) return std::nullopt;
  return 100.0 * (now - before) / before;
}

}  // namespace

Result<ReportParameters> load_report_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "report file"));
  const std::string file = path.string();
  ReportParameters p;
  TableReader reader(root, "", file);
  engine::detail::read_section(reader, "report", Presence::required, [&](TableReader& r) {
    r.read_number("visible_erythema_index", {.min = 1.0, .min_inclusive = false}, 1.0,
                  Presence::required, p.visible_erythema_index);
    r.read_number("inflammation_duration_share",
                  {.min = 0.0, .min_inclusive = false, .max = 1.0, .max_inclusive = false}, 1.0,
                  Presence::required, p.inflammation_duration_share);
  });
  DERMASIM_TRY(reader.finish());
  return p;
}

TissueSample sample_tissue(const skin::DermisTissue& tissue) {
  const skin::DermisObservables o = tissue.observe();
  return {.t_h = tissue.time_h(),
          .inflammation_index = o.inflammation_index,
          .erythema_index = o.erythema_index,
          .collagen_mg = tissue.matrix_amount_mg(skin::ledger_collagen1) +
                         tissue.matrix_amount_mg(skin::ledger_collagen3),
          .elastin_mg = tissue.matrix_amount_mg(skin::ledger_elastin),
          .papillary_collagen_relative = o.papillary_collagen_relative};
}

SessionRecorder::SessionRecorder(std::vector<SessionEvents> sessions, int fitzpatrick,
                                 PihParameters pih, ReportParameters report)
    : m_sessions(std::move(sessions)), m_fitzpatrick(fitzpatrick), m_pih(pih), m_report(report) {}

SessionRecorder::Ledger SessionRecorder::delivered(const skin::DermisTissue& tissue) {
  Ledger ledger{};
  for (int f = 0; f < skin::factor_count; ++f)
    for (std::size_t l = 0; l < layer_names.size(); ++l)
      ledger[static_cast<std::size_t>(f)][l] =
          tissue.delivered_ng(f, static_cast<skin::DermalLayer>(l));
  return ledger;
}

// A session is marked at the first sample at or after its start, before its events act (the
// tissue applies them as it takes that step).
void SessionRecorder::record(const skin::DermisTissue& tissue) {
  const double t = tissue.time_h();
  while (m_ledger_at_session.size() < m_sessions.size() &&
         m_sessions[m_ledger_at_session.size()].at_h <= t + 1e-9) {
    m_ledger_at_session.push_back(delivered(tissue));
    m_sample_at_session.push_back(m_samples.size());
  }
  m_samples.push_back(sample_tissue(tissue));
  m_area_cm2 = tissue.scenario().side_um * tissue.scenario().side_um * 1e-8;
}

std::vector<SessionReport> SessionRecorder::reports(const skin::DermisTissue& tissue) const {
  std::vector<SessionReport> out;
  const Ledger now = delivered(tissue);
  for (std::size_t s = 0; s < m_ledger_at_session.size(); ++s) {
    const SessionEvents& events = m_sessions[s];
    SessionReport r;
    r.index = s;
    r.day = events.at_h / 24.0;
    r.label = events.label;
    const bool last = s + 1 == m_ledger_at_session.size();
    const Ledger& after = last ? now : m_ledger_at_session[s + 1];
    for (std::size_t f = 0; f < after.size(); ++f)
      for (std::size_t l = 0; l < layer_names.size(); ++l)
        r.delivered_ng_per_cm2[f][l] = (after[f][l] - m_ledger_at_session[s][f][l]) / m_area_cm2;

    const std::size_t first = m_sample_at_session[s];
    const std::size_t end = last ? m_samples.size() : m_sample_at_session[s + 1];
    const TissueSample& before = m_samples[first];
    double peak = before.inflammation_index;
    for (std::size_t i = first; i < end; ++i)
      if (m_samples[i].inflammation_index > peak) {
        peak = m_samples[i].inflammation_index;
        r.inflammation_peak_day = (m_samples[i].t_h - events.at_h) / 24.0;
      }
    r.inflammation_peak = peak;
    const double threshold = before.inflammation_index + m_report.inflammation_duration_share *
                                                             (peak - before.inflammation_index);
    for (std::size_t i = first + 1; i < end; ++i) {
      const double dt_h = m_samples[i].t_h - m_samples[i - 1].t_h;
      if (peak > before.inflammation_index && m_samples[i].inflammation_index >= threshold)
        r.inflammation_duration_h += dt_h;
      if (m_samples[i].erythema_index >= m_report.visible_erythema_index)
        r.downtime_days += dt_h / 24.0;
    }
    r.pih_probability = pih_probability(
        {.fitzpatrick = m_fitzpatrick,
         .epidermal_injury_fraction = std::min(1.0, events.epidermal_injury_fraction),
         .inflammation_days = r.inflammation_duration_h / 24.0},
        m_pih);
    for (std::size_t g = 0; g < gain_days.size(); ++g) {
      const double at = events.at_h + 24.0 * gain_days[g];
      const auto it =
          std::find_if(m_samples.begin() + static_cast<std::ptrdiff_t>(first), m_samples.end(),
                       [&](const TissueSample& x) { return x.t_h >= at - 1e-9; });
      if (it == m_samples.end()) continue;
      r.collagen_gain_percent[g] = percent_change(it->collagen_mg, before.collagen_mg);
      r.elastin_gain_percent[g] = percent_change(it->elastin_mg, before.elastin_mg);
    }
    out.push_back(r);
  }
  return out;
}

nlohmann::json reports_json(const std::vector<SessionReport>& reports) {
  nlohmann::json list = nlohmann::json::array();
  for (const SessionReport& r : reports) {
    nlohmann::json delivered = nlohmann::json::object();
    for (std::size_t f = 0; f < r.delivered_ng_per_cm2.size(); ++f) {
      nlohmann::json by_layer = nlohmann::json::object();
      double total = 0.0;
      for (std::size_t l = 0; l < layer_names.size(); ++l) {
        by_layer[layer_names[l]] = r.delivered_ng_per_cm2[f][l];
        total += r.delivered_ng_per_cm2[f][l];
      }
      if (total > 0.0) delivered[skin::dermal_substance_names[f]] = by_layer;
    }
    nlohmann::json gains = nlohmann::json::object();
    for (std::size_t g = 0; g < gain_days.size(); ++g) {
      const std::string day = "day_" + std::to_string(static_cast<int>(gain_days[g]));
      gains["collagen_percent"][day] =
          r.collagen_gain_percent[g] ? nlohmann::json(*r.collagen_gain_percent[g]) : nullptr;
      gains["elastin_percent"][day] =
          r.elastin_gain_percent[g] ? nlohmann::json(*r.elastin_gain_percent[g]) : nullptr;
    }
    list.push_back({{"session", r.index},
                    {"day", r.day},
                    {"treatment", r.label},
                    {"delivered_ng_per_cm2", delivered},
                    {"inflammation_peak", r.inflammation_peak},
                    {"inflammation_peak_day", r.inflammation_peak_day},
                    {"inflammation_duration_h", r.inflammation_duration_h},
                    {"downtime_days", r.downtime_days},
                    {"pih_probability", r.pih_probability},
                    {"gained", gains}});
  }
  return list;
}

std::string reports_csv(const std::vector<SessionReport>& reports) {
  std::string csv =
      "session,day,inflammation_peak,inflammation_peak_day,inflammation_duration_h,downtime_days,"
      "pih_probability,collagen_gain_percent_d30,collagen_gain_percent_d90,"
      "collagen_gain_percent_d180,elastin_gain_percent_d30,elastin_gain_percent_d90,"
      "elastin_gain_percent_d180\n";
  for (const SessionReport& r : reports) {
    for (double v :
         {static_cast<double>(r.index), r.day, r.inflammation_peak, r.inflammation_peak_day,
          r.inflammation_duration_h, r.downtime_days, r.pih_probability}) {
      engine::append_number(csv, v);
      csv += ',';
    }
    for (const auto* gains : {&r.collagen_gain_percent, &r.elastin_gain_percent})
      for (const std::optional<double>& g : *gains) {
        if (g) engine::append_number(csv, *g);
        csv += ',';
      }
    csv.back() = '\n';
  }
  return csv;
}

}  // namespace dermasim::treatment
