// validate(const Scenario&): cross-field consistency of a scenario, loaded or built in code.
#include "engine/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "engine/scenario_checks.hpp"
#include "engine/toml_reader.hpp"

namespace dermasim::engine {
using namespace detail;  // the scenario loader's internal helpers

namespace {

Status require(std::optional<std::string> problem, std::string field) {
  if (!problem) return {};
  return fail(Error::invalid_input(std::move(*problem), std::move(field)));
}

std::string indexed(std::string_view prefix, std::size_t index, std::string_view suffix = {}) {
  return std::string(prefix) + "[" + std::to_string(index) + "]" + std::string(suffix);
}

Status validate_division(const Scenario& scenario, std::size_t index) {
  const CellTypeSpec& type = scenario.cell_types[index];
  const std::size_t type_count = scenario.cell_types.size();
  for (std::size_t entry = 0; entry < type.division_outcomes.size(); ++entry) {
    const DivisionOutcome& outcome = type.division_outcomes[entry];
    const std::string field = indexed("cell_types", index, indexed(".division_outcomes", entry));
    DERMASIM_TRY(
        require(cell_type_problem(outcome.parent_type, type_count), field + ".parent_type"));
    DERMASIM_TRY(
        require(cell_type_problem(outcome.daughter_type, type_count), field + ".daughter_type"));
    DERMASIM_TRY(
        require(range_problem(outcome.probability, probability_range), field + ".probability"));
  }
  return require(division_problem(type), indexed("cell_types", index, ".division_outcomes"));
}

Status validate_transition(const Scenario& scenario, std::size_t index) {
  const std::optional<TypeTransition>& transition = scenario.cell_types[index].transition;
  if (!transition) return {};
  const std::string field = indexed("cell_types", index, ".transition");
  if (transition->to_type != shed_type) {
    DERMASIM_TRY(require(cell_type_problem(transition->to_type, scenario.cell_types.size()),
                         field + ".to_type"));
  }
  DERMASIM_TRY(require(range_problem(transition->duration_h, positive), field + ".duration_h"));
  return require(range_problem(transition->shift_z_um, any_finite), field + ".shift_z_um");
}

Status validate_rule(const Scenario& scenario, std::size_t index, std::size_t entry) {
  const CellTypeSpec& type = scenario.cell_types[index];
  const BehaviourRule& rule = type.rules[entry];
  const std::string field = indexed("cell_types", index, indexed(".rules", entry));
  if (rule.signal == SignalKind::substance) {
    DERMASIM_TRY(require(substance_problem(rule.substance, scenario.substances.size()),
                         field + ".substance"));
    if (!rule.density_types.empty()) {
      return require("only a density rule (SignalKind::density) counts density_types",
                     field + ".density_types");
    }
  } else {
    if (rule.density_types.empty())
      return require("a density rule must count at least one cell type", field + ".density_types");
    for (std::size_t k = 0; k < rule.density_types.size(); ++k) {
      const std::string type_field = indexed(field + ".density_types", k);
      DERMASIM_TRY(require(cell_type_problem(rule.density_types[k], scenario.cell_types.size()),
                           type_field));
      const std::span<const int> earlier(rule.density_types.data(), k);
      if (std::ranges::find(earlier, rule.density_types[k]) != earlier.end())
        return require(
            "cell type index " + std::to_string(rule.density_types[k]) + " is listed twice",
            type_field);
    }
  }
  DERMASIM_TRY(
      require(range_problem(rule.saturation, saturation_range(rule)), field + ".saturation"));
  DERMASIM_TRY(require(range_problem(rule.half_max, positive), field + ".half_max"));
  DERMASIM_TRY(require(range_problem(rule.hill, positive), field + ".hill"));
  return require(rule_target_problem(type, static_cast<int>(index), rule.behaviour),
                 field + ".behaviour");
}

Status validate_motility(const Scenario& scenario, std::size_t index) {
  const MotilitySpec& motility = scenario.cell_types[index].motility;
  const std::string field = indexed("cell_types", index, ".motility");
  DERMASIM_TRY(
      require(range_problem(motility.speed_um_per_h, non_negative), field + ".speed_um_per_h"));
  if (motility.speed_um_per_h > 0.0) {
    DERMASIM_TRY(
        require(range_problem(motility.persistence_h, positive), field + ".persistence_h"));
  }
  DERMASIM_TRY(require(range_problem(motility.chemotaxis_bias, probability_range),
                       field + ".chemotaxis_bias"));
  DERMASIM_TRY(require(range_problem(motility.chemotaxis_gradient_half_max, non_negative),
                       field + ".chemotaxis_gradient_half_max"));
  if (motility.chemotaxis_substance != no_chemotaxis) {
    return require(substance_problem(motility.chemotaxis_substance, scenario.substances.size()),
                   field + ".chemotaxis_substance");
  }
  return require(chemotaxis_problem(motility), field + ".chemotaxis_bias");
}

Status validate_cell_type(const Scenario& scenario, std::size_t index) {
  const CellTypeSpec& type = scenario.cell_types[index];
  const std::span<const CellTypeSpec> earlier(scenario.cell_types.data(), index);
  DERMASIM_TRY(require(name_problem(earlier, type.name, "cell type"),
                       indexed("cell_types", index, ".name")));
  DERMASIM_TRY(require(volume_problem(type.volume), indexed("cell_types", index, ".volume")));
  DERMASIM_TRY(require(cycle_problem(type.cycle), indexed("cell_types", index, ".cycle")));
  for (std::size_t entry = 0; entry < type.exchange.size(); ++entry) {
    const std::span<const ExchangeSpec> earlier_exchange(type.exchange.data(), entry);
    DERMASIM_TRY(require(exchange_problem(earlier_exchange, type.exchange[entry].substance,
                                          scenario.substances.size()),
                         indexed("cell_types", index, indexed(".exchange", entry, ".substance"))));
  }
  DERMASIM_TRY(require(
      membrane_contact_problem(type.mechanics.membrane, scenario.basement_membrane.has_value()),
      indexed("cell_types", index, ".mechanics.membrane")));
  DERMASIM_TRY(validate_motility(scenario, index));
  DERMASIM_TRY(validate_division(scenario, index));
  DERMASIM_TRY(validate_transition(scenario, index));
  for (std::size_t entry = 0; entry < type.rules.size(); ++entry)
    DERMASIM_TRY(validate_rule(scenario, index, entry));
  return {};
}

Status validate_lineage(const Scenario& scenario) {
  if (!scenario.lineage) return {};
  const LineageSpec& lineage = *scenario.lineage;
  DERMASIM_TRY(require(range_problem(lineage.label_at_h, non_negative), "lineage.label_at_h"));
  DERMASIM_TRY(require(range_problem(lineage.fraction, labelled_fraction), "lineage.fraction"));
  DERMASIM_TRY(
      require(range_problem(lineage.record_interval_h, non_negative), "lineage.record_interval_h"));
  for (std::size_t index = 0; index < lineage.label_types.size(); ++index)
    DERMASIM_TRY(require(cell_type_problem(lineage.label_types[index], scenario.cell_types.size()),
                         indexed("lineage.label_types", index)));
  return {};
}

Status validate_basement_membrane(const Scenario& scenario) {
  if (!scenario.basement_membrane) return {};
  const BasementMembraneSpec& membrane = *scenario.basement_membrane;
  DERMASIM_TRY(
      require(membrane_top_problem(membrane.z_um, scenario.domain), "basement_membrane.z_um"));
  DERMASIM_TRY(require(range_problem(membrane.ridge_depth_um, non_negative),
                       "basement_membrane.ridge_depth_um"));
  DERMASIM_TRY(require(ridge_period_problem(membrane), "basement_membrane.ridge_period_um"));
  return require(membrane_bottom_problem(membrane, scenario.domain, scenario.voxel_um),
                 membrane.ridge_depth_um > 0.0 ? "basement_membrane.ridge_depth_um"
                                               : "basement_membrane.z_um");
}

// Voxels a run may hold: 5e7 voxels with 4 substance lanes take about 4 GB with their working
// arrays, a sixth of this project's 24 GiB machines.
constexpr double max_voxels = 5e7;

// A grid too large to allocate, with the numbers that say what to change.
std::optional<std::string> grid_size_problem(const Scenario& scenario) {
  double voxels = 1.0;
  std::string shape;
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double count = std::round((scenario.domain.max_um[axis] - scenario.domain.min_um[axis]) /
                                    scenario.voxel_um);
    voxels *= count;
    shape += (axis == 0 ? "" : " x ") + format_number(count);
  }
  if (voxels <= max_voxels) return std::nullopt;
  return "the domain holds " + shape + " = " + format_number(voxels) + " voxels, more than the " +
         format_number(max_voxels) + " a run can hold: use a larger voxel_um or a smaller domain";
}

}  // namespace

