// Parameters of the dermis and its wound-healing response (data/dermis/dermis.toml), in the
// simulation's units (µm, hours, ng/mL, mg/mL), with the closed-form homeostatic rates they imply.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace dermasim::skin {

struct DermisGeometry {
  double papillary_um = 0.0;  // papillary dermis below the dermal–epidermal junction
  double plexus_band_um = 0.0;
  double capillary_vessel_density = 0.0;  // papillary loops, relative to a plexus band
  double reticular_vessel_density = 0.0;
  double hypodermis_collagen_fraction = 0.0;
};

struct DermalCells {
  double reticular_fibroblasts_per_mm3 = 0.0;
  double fibroblast_radius_um = 7.0, immune_radius_um = 5.0;
  double repulsion_um_per_h = 0.0;
  double fibroblast_speed_um_per_h = 0.0, fibroblast_persistence_h = 1.0,
         fibroblast_chemotaxis_bias = 0.0;
  double neutrophil_speed_um_per_h = 0.0, neutrophil_persistence_h = 1.0,
         neutrophil_chemotaxis_bias = 0.0;
  double macrophage_speed_um_per_h = 0.0, macrophage_persistence_h = 1.0,
         macrophage_chemotaxis_bias = 0.0;
  double fibroblast_gradient_half_max_per_um = 0.0, neutrophil_gradient_half_max_per_um = 0.0,
         macrophage_gradient_half_max_per_um = 0.0;
};

struct FibroblastKinetics {
  double quiescent_cycle_h = 0.0, contact_inhibition_min_fraction = 1.0,
         crowding_death_max_fold = 1.0, density_hill = 1.0;
  double crowding_length_um = 100.0, crowding_decay_h = 1.0;
  double proliferation_max_fold = 1.0;
  double pdgf_half_max_ng_per_ml = 1.0, fgf2_half_max_ng_per_ml = 1.0, fgf2_max_fold = 1.0;
  double tgf_proliferation_max_fold = 1.0;
  double activation_half_max_ng_per_ml = 1.0, activation_time_h = 1.0, deactivation_h = 1.0;
  double myofibroblast_half_max_ng_per_ml = 1.0, myofibroblast_conversion_h = 1.0,
         myofibroblast_hill = 1.0;
  double proto_myofibroblast_h = 1.0, myofibroblast_apoptosis_h = 1.0;
  double myofibroblast_survival_half_max_ng_per_ml = 1.0, myofibroblast_survival_min_fraction = 1.0;
};

struct ImmuneParameters {
  double neutrophil_recruitment_per_mm3_h = 0.0, neutrophil_recruitment_half_max_ng_per_ml = 1.0;
  double neutrophil_lifespan_h = 1.0;
  double macrophage_recruitment_per_mm3_h = 0.0, macrophage_recruitment_half_max_ng_per_ml = 1.0;
  double m1_to_m2_h = 1.0, m1_to_m2_half_max_ng_per_ml = 1.0, il10_switch_max_fold = 1.0;
  double m1_lifespan_h = 1.0, m2_lifespan_h = 1.0;
  double debridement_h = 1.0, debridement_per_macrophage_fold = 0.0, displaced_necrosis = 0.0;
};

// Secretion in ng per cell per hour.
struct SecretionParameters {
  double neutrophil_il1 = 0.0, neutrophil_tnf = 0.0, neutrophil_collagenase = 0.0,
         neutrophil_gelatinase = 0.0;
  double m1_il1 = 0.0, m1_tnf = 0.0, m1_vegf = 0.0;
  double m2_tgf_beta1 = 0.0, m2_pdgf = 0.0, m2_vegf = 0.0, m2_fgf2 = 0.0, m2_il10 = 0.0;
  double activated_fibroblast_kgf = 0.0;
  double activated_fibroblast_collagenase_fold = 1.0, activated_fibroblast_timp_fold = 1.0;
  double damage_il1_ng_per_ml_h = 0.0, open_surface_il1_ng_per_ml_h = 0.0;
  double needle_damage_il1_fold = 1.0;  // a needle channel's damage IL-1 relative to an excision's
};

