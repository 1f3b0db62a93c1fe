// `dermasim forecast` and `dermasim recalibrate` through the real binary: the CONTRACTS JSON, the
// narrowing by outcomes, and bad input with its exit code and the field it names.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"
#include "support/scratch_folder.hpp"

namespace {

namespace fs = std::filesystem;
using dermasim::testing::describe;
using dermasim::testing::read_text;
using dermasim::testing::run_dermasim;
using dermasim::testing::RunResult;
using dermasim::testing::write_text;

const fs::path data_dir = fs::path(DERMASIM_SOURCE_DIR) / "data";
const fs::path patient_file = data_dir / "patients" / "photoageing_smoker.toml";
const fs::path program_file = data_dir / "records" / "photoageing_smoker_program.toml";
const fs::path outcomes_file = data_dir / "records" / "photoageing_smoker_outcomes.csv";

class ForecastCliFixture : public dermasim::testing::ScratchFolderTest {
 protected:
  RunResult run(std::vector<std::string> args) const {
    args.insert(args.end(), {"--data-dir", data_dir.string()});
    return run_dermasim(args, m_dir);
  }
  RunResult forecast(const fs::path& patient, const fs::path& program, bool json = true) const {
    std::vector<std::string> args{"forecast", patient.string(), program.string()};
    if (json) args.push_back("--json");
    return run(args);
  }
  RunResult recalibrate(const fs::path& outcomes, bool json = true) const {
    std::vector<std::string> args{"recalibrate", patient_file.string(), outcomes.string(),
                                  program_file.string()};
    if (json) args.push_back("--json");
    return run(args);
  }
  nlohmann::json json_of(const RunResult& r) const {
    EXPECT_EQ(r.exit_code, 0) << describe(r);
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  // A copy of `source` with the first `from` replaced by `to`.
  fs::path edited(const fs::path& source, const std::string& from, const std::string& to) const {
    std::string text = read_text(source);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    const fs::path path = m_dir / source.filename();
    write_text(path, text);
    return path;
  }
  fs::path written(const std::string& name, const std::string& text) const {
    write_text(m_dir / name, text);
    return m_dir / name;
  }
};

class CliForecast : public ForecastCliFixture {};
class CliRecalibrate : public ForecastCliFixture {};

void expect_error(const RunResult& r, int code, const std::vector<std::string>& needles) {
  EXPECT_EQ(r.exit_code, code) << describe(r);
  EXPECT_NE(r.err.find("error"), std::string::npos) << describe(r);
  for (const std::string& needle : needles)
    EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr should mention '" << needle << "'\n"
                                                     << describe(r);
}

double last_band(const nlohmann::json& entry) {
  return entry.at("p95").back().get<double>() - entry.at("p05").back().get<double>();
}

TEST_F(CliForecast, JsonHasTheContractShape) {
  const nlohmann::json j = json_of(forecast(patient_file, program_file));
  ASSERT_TRUE(j.contains("observables")) << j.dump().substr(0, 400);
  const nlohmann::json& observables = j.at("observables");
  for (const std::string key : {"forehead.wrinkle_grade", "cheeks.texture_grade",
                                "cheeks.collagen_mg_per_ml", "neck.laxity_grade"})
    EXPECT_TRUE(observables.contains(key)) << key;
  for (const auto& [key, entry] : observables.items()) {
    for (const char* field : {"zone", "observable", "t_days", "median", "p05", "p95", "unit"})
      ASSERT_TRUE(entry.contains(field)) << key << " lacks " << field;
    EXPECT_EQ(
        key, entry.at("zone").get<std::string>() + "." + entry.at("observable").get<std::string>());
    const std::size_t n = entry.at("t_days").size();
    ASSERT_GT(n, 1u) << key;
    ASSERT_EQ(entry.at("median").size(), n) << key;
    ASSERT_EQ(entry.at("p05").size(), n) << key;
    ASSERT_EQ(entry.at("p95").size(), n) << key;
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_LE(entry.at("p05")[i].get<double>(), entry.at("median")[i].get<double>() + 1e-12)
          << key << " at " << i;
      EXPECT_LE(entry.at("median")[i].get<double>(), entry.at("p95")[i].get<double>() + 1e-12)
          << key << " at " << i;
    }
  }
}

TEST_F(CliForecast, TableShowsStartAndThreeHorizons) {
  const RunResult r = forecast(patient_file, program_file, false);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  for (const std::string needle :
       {"| zone | observable | unit | start | 3 months | 6 months | 12 months |",
        "| forehead | wrinkle_grade | grade | 3 |", "| neck | laxity_grade |"})
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle << "\n" << r.out;
}

TEST_F(CliForecast, HorizonDaysSetsTheLastTime) {
  const RunResult r = run({"forecast", patient_file.string(), program_file.string(), "--json",
                           "--horizon-days", "120"});
  const nlohmann::json j = json_of(r);
  EXPECT_DOUBLE_EQ(j.at("observables").at("cheeks.texture_grade").at("t_days").back(), 120.0);
}

TEST_F(CliForecast, MissingPatientFileIsNotFound) {
  expect_error(forecast(m_dir / "absent.toml", program_file), 3, {"absent.toml"});
}

TEST_F(CliForecast, MalformedProfileNamesTheField) {
  const fs::path bad = edited(patient_file, "fitzpatrick = 2 ", "fitzpatrick = 9 ");
  expect_error(forecast(bad, program_file), 2, {"fitzpatrick", "photoageing_smoker.toml:"});
}

TEST_F(CliForecast, ProgramWithAnUnknownZoneIsInvalidInput) {
  const fs::path bad = edited(program_file, "zone = \"cheeks\"", "zone = \"cheek\"");
  expect_error(forecast(patient_file, bad), 2,
               {"session[0].zone[2].zone", "did you mean 'cheeks'"});
}

TEST_F(CliForecast, ProgramZoneOutsideTheProfileIsInvalidInput) {
  const fs::path bad = edited(program_file, "zone = \"cheeks\"", "zone = \"chin\"");
  expect_error(forecast(patient_file, bad), 2,
               {"photoageing_smoker_program.toml session[0].zone.chin", "does not assess"});
}

TEST_F(CliForecast, SessionAfterTheHorizonIsInvalidInput) {
  const RunResult r =
      run({"forecast", patient_file.string(), program_file.string(), "--horizon-days", "30"});
  expect_error(r, 2, {"photoageing_smoker_program.toml:", "session[1].date"});
}

TEST_F(CliRecalibrate, NarrowsTheBandsOfWrinkleAndCollagen) {
  const nlohmann::json before = json_of(forecast(patient_file, program_file));
  const nlohmann::json after = json_of(recalibrate(outcomes_file));
  for (const std::string key : {"forehead.wrinkle_grade", "cheeks.collagen_mg_per_ml"}) {
    ASSERT_TRUE(after.at("observables").contains(key)) << key;
    EXPECT_LT(last_band(after.at("observables").at(key)),
              last_band(before.at("observables").at(key)))
        << key;
  }
  const nlohmann::json& r = after.at("recalibration");
  EXPECT_EQ(r.at("outcomes_used").get<int>(), 8);
  EXPECT_EQ(r.at("outcomes_skipped").get<int>(), 1);  // melanin index: PIH only
  const nlohmann::json& prior = r.at("multiplier").at("prior");
  const nlohmann::json& posterior = r.at("multiplier").at("posterior");
  EXPECT_LT(posterior.at("p95").get<double>() - posterior.at("p05").get<double>(),
            prior.at("p95").get<double>() - prior.at("p05").get<double>());
  EXPECT_LE(posterior.at("p05").get<double>(), posterior.at("median").get<double>());
  EXPECT_LE(posterior.at("median").get<double>(), posterior.at("p95").get<double>());
}

TEST_F(CliRecalibrate, TextSaysHowTheBandNarrowed) {
  const RunResult r = recalibrate(outcomes_file, false);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("Recalibrated on 8 outcome(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("% narrower"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| forehead | wrinkle_grade |"), std::string::npos) << r.out;
}

