// Reads the tissue parameter file (data/epidermis/tissue.toml).
#include "skin/tissue_parameters.hpp"

#include "engine/toml_reader.hpp"

namespace dermasim::skin {
namespace {

using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_section;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr double same = 1.0;
constexpr Range unit_interval{.min = 0.0, .min_inclusive = false, .max = 1.0};
constexpr Range at_least_one{.min = 1.0};

void read_geometry(TableReader& r, GeometryParameters& p) {
  r.read_number("nucleated_cell_volume_um3", positive, same, required, p.nucleated_cell_volume_um3);
  r.read_number("corneocyte_volume_um3", positive, same, required, p.corneocyte_volume_um3);
}

void read_stratified(TableReader& r, StratifiedMechanics& p) {
  r.read_number("basal_cell_volume_um3", positive, same, required, p.basal_cell_volume_um3);
  r.read_number("suprabasal_cell_volume_um3", positive, same, required,
                p.suprabasal_cell_volume_um3);
  r.read_number("corneocyte_volume_um3", positive, same, required, p.corneocyte_volume_um3);
  r.read_number("repulsion_um_per_h", positive, same, required, p.repulsion_um_per_h);
  r.read_number("adhesion_um_per_h", non_negative, same, required, p.adhesion_um_per_h);
  r.read_time("mechanics_step", engine::detail::in_minutes_or_hours, positive, required,
              p.mechanics_step_h);
}

void read_regulation(TableReader& r, RegulationParameters& p) {
  r.read_number("renewal_bias", unit_interval, same, required, p.renewal_bias);
  r.read_number("renewal_hill", positive, same, required, p.renewal_hill);
  r.read_number("cycle_min_fraction", unit_interval, same, required, p.cycle_min_fraction);
  r.read_number("cycle_hill", positive, same, required, p.cycle_hill);
}

void read_growth_factor(TableReader& r, GrowthFactorParameters& p) {
  GrowthFactorColumn& c = p.column;
  r.read_number("diffusion_um2_per_h", positive, same, required, c.diffusion_um2_per_h);
  r.read_number("decay_per_h", non_negative, same, required, c.decay_per_h);
  r.read_number("basal_uptake_per_h", non_negative, same, required, c.basal_uptake_per_h);
  r.read_number("source_depth_um", positive, same, required, c.source_depth_um);
  r.read_number("basal_layer_um", positive, same, required, c.basal_layer_um);
  r.read_number("node_spacing_um", {.min = 0.1, .max = 100.0}, same, required, c.node_spacing_um);
  r.read_number("dermal_ng_per_ml", non_negative, same, required, p.dermal_ng_per_ml);
  r.read_number("half_max_ng_per_ml", positive, same, required, p.half_max_ng_per_ml);
  r.read_number("hill", positive, same, required, p.hill);
  r.read_number("max_fold", at_least_one, same, required, p.max_fold);
}

void read_pigment(TableReader& r, PigmentParameters& p) {
  r.read_number("synthesis_per_melanocyte_per_day", positive, same, required,
                p.synthesis_per_melanocyte_per_day);
  r.read_number_array("constitutive_scale", positive, p.constitutive_scale);
  r.read_number("degradation_per_day", non_negative, same, required, p.degradation_per_day);
  r.read_number("uv_activation_per_med", non_negative, same, required, p.uv_activation_per_med);
  r.read_number("uv_activation_decay_days", positive, same, required, p.uv_activation_decay_days);
  r.read_number_array("minimal_erythema_dose_mj_per_cm2", positive,
                      p.minimal_erythema_dose_mj_per_cm2);
  r.read_number_array("inflammation_gain", non_negative, p.inflammation_gain);
}

void read_inflammation(TableReader& r, InflammationParameters& p) {
  r.read_number("decay_days", positive, same, required, p.decay_days);
  r.read_number("per_abraded_area_fraction", non_negative, same, required,
                p.per_abraded_area_fraction);
  r.read_number("per_breached_area_fraction", non_negative, same, required,
                p.per_breached_area_fraction);
  r.read_number("per_med_above_one", non_negative, same, required, p.per_med_above_one);
}

void read_barrier(TableReader& r, BarrierParameters& p) {
  r.read_number("recovery_h", positive, same, required, p.recovery_h);
  r.read_number("open_tewl_ratio", at_least_one, same, required, p.open_tewl_ratio);
  r.read_number("baseline_tewl_g_per_m2_h", positive, same, required, p.baseline_tewl_g_per_m2_h);
}

void read_hydration(TableReader& r, HydrationParameters& p) {
  r.read_number("hyaluronan_half_life_days", positive, same, required, p.hyaluronan_half_life_days);
  r.read_number("nmf_exponent", non_negative, same, required, p.nmf_exponent);
  r.read_number("hyaluronan_exponent", non_negative, same, required, p.hyaluronan_exponent);
  r.read_number("tewl_exponent", non_negative, same, required, p.tewl_exponent);
  r.read_number("water_relaxation_h", positive, same, required, p.water_relaxation_h);
}

}  // namespace

Result<TissueParameters> load_tissue_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "tissue parameter file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  TissueParameters p;
  read_section(reader, "geometry", required, [&](TableReader& r) { read_geometry(r, p.geometry); });
  read_section(reader, "stratified", required,
               [&](TableReader& r) { read_stratified(r, p.stratified); });
  read_section(reader, "regulation", required,
               [&](TableReader& r) { read_regulation(r, p.regulation); });
  read_section(reader, "egf", required, [&](TableReader& r) { read_growth_factor(r, p.egf); });
  read_section(reader, "kgf", required, [&](TableReader& r) { read_growth_factor(r, p.kgf); });
  read_section(reader, "pigment", required, [&](TableReader& r) { read_pigment(r, p.pigment); });
  read_section(reader, "inflammation", required,
               [&](TableReader& r) { read_inflammation(r, p.inflammation); });
  read_section(reader, "barrier", required, [&](TableReader& r) { read_barrier(r, p.barrier); });
  read_section(reader, "hydration", required,
               [&](TableReader& r) { read_hydration(r, p.hydration); });
  DERMASIM_TRY(reader.finish());
  return p;
}

}  // namespace dermasim::skin
