// The reduced model's kernels against their closed forms, and the fit against a known model.
#include "forecast/reduced_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/output.hpp"
#include "forecast/surrogate_fit.hpp"
#include "support/scratch_folder.hpp"

namespace dermasim::forecast {
namespace {

ResponseShape shape(double rise, double decay) {
  return {.density_exponent = 0.7,
          .depth_exponent = 1.3,
          .rise_days = rise,
          .decay_days = decay,
          .stacking = 0.0,
          .stacking_days = 20.0,
          .saturation = 1e300};  // none: u / (1 + u / 1e300) is u exactly
}

Stimulus needling(double day, double density, double depth) {
  return {.day = day,
          .to_day = day,
          .modality = Modality::needling,
          .density_per_cm2 = density,
          .depth_um = depth};
}

TEST(ReducedModel, KernelIntegralMatchesTheTrapezoidSumOfTheKernel) {
  const ResponseShape s = shape(4.0, 90.0);
  double sum = 0.0;
  const double dt = 0.001;
  for (double t = 0.0; t < 120.0; t += dt)
    sum += 0.5 * dt * (response_kernel(s, t) + response_kernel(s, t + dt));
  EXPECT_NEAR(response_kernel_integral(s, 120.0), sum, 1e-4);
  // The whole integral is decay − 1/(1/rise + 1/decay).
  EXPECT_NEAR(response_kernel_integral(s, 1e6), 90.0 - 1.0 / (1.0 / 4.0 + 1.0 / 90.0), 1e-9);
}

TEST(ReducedModel, KernelIsZeroBeforeTheSessionAndRisesThenDecays) {
  const ResponseShape s = shape(5.0, 60.0);
  EXPECT_EQ(response_kernel(s, -1.0), 0.0);
  EXPECT_EQ(response_kernel(s, 0.0), 0.0);
  EXPECT_LT(response_kernel(s, 1.0), response_kernel(s, 10.0));
  EXPECT_GT(response_kernel(s, 20.0), response_kernel(s, 200.0));
}

TEST(ReducedModel, IntensityFollowsThePowerLawsOfDensityAndDepth) {
  ReducedModel model;
  const ResponseShape s = shape(5.0, 60.0);
  const double base = stimulus_intensity(model, s, needling(0, 500, 200));
  EXPECT_NEAR(base, 1.0, 1e-12);
  EXPECT_NEAR(stimulus_intensity(model, s, needling(0, 1000, 200)), std::pow(2.0, 0.7), 1e-12);
  EXPECT_NEAR(stimulus_intensity(model, s, needling(0, 500, 400)), std::pow(2.0, 1.3), 1e-12);
}

TEST(ReducedModel, SessionsTooCloseStackWhenStackingIsPositive) {
  ReducedModel model;
  model.tissues[0].shape = shape(5.0, 60.0);
  model.tissues[0].shape.stacking = 0.5;
  model.tissues[0].amplitude[0] = 0.1;
  const std::vector<double> t = {150.0};
  std::vector<double> close(1), apart(1);
  const std::vector<Stimulus> near = {needling(0, 500, 200), needling(7, 500, 200)};
  const std::vector<Stimulus> far = {needling(0, 500, 200), needling(60, 500, 200)};
  tissue_trajectory(model, Tissue::papillary_collagen, near, 1.0, 1.0, t, close);
  tissue_trajectory(model, Tissue::papillary_collagen, far, 1.0, 1.0, t, apart);
  // The second session's intensity is 1 + 0.5 e^(−7/20) = 1.35234 of the first's.
  const double k = [&] {
    const ResponseShape& s = model.tissues[0].shape;
    return 0.1 * (response_kernel(s, 150) + 1.35234 * response_kernel(s, 143));
  }();
  EXPECT_NEAR(std::log(close[0]), k, 1e-5 * k);
  // Sixty days apart the residual is e^(−3) ≈ 5 %: the second session is barely stacked.
  const ResponseShape& s = model.tissues[0].shape;
  const double spaced =
      0.1 * (response_kernel(s, 150) + (1.0 + 0.5 * std::exp(-3.0)) * response_kernel(s, 90));
  EXPECT_NEAR(std::log(apart[0]), spaced, 1e-6 * spaced);
}

TEST(ReducedModel, TopicalDoseIsTheIntegralOfTheKernelOverTheApplicationDays) {
  ReducedModel model;
  const std::size_t topical = static_cast<std::size_t>(Modality::topical_product);
  model.tissues[0].shape = shape(10.0, 50.0);
  model.tissues[0].amplitude[topical] = 0.01;
  const Stimulus daily{.day = 10,
                       .to_day = 40,
                       .modality = Modality::topical_product,
                       .dose_ng_per_cm2 = model.reference_dose_ng_per_cm2};
  const std::vector<double> t = {30.0, 100.0};
  std::vector<double> out(2);
  tissue_trajectory(model, Tissue::papillary_collagen, std::span(&daily, 1), 1.0, 1.0, t, out);
  const ResponseShape& s = model.tissues[0].shape;
  EXPECT_NEAR(std::log(out[0]), 0.01 * response_kernel_integral(s, 20.0), 1e-12);
  EXPECT_NEAR(std::log(out[1]),
              0.01 * (response_kernel_integral(s, 90.0) - response_kernel_integral(s, 60.0)),
              1e-12);
}

TEST(ReducedModel, SavedModelReadsBackTheSame) {
  ReducedModel model;
  model.baseline_collagen_mg_per_ml = 188.0;
  model.baseline_elastin_mg_per_ml = 9.7;
  model.tissues[2].shape = shape(3.5, 321.0);
  model.tissues[2].amplitude[1] = -0.0123;
  const auto path = dermasim::testing::scratch_path("dermasim_reduced_model_test.toml");
  ASSERT_TRUE(model.save(path, "# test"));
  const auto read = ReducedModel::load(path);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->tissues[2].shape.decay_days, 321.0);
  EXPECT_EQ(read->tissues[2].amplitude[1], -0.0123);
  EXPECT_EQ(read->baseline_elastin_mg_per_ml, 9.7);
  std::filesystem::remove(path);
}

TEST(ReducedModel, LoadRefusesAnUnknownKeyAndAMissingTable) {
  const auto path = dermasim::testing::scratch_path("dermasim_reduced_model_bad.toml");
  ReducedModel model;
  model.baseline_collagen_mg_per_ml = 1.0;
  model.baseline_elastin_mg_per_ml = 1.0;
  ASSERT_TRUE(model.save(path, "typo = 1"));
  auto read = ReducedModel::load(path);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("typo"), std::string::npos);
  ASSERT_TRUE(engine::write_file_atomic(path, "[reference]\ndensity_per_cm2 = 1\n"));
  read = ReducedModel::load(path);
  ASSERT_FALSE(read);
  std::filesystem::remove(path);
}

