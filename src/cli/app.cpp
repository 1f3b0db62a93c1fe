// CLI11 set-up of the dermasim command: global flags, subcommands, error reporting and exit codes.
#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/bench_b1.hpp"
#include "cli/bench_b2.hpp"
#include "cli/bench_planning.hpp"
#include "cli/compare_command.hpp"
#include "cli/forecast_command.hpp"
#include "cli/plan_command.hpp"
#include "cli/progress.hpp"
#include "cli/simulate_command.hpp"
#include "cli/surrogate_command.hpp"
#include "cli/validate_command.hpp"

namespace dermasim::cli {
namespace {

int report(const Error& error) {
  std::cerr << "error [" << category_name(error.category) << "]: " << describe(error) << "\n";
  return exit_code(error.category);
}

// The project folder that holds data/ and bench/: $DERMASIM_ROOT, else the source tree built from.
std::filesystem::path project_root() {
  if (const char* env = std::getenv("DERMASIM_ROOT")) return env;
  return DERMASIM_SOURCE_DIR;
}

// A folder flag, else its place under the project root.
std::filesystem::path folder_or(const std::string& flag, const std::filesystem::path& relative) {
  return flag.empty() ? project_root() / relative : std::filesystem::path(flag);
}

// A plain decimal whole number that fits in 64 bits (CLI11 alone would take "-5", "010" as octal
// or "0x10"); an empty string means valid, as CLI11 validators report.
CLI::Validator decimal_whole_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool digits_only =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits_only || error != std::errc() || end != text.data() + text.size())
          return "must be a whole number >= 0 written in decimal digits, not " + text;
        return {};
      },
      "UINT");
}

CLI::Validator positive_hours() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0.0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size() || !(value > 0.0) ||
            !std::isfinite(value))
          return "must be a number of hours > 0, not " + text;
        return {};
      },
      "HOURS");
}

void add_simulate(CLI::App& app, SimulateOptions& options, bool& quiet) {
  CLI::App* simulate =
      app.add_subcommand("simulate", "Run a tissue scenario (TOML) and write results");
  simulate->add_option("scenario", options.scenario, "Scenario file (TOML)")->required();
  simulate
      ->add_option("--out", options.out_dir, "Folder for summary.json, timeseries.csv, snapshots")
      ->required();
  simulate->add_option("--threads", options.threads, "Threads (default: all cores)")
      ->check(decimal_whole_number() & CLI::Range(1, 1024));
  simulate->add_option("--seed", options.seed, "Random seed (overrides the scenario's)")
      ->check(decimal_whole_number());
  simulate
      ->add_option("--restart", options.restart_from,
                   "Continue from a checkpoint; with --seed, branch it onto another future")
      ->check(CLI::ExistingFile);
  simulate
      ->add_option("--checkpoint-every-h", options.checkpoint_every_h,
                   "Write OUT/checkpoints/step_N.ckpt every so many simulated hours")
      ->check(positive_hours());
  simulate->add_flag("--quiet", quiet, "No progress bar");
}

void add_bench_b2(CLI::App& bench, BenchB2Options& options, std::string& workload) {
  CLI::App* b2 =
      bench.add_subcommand("b2", "Benchmark B2 micro-needling slab (shared/bench/B2.md)");
  b2->add_option("--workload", workload, "The frozen workload (default bench/b2.toml)");
  b2->add_option("--runs", options.runs, "Runs per thread count (the median is reported)")
      ->check(decimal_whole_number() & CLI::Range(1, 100));
  b2->add_option("--threads", options.threads, "Thread counts, e.g. --threads 1 2")
      ->check(decimal_whole_number() & CLI::Range(1, 1024));
}

void add_bench(CLI::App& app, BenchB1Options& options, std::string& data_dir, bool& json) {
  CLI::App* bench = app.add_subcommand("bench", "Run a benchmark");
  bench->require_subcommand(1);
  CLI::App* b1 = bench->add_subcommand("b1", "Benchmark B1 skin-slab (shared/bench/B1.md)");
  b1->add_option("--size", options.size, "s = 2,500 cells, m = 10,000, l = 40,000")
      ->check(CLI::IsMember({"s", "m", "l"}));
  b1->add_option("--hours", options.hours, "Simulated hours")->check(CLI::Range(1e-3, 240.0));
  b1->add_option("--threads", options.threads, "Threads")
      ->check(decimal_whole_number() & CLI::Range(1, 1024));
  b1->add_option("--dirichlet", options.dirichlet_mode, "held (default) or reset_between_sweeps")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, engine::DirichletMode>{
              {"held", engine::DirichletMode::held},
              {"reset_between_sweeps", engine::DirichletMode::reset_between_sweeps}},
          CLI::ignore_case));
  b1->add_flag("!--no-diffusion-run", options.diffusion_run,
               "Skip the one-cell diffusion timing run");
  b1->add_option("--data-dir", data_dir, "Folder with b1.toml and the cell files");
  b1->add_flag("--json", json, "Print the report as one JSON object (the default output)");
}

