// The reduced model's kernels, intensities and its TOML file (see reduced_model.hpp).
#include "forecast/reduced_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/output.hpp"
#include "engine/toml_reader.hpp"

namespace dermasim::forecast {
namespace {

using engine::detail::any_finite;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::TableReader;
constexpr Range positive{.min = 0.0, .min_inclusive = false};
constexpr Range exponent{.min = 0.0, .max = 10.0};
constexpr Range stacking_range{.min = -1.0, .max = 100.0};

constexpr std::array<Modality, 3> product_modalities = {
    Modality::channels_product, Modality::injection_product, Modality::topical_product};

// 1 / (1/rise + 1/decay): the time constant of the kernel's rising term.
double fast_days(const ResponseShape& shape) {
  return 1.0 / (1.0 / shape.rise_days + 1.0 / shape.decay_days);
}

// Intensities of the impulses after stacking on the residual of earlier impulses.
std::vector<double> stacked_intensities(const ReducedModel& model, const ResponseShape& shape,
                                        std::span<const Stimulus> stimuli) {
  std::vector<double> raw(stimuli.size()), stacked(stimuli.size());
  for (std::size_t k = 0; k < stimuli.size(); ++k)
    raw[k] = stimulus_intensity(model, shape, stimuli[k]);
  for (std::size_t k = 0; k < stimuli.size(); ++k) {
    if (stimuli[k].modality == Modality::topical_product) {
      stacked[k] = raw[k];
      continue;
    }
    double residual = 0.0;
    for (std::size_t j = 0; j < stimuli.size(); ++j) {
      const double gap = stimuli[k].day - stimuli[j].day;
      if (j == k || gap <= 0.0 || stimuli[j].modality == Modality::topical_product) continue;
      residual += raw[j] * std::exp(-gap / shape.stacking_days);
    }
    const double u = raw[k] * std::max(0.0, 1.0 + shape.stacking * residual);
    stacked[k] = u / (1.0 + u / shape.saturation);
  }
  return stacked;
}

void read_shape(TableReader& r, TissueResponse& t) {
  ResponseShape& s = t.shape;
  r.read_number("density_exponent", exponent, 1.0, Presence::required, s.density_exponent);
  r.read_number("depth_exponent", exponent, 1.0, Presence::required, s.depth_exponent);
  r.read_number("rise_days", positive, 1.0, Presence::required, s.rise_days);
  r.read_number("decay_days", positive, 1.0, Presence::required, s.decay_days);
  r.read_number("stacking", stacking_range, 1.0, Presence::required, s.stacking);
  r.read_number("stacking_days", positive, 1.0, Presence::required, s.stacking_days);
  r.read_number("saturation", positive, 1.0, Presence::required, s.saturation);
  r.read_number("responsiveness_exponent", {.min = -10.0, .max = 10.0}, 1.0, Presence::required,
                s.responsiveness_exponent);
  r.read_number("drift_per_day", any_finite, 1.0, Presence::required, t.drift_per_day);
  r.read_number("fit_rms", engine::detail::non_negative, 1.0, Presence::required, t.fit_rms);
  engine::detail::read_section(r, "amplitude", Presence::required, [&](TableReader& a) {
    for (std::size_t m = 0; m < modality_count; ++m)
      a.read_number(modality_names[m], any_finite, 1.0, Presence::required, t.amplitude[m]);
  });
}

void write_number(std::ostringstream& out, std::string_view key, double value) {
  std::string text;
  engine::append_number(text, value);
  out << key << " = " << text << "\n";
}

}  // namespace

double stimulus_intensity(const ReducedModel& model, const ResponseShape& shape,
                          const Stimulus& s) {
  const double depth = std::max(s.depth_um, 0.0) / model.reference_depth_um;
  switch (s.modality) {
    case Modality::needling:
      return std::pow(s.density_per_cm2 / model.reference_density_per_cm2, shape.density_exponent) *
             std::pow(depth, shape.depth_exponent);
    case Modality::ablative_laser:
    case Modality::nonablative_laser:
      return s.coverage / model.reference_coverage * std::pow(depth, shape.depth_exponent);
    case Modality::channels_product:
    case Modality::injection_product:
    case Modality::topical_product:
      return std::min(s.dose_ng_per_cm2,
                      model.max_dose_ng_per_cm2[static_cast<std::size_t>(s.modality)]) /
             model.reference_dose_ng_per_cm2;
  }
  return 0.0;
}

double response_kernel(const ResponseShape& shape, double tau_days) {
  if (tau_days <= 0.0) return 0.0;
  return std::exp(-tau_days / shape.decay_days) - std::exp(-tau_days / fast_days(shape));
}

double response_kernel_integral(const ResponseShape& shape, double tau_days) {
  if (tau_days <= 0.0) return 0.0;
  const double slow = shape.decay_days, fast = fast_days(shape);
  return slow * (1.0 - std::exp(-tau_days / slow)) - fast * (1.0 - std::exp(-tau_days / fast));
}

void unit_responses(const ReducedModel& model, const ResponseShape& shape,
                    std::span<const Stimulus> stimuli, double responsiveness,
                    std::span<const double> t_days, std::span<double> out) {
  std::fill(out.begin(), out.end(), 0.0);
  const std::vector<double> intensity = stacked_intensities(model, shape, stimuli);
  const double scale = std::pow(responsiveness, shape.responsiveness_exponent);
  for (std::size_t i = 0; i < t_days.size(); ++i) {
    const double t = t_days[i];
    for (std::size_t k = 0; k < stimuli.size(); ++k) {
      const Stimulus& s = stimuli[k];
      if (t <= s.day) continue;
      const double effect =
          s.modality == Modality::topical_product
              ? response_kernel_integral(shape, t - s.day) -
                    response_kernel_integral(shape, t - std::min(std::max(s.to_day, s.day), t))
              : response_kernel(shape, t - s.day);
      out[i * modality_count + static_cast<std::size_t>(s.modality)] +=
          scale * intensity[k] * effect;
    }
  }
}

TissuePaths tissue_paths(const ReducedModel& model, std::span<const Stimulus> stimuli,
                         double responsiveness, std::span<const double> t_days) {
  TissuePaths paths;
  paths.t_days.assign(t_days.begin(), t_days.end());
  std::vector<double> unit(t_days.size() * modality_count);
  for (std::size_t t = 0; t < tissue_count; ++t) {
    const TissueResponse& r = model.tissues[t];
    unit_responses(model, r.shape, stimuli, responsiveness, t_days, unit);
    paths.log_base[t].resize(t_days.size());
    paths.log_response[t].assign(t_days.size(), 0.0);
    for (std::size_t i = 0; i < t_days.size(); ++i) {
      paths.log_base[t][i] = r.drift_per_day * t_days[i];
      for (std::size_t m = 0; m < modality_count; ++m)
        paths.log_response[t][i] += r.amplitude[m] * unit[i * modality_count + m];
    }
  }
  return paths;
}

void tissue_trajectory(const ReducedModel& model, Tissue tissue, std::span<const Stimulus> stimuli,
                       double responsiveness, double response_multiplier,
                       std::span<const double> t_days, std::span<double> out) {
  const TissueResponse& r = model.tissues[static_cast<std::size_t>(tissue)];
  std::vector<double> unit(t_days.size() * modality_count);
  unit_responses(model, r.shape, stimuli, responsiveness, t_days, unit);
  for (std::size_t i = 0; i < t_days.size(); ++i) {
    double response = 0.0;
    for (std::size_t m = 0; m < modality_count; ++m)
      response += r.amplitude[m] * unit[i * modality_count + m];
    out[i] = with_multiplier(r.drift_per_day * t_days[i], response, response_multiplier);
  }
}

Result<ReducedModel> ReducedModel::load(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "reduced-model file"));
  const std::string file = path.string();
  ReducedModel model;
  TableReader reader(root, "", file);
  engine::detail::read_section(reader, "reference", Presence::required, [&](TableReader& r) {
    r.read_number("density_per_cm2", positive, 1.0, Presence::required,
                  model.reference_density_per_cm2);
    r.read_number("depth_um", positive, 1.0, Presence::required, model.reference_depth_um);
    r.read_number("coverage", positive, 1.0, Presence::required, model.reference_coverage);
    r.read_number("dose_ng_per_cm2", positive, 1.0, Presence::required,
                  model.reference_dose_ng_per_cm2);
    r.read_number("age_years", positive, 1.0, Presence::required, model.reference_age_years);
    r.read_number("cigarettes_per_day", engine::detail::non_negative, 1.0, Presence::required,
                  model.reference_cigarettes_per_day);
  });
  engine::detail::read_section(
      reader, "max_dose_ng_per_cm2", Presence::required, [&](TableReader& r) {
        for (const Modality m : product_modalities)
          r.read_number(modality_names[static_cast<std::size_t>(m)], positive, 1.0,
                        Presence::optional, model.max_dose_ng_per_cm2[static_cast<std::size_t>(m)]);
      });
  engine::detail::read_section(reader, "baseline", Presence::required, [&](TableReader& r) {
    r.read_number("collagen_mg_per_ml", positive, 1.0, Presence::required,
                  model.baseline_collagen_mg_per_ml);
    r.read_number("elastin_mg_per_ml", positive, 1.0, Presence::required,
                  model.baseline_elastin_mg_per_ml);
  });
  engine::detail::read_section(reader, "uncertainty", Presence::required, [&](TableReader& r) {
    r.read_number("response_log_sd", engine::detail::non_negative, 1.0, Presence::required,
                  model.response_log_sd);
  });
  engine::detail::read_section(reader, "tissue", Presence::required, [&](TableReader& tissues) {
    for (std::size_t t = 0; t < tissue_count; ++t)
      engine::detail::read_section(tissues, tissue_names[t], Presence::required,
                                   [&](TableReader& r) { read_shape(r, model.tissues[t]); });
  });
  DERMASIM_TRY(reader.finish());
  return model;
}

