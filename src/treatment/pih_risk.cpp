// PIH probability model and its parameter file (see pih_risk.hpp).
#include "treatment/pih_risk.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/toml_reader.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::any_finite;
using engine::detail::non_negative;
using engine::detail::positive;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::TableReader;

constexpr double um2_per_cm2 = 1e8;
constexpr Range weight{.min = 0.0, .max = 1.0};

double area_share(double density_per_cm2, double radius_um) {
  return std::min(1.0, density_per_cm2 * std::numbers::pi * radius_um * radius_um / um2_per_cm2);
}

}  // namespace

Result<PihParameters> load_pih_parameters(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root,
                      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "PIH file"));
  const std::string file = path.string();
  PihParameters p;
  TableReader reader(root, "", file);
  engine::detail::read_section(reader, "pih", Presence::required, [&](TableReader& r) {
    r.read_number("intercept", any_finite, 1.0, Presence::required, p.intercept);
    r.read_number("per_phototype", non_negative, 1.0, Presence::required, p.per_phototype);
    r.read_number("per_injury_fraction", non_negative, 1.0, Presence::required,
                  p.per_injury_fraction);
    r.read_number("per_inflammation_day", non_negative, 1.0, Presence::required,
                  p.per_inflammation_day);
    r.read_number("nonablative_epidermal_weight", weight, 1.0, Presence::required,
                  p.nonablative_epidermal_weight);
    r.read_number("needle_inflammation_days", positive, 1.0, Presence::required,
                  p.needle_inflammation_days);
  });
  DERMASIM_TRY(reader.finish());
  return p;
}

double pih_probability(const PihInputs& inputs, const PihParameters& p) {
  const double logit = p.intercept + p.per_phototype * (inputs.fitzpatrick - 1) +
                       p.per_injury_fraction * inputs.epidermal_injury_fraction +
                       p.per_inflammation_day * inputs.inflammation_days;
  return 1.0 / (1.0 + std::exp(-logit));
}

PihInputs needling_pih_inputs(int fitzpatrick, const ChannelField& field, const PihParameters& p) {
  return {fitzpatrick, area_share(field.density_per_cm2, field.radius_um),
          p.needle_inflammation_days};
}

PihInputs laser_pih_inputs(int fitzpatrick, const LaserColumns& columns, const PihParameters& p) {
  const double share =
      area_share(columns.density_per_cm2, columns.radius_um + columns.coagulation_rim_um);
  const double weight = columns.ablative ? 1.0 : p.nonablative_epidermal_weight;
  return {fitzpatrick, weight * share, p.needle_inflammation_days * columns.heat_inflammation_fold};
}

}  // namespace dermasim::treatment
