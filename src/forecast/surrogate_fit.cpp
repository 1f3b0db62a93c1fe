// Loading the ensemble, fitting the reduced model, and its errors (see surrogate_fit.hpp).
#include "forecast/surrogate_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/minimize.hpp"
#include "engine/toml_reader.hpp"
#include "forecast/session_stimuli.hpp"
#include "treatment/treatment_scenario.hpp"

namespace dermasim::forecast {
namespace {

using engine::detail::Presence;
using engine::detail::TableReader;

struct DesignRun {
  std::string id;
  bool holdout = false;
  std::vector<double> seeds{1.0};
};

struct Design {
  double between_patient_cv = 0.0;
  skin::LifestyleProfile person;
  std::vector<DesignRun> runs;
};

constexpr const char* ensemble_command = "scripts/surrogate_ensemble.py (or `make surrogate`)";

Result<Design> read_design(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(
      const toml::table root,
      engine::detail::parse_toml_file(path, engine::detail::mebibyte, "ensemble design"));
  const std::string file = path.string();
  Design design;
  TableReader reader(root, "", file);
  engine::detail::read_section(reader, "person", Presence::required, [&](TableReader& r) {
    r.read_number("age_years", engine::detail::non_negative, 1.0, Presence::required,
                  design.person.age_years);
    r.read_number("cigarettes_per_day", engine::detail::non_negative, 1.0, Presence::required,
                  design.person.cigarettes_per_day);
    r.has("fitzpatrick");
  });
  reader.has("block");  // read by the script that runs the ensemble
  engine::detail::read_section(reader, "fit", Presence::required, [&](TableReader& r) {
    r.read_number("between_patient_cv", engine::detail::non_negative, 1.0, Presence::required,
                  design.between_patient_cv);
  });
  engine::detail::read_each(reader, "run", engine::detail::max_table_count, [&](TableReader& r) {
    DesignRun run;
    std::string role;
    r.read_string("id", Presence::required, run.id);
    r.read_string("role", Presence::required, role);
    if (!role.empty() && role != "fit" && role != "holdout")
      r.fail("role", "'" + role + "' is not 'fit' or 'holdout'");
    run.holdout = role == "holdout";
    if (r.has("seeds")) r.read_number_list("seeds", engine::detail::non_negative, 100, run.seeds);
    for (const char* key :
         {"days", "sessions", "interval_days", "needling", "product", "laser", "home_topical",
          "scar", "age_years", "cigarettes_per_day", "fitzpatrick"})
      r.has(key);
    design.runs.push_back(std::move(run));
  });
  DERMASIM_TRY(reader.finish());
  return design;
}

std::vector<std::string> split(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ',')) cells.push_back(cell);
  return cells;
}

// The run's series from its CSV, each relative to its first value.
Status read_series(const std::filesystem::path& path, EnsembleRun& run) {
  std::ifstream in(path);
  if (!in)
    return fail(Error::not_found(
        "no ensemble series " + path.string() + "; run " + ensemble_command + " to make it",
        path.string()));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  std::array<std::size_t, tissue_count> index{};
  for (std::size_t t = 0; t < tissue_count; ++t) {
    const auto found = column.find(std::string(ensemble_columns[t]));
    if (found == column.end() || !column.contains("t_days"))
      return fail(Error::invalid_input(
          "column '" + std::string(ensemble_columns[t]) + "' or 't_days' missing", path.string()));
    index[t] = found->second;
  }
  std::array<std::vector<double>, tissue_count> raw;
  for (int row = 2; std::getline(in, line); ++row) {
    const std::vector<std::string> cells = split(line);
    if (cells.size() != header.size())
      return fail(Error::invalid_input("row has " + std::to_string(cells.size()) +
                                           " cells, the header " + std::to_string(header.size()),
                                       path.string() + ":" + std::to_string(row)));
    run.t_days.push_back(std::stod(cells[column["t_days"]]));
    for (std::size_t t = 0; t < tissue_count; ++t) raw[t].push_back(std::stod(cells[index[t]]));
  }
  for (std::size_t t = 0; t < tissue_count; ++t) {
    if (raw[t].empty() || !(raw[t].front() > 0.0)) continue;
    run.start[t] = raw[t].front();
    for (const double value : raw[t]) run.relative[t].push_back(value / raw[t].front());
  }
  return {};
}

