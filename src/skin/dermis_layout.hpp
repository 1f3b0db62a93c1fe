// The dermis model's fixed layout: its substances (diffusing signals first, then the static
// per-voxel state the reactions change), cell types, and tissue layers by depth.
#pragma once

#include <array>
#include <vector>

namespace dermasim::skin {

// Substance indices of the dermis simulation. The twelve factors follow data/dermis/factors.toml;
// `crowding` is the fibroblasts' own density signal. From `collagen1` on, the substances neither
// diffuse nor decay in the solver: only the reaction step changes them.
enum DermalSubstance : int {
  egf,
  kgf,
  tgf_beta1,
  pdgf,
  fgf2,
  vegf,
  il1,
  tnf_alpha,
  il10,
  collagenase,
  gelatinase,
  timp,
  oxygen,
  crowding,
  collagen1,           // mg/mL
  collagen3,           // mg/mL
  elastin,             // mg/mL
  hyaluronan,          // mg/mL
  fibrin,              // mg/mL
  crosslink,           // maturity of the voxel's collagen, 0–1
  vessels,             // vessel density relative to a plexus band, 0–1
  platelets,           // undegranulated platelets per mL
  necrosis,            // dead tissue share, 0–1 (a damage signal until cleared)
  wound,               // 1 where an injury has been (the region observed as a wound)
  opened_at,           // 1 + the hour a needle or an ablation opened this voxel (0: never)
  damage_il1_fold,     // IL-1 per necrotic share relative to an excision's (needle channels more)
  collagen_set_point,  // collagen the voxel's fibroblasts maintain, relative to the layer's (scars
                       // < 1)
  epidermal_cover,     // epidermis present over this column (epidermis voxels only), 0–1
  dermal_substance_count
};

inline constexpr int factor_count = 12;  // egf … timp, in data/dermis/factors.toml's order
inline constexpr int first_static_substance = collagen1;

inline constexpr std::array<const char*, dermal_substance_count> dermal_substance_names = {
    "egf",
    "kgf",
    "tgf_beta1",
    "pdgf",
    "fgf2",
    "vegf",
    "il1",
    "tnf_alpha",
    "il10",
    "collagenase",
    "gelatinase",
    "timp",
    "oxygen",
    "crowding",
    "collagen1",
    "collagen3",
    "elastin",
    "hyaluronan",
    "fibrin",
    "crosslink",
    "vessels",
    "platelets",
    "necrosis",
    "wound",
    "opened_at",
    "damage_il1_fold",
    "collagen_set_point",
    "epidermal_cover"};

// A fibroblast that TGF-β1 commits becomes a proto-myofibroblast (stress fibres, still counted as
// an activated fibroblast), and days later a differentiated (α-SMA) myofibroblast.
enum DermalCellType : int {
  fibroblast,
  myofibroblast,
  neutrophil,
  macrophage_m1,
  macrophage_m2,
  proto_myofibroblast
};
inline constexpr int dermal_cell_type_count = 6;
inline constexpr std::array<const char*, dermal_cell_type_count> dermal_cell_type_names = {
    "fibroblast",    "myofibroblast", "neutrophil",
    "macrophage_m1", "macrophage_m2", "proto_myofibroblast"};

enum class DermalLayer : int { epidermis, papillary, reticular, hypodermis };

// Per voxel layer (along z, top layer last) of the block: which tissue it is and its homeostatic
// state, from the zone's thicknesses. `reference_*` is a young non-smoker's (the per-cell rates
// are set from it); the rest is this person's resting state (age and lifestyle included).
struct LayerProfile {
  std::vector<DermalLayer> layer;
  std::vector<double> fibroblasts_per_mm3;  // set point
  std::vector<double> collagen_mg_per_ml;   // I + III at homeostasis
  std::vector<double> elastin_mg_per_ml;
  std::vector<double> hyaluronan_mg_per_ml;
  std::vector<double> vessel_density;
  std::vector<double> reference_fibroblasts_per_mm3, reference_collagen_mg_per_ml,
      reference_elastin_mg_per_ml, reference_hyaluronan_mg_per_ml;
  double collagen3_share = 0.0;  // of the resting collagen
};

}  // namespace dermasim::skin
