// The committed reduced model is the fit of the committed ensemble: refitting reproduces every
// run's trajectory (issue 7: the fit is reproducible with one command, `make surrogate`).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "forecast/surrogate_fit.hpp"

namespace dermasim::forecast {
namespace {

const std::filesystem::path data_dir = std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";

TEST(SurrogateFitSlow, RefittingTheCommittedEnsembleGivesTheCommittedModel) {
  const auto ensemble = load_ensemble(data_dir / "forecast" / "ensemble.toml");
  ASSERT_TRUE(ensemble.has_value()) << ensemble.error().message << " " << ensemble.error().field;
  const auto committed = ReducedModel::load(data_dir / "forecast" / "reduced_model.toml");
  ASSERT_TRUE(committed.has_value()) << committed.error().message;
  const ReducedModel refit = fit_reduced_model(*ensemble);
  // Trajectories, not parameters, are compared: another compiler may round the simplex onto a
  // slightly different point of a flat optimum.
  for (const EnsembleRun& run : ensemble->runs)
    for (std::size_t t = 0; t < tissue_count; ++t) {
      if (run.relative[t].empty()) continue;
      const auto tissue = static_cast<Tissue>(t);
      const std::vector<double> a = surrogate_series(*committed, run, tissue);
      const std::vector<double> b = surrogate_series(refit, run, tissue);
      for (std::size_t i = 0; i < a.size(); ++i)
        ASSERT_NEAR(a[i], b[i], 0.01 * std::max(a[i], 0.05)) << run.name << " " << tissue_names[t];
    }
  EXPECT_NEAR(refit.response_log_sd, committed->response_log_sd, 0.01);
}

}  // namespace
}  // namespace dermasim::forecast
