// Scenario consistency rules: the checks both the loader and validate() apply.
#include "engine/scenario_checks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace dermasim::engine::detail {
namespace {

constexpr double multiple_tolerance = 1e-9;  // relative, for "integer multiple of" checks
constexpr double probability_sum_tolerance = 1e-9;

bool is_multiple(double value, double base) {
  const double ratio = value / base;
  const double whole = std::round(ratio);
  return whole >= 1.0 && std::abs(value - whole * base) <= multiple_tolerance * value;
}

std::string_view behaviour_name(Behaviour behaviour) {
  switch (behaviour) {
    case Behaviour::cycle:
      return "cycle";
    case Behaviour::transition:
      return "transition";
    case Behaviour::renewal:
      return "renewal";
    case Behaviour::death:
      break;
  }
  return "death";
}

// A renewal rule shifts weight from differentiating outcomes (neither cell keeps the type) to
// self-renewing ones (both keep it) and back: without one of each, it could change nothing.
std::optional<std::string> renewal_target_problem(const CellTypeSpec& type, int type_index) {
  bool self_renewing = false, differentiating = false;
  for (const DivisionOutcome& outcome : type.division_outcomes) {
    if (!(outcome.probability > 0.0)) continue;
    const int kept = (outcome.parent_type == type_index) + (outcome.daughter_type == type_index);
    self_renewing = self_renewing || kept == 2;
    differentiating = differentiating || kept == 0;
  }
  if (self_renewing && differentiating) return std::nullopt;
  const std::string missing =
      type.division_outcomes.empty() ? "no division outcomes"
      : !self_renewing
          ? "no self-renewing outcome (parent and daughter both '" + type.name + "')"
          : "no differentiating outcome (neither parent nor daughter '" + type.name + "')";
  return "a renewal rule shifts division outcomes between self-renewal and differentiation, and "
         "cell type '" +
         type.name + "' has " + missing + " with probability > 0";
}

}  // namespace

std::optional<std::string> step_problem(double step, double base, std::string_view base_name) {
  if (auto problem = range_problem(step, positive)) return problem;
  if (!std::isfinite(base) || base <= 0.0 || is_multiple(step, base)) return std::nullopt;
  return "must be an integer multiple of the " + std::string(base_name) + " step (it is " +
         format_number(step / base) + " times it)";
}

std::optional<std::string> extent_problem(double min_um, double max_um, double voxel_um) {
  if (!std::isfinite(min_um) || !std::isfinite(max_um)) return "bounds must be finite numbers";
  if (max_um <= min_um) {
    return "must be [min, max] with max > min, not [" + format_number(min_um) + ", " +
           format_number(max_um) + "]";
  }
  if (!std::isfinite(voxel_um) || voxel_um <= 0.0 || is_multiple(max_um - min_um, voxel_um)) {
    return std::nullopt;
  }
  return "extent " + format_number(max_um - min_um) +
         " µm is not an integer multiple of voxel_um " + format_number(voxel_um) + " (it is " +
         format_number((max_um - min_um) / voxel_um) + " voxels)";
}

std::optional<std::string> volume_problem(const VolumeSpec& volume) {
  if (auto problem = range_problem(volume.total_um3, positive)) return "volume " + *problem;
  if (auto problem = range_problem(volume.nuclear_um3, positive)) return *problem;
  if (volume.nuclear_um3 >= volume.total_um3) {
    return "nuclear volume " + format_number(volume.nuclear_um3) +
           " µm³ must be smaller than the cell volume " + format_number(volume.total_um3) + " µm³";
  }
  return std::nullopt;
}

std::optional<std::string> cycle_problem(std::span<const CyclePhaseSpec> cycle) {
  if (cycle.empty()) return std::nullopt;
  const auto dividing = std::ranges::count_if(cycle, &CyclePhaseSpec::divides_at_end);
  if (dividing == 1) return std::nullopt;
  return "exactly one phase of a cycle must have divides_at_end = true (found " +
         std::to_string(dividing) + ")";
}

std::optional<std::string> division_problem(const CellTypeSpec& type) {
  if (type.division_outcomes.empty()) return std::nullopt;
  if (type.cycle.empty())
    return "division outcomes need a cell cycle (cell type '" + type.name + "' never divides)";
  double sum = 0.0;
  for (const DivisionOutcome& outcome : type.division_outcomes) sum += outcome.probability;
  if (std::abs(sum - 1.0) <= probability_sum_tolerance) return std::nullopt;
  return "the probabilities of the division outcomes of cell type '" + type.name + "' sum to " +
         format_number(std::round(sum * 1e12) / 1e12) + ", not 1";  // 0.9, not 0.8999999999999999
}

std::optional<std::string> substance_problem(int substance, std::size_t substance_count) {
  if (substance >= 0 && static_cast<std::size_t>(substance) < substance_count) return std::nullopt;
  return "substance index " + std::to_string(substance) + " is out of range (" +
         std::to_string(substance_count) + " substances)";
}

