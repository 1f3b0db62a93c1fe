// The plan as a program file (TOML), JSON and terminal text (see planner.hpp).
#include <sstream>

#include "patient/contraindications.hpp"
#include "planner/planner.hpp"
#include "planner/wording.hpp"

namespace dermasim::planner {
namespace {

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

nlohmann::json pass_json(const treatment::NeedlingPass& pass) {
  return {{"device", pass.device},
          {"cartridge", std::string(treatment::cartridge_name(pass.cartridge))},
          {"cartridge_id", pass.cartridge_id},
          {"depth_mm", pass.depth_mm},
          {"passes", pass.passes},
          {"speed_cm_per_s", pass.speed_cm_per_s},
          {"pattern", pass.pattern}};
}

nlohmann::json product_json(const treatment::ProductUse& use) {
  return {{"product", use.product},
          {"route", "channels"},
          {"volume_ul_per_cm2", use.volume_ul_per_cm2},
          {"after_min", use.after_min},
          {"contact_min", use.contact_min}};
}

nlohmann::json finding_json(const patient::Finding& f) {
  nlohmann::json treatments = nlohmann::json::array();
  for (const patient::Treatment t : f.treatments) treatments.push_back(patient::treatment_name(t));
  return {{"rule", f.rule_id},  {"class", std::string(patient::class_name(f.cls))},
          {"zone", f.zone},     {"treatments", treatments},
          {"reason", f.reason}, {"class_reason", f.class_reason},
          {"source", f.source}};
}

nlohmann::json zone_json(const ZonePlan& z) {
  nlohmann::json j = {{"zone", z.zone}, {"treated", z.treated}, {"rationale", z.rationale}};
  if (!z.treated) return j;
  j["pass"] = pass_json(z.pass);
  j["product"] = z.product;
  j["sessions"] = z.sessions;
  j["interval_days"] = z.interval_days;
  j["first_day"] = z.first_day;
  j["downtime_days_per_session"] = z.downtime_days;
  j["pih_probability"] = z.pih_probability;
  j["forecast_benefit"] = z.benefit;
  return j;
}

}  // namespace

std::string program_toml(const treatment::TreatmentSchedule& program, std::string_view start_date) {
  std::ostringstream out;
  out << "# The program (CONTRACTS: the [[session]] array of a scenario); dates from the patient's "
         "start date "
      << start_date << ".\n";
  for (const treatment::Session& session : program.sessions) {
    out << "\n[[session]]\ndate = \"" << session.date << "\"\n";
    for (const treatment::ZoneTreatment& zone : session.zones) {
      out << "  [[session.zone]]\n  zone = \"" << zone.zone << "\"\n";
      for (const treatment::NeedlingPass& pass : zone.passes)
        out << "    [[session.zone.pass]]\n    device = \"" << pass.device
            << "\"\n    cartridge = \"" << treatment::cartridge_name(pass.cartridge)
            << "\"\n    cartridge_id = \"" << pass.cartridge_id
            << "\"\n    depth_mm = " << number(pass.depth_mm) << "\n    passes = " << pass.passes
            << "\n    speed_cm_per_s = " << number(pass.speed_cm_per_s) << "\n    pattern = \""
            << pass.pattern << "\"\n";
      for (const treatment::ProductUse& use : zone.products)
        out << "    [[session.zone.product]]\n    product = \"" << use.product
            << "\"\n    route = \"channels\"\n    volume_ul_per_cm2 = "
            << number(use.volume_ul_per_cm2) << "\n    after_min = " << number(use.after_min)
            << "\n    contact_min = " << number(use.contact_min) << "\n";
    }
  }
  return out.str();
}

nlohmann::json program_json(const treatment::TreatmentSchedule& program,
                            std::string_view start_date) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const treatment::Session& session : program.sessions) {
    nlohmann::json zones = nlohmann::json::array();
    for (const treatment::ZoneTreatment& zone : session.zones) {
      nlohmann::json passes = nlohmann::json::array(), products = nlohmann::json::array();
      for (const treatment::NeedlingPass& pass : zone.passes) passes.push_back(pass_json(pass));
      for (const treatment::ProductUse& use : zone.products) products.push_back(product_json(use));
      zones.push_back({{"zone", zone.zone}, {"pass", passes}, {"product", products}});
    }
    sessions.push_back({{"date", session.date}, {"day", session.day}, {"zone", zones}});
  }
  return {{"start_date", std::string(start_date)}, {"session", sessions}};
}

