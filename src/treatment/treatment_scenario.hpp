// A dermis scenario with a treatment schedule: the catalogs it draws on, and the schedule turned
// into the tissue's injuries, factor supplies and UV exposures.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "skin/dermis_scenario.hpp"
#include "treatment/channel_closure.hpp"
#include "treatment/delivery_routes.hpp"
#include "treatment/fractional_laser.hpp"
#include "treatment/needling_devices.hpp"
#include "treatment/pih_risk.hpp"
#include "treatment/product_catalog.hpp"
#include "treatment/report_parameters.hpp"
#include "treatment/treatment_schedule.hpp"

namespace dermasim::treatment {

struct TreatmentCatalogs {
  ProductCatalog products;
  DeviceCatalog devices;
  LaserCatalog lasers;
  RouteParameters routes;
  ChannelClosureParameters channels;
  PihParameters pih;
  ReportParameters report;
};

// The project's catalogs under `data_dir` (products.toml, treatment/*.toml) and a user's own
// product files.
Result<TreatmentCatalogs> load_treatment_catalogs(
    const std::filesystem::path& data_dir, const std::vector<std::filesystem::path>& product_files);

// What one session does to the simulated block, for its report.
struct SessionEvents {
  double at_h = 0.0;
  std::string label;                       // what was done, in words
  double epidermal_injury_fraction = 0.0;  // share of the surface opened or coagulated
  double channel_depth_um = 0.0;           // deepest channel or column
  std::vector<std::string> other_zones;    // zones of the session outside the block
};

struct TreatmentScenario {
  skin::DermisScenario dermis;
  TreatmentSchedule schedule;
  TreatmentCatalogs catalogs;
  std::vector<SessionEvents> sessions;
};

// Adds the schedule's events for the block's zone to `dermis` (injuries, supplies, UV) and
// describes each session. Errors name the schedule key (session[i].zone[j]...).
Result<std::vector<SessionEvents>> compile_schedule(const TreatmentSchedule& schedule,
                                                    const TreatmentCatalogs& catalogs,
                                                    skin::DermisScenario& dermis);

// Checks every session and home-care product of `schedule` against the catalogs (devices and
// depths, lasers and energies, products), as compile_schedule does, without a tissue: errors are
// invalid_input / not_found naming session[i].zone[j].pass[k] and the key.
Status check_schedule(const TreatmentSchedule& schedule, const TreatmentCatalogs& catalogs);

// Whether a scenario file holds a treatment schedule ([treatment], [[session]] or [home_care]).
Result<bool> is_treatment_scenario(const std::filesystem::path& path);

// A dermis scenario file with its schedule, compiled.
Result<TreatmentScenario> load_treatment_scenario(const std::filesystem::path& path);

}  // namespace dermasim::treatment