Result<EnsembleRun> load_run(const std::filesystem::path& folder, const DesignRun& design_run,
                             double seed, const skin::DermisModifiers& reference) {
  EnsembleRun run;
  run.id = design_run.id;
  run.name = design_run.id + "_s" + std::to_string(static_cast<long long>(seed));
  run.holdout = design_run.holdout;
  DERMASIM_TRY_ASSIGN(const treatment::TreatmentScenario scenario,
                      treatment::load_treatment_scenario(folder / (run.name + ".toml")));
  const skin::DermisScenario& dermis = scenario.dermis;
  const ZoneSkin skin{
      .fitzpatrick = dermis.fitzpatrick,
      .plexus_depth_um = dermis.zone.epidermis_um + dermis.parameters.geometry.papillary_um};
  DERMASIM_TRY_ASSIGN(run.stimuli,
                      zone_stimuli(scenario.schedule, dermis.zone.id, scenario.catalogs, skin));
  run.responsiveness = responsiveness(dermis.modifiers, reference);
  DERMASIM_TRY(read_series(folder / (run.name + ".csv"), run));
  return run;
}

// --------------------------------------------------------------------------------------------
// Fitting one tissue

// Nonlinear parameters as an unconstrained vector, and back (clamped to sensible ranges).
ResponseShape shape_from(std::span<const double> x, double saturation) {
  return {.density_exponent = std::clamp(x[0], 0.0, 5.0),
          .depth_exponent = std::clamp(x[1], 0.0, 8.0),
          .rise_days = std::exp(std::clamp(x[2], std::log(0.05), std::log(90.0))),
          .decay_days = std::exp(std::clamp(x[3], std::log(0.5), std::log(3000.0))),
          .stacking = std::clamp(x[4], -1.0, 5.0),
          .stacking_days = std::exp(std::clamp(x[5], std::log(1.0), std::log(120.0))),
          .saturation = saturation};
}

std::vector<double> vector_from(const ResponseShape& s) {
  return {s.density_exponent,     s.depth_exponent, std::log(s.rise_days),
          std::log(s.decay_days), s.stacking,       std::log(s.stacking_days)};
}

// A run with a scar serves the scar's depth only: its other series start from a wounded dermis.
bool has_series(const EnsembleRun& run, Tissue tissue) {
  const bool scarred = !run.relative[static_cast<std::size_t>(Tissue::scar_depth)].empty();
  if (scarred && tissue != Tissue::scar_depth) return false;
  return !run.relative[static_cast<std::size_t>(tissue)].empty();
}

constexpr std::size_t columns = modality_count;

// The untreated drift: the least-squares slope of the runs without any stimulus (0 without one).
double untreated_drift(const std::vector<const EnsembleRun*>& runs, Tissue tissue) {
  double numerator = 0.0, denominator = 0.0;
  for (const EnsembleRun* run : runs) {
    if (!run->stimuli.empty()) continue;
    const std::vector<double>& y = run->relative[static_cast<std::size_t>(tissue)];
    for (std::size_t i = 0; i < y.size(); ++i) {
      numerator += run->t_days[i] * std::log(y[i]);
      denominator += run->t_days[i] * run->t_days[i];
    }
  }
  return denominator > 0.0 ? numerator / denominator : 0.0;
}

