// Turns a treatment schedule into the dermis block's events: channel fields, laser columns,
// product supplies by route, home care and sun.
#include "treatment/treatment_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/toml_reader.hpp"
#include "skin/dermis_layout.hpp"
#include "skin/zones.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::format_number;
using skin::FactorSupply;
using skin::SupplyMode;
using skin::SupplyRegion;

constexpr double um2_per_cm2 = 1e8;
constexpr double ml_per_ul = 1e-3;
constexpr double first_order_windows = 8.0;  // a release is followed for 8 time constants

std::string session_key(std::size_t s, std::size_t z) {
  return "session[" + std::to_string(s) + "].zone[" + std::to_string(z) + "]";
}

double area_cm2(const skin::DermisScenario& d) {
  return d.side_um * d.side_um / um2_per_cm2;
}

double disc_share(double density_per_cm2, double radius_um) {
  return density_per_cm2 * std::numbers::pi * radius_um * radius_um / um2_per_cm2;
}

// The product `id`, or not_found naming the schedule key that asks for it.
Result<const Product*> find_product(const TreatmentCatalogs& catalogs, const std::string& id,
                                    const std::string& key) {
  auto product = catalogs.products.find(id);
  if (!product) return fail(Error::not_found(product.error().message, key + ".product"));
  return *product;
}

// Builds the supplies of one product use on the block.
class SessionCompiler {
 public:
  SessionCompiler(const TreatmentCatalogs& catalogs, skin::DermisScenario& dermis)
      : m_catalogs(catalogs), m_dermis(dermis) {}

  Status needling(const NeedlingPass& pass, double at_h, const std::string& key,
                  SessionEvents& events) {
    DERMASIM_TRY(m_catalogs.devices.check(pass, key));
    const double plexus_um = m_dermis.zone.epidermis_um + m_dermis.parameters.geometry.papillary_um;
    const ChannelField field = m_catalogs.devices.channels(pass, 1.0, plexus_um);
    if (field.depth_um > m_dermis.depth_um)
      return fail(Error::invalid_input("channels " + format_number(field.depth_um) +
                                           " um deep reach below the simulated block (" +
                                           format_number(m_dermis.depth_um) + " um)",
                                       key + ".depth_mm"));
    m_dermis.injuries.push_back(needle_field_injury(field, at_h));
    events.epidermal_injury_fraction += disc_share(field.density_per_cm2, field.radius_um);
    events.channel_depth_um = std::max(events.channel_depth_um, field.depth_um);
    m_opened_depth_um = std::max(m_opened_depth_um, field.depth_um);
    return {};
  }

  Status laser(const LaserSettings& settings, double at_h, std::uint64_t key_seed,
               const std::string& key, SessionEvents& events) {
    DERMASIM_TRY(m_catalogs.lasers.check(settings, key));
    const LaserColumns columns = m_catalogs.lasers.columns(settings);
    if (columns.depth_um + columns.coagulation_rim_um > m_dermis.depth_um)
      return fail(Error::invalid_input("laser columns " + format_number(columns.depth_um) +
                                           " um deep reach below the simulated block",
                                       key + ".energy_mj"));
    for (skin::Injury& injury :
         laser_injuries(columns, m_dermis.side_um, at_h, m_dermis.seed ^ key_seed))
      m_dermis.injuries.push_back(injury);
    events.epidermal_injury_fraction +=
        disc_share(columns.density_per_cm2, columns.radius_um + columns.coagulation_rim_um);
    events.channel_depth_um = std::max(events.channel_depth_um, columns.depth_um);
    if (columns.ablative) m_opened_depth_um = std::max(m_opened_depth_um, columns.depth_um);
    return {};
  }

  Status product(const ProductUse& use, double at_h, const std::string& key) {
    DERMASIM_TRY_ASSIGN(const Product* product, find_product(m_catalogs, use.product, key));
    if (use.route == Route::channels && m_opened_depth_um <= 0.0)
      return fail(Error::invalid_input(
          "route \"channels\" needs a needling pass or an ablative laser in the same zone and "
          "session, listed before the product",
          key + ".route"));
    if (use.route == Route::topical) {
      topical(*product, use.volume_ul_per_cm2, use.contact_min / 60.0, at_h);
      return {};
    }
    for (int f = 0; f < skin::factor_count; ++f) {
      const double c = product->active_ng_per_ml(f);
      if (c <= 0.0) continue;
      const double mass_da = molecular_mass(*product, f);
      add_route(use, f, c, mass_da, at_h);
    }
    return {};
  }

