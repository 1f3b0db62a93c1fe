// Death, cycle and PhysiCell's standard volume model per agent; divisions and removals afterwards.
#include "engine/phenotype.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/parallel.hpp"
#include "engine/random.hpp"

namespace dermasim::engine {
namespace {

std::int32_t steps_for(double duration_h, double dt_h) {
  return std::max<std::int32_t>(1, static_cast<std::int32_t>(std::llround(duration_h / dt_h)));
}

double radius_of(double volume_um3) {
  return std::cbrt(std::max(volume_um3, 0.0) / (4.0 / 3.0 * std::numbers::pi));
}

struct VolumeRates {
  double fluid_per_h, nuclear_per_h, cytoplasmic_per_h;
};

// Explicit step of the standard volume model towards the agent's targets.
void relax_volume(AgentStore& a, std::size_t i, const VolumeRates& rates, double cyto_to_nuclear,
                  double dt_h) {
  double fluid =
      a.fluid_um3[i] +
      dt_h * rates.fluid_per_h * (a.target_fluid_fraction[i] * a.volume_um3[i] - a.fluid_um3[i]);
  fluid = std::max(fluid, 0.0);
  const double nuclear_fluid = (a.nuclear_um3[i] / (a.volume_um3[i] + 1e-16)) * fluid;
  const double cytoplasmic_fluid = fluid - nuclear_fluid;
  double nuclear_solid =
      a.nuclear_solid_um3[i] +
      dt_h * rates.nuclear_per_h * (a.target_nuclear_solid_um3[i] - a.nuclear_solid_um3[i]);
  nuclear_solid = std::max(nuclear_solid, 0.0);
  a.target_cytoplasmic_solid_um3[i] = cyto_to_nuclear * a.target_nuclear_solid_um3[i];
  double cytoplasmic_solid = a.cytoplasmic_solid_um3[i] +
                             dt_h * rates.cytoplasmic_per_h *
                                 (a.target_cytoplasmic_solid_um3[i] - a.cytoplasmic_solid_um3[i]);
  cytoplasmic_solid = std::max(cytoplasmic_solid, 0.0);
  a.fluid_um3[i] = fluid;
  a.nuclear_solid_um3[i] = nuclear_solid;
  a.cytoplasmic_solid_um3[i] = cytoplasmic_solid;
  a.nuclear_um3[i] = nuclear_solid + nuclear_fluid;
  a.volume_um3[i] = nuclear_solid + nuclear_fluid + cytoplasmic_solid + cytoplasmic_fluid;
  a.radius_um[i] = radius_of(a.volume_um3[i]);
}

void start_apoptosis(AgentStore& a, std::size_t i) {
  a.state[i] = AgentState::dying;
  a.steps_dying[i] = 0;
  a.target_fluid_fraction[i] = 0.0;
  a.target_nuclear_solid_um3[i] = 0.0;
  a.target_cytoplasmic_solid_um3[i] = 0.0;
}

void scale_volume(AgentStore& a, std::size_t i, double ratio) {
  for (auto* column :
       {&a.volume_um3, &a.fluid_um3, &a.nuclear_solid_um3, &a.cytoplasmic_solid_um3, &a.nuclear_um3,
        &a.target_nuclear_solid_um3, &a.target_cytoplasmic_solid_um3})
    (*column)[i] *= ratio;
  a.radius_um[i] = radius_of(a.volume_um3[i]);
}

// Advances the cycle of a living agent by one step; true when it divides now.
bool advance_cycle(AgentStore& a, std::size_t i, const TypeRules& rules, double draw) {
  if (rules.phases.empty()) return false;
  const PhaseRule& phase = rules.phases[a.phase[i]];
  ++a.steps_in_phase[i];
  const bool ends = phase.exponential ? draw < phase.probability_per_step
                                      : a.steps_in_phase[i] >= phase.fixed_steps;
  if (!ends) return false;
  a.steps_in_phase[i] = 0;
  if (phase.divides_at_end) {
    a.phase[i] = 0;
    return true;
  }
  a.phase[i] = (a.phase[i] + 1) % static_cast<std::int32_t>(rules.phases.size());
  if (rules.phases[a.phase[i]].doubles_volume_at_entry) {
    a.target_nuclear_solid_um3[i] *= 2.0;
    a.target_cytoplasmic_solid_um3[i] *= 2.0;
  }
  return false;
}

}  // namespace

PhenotypeTable PhenotypeTable::from(const Scenario& scenario) {
  PhenotypeTable table;
  const double dt_h = scenario.time_steps.phenotype_h;
  for (const CellTypeSpec& spec : scenario.cell_types) {
    TypeRules rules;
    for (const CyclePhaseSpec& phase : spec.cycle) {
      PhaseRule rule;
      rule.exponential = phase.duration_kind == PhaseDuration::exponential;
      rule.fixed_steps = steps_for(phase.duration_h, dt_h);
      // PhysiCell's transition probability: rate × dt (not 1 − exp(−rate dt)), as benchmark B1
      // states.
      rule.probability_per_step = std::min(1.0, dt_h / phase.duration_h);
      rule.doubles_volume_at_entry = phase.doubles_volume_at_entry;
      rule.divides_at_end = phase.divides_at_end;
      rules.phases.push_back(rule);
    }
    rules.volume = spec.volume;
    rules.cytoplasmic_to_nuclear_ratio =
        (spec.volume.total_um3 - spec.volume.nuclear_um3) / spec.volume.nuclear_um3;
    rules.apoptosis = spec.apoptosis;
    rules.death_probability_per_step = std::min(1.0, spec.apoptosis.rate_per_h * dt_h);
    rules.dying_steps = steps_for(spec.apoptosis.duration_h, dt_h);
    table.types.push_back(std::move(rules));
  }
  return table;
}

void initialise_volume(AgentStore& a, std::size_t i, const TypeRules& rules) {
  const VolumeSpec& v = rules.volume;
  a.volume_um3[i] = v.total_um3;
  a.nuclear_um3[i] = v.nuclear_um3;
  a.fluid_um3[i] = v.fluid_fraction * v.total_um3;
  a.nuclear_solid_um3[i] = v.nuclear_um3 * (1.0 - v.fluid_fraction);
  a.cytoplasmic_solid_um3[i] = (v.total_um3 - v.nuclear_um3) * (1.0 - v.fluid_fraction);
  a.target_nuclear_solid_um3[i] = a.nuclear_solid_um3[i];
  a.target_cytoplasmic_solid_um3[i] = a.cytoplasmic_solid_um3[i];
  a.target_fluid_fraction[i] = v.fluid_fraction;
  a.radius_um[i] = radius_of(v.total_um3);
}

PhenotypeCounts phenotype_step(AgentStore& agents, const PhenotypeTable& table, double dt_h,
                               std::uint64_t seed, std::uint64_t step, std::uint64_t& next_agent_id,
                               PhenotypeScratch& scratch) {
  const std::size_t n = agents.size();
  scratch.divides.assign(n, 0);
  scratch.removes.assign(n, 0);
  scratch.division_direction.resize(n);
  std::size_t deaths_started = 0;
#pragma omp parallel for schedule(static) reduction(+ : deaths_started) if (n >= min_parallel_agents)
  for (std::ptrdiff_t signed_i = 0; signed_i < static_cast<std::ptrdiff_t>(n); ++signed_i) {
    const auto i = static_cast<std::size_t>(signed_i);
    const TypeRules& rules = table.types[agents.type[i]];
    if (agents.state[i] == AgentState::frozen) continue;
    if (agents.state[i] == AgentState::alive) {
      const auto death = uniforms(seed, agents.id[i], step, RandomStream::death);
      if (death[0] < rules.death_probability_per_step) {
        start_apoptosis(agents, i);
        ++deaths_started;
      } else {
        const auto cycle = uniforms(seed, agents.id[i], step, RandomStream::cycle);
        if (advance_cycle(agents, i, rules, cycle[0])) {
          const auto d = uniforms(seed, agents.id[i], step, RandomStream::division_direction);
          scratch.divides[i] = 1;
          scratch.division_direction[i] = unit_sphere(d[0], d[1]);
        }
      }
    } else if (++agents.steps_dying[i] >= rules.dying_steps) {
      scratch.removes[i] = 1;
    }
    const bool dying = agents.state[i] == AgentState::dying;
    const VolumeRates rates = dying ? VolumeRates{rules.apoptosis.fluid_change_per_h,
                                                  rules.apoptosis.nuclear_biomass_change_per_h,
                                                  rules.apoptosis.cytoplasmic_biomass_change_per_h}
                                    : VolumeRates{rules.volume.fluid_change_per_h,
                                                  rules.volume.nuclear_biomass_change_per_h,
                                                  rules.volume.cytoplasmic_biomass_change_per_h};
    relax_volume(agents, i, rates, dying ? 0.0 : rules.cytoplasmic_to_nuclear_ratio, dt_h);
  }

  PhenotypeCounts counts;
  counts.deaths_started = deaths_started;
  for (std::size_t i = 0; i < n; ++i) {
    if (!scratch.divides[i]) continue;
    const double radius = agents.radius_um[i];
    const auto& u = scratch.division_direction[i];
    scale_volume(agents, i, 0.5);
    const std::size_t child = agents.append_copy(i, next_agent_id++);
    agents.x_um[child] = agents.x_um[i] + radius * u[0];
    agents.y_um[child] = agents.y_um[i] + radius * u[1];
    agents.z_um[child] = agents.z_um[i] + radius * u[2];
    agents.x_um[i] -= 0.5 * radius * u[0];
    agents.y_um[i] -= 0.5 * radius * u[1];
    agents.z_um[i] -= 0.5 * radius * u[2];
    ++counts.births;
  }
  for (std::size_t i = n; i-- > 0;) {
    if (!scratch.removes[i]) continue;
    agents.remove_swap_last(i);
    ++counts.removals;
  }
  return counts;
}

}  // namespace dermasim::engine
