// The wound-healing timeline measured on a simulated excisional wound.
#include "skin/wound_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace dermasim::skin {
namespace {

constexpr double hours_per_day = 24.0;
constexpr double run_days = 90.0;
constexpr const char* timeline_source = "REFERENCE §E1 (wound-healing reviews; curated timings)";
constexpr const char* myofibroblast_source = "Desmouliere 1995 (Am J Pathol 146:56), REFERENCE §E1";
constexpr const char* strength_source =
    "Levenson 1965 (Ann Surg 161:293) via secondary sources, REFERENCE §E1";

using Member = double DermisObservables::*;

double day_of(const WoundTrajectory& w, std::size_t index) {
  return static_cast<double>(index) * w.interval_h / hours_per_day;
}

// Mean of `member` over the samples within `half_window` of sample i (fewer at the ends).
double smoothed(const WoundTrajectory& w, Member member, std::size_t i, std::size_t half_window) {
  const std::size_t first = i > half_window ? i - half_window : 0;
  const std::size_t last = std::min(w.samples.size() - 1, i + half_window);
  double sum = 0.0;
  for (std::size_t j = first; j <= last; ++j) sum += w.samples[j].*member;
  return sum / static_cast<double>(last - first + 1);
}

// Sample of the highest value, after a running mean over ±12 h: the cell counts of a small wound
// are a few tens of cells, and the peak of the raw series would follow their noise.
std::size_t peak_index(const WoundTrajectory& w, Member member) {
  const auto half_window = static_cast<std::size_t>(std::lround(12.0 / w.interval_h));
  std::size_t best = 0;
  double best_value = smoothed(w, member, 0, half_window);
  for (std::size_t i = 1; i < w.samples.size(); ++i) {
    const double value = smoothed(w, member, i, half_window);
    if (value > best_value) best = i, best_value = value;
  }
  return best;
}

// First sample at which `member` reaches `level`, as a day (the run's end if never).
double first_day_reaching(const WoundTrajectory& w, Member member, double level) {
  for (std::size_t i = 0; i < w.samples.size(); ++i)
    if (w.samples[i].*member >= level) return day_of(w, i);
  return day_of(w, w.samples.size() - 1);
}

const DermisObservables& at_day(const WoundTrajectory& w, double day) {
  const auto index = static_cast<std::size_t>(std::lround(day * hours_per_day / w.interval_h));
  return w.samples[std::min(index, w.samples.size() - 1)];
}

}  // namespace

Result<WoundTrajectory> run_wound(const std::filesystem::path& data_dir, std::uint64_t seed,
                                  double days) {
  DermisBlock block;
  block.side_um = 900.0;
  block.depth_um = 900.0;
  block.voxel_um = 30.0;
  block.duration_h = days * hours_per_day;
  block.seed = seed;
  LifestyleProfile adult;
  adult.age_years = 23.5;  // the modifiers' reference age: every scale is 1
  DERMASIM_TRY_ASSIGN(DermisScenario scenario, dermis_scenario_from_data(data_dir, block, adult));
  Injury punch;
  punch.kind = InjuryKind::punch;
  punch.radius_um = 300.0;
  punch.depth_um = 600.0;
  DERMASIM_TRY_ASSIGN(DermisTissue tissue, DermisTissue::create(std::move(scenario)));
  tissue.apply_injury(punch, 1);
  WoundTrajectory w;
  const auto samples = static_cast<std::size_t>(days * hours_per_day / w.interval_h);
  for (std::size_t i = 0; i <= samples; ++i) {
    tissue.advance_to_step(tissue.step_at(static_cast<double>(i) * w.interval_h));
    w.samples.push_back(tissue.observe());
  }
  return w;
}

// The mean trajectory of wounds made with different seeds, observable by observable.
WoundTrajectory mean_trajectory(const std::vector<WoundTrajectory>& runs) {
  WoundTrajectory mean = runs.front();
  const double n = static_cast<double>(runs.size());
  for (std::size_t i = 0; i < mean.samples.size(); ++i)
    for (const DermisObservableField& field : dermis_observable_fields) {
      double sum = 0.0;
      for (const WoundTrajectory& run : runs) sum += run.samples[i].*field.member;
      mean.samples[i].*field.member = sum / n;
    }
  return mean;
}