  // Topical on intact skin, released into the top of the papillary dermis over the contact time:
  // each factor through the stratum corneum (Potts–Guy) and the follicles, and the keratinocyte
  // relay's TGF-β1 in answer to all the growth factors applied.
  void topical(const Product& product, double volume_ul_per_cm2, double contact_h, double at_h) {
    const RouteParameters& r = m_catalogs.routes;
    const double growth_factors_ng_per_ml = product.growth_factor_ng_per_ml();
    for (int f = 0; f < skin::factor_count; ++f) {
      const double c = product.active_ng_per_ml(f);
      if (c <= 0.0) continue;
      const double mass_da = molecular_mass(product, f);
      release_on_top(f,
                     intact_skin_dose_ng_per_cm2(c, mass_da, r.protein_log_kow, contact_h, r) +
                         follicular_dose_ng_per_cm2(c, mass_da, volume_ul_per_cm2, r),
                     contact_h, at_h);
    }
    release_on_top(skin::tgf_beta1,
                   relay_dose_ng_per_cm2(growth_factors_ng_per_ml, volume_ul_per_cm2, r), contact_h,
                   at_h);
  }

  void reset_session() { m_opened_depth_um = 0.0; }

 private:
  static double molecular_mass(const Product& product, int factor) {
    for (const ProductActive& a : product.actives)
      if (a.tissue_factor && *a.tissue_factor == factor) return a.molecular_mass_da;
    return 0.0;
  }

  FactorSupply base(int factor, SupplyRegion region, SupplyMode mode, double at_h) const {
    FactorSupply s;
    s.factor = factor;
    s.region = region;
    s.mode = mode;
    s.start_h = at_h;
    s.reference_h = at_h;
    return s;
  }

  void release_on_top(int factor, double dose_ng_per_cm2, double contact_h, double at_h) {
    if (dose_ng_per_cm2 <= 0.0) return;
    FactorSupply s = base(factor, SupplyRegion::papillary_top, SupplyMode::released, at_h);
    s.amount_ng_per_cm2 = dose_ng_per_cm2;
    s.time_constant_h = contact_h;
    s.end_h = at_h + first_order_windows * contact_h;
    push(s);
  }

  void push(const FactorSupply& s) {
    if (s.start_h < m_dermis.duration_h) m_dermis.supplies.push_back(s);
  }

  void add_route(const ProductUse& use, int factor, double c, double mass_da, double at_h) {
    const RouteParameters& r = m_catalogs.routes;
    const double contact_h = use.contact_min / 60.0;
    switch (use.route) {
      case Route::topical:
        return;  // product() hands the whole product to topical()
      case Route::channels: {
        // The serum stands in the open channels; their permeability decays as they close.
        FactorSupply s = base(factor, SupplyRegion::channels, SupplyMode::held, at_h);
        const double closure_h =
            channel_closure_h(m_opened_depth_um, use.occlusion, m_catalogs.channels);
        s.level_ng_per_ml = c;
        s.time_constant_h = closure_h / -std::log(m_catalogs.channels.closed_permeability_fraction);
        s.start_h = at_h + use.after_min / 60.0;
        s.end_h = s.start_h + contact_h;
        return push(s);
      }
      case Route::injection: {
        const double block_ul = use.volume_ul_per_cm2 * area_cm2(m_dermis);
        const double radius_um = depot_radius_um(block_ul, r);
        skin::Injury bolus;
        bolus.kind = skin::InjuryKind::bolus;
        bolus.at_h = at_h;
        bolus.depth_um = use.depth_mm * 1000.0;
        bolus.radius_um = radius_um;
        m_dermis.injuries.push_back(bolus);
        FactorSupply s = base(factor, SupplyRegion::sphere, SupplyMode::released, at_h);
        s.centre_um = {0.5 * m_dermis.side_um, 0.5 * m_dermis.side_um, bolus.depth_um};
        s.radius_um = radius_um;
        s.amount_ng = c * block_ul * ml_per_ul;
        s.time_constant_h = r.depot_release_half_life_h / std::numbers::ln2;
        s.end_h = at_h + first_order_windows * s.time_constant_h;
        return push(s);
      }
      case Route::oral:
        for (int d = 0; d < static_cast<int>(use.days); ++d) {
          const double day_h = at_h + 24.0 * d;
          FactorSupply s = base(factor, SupplyRegion::dermis, SupplyMode::held, day_h);
          s.level_ng_per_ml =
              oral_dermal_concentration_ng_per_ml(c * use.dose_ml * 1e-6, mass_da, r);
          s.time_constant_h = r.oral_exposure_time_constant_h;
          s.end_h = day_h + 24.0;
          push(s);
        }
        return;
      case Route::fat_transfer: {
        FactorSupply s = base(factor, SupplyRegion::dermis, SupplyMode::released, at_h);
        s.amount_ng_per_cm2 = c * surviving_graft_ml(use.graft_ml_per_cm2, r);
        s.time_constant_h = r.graft_secretome_time_constant_h;
        s.end_h = at_h + first_order_windows * s.time_constant_h;
        return push(s);
      }
    }
  }

