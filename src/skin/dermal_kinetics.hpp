// Closed-form pieces of the dermis's reaction step shared by the step and the observables: Hill
// responses, per-cell matrix synthesis, collagen breakdown, and the acute UV response over time.
#pragma once

#include <algorithm>
#include <cmath>

#include "skin/dermis_layout.hpp"
#include "skin/dermis_parameters.hpp"
#include "skin/tissue_modifiers.hpp"

namespace dermasim::skin {

inline double hill(double signal, double half_max) {
  return signal <= 0.0 ? 0.0 : signal / (signal + half_max);
}

// Hill response of order 2: a signal well below half-max is nearly ignored, so that a small
// resting level cannot feed itself.
inline double hill2(double signal, double half_max) {
  const double s2 = signal * signal;
  return signal <= 0.0 ? 0.0 : s2 / (s2 + half_max * half_max);
}

// Amount lost in dt at first-order rate k, exactly.
inline double first_order_loss(double amount, double rate_per_h, double dt_h) {
  return amount * -std::expm1(-rate_per_h * dt_h);
}

// MMP activity left free by TIMP (1:1 inhibition with a half-inhibiting level).
inline double free_mmp(double mmp, double timp_level, const MatrixParameters& m) {
  return mmp * m.timp_inhibition_ng_per_ml / (m.timp_inhibition_ng_per_ml + timp_level);
}

// Cells of one voxel as the reactions see them; `activation` sums the fibroblasts' activations.
struct VoxelCells {
  double fibroblasts = 0.0, activation = 0.0, myofibroblasts = 0.0, neutrophils = 0.0, m1 = 0.0,
         m2 = 0.0;
  double quiescent() const { return std::max(0.0, fibroblasts - activation); }
  double activated() const { return activation + myofibroblasts; }
  double macrophages() const { return m1 + m2; }
};

// The acute UV response at a moment: protease production folds and the share of procollagen
// synthesis left.
struct UvResponse {
  double collagenase_fold = 1.0, gelatinase_fold = 1.0, procollagen_fraction = 1.0;
};

// UV state kept between steps: a two-stage pulse (signal → protease drive) whose drive peaks
// mmp_peak_h after an exposure and decays with mmp_decay_h; and the time since the last exposure
// with its dose relative to the reference dose, for the procollagen suppression.
struct UvState {
  double signal = 0.0, drive = 0.0, hours_since = 1e9, last_dose = 0.0;
};

// Protease production at the peak of the pulse after the reference dose, relative to rest: larger
// than the tissue activity it makes (the proteases accumulate and decay over hours).
struct UvProductionFolds {
  double collagenase = 1.0, gelatinase = 1.0;
};

class UvKinetics {
 public:
  UvKinetics(const AcuteUvResponse& response, const UvProductionFolds& production);
  UvResponse response(const UvState& state) const;
  UvState advanced(UvState state, double dt_h) const;
  UvState exposed(UvState state, double dose_med) const;

 private:
  AcuteUvResponse m_response;
  UvProductionFolds m_production;
  double m_rise_h = 1.0;         // time constant of the signal stage
  double m_peak_per_dose = 1.0;  // drive at its peak after a unit exposure
};

// Matrix made by the cells of a voxel per hour (mg/mL/h), given the layer's per-cell rates.
struct MatrixSynthesis {
  double collagen1 = 0.0, collagen3 = 0.0, elastin = 0.0, hyaluronan = 0.0;
};

struct LayerCellRates {  // mg per cell per hour that keep the layer's matrix at homeostasis
  double collagen = 0.0, elastin = 0.0, hyaluronan = 0.0;
};

// `deficit` is the voxel's missing share of its resting collagen, 0–1: fibroblasts in a depleted
// matrix lay down more (remodelling after the proliferative phase).
MatrixSynthesis matrix_synthesis(const VoxelCells& cells, const LayerCellRates& rates,
                                 const MatrixParameters& m, const DermisModifiers& modifiers,
                                 double procollagen_fraction, double deficit, double voxel_ml);

// Missing share of a voxel's resting collagen (0 when at or above it, or where none rests).
inline double collagen_deficit(double collagen, double resting_collagen) {
  return resting_collagen > 0.0 ? std::max(0.0, 1.0 - collagen / resting_collagen) : 0.0;
}

// This person's resting matrix relative to the young reference: synthesis (cells × output per
// cell × lifestyle scales) over breakdown (at the resting MMP and TIMP levels), per component.
struct RestingMatrixScales {
  double fibroblasts = 1.0, collagen1 = 1.0, collagen3 = 1.0, elastin = 1.0, hyaluronan = 1.0;
};
RestingMatrixScales resting_matrix_scales(const MatrixParameters& m,
                                          const DermisModifiers& modifiers);

// First-order collagen breakdown rate (1/h) at the voxel's free collagenase.
double collagen_breakdown_per_h(double free_collagenase, double resting_free_collagenase,
                                const MatrixParameters& m);

}  // namespace dermasim::skin
