// `dermasim plan` through the real binary: the report folder, the JSON with the program, the
// program it writes read back by `forecast`, and bad input with its exit code.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
const fs::path patients = data_dir / "patients";

class PlanCli : public dermasim::testing::ScratchFolderTest {
 protected:
  RunResult run(std::vector<std::string> args) const {
    args.insert(args.end(), {"--data-dir", data_dir.string()});
    return run_dermasim(args, m_dir);
  }
};

TEST_F(PlanCli, WritesTheReportFolderAndItsProgramForecastsAlike) {
  const fs::path out = m_dir / "report";
  const RunResult r =
      run({"plan", (patients / "photoageing_smoker.toml").string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  for (const char* file : {"program.toml", "plan.json", "plan.txt", "forecast.csv",
                           "forecast_cheeks.svg", "forecast_periorbital.svg"})
    EXPECT_TRUE(fs::exists(out / file)) << file;
  EXPECT_NE(r.out.find("qualified practitioner"), std::string::npos);
  const nlohmann::json plan = nlohmann::json::parse(read_text(out / "plan.json"));
  ASSERT_TRUE(plan.contains("program"));
  EXPECT_FALSE(plan["program"]["session"].empty());
  EXPECT_EQ(plan["zones"].size(), 5u);
  const std::string csv = read_text(out / "forecast.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "zone,observable,unit,t_days,median,p05,p95");
  // The program file is a program `forecast` reads: its JSON matches the plan's forecast.
  const RunResult f = run({"forecast", (patients / "photoageing_smoker.toml").string(),
                           (out / "program.toml").string(), "--json", "--horizon-days", "365"});
  ASSERT_EQ(f.exit_code, 0) << describe(f);
  const nlohmann::json forecast = nlohmann::json::parse(f.out);
  EXPECT_EQ(forecast["observables"]["cheeks.texture_grade"]["median"],
            plan["forecast"]["observables"]["cheeks.texture_grade"]["median"]);
}

TEST_F(PlanCli, JsonPrintsTheProgramUnderProgram) {
  const RunResult r = run({"plan", (patients / "striae_postpartum.toml").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const nlohmann::json plan = nlohmann::json::parse(r.out);
  const nlohmann::json& pass = plan["program"]["session"][0]["zone"][0]["pass"][0];
  EXPECT_EQ(pass["cartridge"], "single");
  EXPECT_TRUE(plan["forecast"].contains("observables"));
}

TEST_F(PlanCli, AContraindicatedPatientExitsFiveNamingTheRule) {
  const RunResult r = run({"plan", (patients / "isotretinoin_recent.toml").string()});
  EXPECT_EQ(r.exit_code, 5) << describe(r);
  EXPECT_NE(r.err.find("contraindicated"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("isotretinoin"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(PlanCli, BadProfilesExitWithTheirCategory) {
  RunResult r = run({"plan", (m_dir / "missing.toml").string()});
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  write_text(m_dir / "broken.toml", "id = \"x\"\nage_years = \n");
  r = run({"plan", (m_dir / "broken.toml").string()});
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("broken.toml:2"), std::string::npos) << r.err;
  std::string text = read_text(patients / "photoageing_smoker.toml");
  text.replace(text.find("fitzpatrick = 2"), 15, "fitzpatrick = 9");
  write_text(m_dir / "phototype.toml", text);
  r = run({"plan", (m_dir / "phototype.toml").string()});
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("fitzpatrick"), std::string::npos) << r.err;
}

TEST_F(PlanCli, AnUnwritableReportFolderIsUnavailableAndKeepsTheFile) {
  write_text(m_dir / "taken", "keep me");
  const RunResult r = run({"plan", (patients / "photoageing_smoker.toml").string(), "--out",
                           (m_dir / "taken").string()});
  EXPECT_EQ(r.exit_code, 8) << describe(r);
  EXPECT_EQ(read_text(m_dir / "taken"), "keep me");
}

}  // namespace
