// A treatment schedule as the scenario writes it: sessions on days or dates, each with zones,
// needling passes, laser passes and products by route, plus daily home care.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/toml_reader.hpp"
#include "treatment/channel_closure.hpp"
#include "treatment/fractional_laser.hpp"
#include "treatment/needling_devices.hpp"

namespace dermasim::treatment {

// How a product reaches the skin: on intact skin, into the channels of a needling or ablation
// of the same session, injected intradermally, swallowed, or as a fat graft.
enum class Route { topical, channels, injection, oral, fat_transfer };

struct ProductUse {
  std::string product;
  Route route = Route::topical;
  double volume_ul_per_cm2 = 20.0;  // topical, channels, injection
  double after_min = 0.0;           // channels: minutes after the needling
  double contact_min = 30.0;        // topical and channels: how long it stays on the skin
  Occlusion occlusion = Occlusion::open_air;
  double depth_mm = 0.0;          // injection
  double dose_ml = 0.0;           // oral: the product swallowed each day
  double days = 1.0;              // oral: daily doses from the session on
  double graft_ml_per_cm2 = 0.0;  // fat transfer
};

struct ZoneTreatment {
  std::string zone;
  std::vector<NeedlingPass> passes;
  std::vector<LaserSettings> lasers;
  std::vector<ProductUse> products;
};

struct Session {
  double day = 0.0;  // from the start of the run
  std::string date;  // as written, when the session gave one
  std::vector<ZoneTreatment> zones;
};

struct HomeTopical {
  std::string product;
  double times_per_day = 2.0;
  double volume_ul_per_cm2 = 5.0;
  double from_day = 0.0, to_day = 0.0;
};

struct HomeCare {
  std::vector<HomeTopical> topicals;
  double sun_med_per_day = 0.0;  // unprotected daily sun, in minimal erythema doses
  double spf = 1.0;              // sunscreen divides the dose
  double sun_from_day = 0.0, sun_to_day = 0.0;
};

struct TreatmentSchedule {
  std::vector<Session> sessions;  // in time order
  HomeCare home_care;
  std::filesystem::path data_dir;                    // products.toml and treatment/*.toml
  std::vector<std::filesystem::path> product_files;  // a user's own products
};

// The top-level tables a schedule adds to a scenario.
inline constexpr std::array<std::string_view, 3> schedule_tables = {"treatment", "session",
                                                                    "home_care"};

// Reads [treatment], [[session]] and [home_care] of a scenario file (files relative to it).
// Checks what needs no catalog: dates in order and within the run, a cartridge id not reused in
// a later session (conflict), known route and occlusion names, non-negative amounts.
Result<TreatmentSchedule> read_treatment_schedule(const std::filesystem::path& scenario_file,
                                                  double duration_h);

// A program (CONTRACTS "Scenario, session, program"): a file of [[session]] tables and optionally
// [home_care], nothing else. Session dates count from `start_date` (YYYY-MM-DD), `day` keys from
// day 0 of it; no session may fall at or after `horizon_days`. The catalogs are under `data_dir`.
// Errors name file:line:column and the key, as for a scenario's schedule.
Result<TreatmentSchedule> read_program(const std::filesystem::path& file,
                                       std::string_view start_date, double horizon_days,
                                       const std::filesystem::path& data_dir);

// Whether a scenario file holds a schedule.
bool has_schedule(const toml::table& root);

}  // namespace dermasim::treatment