Result<ValidationCase> run_wound_timeline(const std::filesystem::path& data_dir,
                                          ValidationSize size) {
  // The mean trajectory of two wounds (seeds) reduced, of six at full size: one small wound is a
  // few tens of cells, and its collagen varies by a third from seed to seed.
  const int wounds = size == ValidationSize::full ? 6 : 2;
  std::vector<WoundTrajectory> runs;
  for (int r = 0; r < wounds; ++r) {
    DERMASIM_TRY_ASSIGN(WoundTrajectory run,
                        run_wound(data_dir, 17 + static_cast<std::uint64_t>(r), run_days));
    runs.push_back(std::move(run));
  }
  const WoundTrajectory w = mean_trajectory(runs);
  // Times are known to one sample; a peak, located on a ±12-h running mean, to half a day more.
  const double sampling = w.interval_h / hours_per_day;
  const double peak_resolution = sampling + 0.5;
  ValidationCase result{"wound-timeline", {}};
  const auto add = [&](const char* name, double simulated, double reference, double tolerance,
                       const char* unit, const char* source) {
    result.metrics.push_back({name, simulated, reference, tolerance, unit, source});
  };
  // Peaks: "≈ day 1" (neutrophils), "day 2–3" (macrophages), "day 1–2" (IL-1/TNF-α); tolerance
  // half the range, or half a day for a single value, plus the peak's resolution.
  add("neutrophil_peak", day_of(w, peak_index(w, &DermisObservables::wound_neutrophils_per_mm3)),
      1.0, 0.5 + peak_resolution, "day", timeline_source);
  add("macrophage_peak", day_of(w, peak_index(w, &DermisObservables::wound_macrophages_per_mm3)),
      2.5, 0.5 + peak_resolution, "day", timeline_source);
  add("inflammatory_cytokine_peak",
      day_of(w, peak_index(w, &DermisObservables::wound_il1_tnf_ng_per_ml)), 1.5,
      0.5 + peak_resolution, "day", timeline_source);
  // Proliferative phase: starts day 2–5 (fibroblasts entering the wound: a quarter of the resting
  // density reached) and lasts 3–6 weeks: the time the wound's activated cells (activated
  // fibroblasts and myofibroblasts) stay above a quarter of their peak (a model choice of where
  // the phase's edges lie).
  const double resting = w.samples.front().fibroblasts_per_mm3;
  const double entry =
      first_day_reaching(w, &DermisObservables::wound_fibroblasts_per_mm3, 0.25 * resting);
  add("proliferation_onset", entry, 3.5, 1.5 + sampling, "day", timeline_source);
  const std::size_t activated_peak =
      peak_index(w, &DermisObservables::wound_activated_cells_per_mm3);
  const double quarter = 0.25 * w.samples[activated_peak].wound_activated_cells_per_mm3;
  std::size_t phase_start = activated_peak, phase_end = activated_peak;
  while (phase_start > 0 && w.samples[phase_start - 1].wound_activated_cells_per_mm3 >= quarter)
    --phase_start;
  while (phase_end + 1 < w.samples.size() &&
         w.samples[phase_end + 1].wound_activated_cells_per_mm3 >= quarter)
    ++phase_end;
  add("proliferative_phase_length", (day_of(w, phase_end) - day_of(w, phase_start)) / 7.0, 4.5, 1.5,
      "weeks", timeline_source);
  // Myofibroblasts: appear day 4–6 (a tenth of their peak), peak day 10–15, gone by day 30.
  const std::size_t myo_peak = peak_index(w, &DermisObservables::wound_myofibroblasts_per_mm3);
  const double myo_peak_value = w.samples[myo_peak].wound_myofibroblasts_per_mm3;
  add("myofibroblast_appearance",
      first_day_reaching(w, &DermisObservables::wound_myofibroblasts_per_mm3, 0.1 * myo_peak_value),
      5.0, 1.0 + sampling, "day", myofibroblast_source);
  add("myofibroblast_peak", day_of(w, myo_peak), 12.5, 2.5 + peak_resolution, "day",
      myofibroblast_source);
  add("myofibroblasts_left_at_day_30",
      myo_peak_value > 0.0 ? at_day(w, 30.0).wound_myofibroblasts_per_mm3 / myo_peak_value : 1.0,
      0.0, 0.1, "fraction of peak", myofibroblast_source);
  // Collagen III first (predominant in the proliferative phase), replaced by type I during
  // remodelling: share above one half at day 14, back towards the adult 10–20 % by day 90.
  add("wound_collagen3_share_day_14", at_day(w, 14.0).wound_collagen3_share, 0.75, 0.25, "fraction",
      timeline_source);
  add("wound_collagen3_share_day_90", at_day(w, 90.0).wound_collagen3_share, 0.15, 0.10, "fraction",
      "REFERENCE §D1 (adult 10-20 % type III) and §E1 (III replaced by I)");
  // Tensile strength (collagen × cross-link maturity): ~20 % at 3 weeks, ~50 % at 3 months;
  // tolerance 10 points ([assumed]: secondary, rounded figures).
  add("tensile_strength_3_weeks", at_day(w, 21.0).tensile_strength_relative, 0.20, 0.10,
      "fraction of unwounded", strength_source);
  add("tensile_strength_3_months", at_day(w, 90.0).tensile_strength_relative, 0.50, 0.10,
      "fraction of unwounded", strength_source);
  return result;
}

}  // namespace dermasim::skin