Status ReducedModel::save(const std::filesystem::path& path, std::string_view header) const {
  std::ostringstream out;
  out << header << "\n[reference]\n";
  write_number(out, "density_per_cm2", reference_density_per_cm2);
  write_number(out, "depth_um", reference_depth_um);
  write_number(out, "coverage", reference_coverage);
  write_number(out, "dose_ng_per_cm2", reference_dose_ng_per_cm2);
  write_number(out, "age_years", reference_age_years);
  write_number(out, "cigarettes_per_day", reference_cigarettes_per_day);
  out << "\n[max_dose_ng_per_cm2]\n";
  for (const Modality m : product_modalities)
    if (std::isfinite(max_dose_ng_per_cm2[static_cast<std::size_t>(m)]))
      write_number(out, modality_names[static_cast<std::size_t>(m)],
                   max_dose_ng_per_cm2[static_cast<std::size_t>(m)]);
  out << "\n[baseline]\n";
  write_number(out, "collagen_mg_per_ml", baseline_collagen_mg_per_ml);
  write_number(out, "elastin_mg_per_ml", baseline_elastin_mg_per_ml);
  out << "\n[uncertainty]\n";
  write_number(out, "response_log_sd", response_log_sd);
  for (std::size_t t = 0; t < tissue_count; ++t) {
    const TissueResponse& r = tissues[t];
    out << "\n[tissue." << tissue_names[t] << "]\n";
    write_number(out, "density_exponent", r.shape.density_exponent);
    write_number(out, "depth_exponent", r.shape.depth_exponent);
    write_number(out, "rise_days", r.shape.rise_days);
    write_number(out, "decay_days", r.shape.decay_days);
    write_number(out, "stacking", r.shape.stacking);
    write_number(out, "stacking_days", r.shape.stacking_days);
    write_number(out, "saturation", r.shape.saturation);
    write_number(out, "responsiveness_exponent", r.shape.responsiveness_exponent);
    write_number(out, "drift_per_day", r.drift_per_day);
    write_number(out, "fit_rms", r.fit_rms);
    out << "[tissue." << tissue_names[t] << ".amplitude]\n";
    for (std::size_t m = 0; m < modality_count; ++m)
      write_number(out, modality_names[m], r.amplitude[m]);
  }
  return engine::write_file_atomic(path, out.str());
}

}  // namespace dermasim::forecast