  const TreatmentCatalogs& m_catalogs;
  skin::DermisScenario& m_dermis;
  double m_opened_depth_um = 0.0;
};

std::string describe_zone(const ZoneTreatment& zone) {
  std::string text;
  const auto add = [&](const std::string& part) { text += (text.empty() ? "" : " + ") + part; };
  for (const NeedlingPass& p : zone.passes)
    add(p.device + " " + format_number(p.depth_mm) + " mm x" + std::to_string(p.passes));
  for (const LaserSettings& l : zone.lasers)
    add(l.laser + " " + format_number(l.energy_mj) + " mJ");
  constexpr std::array<const char*, 5> route_names = {"topical", "channels", "injection", "oral",
                                                      "fat_transfer"};
  for (const ProductUse& u : zone.products)
    add(u.product + " (" + route_names[static_cast<std::size_t>(u.route)] + ")");
  return text;
}

// The catalog checks of a zone that the block does not simulate.
Status check_zone(const ZoneTreatment& zone, const TreatmentCatalogs& catalogs,
                  const std::string& key) {
  for (std::size_t p = 0; p < zone.passes.size(); ++p)
    DERMASIM_TRY(catalogs.devices.check(zone.passes[p], key + ".pass[" + std::to_string(p) + "]"));
  for (std::size_t l = 0; l < zone.lasers.size(); ++l)
    DERMASIM_TRY(catalogs.lasers.check(zone.lasers[l], key + ".laser[" + std::to_string(l) + "]"));
  for (std::size_t p = 0; p < zone.products.size(); ++p)
    DERMASIM_TRY(find_product(catalogs, zone.products[p].product,
                              key + ".product[" + std::to_string(p) + "]"));
  return {};
}

Status compile_home_care(const HomeCare& care, const TreatmentCatalogs& catalogs,
                         SessionCompiler& compiler, skin::DermisScenario& dermis) {
  const double end_day = dermis.duration_h / 24.0;
  for (std::size_t i = 0; i < care.topicals.size(); ++i) {
    const HomeTopical& t = care.topicals[i];
    DERMASIM_TRY_ASSIGN(
        const Product* product,
        find_product(catalogs, t.product, "home_care.topical[" + std::to_string(i) + "]"));
    const double every_h = 24.0 / t.times_per_day;
    for (double at_h = t.from_day * 24.0 + 8.0; at_h < std::min(t.to_day, end_day) * 24.0;
         at_h += every_h)
      compiler.topical(*product, t.volume_ul_per_cm2, catalogs.routes.leave_on_h, at_h);
  }
  if (care.sun_med_per_day > 0.0)
    for (double day = care.sun_from_day; day < std::min(care.sun_to_day, end_day); day += 1.0)
      dermis.uv.push_back({.at_h = day * 24.0 + 12.0, .dose_med = care.sun_med_per_day / care.spf});
  return {};
}

}  // namespace

Result<TreatmentCatalogs> load_treatment_catalogs(
    const std::filesystem::path& data_dir,
    const std::vector<std::filesystem::path>& product_files) {
  TreatmentCatalogs c;
  DERMASIM_TRY_ASSIGN(c.products, ProductCatalog::load(data_dir / "products.toml"));
  for (const std::filesystem::path& file : product_files) DERMASIM_TRY(c.products.add_file(file));
  const std::filesystem::path folder = data_dir / "treatment";
  DERMASIM_TRY_ASSIGN(c.devices, DeviceCatalog::load(folder / "devices.toml"));
  DERMASIM_TRY_ASSIGN(c.lasers, LaserCatalog::load(folder / "lasers.toml"));
  DERMASIM_TRY_ASSIGN(c.routes, load_route_parameters(folder / "routes.toml"));
  DERMASIM_TRY_ASSIGN(c.channels, load_channel_closure(folder / "channels.toml"));
  DERMASIM_TRY_ASSIGN(c.pih, load_pih_parameters(folder / "pih.toml"));
  DERMASIM_TRY_ASSIGN(c.report, load_report_parameters(folder / "session_report.toml"));
  return c;
}