Status validate(const Scenario& scenario) {
  DERMASIM_TRY(require(range_problem(scenario.duration_h, positive), "duration_h"));
  DERMASIM_TRY(require(range_problem(scenario.voxel_um, positive), "voxel_um"));
  const TimeSteps& steps = scenario.time_steps;
  DERMASIM_TRY(require(range_problem(steps.diffusion_h, positive), "time_steps.diffusion_h"));
  DERMASIM_TRY(require(step_problem(steps.mechanics_h, steps.diffusion_h, "diffusion"),
                       "time_steps.mechanics_h"));
  DERMASIM_TRY(require(step_problem(steps.phenotype_h, steps.mechanics_h, "mechanics"),
                       "time_steps.phenotype_h"));
  for (std::size_t axis = 0; axis < 3; ++axis) {
    DERMASIM_TRY(require(extent_problem(scenario.domain.min_um[axis], scenario.domain.max_um[axis],
                                        scenario.voxel_um),
                         indexed("domain", axis)));
  }
  DERMASIM_TRY(require(grid_size_problem(scenario), "domain"));
  for (std::size_t index = 0; index < scenario.substances.size(); ++index) {
    const std::span<const SubstanceSpec> earlier(scenario.substances.data(), index);
    DERMASIM_TRY(require(name_problem(earlier, scenario.substances[index].name, "substance"),
                         indexed("substances", index, ".name")));
  }
  DERMASIM_TRY(validate_basement_membrane(scenario));
  for (std::size_t index = 0; index < scenario.cell_types.size(); ++index) {
    DERMASIM_TRY(validate_cell_type(scenario, index));
  }
  for (std::size_t index = 0; index < scenario.initial_cells.size(); ++index) {
    const InitialCell& cell = scenario.initial_cells[index];
    DERMASIM_TRY(require(cell_type_problem(cell.type, scenario.cell_types.size()),
                         indexed("initial_cells", index, ".type")));
    DERMASIM_TRY(require(position_problem(cell.position_um, scenario.domain),
                         indexed("initial_cells", index, ".position_um")));
  }
  DERMASIM_TRY(require(range_problem(scenario.output.timeseries_interval_h, non_negative),
                       "output.timeseries_interval_h"));
  DERMASIM_TRY(require(range_problem(scenario.output.snapshot_interval_h, non_negative),
                       "output.snapshot_interval_h"));
  return validate_lineage(scenario);
}

}  // namespace dermasim::engine
