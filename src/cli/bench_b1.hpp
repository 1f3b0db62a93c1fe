// `dermasim bench b1`: benchmark B1 "skin-slab" (shared/bench/B1.md) at size s, m or l.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "engine/scenario.hpp"

namespace dermasim::cli {

struct BenchB1Options {
  std::string size = "s";  // s = B1-S (2,500 cells), m = B1 (10,000), l = B1-L (40,000)
  double hours = 1.0;
  int threads = 0;
  bool diffusion_run = true;  // also time the one-cell run that gives voxel updates per second
  engine::DirichletMode dirichlet_mode = engine::DirichletMode::held;
  std::filesystem::path data_dir;  // folder holding b1.toml and the cell files
};

// The B1 scenario of a size, as the benchmark specifies it (domain, cells, duration).
Result<engine::Scenario> b1_scenario(const BenchB1Options& options);

// Runs the benchmark and returns its JSON report.
Result<nlohmann::json> bench_b1(const BenchB1Options& options);

}  // namespace dermasim::cli