// The linear least-squares fit of the amplitudes for `shape` over the drift; returns the residual
// sum of squares.
double fit_amplitudes(const ReducedModel& model, const ResponseShape& shape,
                      const std::vector<const EnsembleRun*>& runs, Tissue tissue, double drift,
                      TissueResponse* out) {
  std::vector<double> a, b;
  for (const EnsembleRun* run : runs) {
    std::vector<double> unit(run->t_days.size() * modality_count);
    unit_responses(model, shape, run->stimuli, run->responsiveness, run->t_days, unit);
    const std::vector<double>& y = run->relative[static_cast<std::size_t>(tissue)];
    for (std::size_t i = 1; i < run->t_days.size(); ++i) {
      for (std::size_t m = 0; m < modality_count; ++m) a.push_back(unit[i * modality_count + m]);
      b.push_back(std::log(y[i]) - drift * run->t_days[i]);
    }
  }
  // Growth factors do not take matrix away: a product amplitude that comes out negative (noise:
  // the agent-based runs with and without the product differ by less than their scatter) is held
  // at 0 and the others refitted (an active-set non-negative least squares on these columns).
  std::vector<double> x = least_squares(a, b, columns);
  for (int pass = 0; pass < 3; ++pass) {
    bool clamped = false;
    for (const Modality m :
         {Modality::channels_product, Modality::injection_product, Modality::topical_product}) {
      const auto c = static_cast<std::size_t>(m);
      if (x[c] >= 0.0) continue;
      for (std::size_t r = 0; r < b.size(); ++r) a[r * columns + c] = 0.0;
      clamped = true;
    }
    if (!clamped) break;
    x = least_squares(a, b, columns);
  }
  double residual = 0.0;
  for (std::size_t r = 0; r < b.size(); ++r) {
    double predicted = 0.0;
    for (std::size_t c = 0; c < columns; ++c) predicted += a[r * columns + c] * x[c];
    residual += (predicted - b[r]) * (predicted - b[r]);
  }
  if (out != nullptr) {
    out->shape = shape;
    for (std::size_t m = 0; m < modality_count; ++m) out->amplitude[m] = x[m];
    out->drift_per_day = drift;
    out->fit_rms = b.empty() ? 0.0 : std::sqrt(residual / static_cast<double>(b.size()));
  }
  return residual;
}

// The saturations tried, each with its own shape fit: a continuous saturation trades off
// against the exponents and traps the simplex (1e6: none).
constexpr std::array<double, 4> saturations = {1e6, 10.0, 3.0, 1.0};

TissueResponse fit_tissue(const ReducedModel& model, const std::vector<const EnsembleRun*>& runs,
                          Tissue tissue) {
  const double drift = untreated_drift(runs, tissue);
  const MinimizeOptions options{.max_evaluations = 3000, .initial_step = 0.3, .tolerance = 1e-14};
  double best_value = HUGE_VAL;
  ResponseShape best_shape;
  for (const double saturation : saturations) {
    auto objective = [&](std::span<const double> x) {
      return fit_amplitudes(model, shape_from(x, saturation), runs, tissue, drift, nullptr);
    };
    Minimum best{.x = {}, .value = HUGE_VAL, .evaluations = 0};
    for (const double rise : {0.3, 5.0, 20.0})
      for (const double decay : {3.0, 60.0, 600.0}) {
        const ResponseShape start{.density_exponent = 0.5,
                                  .depth_exponent = 1.0,
                                  .rise_days = rise,
                                  .decay_days = decay,
                                  .stacking = 0.0,
                                  .stacking_days = 20.0,
                                  .saturation = saturation};
        Minimum found = nelder_mead(objective, vector_from(start), options);
        if (found.value < best.value) best = std::move(found);
      }
    // Restarts from the best point: a simplex that collapsed early opens again.
    for (int restart = 0; restart < 4; ++restart) {
      Minimum found = nelder_mead(objective, best.x, options);
      const bool improved = found.value < best.value * (1.0 - 1e-6);
      if (found.value < best.value) best = std::move(found);
      if (!improved) break;
    }
    if (best.value < best_value) {
      best_value = best.value;
      best_shape = shape_from(best.x, saturation);
    }
  }
  TissueResponse response;
  fit_amplitudes(model, best_shape, runs, tissue, drift, &response);
  return response;
}