std::optional<std::string> exchange_problem(std::span<const ExchangeSpec> earlier, int substance,
                                            std::size_t substance_count) {
  if (auto problem = substance_problem(substance, substance_count)) return problem;
  for (const ExchangeSpec& exchange : earlier) {
    if (exchange.substance == substance) return "substance has a second exchange entry";
  }
  return std::nullopt;
}

std::optional<std::string> chemotaxis_problem(const MotilitySpec& motility) {
  if (motility.chemotaxis_bias == 0.0 || motility.chemotaxis_substance != no_chemotaxis)
    return std::nullopt;
  return "a chemotaxis bias of " + format_number(motility.chemotaxis_bias) +
         " needs a chemotaxis substance whose gradient it follows";
}

std::optional<std::string> cell_type_problem(int type, std::size_t type_count) {
  if (type >= 0 && static_cast<std::size_t>(type) < type_count) return std::nullopt;
  return "cell type index " + std::to_string(type) + " is out of range (the scenario has " +
         std::to_string(type_count) + " cell types)";
}

std::optional<std::string> rule_target_problem(const CellTypeSpec& type, int type_index,
                                               Behaviour behaviour) {
  const std::string what = "a " + std::string(behaviour_name(behaviour)) + " rule ";
  switch (behaviour) {
    case Behaviour::renewal:
      return renewal_target_problem(type, type_index);
    case Behaviour::cycle:
      if (std::ranges::any_of(type.cycle, [](const CyclePhaseSpec& phase) {
            return phase.duration_kind == PhaseDuration::exponential;
          }))
        return std::nullopt;
      return what + "scales the exponential phases of a cycle, and cell type '" + type.name +
             "' has " + (type.cycle.empty() ? "no cycle" : "only fixed phases");
    case Behaviour::transition:
      if (type.transition && type.transition->duration_kind == PhaseDuration::exponential)
        return std::nullopt;
      return what + "scales an exponential transition (mean_*), and cell type '" + type.name +
             "' has " + (type.transition ? "a fixed one" : "no transition");
    case Behaviour::death:
      break;
  }
  if (type.apoptosis.rate_per_h > 0.0) return std::nullopt;
  return what + "scales the apoptosis rate, which is 0 for cell type '" + type.name + "'";
}

std::optional<std::string> ridge_period_problem(const BasementMembraneSpec& membrane) {
  if (!(membrane.ridge_depth_um > 0.0)) return std::nullopt;
  if (auto problem = range_problem(membrane.ridge_period_um, positive)) {
    return "ridges of depth " + format_number(membrane.ridge_depth_um) +
           " µm need a ridge period; it " + *problem;
  }
  return std::nullopt;
}

std::optional<std::string> membrane_top_problem(double z_um, const Box& domain) {
  if (auto problem = range_problem(z_um, any_finite)) return problem;
  if (z_um < domain.max_um[2]) return std::nullopt;
  return "the basement membrane at z = " + format_number(z_um) +
         " µm must lie below the top of the domain (z = " + format_number(domain.max_um[2]) +
         " µm)";
}

std::optional<std::string> membrane_bottom_problem(const BasementMembraneSpec& membrane,
                                                   const Box& domain, double voxel_um) {
  // One voxel layer below the lowest point leaves room in the fields for what the surface
  // separates from the cells on it (a supply held at the bottom face, tissue below).
  const double lowest_um = membrane.z_um - membrane.ridge_depth_um;
  const double limit_um = domain.min_um[2] + voxel_um;
  if (!std::isfinite(lowest_um) || lowest_um >= limit_um) return std::nullopt;
  const std::string where =
      membrane.ridge_depth_um > 0.0
          ? "the lowest point of the basement membrane, z_um − ridge_depth_um = " +
                format_number(lowest_um) + " µm,"
          : "the basement membrane at z = " + format_number(lowest_um) + " µm";
  return where + " must lie at least one voxel above the bottom of the domain (z >= " +
         format_number(domain.min_um[2]) + " + " + format_number(voxel_um) + " = " +
         format_number(limit_um) + " µm)";
}

std::optional<std::string> membrane_contact_problem(MembraneContact contact, bool has_membrane) {
  if (contact == MembraneContact::none || has_membrane) return std::nullopt;
  const std::string_view name = contact == MembraneContact::attached ? "attached" : "above";
  return "membrane = \"" + std::string(name) +
         "\" needs a basement membrane, and the scenario has none (add a [basement_membrane] "
         "table, or set membrane = \"none\")";
}

std::optional<std::string> position_problem(const std::array<double, 3>& position_um,
                                            const Box& domain) {
  static constexpr std::array<const char*, 3> axes = {"x", "y", "z"};
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double value = position_um[axis];
    if (!std::isfinite(value)) return std::string(axes[axis]) + " must be a finite number";
    if (value < domain.min_um[axis] || value > domain.max_um[axis]) {
      return "cell at " + std::string(axes[axis]) + " = " + format_number(value) +
             " µm is outside the domain [" + format_number(domain.min_um[axis]) + ", " +
             format_number(domain.max_um[axis]) + "]";
    }
  }
  return std::nullopt;
}

}  // namespace dermasim::engine::detail
