// `dermasim compare`: several treatment scenarios on one tissue, side by side: a CSV of their
// time series, an SVG of the main observables, and each arm's session reports.
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dermasim::cli {

struct CompareOptions {
  std::vector<std::filesystem::path> scenarios;  // the arms, at least two, on the same block
  std::filesystem::path out_dir;
  int threads = 0;
};

// Runs every arm and writes OUT/comparison.csv, OUT/comparison.svg and OUT/comparison.json
// (the arms' session reports); returns that JSON. Arms whose tissue differs (zone, block,
// voxels, person, seed, duration) are refused: a comparison is only fair on one tissue.
Result<nlohmann::json> compare(const CompareOptions& options);

}  // namespace dermasim::cli
