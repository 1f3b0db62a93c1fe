// Recalibration on the shipped model: outcomes made by the forecast at a known response
// multiplier move the belief toward it and narrow it; bad rows are refused by name.
#include "planner/recalibration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace dermasim::planner {
namespace {

namespace fs = std::filesystem;

constexpr double true_multiplier = 1.6;

fs::path data_dir() {
  return fs::path(DERMASIM_SOURCE_DIR) / "data";
}

// The shipped data, the example smoker and her example program, loaded once.
struct Shipped {
  forecast::ForecastData data;
  patient::PatientProfile patient;
  treatment::TreatmentSchedule program;
  OutcomeNoise noise;
  forecast::ResponseBelief prior;
};

const Shipped& setup() {
  static const Shipped s = [] {
    Shipped out;
    auto data = forecast::load_forecast_data(data_dir());
    EXPECT_TRUE(data.has_value()) << data.error().field << ": " << data.error().message;
    out.data = std::move(*data);
    auto patient = patient::read_patient_profile(
        data_dir() / "patients" / "photoageing_smoker.toml", out.data.zones, out.data.rules);
    EXPECT_TRUE(patient.has_value()) << patient.error().message;
    out.patient = std::move(*patient);
    auto program =
        treatment::read_program(data_dir() / "records" / "photoageing_smoker_program.toml",
                                out.patient.preferences.start_date, 1000.0, data_dir());
    EXPECT_TRUE(program.has_value()) << program.error().field << ": " << program.error().message;
    out.program = std::move(*program);
    auto noise = load_outcome_noise(data_dir() / "planner" / "outcomes.toml");
    EXPECT_TRUE(noise.has_value()) << noise.error().message;
    out.noise = std::move(*noise);
    out.prior = forecast::ResponseBelief::prior(out.data.model.response_log_sd);
    return out;
  }();
  return s;
}

// An outcome of `observable` on `zone` at `t_days`, as the forecast gives it at multiplier `m`.
Outcome synthetic(std::string_view zone, std::string_view observable, double t_days,
                  double m = true_multiplier) {
  const Shipped& s = setup();
  const patient::ZoneProfile* profile = s.patient.zone(zone);
  EXPECT_NE(profile, nullptr) << zone;
  auto setting = forecast::zone_setting(s.data, s.patient, *profile, s.program);
  EXPECT_TRUE(setting.has_value());
  const std::vector<double> t{t_days};
  const forecast::TissuePaths paths = forecast::tissue_paths(
      s.data.model, setting->stimuli, forecast::patient_responsiveness(s.data, s.patient), t);
  Outcome o;
  o.zone = std::string(zone);
  o.observable = std::string(observable);
  o.t_days = t_days;
  o.file = "test.csv";
  static std::size_t line = 1;
  o.line = ++line;
  for (const forecast::ZoneObservable& x : forecast::zone_observables(s.data, s.patient, *setting))
    if (x.id == observable) {
      o.value = x.value(paths, 0, m);
      o.unit = x.unit;
    }
  EXPECT_FALSE(o.unit.empty()) << observable << " is not an observable of " << zone;
  return o;
}

RecalibrationResult recalibrated(const std::vector<Outcome>& outcomes) {
  const Shipped& s = setup();
  auto result = recalibrate(s.data, s.noise, s.patient, s.program, s.prior, outcomes);
  EXPECT_TRUE(result.has_value()) << result.error().field << ": " << result.error().message;
  return result.value_or(RecalibrationResult{});
}

std::vector<Outcome> after_sessions(const std::vector<double>& days) {
  std::vector<Outcome> out;
  for (const double day : days) {
    out.push_back(synthetic("cheeks", "collagen_mg_per_ml", day));
    out.push_back(synthetic("forehead", "wrinkle_grade", day));
    out.push_back(synthetic("cheeks", "texture_grade", day));
  }
  return out;
}

TEST(Recalibration, OutcomesAtAKnownMultiplierMoveTheBeliefTowardItAndNarrowIt) {
  const RecalibrationResult r = recalibrated(after_sessions({63.0, 91.0}));
  EXPECT_EQ(r.used, 6u);
  EXPECT_TRUE(r.skipped.empty());
  EXPECT_NEAR(r.prior_multiplier.median, 1.0, 1e-9);
  EXPECT_LT(std::abs(r.posterior_multiplier.median - true_multiplier),
            std::abs(r.prior_multiplier.median - true_multiplier));
  EXPECT_GT(r.posterior_multiplier.median, 1.2);
  EXPECT_LT(r.posterior_multiplier.band(), r.prior_multiplier.band());
  EXPECT_LE(r.posterior_multiplier.p05, r.posterior_multiplier.median);
  EXPECT_LE(r.posterior_multiplier.median, r.posterior_multiplier.p95);
}

TEST(Recalibration, MoreOutcomesNarrowTheBandFurther) {
  const RecalibrationResult few = recalibrated(after_sessions({63.0}));
  const RecalibrationResult more = recalibrated(after_sessions({63.0, 91.0, 120.0, 180.0}));
  EXPECT_LT(few.posterior_multiplier.band(), few.prior_multiplier.band());
  EXPECT_LT(more.posterior_multiplier.band(), few.posterior_multiplier.band());
  EXPECT_LT(std::abs(more.posterior_multiplier.median - true_multiplier),
            std::abs(few.posterior_multiplier.median - true_multiplier) + 1e-9);
}

TEST(Recalibration, TheRecalibratedForecastBandIsNarrower) {
  const Shipped& s = setup();
  const RecalibrationResult r = recalibrated(after_sessions({63.0, 91.0}));
  const auto before = forecast::forecast_program(s.data, s.patient, s.program, s.prior, {});
  const auto after = forecast::forecast_program(s.data, s.patient, s.program, r.posterior, {});
  ASSERT_TRUE(before && after);
  const forecast::ObservableBand* b = before->find("cheeks", "collagen_mg_per_ml");
  const forecast::ObservableBand* a = after->find("cheeks", "collagen_mg_per_ml");
  ASSERT_TRUE(b != nullptr && a != nullptr);
  const std::size_t last = b->t_days.size() - 1;
  EXPECT_LT(a->p95[last] - a->p05[last], b->p95[last] - b->p05[last]);
}

TEST(Recalibration, UninformativeOutcomesAreSkippedAndLeaveTheBelief) {
  const RecalibrationResult r = recalibrated(
      {synthetic("cheeks", "pih_probability", 63.0), synthetic("cheeks", "pigment_grade", 63.0)});
  EXPECT_EQ(r.used, 0u);
  EXPECT_EQ(r.skipped.size(), 2u);
  EXPECT_NEAR(r.posterior_multiplier.median, r.prior_multiplier.median, 1e-9);
  EXPECT_NEAR(r.posterior_multiplier.band(), r.prior_multiplier.band(), 1e-9);
}

TEST(Recalibration, WrongUnitIsRefusedNamingTheRowAndTheExpectedUnit) {
  std::vector<Outcome> outcomes = after_sessions({63.0});
  outcomes[1].unit = "points";
  const Shipped& s = setup();
  const auto r = recalibrate(s.data, s.noise, s.patient, s.program, s.prior, outcomes);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().category, ErrorCategory::invalid_input);
  EXPECT_EQ(r.error().field, outcomes[1].where() + " unit");
  EXPECT_NE(r.error().message.find("expected 'grade'"), std::string::npos) << r.error().message;
}

TEST(Recalibration, UnknownObservableIsRefusedListingTheZonesObservables) {
  Outcome o = synthetic("forehead", "wrinkle_grade", 63.0);
  o.observable = "laxity_grade";  // the forehead's concern is fine lines only
  const Shipped& s = setup();
  const auto r = recalibrate(s.data, s.noise, s.patient, s.program, s.prior, {o});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, o.where() + " observable");
  EXPECT_NE(r.error().message.find("'wrinkle_grade'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'collagen_mg_per_ml'"), std::string::npos);
}

TEST(Recalibration, ZoneOutsideTheProfileIsRefused) {
  Outcome o = synthetic("forehead", "wrinkle_grade", 63.0);
  o.zone = "chin";
  const Shipped& s = setup();
  const auto r = recalibrate(s.data, s.noise, s.patient, s.program, s.prior, {o});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, o.where() + " zone");
  EXPECT_NE(r.error().message.find("'cheeks'"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace dermasim::planner
