// Shared set-up for the patient layer's tests: shipped catalogs, a valid profile, temp files.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "patient/contraindications.hpp"
#include "patient/patient_profile.hpp"
#include "patient/zones.hpp"
#include "support/files.hpp"
#include "support/scratch_folder.hpp"

namespace dermasim::patient::testing {

inline std::filesystem::path data_dir() {
  return std::filesystem::path(DERMASIM_SOURCE_DIR) / "data";
}

inline const ZoneCatalog& shipped_zones() {
  static const ZoneCatalog catalog = [] {
    auto loaded = load_zone_catalog(data_dir() / "zones.toml");
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message << " " << loaded.error().field;
    return loaded.value_or(ZoneCatalog{});
  }();
  return catalog;
}

inline const ContraindicationRules& shipped_rules() {
  static const ContraindicationRules rules = [] {
    auto loaded = ContraindicationRules::load(data_dir() / "patient" / "contraindications.toml");
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message << " " << loaded.error().field;
    return loaded.value_or(ContraindicationRules{});
  }();
  return rules;
}

// A small valid profile; tests replace parts of it.
inline constexpr std::string_view valid_profile = R"(id = "p1"
assessment_date = "2026-03-01"
age_years = 40
fitzpatrick = 3
glogau = 2

[[zone]]
id = "cheeks"
[[zone.concern]]
kind = "fine_lines"
lemperle_grade = 3
)";

inline std::filesystem::path write_temp(std::string_view name, std::string_view text) {
  const auto path = dermasim::testing::scratch_path(name);
  dermasim::testing::write_text(path, text);
  return path;
}

inline Result<PatientProfile> read_text(std::string_view text, std::string_view name = "p.toml") {
  return read_patient_profile(write_temp(name, text), shipped_zones(), shipped_rules());
}

}  // namespace dermasim::patient::testing