Status check_schedule(const TreatmentSchedule& schedule, const TreatmentCatalogs& catalogs) {
  for (std::size_t s = 0; s < schedule.sessions.size(); ++s)
    for (std::size_t z = 0; z < schedule.sessions[s].zones.size(); ++z)
      DERMASIM_TRY(check_zone(schedule.sessions[s].zones[z], catalogs, session_key(s, z)));
  for (std::size_t i = 0; i < schedule.home_care.topicals.size(); ++i)
    DERMASIM_TRY(find_product(catalogs, schedule.home_care.topicals[i].product,
                              "home_care.topical[" + std::to_string(i) + "]"));
  return {};
}

Result<std::vector<SessionEvents>> compile_schedule(const TreatmentSchedule& schedule,
                                                    const TreatmentCatalogs& catalogs,
                                                    skin::DermisScenario& dermis) {
  DERMASIM_TRY_ASSIGN(const skin::ZoneTable zones,
                      skin::ZoneTable::load(schedule.data_dir / "zones.toml"));
  SessionCompiler compiler(catalogs, dermis);
  std::vector<SessionEvents> all;
  for (std::size_t s = 0; s < schedule.sessions.size(); ++s) {
    const Session& session = schedule.sessions[s];
    SessionEvents events;
    events.at_h = session.day * 24.0;
    for (std::size_t z = 0; z < session.zones.size(); ++z) {
      const ZoneTreatment& zone = session.zones[z];
      const std::string key = session_key(s, z);
      if (auto known = zones.find(zone.zone); !known)
        return fail(Error::invalid_input(known.error().message, key + ".zone"));
      if (zone.zone != dermis.zone.id) {
        // Not simulated here, but still checked against the catalogs.
        DERMASIM_TRY(check_zone(zone, catalogs, key));
        events.other_zones.push_back(zone.zone);
        continue;
      }
      compiler.reset_session();
      for (std::size_t p = 0; p < zone.passes.size(); ++p)
        DERMASIM_TRY(compiler.needling(zone.passes[p], events.at_h,
                                       key + ".pass[" + std::to_string(p) + "]", events));
      for (std::size_t l = 0; l < zone.lasers.size(); ++l)
        DERMASIM_TRY(compiler.laser(zone.lasers[l], events.at_h, 1000 * (s + 1) + l,
                                    key + ".laser[" + std::to_string(l) + "]", events));
      for (std::size_t p = 0; p < zone.products.size(); ++p)
        DERMASIM_TRY(compiler.product(zone.products[p], events.at_h,
                                      key + ".product[" + std::to_string(p) + "]"));
      events.label = describe_zone(zone);
    }
    all.push_back(events);
  }
  DERMASIM_TRY(compile_home_care(schedule.home_care, catalogs, compiler, dermis));
  const auto by_time = [](const auto& a, const auto& b) { return a.at_h < b.at_h; };
  std::stable_sort(dermis.injuries.begin(), dermis.injuries.end(), by_time);
  std::stable_sort(dermis.uv.begin(), dermis.uv.end(), by_time);
  return all;
}

Result<bool> is_treatment_scenario(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "scenario file"));
  return has_schedule(root);
}

Result<TreatmentScenario> load_treatment_scenario(const std::filesystem::path& path) {
  TreatmentScenario scenario;
  DERMASIM_TRY_ASSIGN(scenario.dermis, skin::load_dermis_scenario(path, schedule_tables));
  DERMASIM_TRY_ASSIGN(scenario.schedule, read_treatment_schedule(path, scenario.dermis.duration_h));
  DERMASIM_TRY_ASSIGN(scenario.catalogs, load_treatment_catalogs(scenario.schedule.data_dir,
                                                                 scenario.schedule.product_files));
  DERMASIM_TRY_ASSIGN(scenario.sessions,
                      compile_schedule(scenario.schedule, scenario.catalogs, scenario.dermis));
  return scenario;
}

}  // namespace dermasim::treatment
