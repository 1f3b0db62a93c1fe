// A tissue scenario: an epidermis patch of one zone and phototype, its run length and the events
// that perturb it (UV, abrasion, barrier breach, inflammation, a growth-factor change).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "skin/progenitor_kinetics.hpp"
#include "skin/tissue_parameters.hpp"
#include "skin/zones.hpp"

namespace dermasim::skin {

enum class TissueEventKind { uv, abrasion, barrier_breach, inflammation, growth_factor };
// How deep an abrasion removes cells: the stratum corneum only, the viable suprabasal layers too,
// or down to the basement membrane (the germinative layer and its melanocytes as well).
enum class AbrasionDepth { stratum_corneum, suprabasal, basal };
enum class GrowthFactor { egf, kgf };
// Laterally well mixed (positions carry no information: fast, for patch-level kinetics) or
// stratified (cells with mechanics on a basement membrane: thickness from positions).
enum class TissueModel { well_mixed, stratified };

struct TissueEvent {
  TissueEventKind kind = TissueEventKind::uv;
  double at_h = 0.0;                                // after the spin-up
  double dose_mj_per_cm2 = 0.0;                     // uv
  double area_fraction = 0.0;                       // abrasion, barrier_breach
  AbrasionDepth depth = AbrasionDepth::suprabasal;  // abrasion
  double level = 0.0;                               // inflammation
  GrowthFactor factor = GrowthFactor::egf;          // growth_factor: the dermal level of
  double dermal_ng_per_ml = 0.0;                    //   `factor` is held at this value
  double until_h = 0.0;                             //   from at_h until until_h
};

struct TissueScenario {
  std::string name;
  std::filesystem::path source_file;
  Zone zone;
  int fitzpatrick = 2;  // I–VI as 1–6
  double area_mm2 = 0.1;
  bool regulation = true;  // the germinative density feedback (renewal and contact inhibition)
  TissueModel model = TissueModel::well_mixed;
  double ridge_depth_um = 0.0;  // stratified: rete ridges of the basement membrane
  double ridge_period_um = 100.0;
  ProgenitorKinetics kinetics;
  TissueParameters parameters;
  std::uint64_t seed = 1;
  double spin_up_h = 60.0 * 24.0;   // run before t = 0 so that the tissue starts at homeostasis
  double duration_h = 90.0 * 24.0;  // after the spin-up
  double step_h = 1.0;
  double timeseries_interval_h = 24.0;  // 0: no time series
  std::vector<TissueEvent> events;      // in time order
};

// Whether a TOML file is a tissue scenario (it has a [tissue] table) rather than an engine one.
Result<bool> is_tissue_scenario(const std::filesystem::path& path);

// Loads a tissue scenario; the kinetics, tissue-parameter and zones files it names are read
// relative to the scenario's folder. Errors name file:line:column and the key path.
Result<TissueScenario> load_tissue_scenario(const std::filesystem::path& path);

}  // namespace dermasim::skin