// A known model makes an ensemble; the fit must reproduce its runs and a run it did not see.
ReducedModel known_model() {
  ReducedModel model;
  model.tissues[0].shape = shape(6.0, 120.0);
  model.tissues[0].amplitude[0] = 0.08;  // needling
  model.tissues[0].amplitude[static_cast<std::size_t>(Modality::channels_product)] = 0.03;
  model.tissues[0].drift_per_day = 2e-5;
  return model;
}

EnsembleRun synthetic_run(const ReducedModel& model, std::string name, bool holdout,
                          std::vector<Stimulus> stimuli) {
  EnsembleRun run;
  run.name = run.id = std::move(name);
  run.holdout = holdout;
  run.stimuli = std::move(stimuli);
  for (double t = 0.0; t <= 150.0; t += 2.0) run.t_days.push_back(t);
  run.relative[0].resize(run.t_days.size());
  tissue_trajectory(model, Tissue::papillary_collagen, run.stimuli, 1.0, 1.0, run.t_days,
                    run.relative[0]);
  return run;
}

std::vector<Stimulus> course(double depth, double density, double interval, int sessions,
                             bool product) {
  std::vector<Stimulus> out;
  for (int k = 0; k < sessions; ++k) {
    out.push_back(needling(1.0 + k * interval, density, depth));
    if (product)
      out.push_back({.day = 1.0 + k * interval,
                     .to_day = 1.0 + k * interval,
                     .modality = Modality::channels_product,
                     .dose_ng_per_cm2 = 150.0});
  }
  return out;
}

TEST(SurrogateFit, RecoversAKnownModelOnARunItWasNotFittedOn) {
  const ReducedModel truth = known_model();
  Ensemble ensemble{.between_patient_cv = 0.2, .runs = {}};  // the person of the defaults
  ensemble.runs.push_back(synthetic_run(truth, "control", false, {}));
  ensemble.runs.push_back(synthetic_run(truth, "a", false, course(100, 500, 30, 3, false)));
  ensemble.runs.push_back(synthetic_run(truth, "b", false, course(300, 500, 30, 3, false)));
  ensemble.runs.push_back(synthetic_run(truth, "c", false, course(200, 1500, 30, 1, false)));
  ensemble.runs.push_back(synthetic_run(truth, "d", false, course(200, 500, 60, 2, true)));
  ensemble.runs.push_back(synthetic_run(truth, "e", false, course(200, 250, 14, 3, false)));
  ensemble.runs.push_back(synthetic_run(truth, "held", true, course(250, 800, 45, 3, true)));
  const ReducedModel fitted = fit_reduced_model(ensemble);
  for (const SurrogateError& e : surrogate_errors(fitted, ensemble.runs)) {
    if (e.tissue != Tissue::papillary_collagen) continue;
    EXPECT_LT(e.rms_error, 2e-3) << e.run;
    EXPECT_LT(e.end_error, 2e-3) << e.run;
  }
  EXPECT_NEAR(fitted.tissues[0].drift_per_day, 2e-5, 1e-12);
  // A fit without error leaves the between-patient spread alone, sqrt(ln(1 + 0.2²)).
  EXPECT_NEAR(fitted.response_log_sd, std::sqrt(std::log(1.04)), 1e-4);
}

}  // namespace
}  // namespace dermasim::forecast