int run_bench(CLI::App& app, BenchB1Options& b1_options, BenchB2Options& b2_options,
              const std::string& data_dir, const std::string& workload) {
  Result<nlohmann::json> result;
  if (app.get_subcommand("bench")->got_subcommand("b2")) {
    b2_options.workload = folder_or(workload, std::filesystem::path("bench") / "b2.toml");
    result = bench_b2(b2_options);
  } else {
    b1_options.data_dir = folder_or(data_dir, std::filesystem::path("bench") / "b1");
    result = bench_b1(b1_options);
  }
  if (!result) return report(result.error());
  std::cout << result->dump() << "\n";
  return 0;
}

void add_validate(CLI::App& app, ValidateOptions& options, std::string& data_dir, bool& json,
                  bool& full) {
  CLI::App* validate =
      app.add_subcommand("validate", "Run calibration cases against published data");
  validate->add_option("case", options.cases, "Cases to run (default: all)")
      ->check(CLI::IsMember(validation_case_names()));
  validate->add_flag("--json", json, "Print {\"cases\": [...]} instead of a table");
  validate->add_flag("--full", full,
                     "Full size (docs/validation.md); default: reduced, as in make test");
  validate->add_option("--threads", options.threads, "Threads")
      ->check(decimal_whole_number() & CLI::Range(1, 1024));
  validate->add_option("--data-dir", data_dir, "The project's data folder");
}

void add_compare(CLI::App& app, CompareOptions& options) {
  CLI::App* compare = app.add_subcommand(
      "compare", "Run treatment scenarios on one tissue and write them side by side");
  compare->add_option("scenarios", options.scenarios, "The arms (TOML), at least two")
      ->required()
      ->check(CLI::ExistingFile);
  compare->add_option("--out", options.out_dir, "Output folder")->required();
  compare->add_option("--threads", options.threads, "Threads")
      ->check(decimal_whole_number() & CLI::Range(1, 1024));
}

void add_fit_surrogate(CLI::App& app, SurrogateFitOptions& options) {
  CLI::App* fit = app.add_subcommand(
      "fit-surrogate", "Fit the forecast's reduced model to the agent-based ensemble");
  fit->add_option("--design", options.design,
                  "Ensemble design (default data/forecast/ensemble.toml)")
      ->check(CLI::ExistingFile);
  fit->add_option("--out", options.out, "Fitted model (default data/forecast/reduced_model.toml)");
  fit->add_flag("--check", options.check, "Report the errors of the model in --out; write nothing");
}

void add_bench_planning(CLI::App& bench, BenchPlanningOptions& options, std::string& patient) {
  CLI::App* planning = bench.add_subcommand(
      "planning", "Time a plan and a forecast for a patient (docs/performance.md)");
  planning->add_option("--patient", patient,
                       "Patient profile (default data/patients/photoageing_smoker.toml)");
  planning->add_option("--runs", options.runs, "Runs (the median is reported)")
      ->check(CLI::Range(1, 10000));
}

void add_plan(CLI::App& app, PlanOptions& options, std::string& data_dir) {
  CLI::App* plan = app.add_subcommand(
      "plan", "Plan a per-zone program for a patient, with its forecast and the reasons");
  plan->add_option("patient", options.patient, "Patient profile (TOML or JSON)")->required();
  plan->add_flag("--json", options.json, "Print the plan as JSON (the program under \"program\")");
  plan->add_option("--out", options.out_dir,
                   "Report folder: program.toml, plan.json, plan.txt, forecast.csv, SVG plots");
  plan->add_option("--data-dir", data_dir, "The project's data folder");
}

int run_plan(PlanOptions& options, const std::string& data_dir) {
  options.data_dir = folder_or(data_dir, "data");
  auto printed = plan(options);
  if (!printed) return report(printed.error());
  std::cout << *printed;
  return 0;
}

void add_forecast(CLI::App& app, ForecastOptions& options, std::string& data_dir, bool& json) {
  CLI::App* forecast = app.add_subcommand(
      "forecast", "Forecast a patient's concerns under a program (median and 90 % band)");
  forecast->add_option("patient", options.patient, "Patient profile (TOML or JSON)")->required();
  forecast->add_option("program", options.program, "Program: [[session]] tables (TOML)")
      ->required();
  forecast->add_flag("--json", json, "Print the forecast JSON (CONTRACTS) instead of a table");
  forecast->add_option("--data-dir", data_dir, "The project's data folder");
  forecast
      ->add_option("--horizon-days", options.horizon_days,
                   "Days to forecast (default: 180 after the last session, at least 365)")
      ->check(CLI::Range(1.0, 3650.0));
}