// Platelet content per platelet in fg (1 fg = 1e-6 ng).
struct PlateletParameters {
  double blood_platelets_per_ul = 0.0, clot_blood_fraction = 0.0, degranulation_h = 1.0;
  double pdgf_fg = 0.0, tgf_beta1_fg = 0.0, vegf_fg = 0.0, egf_fg = 0.0, fgf2_fg = 0.0;
  double fibrinogen_mg_per_ml = 0.0;
};

struct MatrixParameters {
  double tissue_density_mg_per_ml = 0.0, water_fraction = 0.0;
  double collagen_dry_fraction = 0.0, collagen3_share = 0.0, elastin_dry_fraction = 0.0;
  double hyaluronan_mg_per_ml = 0.0, papillary_collagen_scale = 1.0;
  double collagen_half_life_h = 0.0, collagen_mmp_share = 0.0, elastin_half_life_h = 0.0;
  double hyaluronan_half_life_h = 0.0, collagen3_maturation_h = 0.0, crosslink_maturation_h = 0.0;
  double fibrinolysis_h = 0.0, fibrinolysis_per_macrophage_fold = 0.0;
  double collagenase_basal_ng_per_ml = 0.0, gelatinase_basal_ng_per_ml = 0.0;
  double timp_basal_ng_per_ml = 0.0, timp_inhibition_ng_per_ml = 1.0, elastin_mmp_share = 0.0;
  double activated_synthesis_fold = 1.0, myofibroblast_synthesis_fold = 1.0;
  double remodelling_synthesis_fold = 0.0;
  double activated_collagen3_share = 0.0, activated_elastin_fold = 1.0,
         activated_hyaluronan_fold = 1.0;
  double hyaluronan_water_ml_per_mg = 0.0, denatured_collagen_fraction = 0.0;
  double scar_elastin_fraction = 0.0;
  double uv_collagenase_production_fold = 1.0, uv_gelatinase_production_fold = 1.0;

  // Reticular dermis at homeostasis (mg/mL): dry mass × shares.
  double dry_mg_per_ml() const { return tissue_density_mg_per_ml * (1.0 - water_fraction); }
  double collagen_mg_per_ml() const { return dry_mg_per_ml() * collagen_dry_fraction; }
  double elastin_mg_per_ml() const { return dry_mg_per_ml() * elastin_dry_fraction; }
};

struct VesselParameters {
  double angiogenesis_h = 1.0, vegf_half_max_ng_per_ml = 1.0;
  double oxygen_perfusion_per_h = 0.0, hypoxia_half_max = 0.5, hypoxia_vegf_ng_per_ml_h = 0.0;
  double erythema_half_max_ng_per_ml = 1.0, erythema_max_fold = 1.0, leak_water_fold = 0.0;
};

struct EpidermalCoverParameters {
  double reepithelialisation_um_per_h = 0.0;
  double growth_factor_speed_fold = 1.0, growth_factor_half_max_ng_per_ml = 1.0;
  // Thickness: relaxes over the turnover time towards 1 + (max fold − 1) × Hill(EGF + KGF at the
  // dermal-epidermal junction).
  double turnover_h = 1.0, thickening_max_fold = 1.0, thickening_half_max_ng_per_ml = 1.0;
  double thickening_hill = 1.0;
  // TGF-β1 at the junction holds keratinocyte proliferation back (halves the thickening here).
  double tgf_inhibition_half_max_ng_per_ml = 1.0;
};

struct DermisParameters {
  DermisGeometry geometry;
  DermalCells cells;
  FibroblastKinetics fibroblasts;
  ImmuneParameters immune;
  SecretionParameters secretion;
  PlateletParameters platelets;
  MatrixParameters matrix;
  VesselParameters vessels;
  EpidermalCoverParameters epidermis;
};

Result<DermisParameters> load_dermis_parameters(const std::filesystem::path& path);

}  // namespace dermasim::skin