// The surrogate's own error: the root mean square of the relative error at the end of the fit's
// designs (means of their seeds) on the collagen and epidermis observables the grades rest on.
double model_error(const ReducedModel& model, const std::vector<EnsembleRun>& runs) {
  double sum = 0.0;
  int count = 0;
  for (const SurrogateError& e : surrogate_errors(model, runs)) {
    if (e.holdout || (e.tissue != Tissue::papillary_collagen &&
                      e.tissue != Tissue::dermal_collagen && e.tissue != Tissue::epidermis))
      continue;
    sum += e.end_error * e.end_error;
    ++count;
  }
  return count > 0 ? std::sqrt(sum / count) : 0.0;
}

}  // namespace

Result<Ensemble> load_ensemble(const std::filesystem::path& design_file) {
  DERMASIM_TRY_ASSIGN(const Design design, read_design(design_file));
  const std::filesystem::path folder = design_file.parent_path() / "ensemble";
  Ensemble ensemble{.between_patient_cv = design.between_patient_cv,
                    .person_age_years = design.person.age_years,
                    .person_cigarettes_per_day = design.person.cigarettes_per_day,
                    .runs = {}};
  std::vector<EnsembleRun>& runs = ensemble.runs;
  std::optional<skin::DermisModifiers> reference;
  for (const DesignRun& design_run : design.runs)
    for (const double seed : design_run.seeds) {
      if (!reference) {
        DERMASIM_TRY_ASSIGN(const treatment::TreatmentScenario first,
                            treatment::load_treatment_scenario(
                                folder / (design_run.id + "_s" +
                                          std::to_string(static_cast<long long>(seed)) + ".toml")));
        reference = skin::dermis_modifiers(design.person, first.dermis.modifier_parameters);
      }
      DERMASIM_TRY_ASSIGN(EnsembleRun run, load_run(folder, design_run, seed, *reference));
      runs.push_back(std::move(run));
    }
  return ensemble;
}

namespace {

bool reference_person(const EnsembleRun& run) {
  return std::abs(run.responsiveness - 1.0) < 1e-9;
}

// The exponent of responsiveness that best fits the runs of other people, the rest of the
// response fixed (1-D Nelder–Mead on the residual sum of squares of the logarithm).
double fit_responsiveness_exponent(const ReducedModel& model, Tissue tissue,
                                   const std::vector<const EnsembleRun*>& runs) {
  ReducedModel trial = model;
  TissueResponse& response = trial.tissues[static_cast<std::size_t>(tissue)];
  auto objective = [&](std::span<const double> x) {
    response.shape.responsiveness_exponent = std::clamp(x[0], -10.0, 10.0);
    double sum = 0.0;
    for (const EnsembleRun* run : runs) {
      const std::vector<double> s = surrogate_series(trial, *run, tissue);
      const std::vector<double>& y = run->relative[static_cast<std::size_t>(tissue)];
      for (std::size_t i = 1; i < y.size(); ++i)
        sum += (std::log(s[i]) - std::log(y[i])) * (std::log(s[i]) - std::log(y[i]));
    }
    return sum;
  };
  const Minimum best = nelder_mead(
      objective, {1.0}, {.max_evaluations = 400, .initial_step = 0.5, .tolerance = 1e-14});
  return std::clamp(best.x[0], -10.0, 10.0);
}

}  // namespace