TEST_F(CliRecalibrate, BadHeaderSaysWhatIsExpected) {
  const fs::path bad = written("outcomes.csv",
                               "date,zone,observable,value\n2026-04-06,forehead,"
                               "wrinkle_grade,2.5\n");
  expect_error(recalibrate(bad), 2,
               {"outcomes.csv:1 header", "date,zone,observable,value,unit,instrument"});
}

TEST_F(CliRecalibrate, BadDateNamesTheRowAndColumn) {
  const fs::path bad = edited(outcomes_file, "2026-05-04,forehead", "2026-05-34,forehead");
  expect_error(recalibrate(bad), 2, {"photoageing_smoker_outcomes.csv:4 date", "2026-05-34"});
}

TEST_F(CliRecalibrate, UnknownObservableNamesTheRowAndTheValidOnes) {
  const fs::path bad = edited(outcomes_file, "forehead,wrinkle_grade", "forehead,wrinkles");
  expect_error(recalibrate(bad), 2,
               {"photoageing_smoker_outcomes.csv:2 observable", "'wrinkles'", "'wrinkle_grade'"});
}

TEST_F(CliRecalibrate, WrongUnitSaysTheExpectedOne) {
  const fs::path bad = edited(outcomes_file, "108,um", "0.108,mm");
  expect_error(recalibrate(bad), 2, {"photoageing_smoker_outcomes.csv:6 unit", "expected 'um'"});
}

TEST_F(CliRecalibrate, MissingOutcomesFileIsNotFound) {
  expect_error(recalibrate(m_dir / "absent.csv"), 3, {"absent.csv"});
}

}  // namespace
