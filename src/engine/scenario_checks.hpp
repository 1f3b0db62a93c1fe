// Scenario consistency rules, shared by the loader (file positions) and validate() (field names).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/scenario.hpp"
#include "engine/toml_reader.hpp"

// Internal to the scenario loader (scenario_*.cpp, cells_csv.cpp); not part of the engine's API.
namespace dermasim::engine::detail {

inline constexpr Range probability_range{.min = 0.0, .max = 1.0};
inline constexpr Range labelled_fraction{.min = 0.0, .min_inclusive = false, .max = 1.0};

// Signal -> behaviour rules: the saturation's range depends on the response (and is the largest
// bias for a renewal rule).
inline constexpr Range max_fold_range = at_least_one;
inline constexpr Range min_fraction_range{.min = 0.0, .max = 1.0};
inline constexpr Range max_bias_range{.min = 0.0, .min_inclusive = false, .max = 1.0};

inline const Range& saturation_range(const BehaviourRule& rule) {
  if (rule.behaviour == Behaviour::renewal) return max_bias_range;
  return rule.increases ? max_fold_range : min_fraction_range;
}

// A time step that must be a whole number (>= 1) of `base` steps.
std::optional<std::string> step_problem(double step, double base, std::string_view base_name);

std::optional<std::string> extent_problem(double min_um, double max_um, double voxel_um);

template <class Spec>
std::optional<std::string> name_problem(std::span<const Spec> earlier, std::string_view name,
                                        std::string_view what) {
  if (name.empty()) return "must not be empty";
  for (const Spec& spec : earlier) {
    if (spec.name == name)
      return "duplicate " + std::string(what) + " name '" + std::string(name) + "'";
  }
  return std::nullopt;
}

std::optional<std::string> volume_problem(const VolumeSpec& volume);
std::optional<std::string> cycle_problem(std::span<const CyclePhaseSpec> cycle);

// Outcomes need a cycle (something must divide) and probabilities that sum to 1.
std::optional<std::string> division_problem(const CellTypeSpec& type);

std::optional<std::string> substance_problem(int substance, std::size_t substance_count);
std::optional<std::string> exchange_problem(std::span<const ExchangeSpec> earlier, int substance,
                                            std::size_t substance_count);
std::optional<std::string> cell_type_problem(int type, std::size_t type_count);

// A chemotaxis bias without a substance whose gradient it could follow.
std::optional<std::string> chemotaxis_problem(const MotilitySpec& motility);

// Why a rule on `behaviour` could never change anything for cell type `type_index`: rules scale
// only exponential rates, and a rate that is not there (or is 0) stays so; a renewal rule needs a
// self-renewing and a differentiating division outcome of non-zero probability (their types
// resolved to indices) to shift weight between.
std::optional<std::string> rule_target_problem(const CellTypeSpec& type, int type_index,
                                               Behaviour behaviour);

// Ridges (ridge_depth_um > 0) need a period to repeat with.
std::optional<std::string> ridge_period_problem(const BasementMembraneSpec& membrane);
// The top level of the basement membrane must lie below the domain's top face.
std::optional<std::string> membrane_top_problem(double z_um, const Box& domain);
// The lowest point of the basement membrane (z_um − ridge_depth_um) must lie at least one voxel
// above the domain's bottom face.
std::optional<std::string> membrane_bottom_problem(const BasementMembraneSpec& membrane,
                                                   const Box& domain, double voxel_um);
// Contact with a basement membrane the scenario does not have.
std::optional<std::string> membrane_contact_problem(MembraneContact contact, bool has_membrane);

std::optional<std::string> position_problem(const std::array<double, 3>& position_um,
                                            const Box& domain);

}  // namespace dermasim::engine::detail
