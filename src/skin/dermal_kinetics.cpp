// Closed-form pieces of the dermis's reactions (see dermal_kinetics.hpp).
#include "skin/dermal_kinetics.hpp"

#include <numbers>

namespace dermasim::skin {
namespace {

// Peak time of the two-stage pulse a·(e^{−t/τ2} − e^{−t/τ1}) for τ1 ≠ τ2.
double bateman_peak_h(double tau1, double tau2) {
  return tau1 * tau2 / (tau2 - tau1) * std::log(tau2 / tau1);
}

// Drive of the two-stage pulse after a unit signal at t = 0 (signal decays with τ1 into the
// drive, which decays with τ2).
double bateman(double t, double tau1, double tau2) {
  return tau2 / (tau2 - tau1) * (std::exp(-t / tau2) - std::exp(-t / tau1));
}

}  // namespace

UvKinetics::UvKinetics(const AcuteUvResponse& response, const UvProductionFolds& production)
    : m_response(response), m_production(production) {
  const double tau2 = std::max(response.mmp_decay_h, 1e-3);
  // The rise time constant whose pulse peaks at mmp_peak_h (bisection: the peak time grows with
  // τ1 on (0, τ2)); a peak at or beyond τ2's own scale is clamped.
  double low = 1e-6, high = tau2 * (1.0 - 1e-9);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (low + high);
    (bateman_peak_h(mid, tau2) < response.mmp_peak_h ? low : high) = mid;
  }
  m_rise_h = 0.5 * (low + high);
  m_peak_per_dose = bateman(bateman_peak_h(m_rise_h, tau2), m_rise_h, tau2);
}

UvResponse UvKinetics::response(const UvState& s) const {
  const AcuteUvResponse& r = m_response;
  const double drive = s.drive / m_peak_per_dose;  // 1 at the peak after the reference dose
  UvResponse out;
  out.collagenase_fold = 1.0 + (m_production.collagenase - 1.0) * drive;
  out.gelatinase_fold = 1.0 + (m_production.gelatinase - 1.0) * drive;
  double suppression = r.procollagen_suppression_fraction * std::min(1.0, s.last_dose);
  if (s.hours_since > r.procollagen_suppression_h)
    suppression *= std::exp(-(s.hours_since - r.procollagen_suppression_h) /
                            std::max(r.procollagen_recovery_h, 1e-6));
  out.procollagen_fraction = 1.0 - suppression;
  return out;
}

UvState UvKinetics::advanced(UvState s, double dt_h) const {
  const double tau2 = std::max(m_response.mmp_decay_h, 1e-3);
  // Exact update of the linear two-stage system over dt.
  const double e1 = std::exp(-dt_h / m_rise_h), e2 = std::exp(-dt_h / tau2);
  const double into_drive = s.signal * tau2 / (tau2 - m_rise_h) * (e2 - e1);
  s.drive = s.drive * e2 + into_drive;
  s.signal *= e1;
  s.hours_since += dt_h;
  return s;
}

UvState UvKinetics::exposed(UvState s, double dose_med) const {
  const double relative = dose_med / m_response.reference_dose_med;
  s.signal += relative;
  s.hours_since = 0.0;
  s.last_dose = relative;
  return s;
}

MatrixSynthesis matrix_synthesis(const VoxelCells& c, const LayerCellRates& rates,
                                 const MatrixParameters& m, const DermisModifiers& mod,
                                 double procollagen_fraction, double deficit, double voxel_ml) {
  const double quiescent = c.quiescent() * (1.0 + m.remodelling_synthesis_fold * deficit);
  const double active =
      c.activation * m.activated_synthesis_fold + c.myofibroblasts * m.myofibroblast_synthesis_fold;
  const double collagen =
      rates.collagen / voxel_ml * mod.procollagen_per_cell_scale * procollagen_fraction;
  MatrixSynthesis made;
  made.collagen3 = collagen *
                   (quiescent * m.collagen3_share + active * m.activated_collagen3_share) *
                   mod.collagen3_synthesis_scale;
  made.collagen1 =
      collagen *
      (quiescent * (1.0 - m.collagen3_share) + active * (1.0 - m.activated_collagen3_share)) *
      mod.collagen1_synthesis_scale;
  made.elastin = rates.elastin / voxel_ml * (quiescent + c.activated() * m.activated_elastin_fold);
  made.hyaluronan =
      rates.hyaluronan / voxel_ml * (quiescent + c.activated() * m.activated_hyaluronan_fold);
  return made;
}

RestingMatrixScales resting_matrix_scales(const MatrixParameters& m, const DermisModifiers& mod) {
  const double timp = m.timp_basal_ng_per_ml * mod.timp_scale;
  const auto breakdown = [&](double basal_mmp, double mmp_scale, double mmp_share) {
    const double free_now = free_mmp(basal_mmp * mmp_scale, timp, m);
    const double free_rest = free_mmp(basal_mmp, m.timp_basal_ng_per_ml, m);
    return (1.0 - mmp_share) + mmp_share * free_now / free_rest;
  };
  const double collagen_breakdown =
      breakdown(m.collagenase_basal_ng_per_ml, mod.collagenase_scale, m.collagen_mmp_share);
  const double elastin_breakdown =
      breakdown(m.gelatinase_basal_ng_per_ml, mod.gelatinase_scale, m.elastin_mmp_share);
  RestingMatrixScales scales;
  scales.fibroblasts = mod.fibroblast_density_scale;
  const double output = mod.fibroblast_density_scale * mod.procollagen_per_cell_scale;
  scales.collagen1 = output * mod.collagen1_synthesis_scale / collagen_breakdown;
  scales.collagen3 = output * mod.collagen3_synthesis_scale / collagen_breakdown;
  scales.elastin = mod.fibroblast_density_scale / elastin_breakdown;
  scales.hyaluronan = mod.fibroblast_density_scale;
  return scales;
}

double collagen_breakdown_per_h(double free_collagenase, double resting_free_collagenase,
                                const MatrixParameters& m) {
  const double k = std::numbers::ln2 / m.collagen_half_life_h;
  return k * ((1.0 - m.collagen_mmp_share) +
              m.collagen_mmp_share * free_collagenase / resting_free_collagenase);
}

}  // namespace dermasim::skin
