// Scenario loader: the TOML section readers, parse_scenario and load_scenario.
#include "engine/scenario.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "engine/cells_csv.hpp"
#include "engine/scenario_checks.hpp"
#include "engine/toml_reader.hpp"

namespace dermasim::engine {
using namespace detail;  // the scenario loader's internal helpers

namespace {

constexpr std::string_view density_signal_name = "density";  // rule signal that counts cells

constexpr std::array<Choice<DirichletMode>, 2> dirichlet_modes = {{
    {"held", DirichletMode::held},
    {"reset_between_sweeps", DirichletMode::reset_between_sweeps},
}};
constexpr std::array<Choice<BoundaryKind>, 2> boundary_kinds = {{
    {"no_flux", BoundaryKind::no_flux},
    {"dirichlet", BoundaryKind::dirichlet},
}};
constexpr std::array<Choice<PhaseDuration>, 2> phase_durations = {{
    {"fixed", PhaseDuration::fixed},
    {"exponential", PhaseDuration::exponential},
}};
constexpr std::array<Choice<Behaviour>, 4> behaviours = {{
    {"cycle", Behaviour::cycle},
    {"transition", Behaviour::transition},
    {"death", Behaviour::death},
    {"renewal", Behaviour::renewal},
}};
constexpr std::array<Choice<MembraneContact>, 3> membrane_contacts = {{
    {"none", MembraneContact::none},
    {"attached", MembraneContact::attached},
    {"above", MembraneContact::above},
}};
constexpr std::array<Choice<bool>, 2> responses = {{
    {"increase", true},
    {"decrease", false},
}};

constexpr std::array<Choice<OutsideDomain>, 2> outside_domain_choices = {{
    {"freeze", OutsideDomain::freeze},
    {"clamp", OutsideDomain::clamp},
}};

void read_simulation(TableReader& reader, Scenario& scenario) {
  reader.read_time("duration", in_hours_minutes_or_days, positive, Presence::required,
                   scenario.duration_h);
  reader.read_count("seed", scenario.seed);
  reader.read_choice<DirichletMode>("dirichlet_mode", dirichlet_modes, scenario.dirichlet_mode);
  reader.read_number("wall_repulsion_um_per_min", non_negative, per_minute, Presence::optional,
                     scenario.wall_repulsion_um_per_h);
  reader.read_choice<OutsideDomain>("outside_domain", outside_domain_choices,
                                    scenario.outside_domain);
}

void read_time_steps(TableReader& reader, TimeSteps& steps) {
  reader.read_time("diffusion", in_minutes, positive, Presence::optional, steps.diffusion_h);
  reader.read_time("mechanics", in_minutes, positive, Presence::optional, steps.mechanics_h);
  reader.read_time("phenotype", in_minutes, positive, Presence::optional, steps.phenotype_h);
  if (reader.failed()) return;
  if (auto problem = step_problem(steps.mechanics_h, steps.diffusion_h, "diffusion")) {
    return reader.fail("mechanics_min", std::move(*problem));
  }
  if (auto problem = step_problem(steps.phenotype_h, steps.mechanics_h, "mechanics")) {
    reader.fail("phenotype_min", std::move(*problem));
  }
}

void read_domain(TableReader& reader, Scenario& scenario) {
  static constexpr std::array<std::string_view, 3> axis_keys = {"x_um", "y_um", "z_um"};
  reader.read_number("voxel_um", positive, same_unit, Presence::optional, scenario.voxel_um);
  for (std::size_t axis = 0; axis < axis_keys.size(); ++axis) {
    double& min = scenario.domain.min_um[axis];
    double& max = scenario.domain.max_um[axis];
    reader.read_interval(axis_keys[axis], min, max);
    if (reader.failed()) continue;
    if (auto problem = extent_problem(min, max, scenario.voxel_um)) {
      reader.fail(axis_keys[axis], std::move(*problem));
    }
  }
}

// Read after the domain, which the surface must lie inside.
void read_basement_membrane(TableReader& reader, const Scenario& scenario,
                            BasementMembraneSpec& membrane) {
  reader.read_number("z_um", any_finite, same_unit, Presence::required, membrane.z_um);
  reader.read_number("ridge_depth_um", non_negative, same_unit, Presence::optional,
                     membrane.ridge_depth_um);
  if (membrane.ridge_depth_um > 0.0 && !reader.has("ridge_period_um")) {
    reader.fail("ridge_period_um", "missing required key 'ridge_period_um': ridges of depth " +
                                       format_number(membrane.ridge_depth_um) +
                                       " µm need the period they repeat with");
  }
  reader.read_number("ridge_period_um", positive, same_unit, Presence::optional,
                     membrane.ridge_period_um);
  if (reader.failed()) return;
  if (auto problem = membrane_top_problem(membrane.z_um, scenario.domain))
    return reader.fail("z_um", std::move(*problem));
  if (auto problem = membrane_bottom_problem(membrane, scenario.domain, scenario.voxel_um))
    reader.fail(membrane.ridge_depth_um > 0.0 ? "ridge_depth_um" : "z_um", std::move(*problem));
}

void read_face(TableReader& reader, FaceBoundary& face) {
  reader.read_choice<BoundaryKind>("kind", boundary_kinds, face.kind);
  const Presence value_presence =
      face.kind == BoundaryKind::dirichlet ? Presence::required : Presence::optional;
  if (face.kind == BoundaryKind::no_flux && reader.has("value")) {
    return reader.fail("value", "only a face with kind = \"dirichlet\" takes a value");
  }
  reader.read_number("value", non_negative, same_unit, value_presence, face.value);
}

void read_substance(TableReader& reader, std::span<const SubstanceSpec> earlier,
                    SubstanceSpec& substance) {
  reader.read_string("name", Presence::required, substance.name);
  if (auto problem = name_problem(earlier, substance.name, "substance");
      problem && !substance.name.empty()) {
    reader.fail("name", std::move(*problem));
  }
  if (substance.name == density_signal_name) {
    reader.fail("name", "'density' is reserved (a rule's signal = \"density\" counts cells)");
  }
  reader.read_number("diffusion_um2_per_min", non_negative, per_minute, Presence::required,
                     substance.diffusion_um2_per_h);
  reader.read_number("decay_per_min", non_negative, per_minute, Presence::required,
                     substance.decay_per_h);
  reader.read_number("initial", non_negative, same_unit, Presence::optional, substance.initial);
  read_section(reader, "boundary", Presence::optional, [&](TableReader& boundary) {
    for (std::size_t face = 0; face < face_names.size(); ++face) {
      read_section(boundary, face_names[face], Presence::optional, [&](TableReader& face_reader) {
        read_face(face_reader, substance.faces[face]);
      });
    }
  });
}

void read_phase(TableReader& reader, CyclePhaseSpec& phase) {
  reader.read_string("name", Presence::required, phase.name);
  reader.read_time("duration", in_minutes, positive, Presence::required, phase.duration_h);
  reader.read_choice<PhaseDuration>("duration", phase_durations, phase.duration_kind);
  reader.read_bool("doubles_volume_at_entry", phase.doubles_volume_at_entry);
  reader.read_bool("divides_at_end", phase.divides_at_end);
}

// A cell type named in a cell type table, resolved once every [[cell_type]] is read (names may
// refer to later tables).
struct TypeName {
  std::string name;
  std::string location;  // file:line:column key.path of the name
};
struct FateNames {
  std::vector<std::array<TypeName, 2>> division;  // parent, daughter of each outcome
  std::optional<TypeName> transition_to;
};
constexpr std::string_view shed_name = "shed";  // transition.to that removes the cell

TypeName read_type_name(TableReader& reader, std::string_view key) {
  TypeName named;
  reader.read_string(key, Presence::required, named.name);
  named.location = reader.location(key);
  return named;
}

void read_division(TableReader& reader, DivisionOutcome& outcome, std::array<TypeName, 2>& names) {
  names[0] = read_type_name(reader, "parent");
  names[1] = read_type_name(reader, "daughter");
  reader.read_number("probability", probability_range, same_unit, Presence::required,
                     outcome.probability);
}

// The first key of `stem` + unit that the table has; asks for all of them (they are known keys).
std::optional<std::string> time_key_given(TableReader& reader, std::string_view stem) {
  std::optional<std::string> given;
  for (const TimeUnit& unit : in_hours_minutes_or_days) {
    std::string key = std::string(stem) + std::string(unit.suffix);
    if (reader.has(key) && !given) given = std::move(key);
  }
  return given;
}

// A fixed wait (after_*) or the mean of an exponential one (mean_*): exactly one key of the six.
void read_waiting(TableReader& reader, TypeTransition& transition) {
  const auto fixed = time_key_given(reader, "after");
  const auto exponential = time_key_given(reader, "mean");
  if (fixed && exponential) {
    reader.fail(*exponential, "give either a fixed wait ('" + *fixed +
                                  "') or an exponential one ('" + *exponential + "'), not both");
  } else if (!fixed && !exponential) {
    reader.fail("after_h",
                "missing the waiting time: give one of 'after_h', 'after_min', 'after_days' "
                "(fixed) or 'mean_h', 'mean_min', 'mean_days' (exponential mean)");
  }
  reader.read_time("after", in_hours_minutes_or_days, positive, Presence::optional,
                   transition.duration_h);
  reader.read_time("mean", in_hours_minutes_or_days, positive, Presence::optional,
                   transition.duration_h);
  transition.duration_kind = exponential ? PhaseDuration::exponential : PhaseDuration::fixed;
}

void read_transition(TableReader& reader, TypeTransition& transition, TypeName& to) {
  to = read_type_name(reader, "to");
  read_waiting(reader, transition);
  reader.read_number("shift_z_um", any_finite, same_unit, Presence::optional,
                     transition.shift_z_um);
}

// Division outcomes and the transition of a cell type, with their type names left to resolve.
void read_fates(TableReader& reader, CellTypeSpec& type, FateNames& names) {
  read_each(reader, "division", max_table_count, [&](TableReader& division_reader) {
    read_division(division_reader, type.division_outcomes.emplace_back(),
                  names.division.emplace_back());
  });
  if (auto problem = division_problem(type); problem && !reader.failed()) {
    reader.fail("division", std::move(*problem));
  }
  read_section(reader, "transition", Presence::optional, [&](TableReader& transition_reader) {
    read_transition(transition_reader, type.transition.emplace(), names.transition_to.emplace());
  });
}

// Index of the cell type `named`, or shed_type for "shed" where `shed_allowed`; an unknown name is
// reported at its key with the known names.
std::optional<int> resolve_type(TableReader& root, const TypeName& named,
                                std::span<const CellTypeSpec> types, bool shed_allowed) {
  if (auto index = find_name(types, named.name)) return index;
  if (shed_allowed && named.name == shed_name) return shed_type;
  std::vector<std::string> known = names_of(types);
  if (shed_allowed) known.emplace_back(shed_name);
  const auto guess = closest_name(named.name, known);
  root.absorb(fail(Error::invalid_input("unknown cell type '" + named.name + "'" +
                                            (guess ? "; did you mean '" + *guess + "'?" : "") +
                                            " (known: " + quoted_list(known) + ")",
                                        named.location)));
  return std::nullopt;
}

void resolve_fates(TableReader& root, std::span<const FateNames> names,
                   std::vector<CellTypeSpec>& types) {
  for (std::size_t t = 0; t < names.size() && !root.failed(); ++t) {
    CellTypeSpec& type = types[t];
    for (std::size_t k = 0; k < names[t].division.size(); ++k) {
      DivisionOutcome& outcome = type.division_outcomes[k];
      if (auto index = resolve_type(root, names[t].division[k][0], types, false))
        outcome.parent_type = *index;
      if (auto index = resolve_type(root, names[t].division[k][1], types, false))
        outcome.daughter_type = *index;
    }
    if (!names[t].transition_to) continue;
    if (auto index = resolve_type(root, *names[t].transition_to, types, true))
      type.transition->to_type = *index;
  }
}

// The density_of names of each rule of a cell type (empty for substance rules), resolved once every
// [[cell_type]] is read, and where each rule's behaviour is given: a renewal rule is checked
// against the division outcomes once their names are resolved too.
struct RuleNames {
  std::vector<std::vector<TypeName>> density_of;
  std::vector<std::string> behaviour_at;
};

// signal: a substance name or "density"; the substance index is resolved at once.
void read_signal(TableReader& reader, std::span<const SubstanceSpec> substances,
                 BehaviourRule& rule) {
  std::string signal;
  reader.read_string("signal", Presence::required, signal);
  if (signal.empty()) return;
  if (signal == density_signal_name) {
    rule.signal = SignalKind::density;
    return;
  }
  rule.signal = SignalKind::substance;
  if (auto index = find_name(substances, signal)) {
    rule.substance = *index;
    return;
  }
  std::vector<std::string> known = names_of(substances);
  known.emplace_back(density_signal_name);
  const auto guess = closest_name(signal, known);
  reader.fail("signal", "unknown signal '" + signal + "'" +
                            (guess ? "; did you mean '" + *guess + "'?" : "") +
                            " (known: " + quoted_list(known) + ")");
}

// density_of: required with signal = "density", forbidden otherwise; names resolved later.
void read_density_of(TableReader& reader, const BehaviourRule& rule,
                     std::vector<TypeName>& density_of) {
  if (rule.signal != SignalKind::density) {
    if (reader.has("density_of"))
      reader.fail("density_of", "only a rule with signal = \"density\" takes density_of");
    return;
  }
  if (!reader.has("density_of")) {
    return reader.fail("density_of",
                       "missing required key 'density_of' (the cell types a density rule counts)");
  }
  std::vector<std::string> names;
  reader.read_string_list("density_of", names);
  if (reader.failed()) return;
  if (names.empty()) return reader.fail("density_of", "must name at least one cell type");
  const std::string location = reader.location("density_of");
  for (std::size_t index = 0; index < names.size(); ++index)
    density_of.push_back({names[index], location + "[" + std::to_string(index) + "]"});
}

// The saturation key the response asks for (max_fold or min_fraction); the other is an error.
void read_saturation(TableReader& reader, BehaviourRule& rule) {
  const std::string_view wanted = rule.increases ? "max_fold" : "min_fraction";
  const std::string_view other = rule.increases ? "min_fraction" : "max_fold";
  if (reader.has(other)) {
    reader.fail(other, "'" + std::string(other) + "' goes with response = \"" +
                           (rule.increases ? "decrease" : "increase") +
                           "\"; a rule with response = \"" +
                           (rule.increases ? "increase" : "decrease") + "\" takes '" +
                           std::string(wanted) + "'");
  }
  reader.read_number(wanted, rule.increases ? max_fold_range : min_fraction_range, same_unit,
                     Presence::required, rule.saturation);
}

// A renewal rule's direction is fixed (self-renewal below half_max, differentiation above), so the
// keys that set a direction are refused rather than ignored; max_bias is its saturation.
void read_renewal_bias(TableReader& reader, BehaviourRule& rule) {
  for (const std::string_view key : {"response", "max_fold", "min_fraction"}) {
    if (reader.has(key)) {
      reader.fail(key, "a rule with behaviour = \"renewal\" takes no '" + std::string(key) +
                           "': it favours self-renewal below half_max and differentiation above "
                           "it, by at most max_bias");
    }
  }
  // Read even after an error, so that max_bias is a known key (an unknown one would be reported
  // first).
  reader.read_number("max_bias", max_bias_range, same_unit, Presence::required, rule.saturation);
}

void read_rule(TableReader& reader, std::span<const SubstanceSpec> substances,
               const CellTypeSpec& type, int type_index, BehaviourRule& rule,
               std::vector<TypeName>& density_of, std::string& behaviour_at) {
  read_signal(reader, substances, rule);
  read_density_of(reader, rule, density_of);
  reader.read_choice<Behaviour>("behaviour", behaviours, rule.behaviour, Presence::required);
  behaviour_at = reader.location("behaviour");
  if (rule.behaviour == Behaviour::renewal) {
    read_renewal_bias(reader, rule);
  } else {
    if (reader.has("max_bias"))
      reader.fail("max_bias", "only a rule with behaviour = \"renewal\" takes max_bias");
    reader.read_choice<bool>("response", responses, rule.increases, Presence::required);
    read_saturation(reader, rule);
  }
  reader.read_number("half_max", positive, same_unit, Presence::required, rule.half_max);
  reader.read_number("hill", positive, same_unit, Presence::optional, rule.hill);
  // A renewal rule's division outcomes name cell types not all read yet: checked in
  // check_renewal_rules.
  if (reader.failed() || rule.behaviour == Behaviour::renewal) return;
  if (auto problem = rule_target_problem(type, type_index, rule.behaviour))
    reader.fail("behaviour", std::move(*problem));
}

void resolve_rules(TableReader& root, std::span<const RuleNames> names,
                   std::vector<CellTypeSpec>& types) {
  for (std::size_t t = 0; t < names.size() && !root.failed(); ++t) {
    for (std::size_t k = 0; k < names[t].density_of.size() && !root.failed(); ++k) {
      std::vector<int>& counted = types[t].rules[k].density_types;
      for (const TypeName& named : names[t].density_of[k]) {
        const auto index = resolve_type(root, named, types, false);
        if (!index) break;
        if (std::ranges::find(counted, *index) != counted.end()) {
          root.absorb(fail(Error::invalid_input("cell type '" + named.name + "' is listed twice",
                                                named.location)));
          break;
        }
        counted.push_back(*index);
      }
    }
  }
}

// Renewal rules against the resolved division outcomes of their cell type.
void check_renewal_rules(TableReader& root, std::span<const RuleNames> names,
                         std::span<const CellTypeSpec> types) {
  for (std::size_t t = 0; t < names.size() && !root.failed(); ++t) {
    for (std::size_t k = 0; k < types[t].rules.size() && !root.failed(); ++k) {
      if (types[t].rules[k].behaviour != Behaviour::renewal) continue;
      if (auto problem = rule_target_problem(types[t], static_cast<int>(t), Behaviour::renewal))
        root.absorb(fail(Error::invalid_input(std::move(*problem), names[t].behaviour_at[k])));
    }
  }
}

void read_exchange(TableReader& reader, std::span<const SubstanceSpec> substances,
                   std::span<const ExchangeSpec> earlier, ExchangeSpec& exchange) {
  if (auto index = resolve_name(reader, "substance", substances, "substance")) {
    exchange.substance = *index;
    if (auto problem = exchange_problem(earlier, *index, substances.size())) {
      reader.fail("substance", "substance '" + substances[*index].name +
                                   "' already has an exchange entry in this cell type");
    }
  }
  reader.read_number("uptake_per_min", non_negative, per_minute, Presence::optional,
                     exchange.uptake_per_h);
  reader.read_number("secretion_per_min", non_negative, per_minute, Presence::optional,
                     exchange.secretion_per_h);
  reader.read_number("secretion_target", non_negative, same_unit, Presence::optional,
                     exchange.secretion_target);
}

void read_volume(TableReader& reader, VolumeSpec& volume) {
  reader.read_number("volume_um3", positive, same_unit, Presence::optional, volume.total_um3);
  reader.read_number("nuclear_volume_um3", positive, same_unit, Presence::optional,
                     volume.nuclear_um3);
  reader.read_number("fluid_fraction", fraction, same_unit, Presence::optional,
                     volume.fluid_fraction);
  reader.read_number("fluid_change_per_min", non_negative, per_minute, Presence::optional,
                     volume.fluid_change_per_h);
  reader.read_number("nuclear_biomass_change_per_min", non_negative, per_minute, Presence::optional,
                     volume.nuclear_biomass_change_per_h);
  reader.read_number("cytoplasmic_biomass_change_per_min", non_negative, per_minute,
                     Presence::optional, volume.cytoplasmic_biomass_change_per_h);
  if (reader.failed()) return;
  if (auto problem = volume_problem(volume)) reader.fail("nuclear_volume_um3", std::move(*problem));
}

void read_mechanics(TableReader& reader, const std::optional<BasementMembraneSpec>& membrane,
                    MechanicsSpec& mechanics) {
  reader.read_number("repulsion_um_per_min", non_negative, per_minute, Presence::optional,
                     mechanics.repulsion_um_per_h);
  reader.read_number("adhesion_um_per_min", non_negative, per_minute, Presence::optional,
                     mechanics.adhesion_um_per_h);
  reader.read_number("max_adhesion_distance_ratio", at_least_one, same_unit, Presence::optional,
                     mechanics.max_adhesion_distance_ratio);
  reader.read_choice<MembraneContact>("membrane", membrane_contacts, mechanics.membrane);
  if (auto problem = membrane_contact_problem(mechanics.membrane, membrane.has_value()))
    reader.fail("membrane", std::move(*problem));
}

// chemotaxis_substance (the name of a [[substance]], read before the cell types) and
// chemotaxis_bias: both or neither.
void read_chemotaxis(TableReader& reader, std::span<const SubstanceSpec> substances,
                     MotilitySpec& motility) {
  const bool has_substance = reader.has("chemotaxis_substance");
  if (has_substance) {
    if (auto index = resolve_name(reader, "chemotaxis_substance", substances, "substance"))
      motility.chemotaxis_substance = *index;
  }
  if (has_substance && !reader.has("chemotaxis_bias")) {
    reader.fail("chemotaxis_bias",
                "missing required key 'chemotaxis_bias': how strongly the cells follow the "
                "gradient of the chemotaxis substance, from 0 (not at all) to 1 (straight up it)");
  }
  if (!has_substance && reader.has("chemotaxis_bias")) {
    reader.fail("chemotaxis_bias",
                "chemotaxis_bias needs chemotaxis_substance: the substance whose gradient the "
                "cells follow");
  }
  reader.read_number("chemotaxis_bias", probability_range, same_unit, Presence::optional,
                     motility.chemotaxis_bias);
  reader.read_number("chemotaxis_gradient_half_max_per_um", non_negative, same_unit,
                     Presence::optional, motility.chemotaxis_gradient_half_max);
}

void read_motility(TableReader& reader, std::span<const SubstanceSpec> substances,
                   MotilitySpec& motility) {
  reader.read_number("speed_um_per_min", non_negative, per_minute, Presence::optional,
                     motility.speed_um_per_h);
  reader.read_time("persistence", in_minutes_or_hours, positive, Presence::optional,
                   motility.persistence_h);
  read_chemotaxis(reader, substances, motility);
}

void read_apoptosis(TableReader& reader, ApoptosisSpec& apoptosis) {
  reader.read_number("apoptosis_per_min", non_negative, per_minute, Presence::optional,
                     apoptosis.rate_per_h);
  reader.read_time("apoptosis_duration", in_minutes, positive, Presence::optional,
                   apoptosis.duration_h);
  reader.read_number("apoptosis_fluid_change_per_min", non_negative, per_minute, Presence::optional,
                     apoptosis.fluid_change_per_h);
  reader.read_number("apoptosis_nuclear_biomass_change_per_min", non_negative, per_minute,
                     Presence::optional, apoptosis.nuclear_biomass_change_per_h);
  reader.read_number("apoptosis_cytoplasmic_biomass_change_per_min", non_negative, per_minute,
                     Presence::optional, apoptosis.cytoplasmic_biomass_change_per_h);
  reader.read_number("apoptosis_uptake_fraction", Range{.min = 0.0, .max = 1.0}, same_unit,
                     Presence::optional, apoptosis.uptake_fraction);
}

void read_cell_type(TableReader& reader, const Scenario& scenario, CellTypeSpec& type,
                    FateNames& fate_names, RuleNames& rule_names) {
  const std::span<const CellTypeSpec> earlier(scenario.cell_types);
  const std::span<const SubstanceSpec> substances(scenario.substances);
  reader.read_string("name", Presence::required, type.name);
  if (auto problem = name_problem(earlier, type.name, "cell type"); problem && !type.name.empty()) {
    reader.fail("name", std::move(*problem));
  }
  if (type.name == shed_name) {
    reader.fail("name", "'shed' is reserved (transition.to = \"shed\" removes the cell)");
  }
  read_volume(reader, type.volume);
  read_mechanics(reader, scenario.basement_membrane, type.mechanics);
  read_section(reader, "motility", Presence::optional, [&](TableReader& motility_reader) {
    read_motility(motility_reader, substances, type.motility);
  });
  read_apoptosis(reader, type.apoptosis);
  read_each(reader, "cycle", max_table_count, [&](TableReader& phase_reader) {
    read_phase(phase_reader, type.cycle.emplace_back());
  });
  if (auto problem = cycle_problem(type.cycle); problem && !reader.failed()) {
    reader.fail("cycle", std::move(*problem));
  }
  read_each(reader, "exchange", max_table_count, [&](TableReader& exchange_reader) {
    ExchangeSpec exchange;
    read_exchange(exchange_reader, substances, type.exchange, exchange);
    type.exchange.push_back(exchange);
  });
  read_fates(reader, type, fate_names);
  // After the cycle, apoptosis and transition, which a rule must find a rate in.
  read_each(reader, "rule", max_table_count, [&](TableReader& rule_reader) {
    read_rule(rule_reader, substances, type, static_cast<int>(earlier.size()),
              type.rules.emplace_back(), rule_names.density_of.emplace_back(),
              rule_names.behaviour_at.emplace_back());
  });
}

void read_inline_cell(TableReader& reader, const Scenario& scenario, InitialCell& cell) {
  static constexpr std::array<std::string_view, 3> axis_keys = {"x_um", "y_um", "z_um"};
  for (std::size_t axis = 0; axis < axis_keys.size(); ++axis) {
    reader.read_number(axis_keys[axis], any_finite, same_unit, Presence::required,
                       cell.position_um[axis]);
  }
  if (auto index = resolve_name(reader, "type", std::span(scenario.cell_types), "cell type")) {
    cell.type = *index;
  }
  if (reader.failed()) return;
  if (auto problem = position_problem(cell.position_um, scenario.domain)) {
    reader.fail("x_um", std::move(*problem));
  }
}

void read_cells_file(TableReader& reader, const std::filesystem::path& folder, Scenario& scenario) {
  std::string csv;
  reader.read_string("csv", Presence::optional, csv);
  if (csv.empty() || reader.failed()) return;
  const std::filesystem::path path = folder / csv;
  auto check_row = [&](const CsvRow& row) -> Status {
    if (auto problem = cell_type_problem(row.cell.type, scenario.cell_types.size())) {
      return fail(Error::invalid_input(std::move(*problem),
                                       csv_field(path, row.line, row.columns[3], "type")));
    }
    if (auto problem = position_problem(row.cell.position_um, scenario.domain)) {
      return fail(
          Error::invalid_input(std::move(*problem), csv_field(path, row.line, row.columns[0], "")));
    }
    return {};
  };
  auto cells = read_cells_csv(path, check_row);
  if (!cells) {
    cells.error().message += " (named by " + reader.location("csv") + ")";
    return reader.absorb(fail(std::move(cells.error())));
  }
  scenario.initial_cells = std::move(*cells);
}

void read_cells(TableReader& reader, const std::filesystem::path& folder, Scenario& scenario) {
  read_cells_file(reader, folder, scenario);
  read_each(reader, "cell", std::numeric_limits<std::size_t>::max(), [&](TableReader& cell_reader) {
    InitialCell cell;
    read_inline_cell(cell_reader, scenario, cell);
    scenario.initial_cells.push_back(cell);
  });
}

void read_output(TableReader& reader, OutputSpec& output) {
  reader.read_bool("summary", output.summary);
  reader.read_time("timeseries_interval", in_minutes_or_hours, non_negative, Presence::optional,
                   output.timeseries_interval_h);
  reader.read_time("snapshot_interval", in_minutes_or_hours, non_negative, Presence::optional,
                   output.snapshot_interval_h);
  reader.read_bool("final_snapshot", output.final_snapshot);
}

void read_lineage(TableReader& reader, std::span<const CellTypeSpec> types, LineageSpec& lineage) {
  reader.read_time("label_at", in_hours_minutes_or_days, non_negative, Presence::optional,
                   lineage.label_at_h);
  reader.read_number("fraction", labelled_fraction, same_unit, Presence::optional,
                     lineage.fraction);
  reader.read_time("record_interval", in_hours_minutes_or_days, non_negative, Presence::optional,
                   lineage.record_interval_h);
  std::vector<std::string> names;
  reader.read_string_list("label_types", names);
  for (const std::string& name : names) {
    if (auto index = find_name(types, name)) {
      lineage.label_types.push_back(*index);
    } else {
      const std::vector<std::string> known = names_of(types);
      reader.fail("label_types", "unknown cell type '" + name + "'" + suggestion(name, known) +
                                     " (known: " + quoted_list(known) + ")");
    }
  }
}

// Sections in dependency order: the basement membrane refers to the domain, cell types to
// substances and the basement membrane, cells to cell types and domain.
void read_scenario(TableReader& root, const std::filesystem::path& origin, Scenario& scenario) {
  root.read_string("name", Presence::optional, scenario.name);
  read_section(root, "simulation", Presence::required,
               [&](TableReader& reader) { read_simulation(reader, scenario); });
  read_section(root, "time_steps", Presence::optional,
               [&](TableReader& reader) { read_time_steps(reader, scenario.time_steps); });
  read_section(root, "domain", Presence::required,
               [&](TableReader& reader) { read_domain(reader, scenario); });
  read_section(root, "basement_membrane", Presence::optional, [&](TableReader& reader) {
    read_basement_membrane(reader, scenario, scenario.basement_membrane.emplace());
  });
  read_each(root, "substance", max_table_count, [&](TableReader& reader) {
    SubstanceSpec substance;
    read_substance(reader, scenario.substances, substance);
    scenario.substances.push_back(std::move(substance));
  });
  std::vector<FateNames> fate_names;
  std::vector<RuleNames> rule_names;
  read_each(root, "cell_type", max_table_count, [&](TableReader& reader) {
    CellTypeSpec type;
    read_cell_type(reader, scenario, type, fate_names.emplace_back(), rule_names.emplace_back());
    scenario.cell_types.push_back(std::move(type));
  });
  if (!root.failed()) resolve_fates(root, fate_names, scenario.cell_types);
  if (!root.failed()) resolve_rules(root, rule_names, scenario.cell_types);
  if (!root.failed()) check_renewal_rules(root, rule_names, scenario.cell_types);
  // Cells are only checked against a domain and cell types that were read without error.
  if (root.failed()) {
    root.has("cells");
  } else {
    read_section(root, "cells", Presence::optional,
                 [&](TableReader& reader) { read_cells(reader, origin.parent_path(), scenario); });
  }
  read_section(root, "output", Presence::optional,
               [&](TableReader& reader) { read_output(reader, scenario.output); });
  read_section(root, "lineage", Presence::optional, [&](TableReader& reader) {
    read_lineage(reader, scenario.cell_types, scenario.lineage.emplace());
  });
}

}  // namespace

Result<Scenario> parse_scenario(std::string_view toml_text, const std::filesystem::path& origin) {
  const std::string file = origin.empty() ? std::string("<scenario>") : origin.string();
  if (auto problem = size_problem(toml_text.size(), max_scenario_bytes, "scenario file")) {
    return fail(Error::invalid_input(std::move(*problem), file));
  }
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(file));
  } catch (const toml::parse_error& error) {
    return fail(Error::invalid_input("TOML syntax error: " + std::string(error.description()),
                                     locate(file, error.source().begin, "")));
  }
  Scenario scenario;
  scenario.source_file = origin;
  scenario.name = origin.empty() ? std::string("scenario") : origin.stem().string();
  TableReader reader(root, "", file);
  read_scenario(reader, origin, scenario);
  DERMASIM_TRY(reader.finish());
  DERMASIM_TRY(validate(scenario));
  return scenario;
}

Result<Scenario> load_scenario(const std::filesystem::path& path) {
  DERMASIM_TRY(check_file_readable(path, max_scenario_bytes, "scenario file"));
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  if (!stream) {
    return fail(
        Error::unavailable("cannot read scenario file '" + path.string() + "'", path.string()));
  }
  return parse_scenario(text.str(), path);
}

}  // namespace dermasim::engine