void add_recalibrate(CLI::App& app, ForecastOptions& options, std::string& data_dir, bool& json) {
  CLI::App* recalibrate = app.add_subcommand(
      "recalibrate", "Narrow a patient's forecast with the outcomes recorded so far");
  recalibrate->add_option("patient", options.patient, "Patient profile (TOML or JSON)")->required();
  recalibrate
      ->add_option("outcomes", options.outcomes,
                   "Outcomes (CSV: date,zone,observable,value,unit,instrument)")
      ->required();
  recalibrate->add_option("program", options.program, "Program: [[session]] tables (TOML)")
      ->required();
  recalibrate->add_flag("--json", json, "Print the forecast JSON with a \"recalibration\" object");
  recalibrate->add_option("--data-dir", data_dir, "The project's data folder");
}

int run_forecast(CLI::App& app, ForecastOptions& options, const std::string& data_dir, bool json) {
  options.data_dir = folder_or(data_dir, "data");
  auto result =
      app.got_subcommand("recalibrate") ? recalibrate_report(options) : forecast_report(options);
  if (!result) return report(result.error());
  std::cout << (json ? result->json.dump(2) + "\n" : result->text);
  return 0;
}

int run_fit_surrogate(SurrogateFitOptions& options) {
  if (options.design.empty()) options.design = project_root() / "data/forecast/ensemble.toml";
  if (options.out.empty()) options.out = project_root() / "data/forecast/reduced_model.toml";
  auto table = fit_surrogate(options);
  if (!table) return report(table.error());
  std::cout << *table;
  return 0;
}

int run_validate(ValidateOptions& options, bool json) {
  auto cases = run_validation(options);
  if (!cases) return report(cases.error());
  std::cout << (json ? validation_json(*cases).dump(2) + "\n" : validation_table(*cases));
  const bool pass =
      std::all_of(cases->begin(), cases->end(), [](const auto& c) { return c.pass(); });
  return pass ? 0 : 1;  // 1: a metric failed (distinct from the error categories' codes)
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"dermasim: in-silico skin lab and treatment planner"};
  app.set_version_flag("--version", std::string("dermasim ") + DERMASIM_VERSION);
  app.require_subcommand(1);
  SimulateOptions simulate_options;
  bool quiet = false, json = false;
  BenchB1Options bench_options;
  BenchB2Options b2_options;
  ValidateOptions validate_options;
  std::string data_dir, workload;
  bool full = false;
  add_simulate(app, simulate_options, quiet);
  add_bench(app, bench_options, data_dir, json);
  add_bench_b2(*app.get_subcommand("bench"), b2_options, workload);
  add_validate(app, validate_options, data_dir, json, full);
  CompareOptions compare_options;
  add_compare(app, compare_options);
  SurrogateFitOptions surrogate_options;
  add_fit_surrogate(app, surrogate_options);
  PlanOptions plan_options;
  std::string plan_data_dir, planning_patient;
  add_plan(app, plan_options, plan_data_dir);
  BenchPlanningOptions planning_options;
  add_bench_planning(*app.get_subcommand("bench"), planning_options, planning_patient);
  ForecastOptions forecast_options;
  add_forecast(app, forecast_options, data_dir, json);
  add_recalibrate(app, forecast_options, data_dir, json);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return report(Error::invalid_input(e.what() + std::string(" (see dermasim --help)")));
  }
  if (app.got_subcommand("simulate")) {
    simulate_options.progress = !quiet && stderr_is_terminal();
    auto summary = simulate(simulate_options);
    if (!summary) return report(summary.error());
    std::cout << "simulated " << summary->at("simulated_hours").get<double>()
              << " h: " << summary->at("cells_start") << " -> " << summary->at("cells_end")
              << " live cells; results in " << simulate_options.out_dir.string() << "\n";
    return 0;
  }
  if (app.got_subcommand("compare")) {
    auto compared = compare(compare_options);
    if (!compared) return report(compared.error());
    std::cout << "compared " << compared->at("arms").size() << " arms; results in "
              << compare_options.out_dir.string() << "\n";
    return 0;
  }
  if (app.got_subcommand("fit-surrogate")) return run_fit_surrogate(surrogate_options);
  if (app.got_subcommand("plan")) return run_plan(plan_options, plan_data_dir);
  if (app.get_subcommand("bench")->got_subcommand("planning")) {
    planning_options.data_dir = folder_or(data_dir, "data");
    planning_options.patient = planning_patient.empty()
                                   ? project_root() / "data/patients/photoageing_smoker.toml"
                                   : std::filesystem::path(planning_patient);
    auto measured = bench_planning(planning_options);
    if (!measured) return report(measured.error());
    std::cout << measured->dump(2) << "\n";
    return 0;
  }
  if (app.got_subcommand("forecast") || app.got_subcommand("recalibrate"))
    return run_forecast(app, forecast_options, data_dir, json);
  if (app.got_subcommand("validate")) {
    validate_options.size = full ? ValidationSize::full : ValidationSize::reduced;
    validate_options.data_dir = folder_or(data_dir, "data");
    return run_validate(validate_options, json);
  }
  return run_bench(app, bench_options, b2_options, data_dir, workload);
}

}  // namespace dermasim::cli
