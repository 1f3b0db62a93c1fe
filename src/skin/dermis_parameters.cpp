// Reads the dermis parameter file (data/dermis/dermis.toml).
#include "skin/dermis_parameters.hpp"

#include <span>

#include "engine/toml_reader.hpp"

namespace dermasim::skin {
namespace {

using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr double same = 1.0;
constexpr double days = 24.0;
constexpr double years = 365.25 * 24.0;
constexpr Range fraction{.min = 0.0, .max = 1.0};
constexpr Range open_fraction{.min = 0.0, .min_inclusive = false, .max = 1.0};
constexpr Range fold{.min = 1.0};

// One key of a section: the file key, the member it fills, its range and the factor from the
// file's unit to the simulation's.
template <class Section>
struct Entry {
  const char* key;
  double Section::*member;
  Range range;
  double factor;
};

template <class Section>
void read_entries(TableReader& r, Section& section, std::span<const Entry<Section>> entries) {
  for (const Entry<Section>& e : entries)
    r.read_number(e.key, e.range, e.factor, Presence::required, section.*e.member);
}

template <class Section, std::size_t N>
void read_table(TableReader& root, const char* name, Section& section,
                const std::array<Entry<Section>, N>& entries) {
  read_section(root, name, Presence::required, [&](TableReader& r) {
    read_entries<Section>(r, section, std::span<const Entry<Section>>(entries));
  });
}

using G = DermisGeometry;
constexpr std::array<Entry<G>, 5> geometry_keys = {{
    {"papillary_um", &G::papillary_um, positive, same},
    {"plexus_band_um", &G::plexus_band_um, positive, same},
    {"capillary_vessel_density", &G::capillary_vessel_density, fraction, same},
    {"reticular_vessel_density", &G::reticular_vessel_density, fraction, same},
    {"hypodermis_collagen_fraction", &G::hypodermis_collagen_fraction, fraction, same},
}};

using C = DermalCells;
constexpr std::array<Entry<C>, 16> cell_keys = {{
    {"reticular_fibroblasts_per_mm3", &C::reticular_fibroblasts_per_mm3, positive, same},
    {"fibroblast_radius_um", &C::fibroblast_radius_um, positive, same},
    {"immune_radius_um", &C::immune_radius_um, positive, same},
    {"repulsion_um_per_h", &C::repulsion_um_per_h, non_negative, same},
    {"fibroblast_speed_um_per_h", &C::fibroblast_speed_um_per_h, non_negative, same},
    {"fibroblast_persistence_h", &C::fibroblast_persistence_h, positive, same},
    {"fibroblast_chemotaxis_bias", &C::fibroblast_chemotaxis_bias, fraction, same},
    {"neutrophil_speed_um_per_h", &C::neutrophil_speed_um_per_h, non_negative, same},
    {"neutrophil_persistence_h", &C::neutrophil_persistence_h, positive, same},
    {"neutrophil_chemotaxis_bias", &C::neutrophil_chemotaxis_bias, fraction, same},
    {"macrophage_speed_um_per_h", &C::macrophage_speed_um_per_h, non_negative, same},
    {"macrophage_persistence_h", &C::macrophage_persistence_h, positive, same},
    {"macrophage_chemotaxis_bias", &C::macrophage_chemotaxis_bias, fraction, same},
    {"fibroblast_gradient_half_max_per_um", &C::fibroblast_gradient_half_max_per_um, non_negative,
     same},
    {"neutrophil_gradient_half_max_per_um", &C::neutrophil_gradient_half_max_per_um, non_negative,
     same},
    {"macrophage_gradient_half_max_per_um", &C::macrophage_gradient_half_max_per_um, non_negative,
     same},
}};

using F = FibroblastKinetics;
constexpr std::array<Entry<F>, 21> fibroblast_keys = {{
    {"quiescent_cycle_days", &F::quiescent_cycle_h, positive, days},
    {"contact_inhibition_min_fraction", &F::contact_inhibition_min_fraction, open_fraction, same},
    {"crowding_death_max_fold", &F::crowding_death_max_fold, fold, same},
    {"density_hill", &F::density_hill, positive, same},
    {"crowding_length_um", &F::crowding_length_um, positive, same},
    {"crowding_decay_h", &F::crowding_decay_h, positive, same},
    {"proliferation_max_fold", &F::proliferation_max_fold, fold, same},
    {"pdgf_half_max_ng_per_ml", &F::pdgf_half_max_ng_per_ml, positive, same},
    {"fgf2_half_max_ng_per_ml", &F::fgf2_half_max_ng_per_ml, positive, same},
    {"fgf2_max_fold", &F::fgf2_max_fold, fold, same},
    {"tgf_proliferation_max_fold", &F::tgf_proliferation_max_fold, fold, same},
    {"activation_half_max_ng_per_ml", &F::activation_half_max_ng_per_ml, positive, same},
    {"activation_time_h", &F::activation_time_h, positive, same},
    {"deactivation_days", &F::deactivation_h, positive, days},
    {"myofibroblast_half_max_ng_per_ml", &F::myofibroblast_half_max_ng_per_ml, positive, same},
    {"myofibroblast_conversion_days", &F::myofibroblast_conversion_h, positive, days},
    {"myofibroblast_hill", &F::myofibroblast_hill, positive, same},
    {"proto_myofibroblast_days", &F::proto_myofibroblast_h, positive, days},
    {"myofibroblast_apoptosis_days", &F::myofibroblast_apoptosis_h, positive, days},
    {"myofibroblast_survival_half_max_ng_per_ml", &F::myofibroblast_survival_half_max_ng_per_ml,
     positive, same},
    {"myofibroblast_survival_min_fraction", &F::myofibroblast_survival_min_fraction, open_fraction,
     same},
}};

using I = ImmuneParameters;
constexpr std::array<Entry<I>, 13> immune_keys = {{
    {"neutrophil_recruitment_per_mm3_h", &I::neutrophil_recruitment_per_mm3_h, non_negative, same},
    {"neutrophil_recruitment_half_max_ng_per_ml", &I::neutrophil_recruitment_half_max_ng_per_ml,
     positive, same},
    {"neutrophil_lifespan_h", &I::neutrophil_lifespan_h, positive, same},
    {"macrophage_recruitment_per_mm3_h", &I::macrophage_recruitment_per_mm3_h, non_negative, same},
    {"macrophage_recruitment_half_max_ng_per_ml", &I::macrophage_recruitment_half_max_ng_per_ml,
     positive, same},
    {"m1_to_m2_days", &I::m1_to_m2_h, positive, days},
    {"m1_to_m2_half_max_ng_per_ml", &I::m1_to_m2_half_max_ng_per_ml, positive, same},
    {"il10_switch_max_fold", &I::il10_switch_max_fold, fold, same},
    {"m1_lifespan_days", &I::m1_lifespan_h, positive, days},
    {"m2_lifespan_days", &I::m2_lifespan_h, positive, days},
    {"debridement_days", &I::debridement_h, positive, days},
    {"debridement_per_macrophage_fold", &I::debridement_per_macrophage_fold, non_negative, same},
    {"displaced_necrosis", &I::displaced_necrosis, fraction, same},
}};

using S = SecretionParameters;
constexpr std::array<Entry<S>, 18> secretion_keys = {{
    {"neutrophil_il1", &S::neutrophil_il1, non_negative, same},
    {"neutrophil_tnf", &S::neutrophil_tnf, non_negative, same},
    {"neutrophil_collagenase", &S::neutrophil_collagenase, non_negative, same},
    {"neutrophil_gelatinase", &S::neutrophil_gelatinase, non_negative, same},
    {"m1_il1", &S::m1_il1, non_negative, same},
    {"m1_tnf", &S::m1_tnf, non_negative, same},
    {"m1_vegf", &S::m1_vegf, non_negative, same},
    {"m2_tgf_beta1", &S::m2_tgf_beta1, non_negative, same},
    {"m2_pdgf", &S::m2_pdgf, non_negative, same},
    {"m2_vegf", &S::m2_vegf, non_negative, same},
    {"m2_fgf2", &S::m2_fgf2, non_negative, same},
    {"m2_il10", &S::m2_il10, non_negative, same},
    {"activated_fibroblast_kgf", &S::activated_fibroblast_kgf, non_negative, same},
    {"activated_fibroblast_collagenase_fold", &S::activated_fibroblast_collagenase_fold, fold,
     same},
    {"activated_fibroblast_timp_fold", &S::activated_fibroblast_timp_fold, fold, same},
    {"damage_il1_ng_per_ml_h", &S::damage_il1_ng_per_ml_h, non_negative, same},
    {"open_surface_il1_ng_per_ml_h", &S::open_surface_il1_ng_per_ml_h, non_negative, same},
    {"needle_damage_il1_fold", &S::needle_damage_il1_fold, fold, same},
}};

using P = PlateletParameters;
constexpr std::array<Entry<P>, 9> platelet_keys = {{
    {"blood_platelets_per_ul", &P::blood_platelets_per_ul, non_negative, same},
    {"clot_blood_fraction", &P::clot_blood_fraction, fraction, same},
    {"degranulation_h", &P::degranulation_h, positive, same},
    {"pdgf_fg", &P::pdgf_fg, non_negative, same},
    {"tgf_beta1_fg", &P::tgf_beta1_fg, non_negative, same},
    {"vegf_fg", &P::vegf_fg, non_negative, same},
    {"egf_fg", &P::egf_fg, non_negative, same},
    {"fgf2_fg", &P::fgf2_fg, non_negative, same},
    {"fibrinogen_mg_per_ml", &P::fibrinogen_mg_per_ml, non_negative, same},
}};

using M = MatrixParameters;
constexpr std::array<Entry<M>, 31> matrix_keys = {{
    {"tissue_density_mg_per_ml", &M::tissue_density_mg_per_ml, positive, same},
    {"water_fraction", &M::water_fraction, {.min = 0.0, .max = 1.0, .max_inclusive = false}, same},
    {"collagen_dry_fraction", &M::collagen_dry_fraction, open_fraction, same},
    {"collagen3_share", &M::collagen3_share, open_fraction, same},
    {"elastin_dry_fraction", &M::elastin_dry_fraction, fraction, same},
    {"hyaluronan_mg_per_ml", &M::hyaluronan_mg_per_ml, positive, same},
    {"papillary_collagen_scale", &M::papillary_collagen_scale, positive, same},
    {"collagen_half_life_years", &M::collagen_half_life_h, positive, years},
    {"collagen_mmp_share",
     &M::collagen_mmp_share,
     {.min = 0.0, .max = 1.0, .max_inclusive = false},
     same},
    {"elastin_half_life_years", &M::elastin_half_life_h, positive, years},
    {"hyaluronan_half_life_days", &M::hyaluronan_half_life_h, positive, days},
    {"collagen3_maturation_days", &M::collagen3_maturation_h, positive, days},
    {"crosslink_maturation_days", &M::crosslink_maturation_h, positive, days},
    {"fibrinolysis_days", &M::fibrinolysis_h, positive, days},
    {"fibrinolysis_per_macrophage_fold", &M::fibrinolysis_per_macrophage_fold, non_negative, same},
    {"collagenase_basal_ng_per_ml", &M::collagenase_basal_ng_per_ml, positive, same},
    {"gelatinase_basal_ng_per_ml", &M::gelatinase_basal_ng_per_ml, positive, same},
    {"timp_basal_ng_per_ml", &M::timp_basal_ng_per_ml, non_negative, same},
    {"timp_inhibition_ng_per_ml", &M::timp_inhibition_ng_per_ml, positive, same},
    {"elastin_mmp_share",
     &M::elastin_mmp_share,
     {.min = 0.0, .max = 1.0, .max_inclusive = false},
     same},
    {"activated_synthesis_fold", &M::activated_synthesis_fold, fold, same},
    {"myofibroblast_synthesis_fold", &M::myofibroblast_synthesis_fold, fold, same},
    {"remodelling_synthesis_fold", &M::remodelling_synthesis_fold, non_negative, same},
    {"activated_collagen3_share", &M::activated_collagen3_share, fraction, same},
    {"activated_elastin_fold", &M::activated_elastin_fold, non_negative, same},
    {"activated_hyaluronan_fold", &M::activated_hyaluronan_fold, fold, same},
    {"hyaluronan_water_ml_per_mg", &M::hyaluronan_water_ml_per_mg, non_negative, same},
    {"denatured_collagen_fraction", &M::denatured_collagen_fraction, fraction, same},
    {"scar_elastin_fraction", &M::scar_elastin_fraction, fraction, same},
    {"uv_collagenase_production_fold", &M::uv_collagenase_production_fold, fold, same},
    {"uv_gelatinase_production_fold", &M::uv_gelatinase_production_fold, fold, same},
}};

using V = VesselParameters;
constexpr std::array<Entry<V>, 8> vessel_keys = {{
    {"angiogenesis_days", &V::angiogenesis_h, positive, days},
    {"vegf_half_max_ng_per_ml", &V::vegf_half_max_ng_per_ml, positive, same},
    {"oxygen_perfusion_per_h", &V::oxygen_perfusion_per_h, non_negative, same},
    {"hypoxia_half_max", &V::hypoxia_half_max, open_fraction, same},
    {"hypoxia_vegf_ng_per_ml_h", &V::hypoxia_vegf_ng_per_ml_h, non_negative, same},
    {"erythema_half_max_ng_per_ml", &V::erythema_half_max_ng_per_ml, positive, same},
    {"erythema_max_fold", &V::erythema_max_fold, fold, same},
    {"leak_water_fold", &V::leak_water_fold, non_negative, same},
}};

using E = EpidermalCoverParameters;
constexpr std::array<Entry<E>, 8> epidermis_keys = {{
    {"reepithelialisation_um_per_h", &E::reepithelialisation_um_per_h, positive, same},
    {"growth_factor_speed_fold", &E::growth_factor_speed_fold, fold, same},
    {"growth_factor_half_max_ng_per_ml", &E::growth_factor_half_max_ng_per_ml, positive, same},
    {"turnover_days", &E::turnover_h, positive, days},
    {"thickening_max_fold", &E::thickening_max_fold, fold, same},
    {"thickening_half_max_ng_per_ml", &E::thickening_half_max_ng_per_ml, positive, same},
    {"thickening_hill", &E::thickening_hill, positive, same},
    {"tgf_inhibition_half_max_ng_per_ml", &E::tgf_inhibition_half_max_ng_per_ml, positive, same},
}};

}  // namespace

Result<DermisParameters> load_dermis_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "dermis parameter file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  DermisParameters p;
  read_table(reader, "geometry", p.geometry, geometry_keys);
  read_table(reader, "cells", p.cells, cell_keys);
  read_table(reader, "fibroblast_kinetics", p.fibroblasts, fibroblast_keys);
  read_table(reader, "immune", p.immune, immune_keys);
  read_table(reader, "secretion", p.secretion, secretion_keys);
  read_table(reader, "platelets", p.platelets, platelet_keys);
  read_table(reader, "matrix", p.matrix, matrix_keys);
  read_table(reader, "vessels", p.vessels, vessel_keys);
  read_table(reader, "epidermis", p.epidermis, epidermis_keys);
  DERMASIM_TRY(reader.finish());
  return p;
}

}  // namespace dermasim::skin
