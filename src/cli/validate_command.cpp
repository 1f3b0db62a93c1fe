// Runs validation cases by name and formats their metrics.
#include "cli/validate_command.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "skin/clonal_dynamics.hpp"
#include "skin/epidermal_homeostasis.hpp"
#include "skin/lifestyle_collagen.hpp"
#include "skin/wound_timeline.hpp"
#include "treatment/channel_closure_case.hpp"
#include "treatment/needling_course_case.hpp"

namespace dermasim::cli {
namespace {

using CaseRunner =
    std::function<Result<ValidationCase>(const std::filesystem::path&, ValidationSize)>;

const std::vector<std::pair<std::string, CaseRunner>>& registry() {
  static const std::vector<std::pair<std::string, CaseRunner>> cases = {
      {"clonal-dynamics", skin::run_clonal_dynamics},
      {"epidermal-homeostasis", skin::run_epidermal_homeostasis},
      {"wound-timeline", skin::run_wound_timeline},
      {"lifestyle-collagen", skin::run_lifestyle_collagen},
      {"channel-closure", treatment::run_channel_closure},
      {"needling-course", treatment::run_needling_course},
  };
  return cases;
}

}  // namespace

std::vector<std::string> validation_case_names() {
  std::vector<std::string> names;
  for (const auto& [name, runner] : registry()) names.push_back(name);
  return names;
}

Result<std::vector<ValidationCase>> run_validation(const ValidateOptions& options) {
  if (options.threads > 0) omp_set_num_threads(options.threads);
  const std::vector<std::string> known = validation_case_names();
  for (const std::string& name : options.cases)
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return fail(
          Error::invalid_input("unknown validation case '" + name + "'; known: " + list, "CASE"));
    }
  std::vector<ValidationCase> results;
  for (const auto& [name, runner] : registry()) {
    if (!options.cases.empty() &&
        std::find(options.cases.begin(), options.cases.end(), name) == options.cases.end())
      continue;
    DERMASIM_TRY_ASSIGN(ValidationCase result, runner(options.data_dir, options.size));
    results.push_back(std::move(result));
  }
  return results;
}

nlohmann::json validation_json(const std::vector<ValidationCase>& cases) {
  nlohmann::json out = {{"cases", nlohmann::json::array()}};
  for (const ValidationCase& c : cases) {
    nlohmann::json metrics = nlohmann::json::array();
    for (const ValidationMetric& m : c.metrics)
      metrics.push_back({{"name", m.name},
                         {"simulated", m.simulated},
                         {"reference", m.reference},
                         {"tolerance", m.tolerance},
                         {"unit", m.unit},
                         {"pass", m.pass()},
                         {"source", m.source}});
    out["cases"].push_back({{"case", c.name}, {"metrics", metrics}});
  }
  return out;
}

std::string validation_table(const std::vector<ValidationCase>& cases) {
  std::string text;
  char line[512];
  for (const ValidationCase& c : cases) {
    text += c.name + (c.pass() ? "  PASS\n" : "  FAIL\n");
    for (const ValidationMetric& m : c.metrics) {
      std::snprintf(line, sizeof line,
                    "  %-4s %-42s simulated %-10.4g reference %-10.4g ± %-9.3g %s\n",
                    m.pass() ? "ok" : "FAIL", m.name.c_str(), m.simulated, m.reference, m.tolerance,
                    m.unit.c_str());
      text += line;
      text += "       source: " + m.source + "\n";
    }
  }
  return text;
}

}  // namespace dermasim::cli