ReducedModel fit_reduced_model(const Ensemble& ensemble) {
  const std::vector<EnsembleRun>& runs = ensemble.runs;
  const double cv = ensemble.between_patient_cv;
  const double between_patient_log_sd = std::sqrt(std::log(1.0 + cv * cv));
  ReducedModel model;
  for (const Modality m :
       {Modality::channels_product, Modality::injection_product, Modality::topical_product}) {
    double largest = 0.0;
    for (const EnsembleRun& run : runs)
      if (!run.holdout)
        for (const Stimulus& s : run.stimuli)
          if (s.modality == m) largest = std::max(largest, s.dose_ng_per_cm2);
    model.max_dose_ng_per_cm2[static_cast<std::size_t>(m)] = largest > 0.0 ? largest : HUGE_VAL;
  }
  model.reference_age_years = ensemble.person_age_years;
  model.reference_cigarettes_per_day = ensemble.person_cigarettes_per_day;
  for (std::size_t t = 0; t < tissue_count; ++t) {
    const auto tissue = static_cast<Tissue>(t);
    // First the ensemble's person, then the exponent of responsiveness on the other people.
    std::vector<const EnsembleRun*> fit_runs, other_people;
    for (const EnsembleRun& run : runs)
      if (!run.holdout && has_series(run, tissue))
        (reference_person(run) ? fit_runs : other_people).push_back(&run);
    if (!fit_runs.empty()) model.tissues[t] = fit_tissue(model, fit_runs, tissue);
    if (!other_people.empty())
      model.tissues[t].shape.responsiveness_exponent =
          fit_responsiveness_exponent(model, tissue, other_people);
  }
  for (const EnsembleRun& run : runs)
    if (run.stimuli.empty() && has_series(run, Tissue::dermal_collagen)) {
      model.baseline_collagen_mg_per_ml =
          run.start[static_cast<std::size_t>(Tissue::dermal_collagen)];
      model.baseline_elastin_mg_per_ml = run.start[static_cast<std::size_t>(Tissue::elastin)];
    }
  // A zone holds thousands of agent-based blocks, so their seed-to-seed scatter averages out: the
  // spread is the between-patient one and the surrogate's error on the fit (as a log-normal σ).
  const double error = std::log(1.0 + model_error(model, runs));
  model.response_log_sd =
      std::sqrt(error * error + between_patient_log_sd * between_patient_log_sd);
  return model;
}

std::vector<double> surrogate_series(const ReducedModel& model, const EnsembleRun& run,
                                     Tissue tissue) {
  std::vector<double> out(run.t_days.size());
  tissue_trajectory(model, tissue, run.stimuli, run.responsiveness, 1.0, run.t_days, out);
  return out;
}

std::vector<SurrogateError> surrogate_errors(const ReducedModel& model,
                                             const std::vector<EnsembleRun>& runs) {
  // The seeds of one design are one tissue under one program: compare with their mean.
  std::vector<std::string> ids;
  for (const EnsembleRun& run : runs)
    if (std::find(ids.begin(), ids.end(), run.id) == ids.end()) ids.push_back(run.id);
  std::vector<SurrogateError> errors;
  for (const std::string& id : ids) {
    std::vector<const EnsembleRun*> seeds;
    for (const EnsembleRun& run : runs)
      if (run.id == id) seeds.push_back(&run);
    for (std::size_t t = 0; t < tissue_count; ++t) {
      const auto tissue = static_cast<Tissue>(t);
      if (!has_series(*seeds.front(), tissue)) continue;
      std::vector<double> agent(seeds.front()->relative[t].size(), 0.0);
      for (const EnsembleRun* run : seeds)
        for (std::size_t i = 0; i < agent.size(); ++i)
          agent[i] += run->relative[t][i] / static_cast<double>(seeds.size());
      const std::vector<double> surrogate = surrogate_series(model, *seeds.front(), tissue);
      double sum = 0.0;
      for (std::size_t i = 0; i < agent.size(); ++i) {
        const double e = (surrogate[i] - agent[i]) / agent[i];
        sum += e * e;
      }
      errors.push_back({.run = id,
                        .seeds = seeds.size(),
                        .tissue = tissue,
                        .holdout = seeds.front()->holdout,
                        .agent_end = agent.back(),
                        .surrogate_end = surrogate.back(),
                        .end_error = std::abs(surrogate.back() - agent.back()) / agent.back(),
                        .rms_error = std::sqrt(sum / static_cast<double>(agent.size()))});
    }
  }
  return errors;
}

}  // namespace dermasim::forecast