nlohmann::json plan_json(const Plan& plan) {
  nlohmann::json zones = nlohmann::json::array(), findings = nlohmann::json::array(),
                 alternatives = nlohmann::json::array(), advice = nlohmann::json::array();
  for (const ZonePlan& z : plan.zones) zones.push_back(zone_json(z));
  for (const patient::Finding& f : plan.findings) findings.push_back(finding_json(f));
  for (const AlternativeOutcome& a : plan.alternatives)
    alternatives.push_back({{"zone", a.zone},
                            {"kind", a.kind},
                            {"description", a.description},
                            {"allowed", a.allowed},
                            {"forecast_benefit", a.benefit},
                            {"needling_benefit", a.needling_benefit},
                            {"pih_probability", a.pih_probability},
                            {"downtime_days", a.downtime_days},
                            {"verdict", a.verdict}});
  for (const LifestyleAdvice& a : plan.advice)
    advice.push_back({{"change", a.change}, {"effect", a.effect}});
  return {{"patient", plan.patient_id},
          {"start_date", plan.start_date},
          {"program", program_json(plan.program, plan.start_date)},
          {"zones", zones},
          {"contraindications", findings},
          {"alternatives", alternatives},
          {"lifestyle", advice},
          {"evidence", plan.evidence},
          {"disclaimer", plan.disclaimer},
          {"forecast", forecast::forecast_json(plan.forecast)}};
}

std::string plan_text(const Plan& plan) {
  std::ostringstream out;
  out << "Plan for patient " << plan.patient_id << ", starting " << plan.start_date << "\n";
  if (!plan.findings.empty()) {
    out << "\nContraindications found:\n";
    for (const patient::Finding& f : plan.findings)
      out << "  - " << patient::class_name(f.cls) << " (" << f.rule_id << ")"
          << (f.zone.empty() ? "" : " in the " + f.zone) << ": " << f.reason << "\n";
  }
  for (const ZonePlan& z : plan.zones) {
    out << "\n" << z.zone << ": ";
    if (z.treated)
      out << z.sessions << " × pen, " << treatment::cartridge_name(z.pass.cartridge)
          << " cartridge, " << fixed(z.pass.depth_mm, 2) << " mm, " << z.pass.passes << " pass(es)"
          << (z.product.empty() ? "" : ", " + z.product + " in the channels")
          << (z.sessions > 1 ? ", every " + fixed(z.interval_days, 0) + " days" : "") << "\n";
    else
      out << "no treatment\n";
    for (const std::string& why : z.rationale) out << "  - " << why << "\n";
    for (const forecast::ObservableBand& b : plan.forecast.bands) {
      if (b.zone != z.zone || b.t_days.empty()) continue;
      out << "    " << b.observable << " (" << b.unit << "): " << fixed(b.median.front(), 2)
          << " now → " << fixed(b.median.back(), 2) << " at day " << fixed(b.t_days.back(), 0)
          << " (90 % band " << fixed(b.p05.back(), 2) << "–" << fixed(b.p95.back(), 2) << ")\n";
    }
  }
  if (!plan.alternatives.empty()) {
    out << "\nAlternatives you asked about:\n";
    for (const AlternativeOutcome& a : plan.alternatives)
      out << "  - " << a.zone << ", " << a.description << ": " << a.verdict << "\n";
  }
  if (!plan.advice.empty()) {
    out << "\nLifestyle:\n";
    for (const LifestyleAdvice& a : plan.advice)
      out << "  - " << a.change << ": " << a.effect << "\n";
  }
  out << "\nSessions:\n";
  for (const treatment::Session& s : plan.program.sessions) {
    out << "  " << s.date << ":";
    for (const treatment::ZoneTreatment& z : s.zones) out << " " << z.zone;
    out << "\n";
  }
  out << "\nEvidence:\n";
  for (const std::string& e : plan.evidence) out << "  - " << e << "\n";
  out << "\n" << plan.disclaimer << "\n";
  return out.str();
}

}  // namespace dermasim::planner
