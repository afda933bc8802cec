//===- WritersTest.cpp - SARIF, JUnit, JSON and the summary ---------------===//
//
// Structure checks in C++; tests/report/check_reports.py validates the same
// outputs against the SARIF schema and parses the JUnit XML.
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "ReportTestUtil.h"

#include "Suppressions.h" // runtime
#include "credtaint/catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace credtaint::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

const char kGetenvFp[] = "credtaint/v1:99629219a26394024e731bb36a56c3d7";

struct Fixture {
  FindingSet Set = test::goldenSet();
  ReportContext Ctx;
  Fixture() {
    Ctx.Set = &Set;
    Ctx.SourceRoot = "/work/main";
    Ctx.Run.Provider = "github";
    Ctx.Run.Repository = "acme/service";
    Ctx.Run.RepositoryUri = "https://github.com/acme/service";
    Ctx.Run.Branch = "main";
    Ctx.Run.Commit = "0123456789abcdef0123456789abcdef01234567";
    Ctx.Run.BuildId = "4242";
  }
};

json sarif(const ReportContext &C) { return json::parse(sarifReport(C).dump()); }

TEST(SarifTest, RulesComeFromTheCatalogWithCodeScanningProperties) {
  Fixture F;
  json S = sarif(F.Ctx);
  EXPECT_EQ(S["version"], "2.1.0");
  ASSERT_EQ(S["runs"].size(), 1u);
  const json &Rules = S["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(Rules.size(), kNumRules);
  for (size_t I = 0; I < kNumRules; ++I) {
    const json &R = Rules[I];
    EXPECT_EQ(R["id"], kRules[I].id);
    EXPECT_EQ(R["shortDescription"]["text"], kRules[I].shortDescription);
    EXPECT_THAT(R["fullDescription"]["text"].get<std::string>(),
                HasSubstr(kRules[I].help));
    EXPECT_EQ(R["help"]["text"], kRules[I].help);
    EXPECT_EQ(R["properties"]["tags"],
              json({"security",
                    "external/cwe/cwe-" + std::to_string(kRules[I].cwe)}));
    double Sev = std::stod(R["properties"]["security-severity"].get<std::string>());
    EXPECT_GT(Sev, 0.0);
    EXPECT_LE(Sev, 10.0);
  }
}

TEST(SarifTest, ResultHasOnePrimaryLocationCodeFlowAndPartialFingerprint) {
  Fixture F;
  json S = sarif(F.Ctx);
  const json &Results = S["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 4u);
  const json &R = Results[0];
  EXPECT_EQ(R["ruleId"], "secret-in-log");
  EXPECT_EQ(S["runs"][0]["tool"]["driver"]["rules"][R["ruleIndex"].get<size_t>()]["id"],
            "secret-in-log");
  EXPECT_EQ(R["level"], "error");
  ASSERT_EQ(R["locations"].size(), 1u);
  const json &Phys = R["locations"][0]["physicalLocation"];
  EXPECT_EQ(Phys["artifactLocation"]["uri"], "tests/lit/e2e/getenv-printf.cpp");
  EXPECT_EQ(Phys["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(Phys["region"]["startLine"], 16);
  EXPECT_EQ(R["partialFingerprints"],
            json({{"credtaint/v1", "99629219a26394024e731bb36a56c3d7"}}));
  EXPECT_FALSE(R["partialFingerprints"].contains("primaryLocationLineHash"));
  const json &Flow = R["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(Flow.size(), 2u);
  EXPECT_EQ(Flow[0]["location"]["physicalLocation"]["region"]["startLine"], 15);
  EXPECT_EQ(Flow[1]["location"]["physicalLocation"]["region"]["startLine"], 16);
  EXPECT_EQ(R["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 15);
  EXPECT_FALSE(R.contains("baselineState")) << "no baseline given";
  EXPECT_FALSE(R.contains("suppressions"));
  EXPECT_THAT(R["message"]["text"].get<std::string>(),
              HasSubstr("token API_TOKEN (ghp_****…, 40 bytes) reached printf(stdout)"));
}

TEST(SarifTest, RunMetadataAndSourceRoot) {
  Fixture F;
  json Run = sarif(F.Ctx)["runs"][0];
  EXPECT_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///work/main/");
  const json &V = Run["versionControlProvenance"][0];
  EXPECT_EQ(V["repositoryUri"], "https://github.com/acme/service");
  EXPECT_EQ(V["revisionId"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(V["branch"], "main");
  EXPECT_EQ(Run["properties"]["build_id"], "4242");
  EXPECT_EQ(Run["properties"]["repository"], "acme/service");
}

TEST(SarifTest, BaselineStateAndSuppressions) {
  Fixture F;
  F.Ctx.BaselineFile = "baseline.json";
  F.Set.applyBaseline({kGetenvFp});
  rt::Suppressions Sup;
  std::vector<std::string> Errors;
  Sup.parse("supp.txt", "rule:weak-random-credential\n", Errors);
  F.Set.applySuppressions(Sup, "supp.txt", F.Ctx.Warnings);
  json Results = sarif(F.Ctx)["runs"][0]["results"];
  size_t Unchanged = 0, New = 0, Suppressed = 0;
  for (const json &R : Results) {
    Unchanged += R["baselineState"] == "unchanged";
    New += R["baselineState"] == "new";
    if (R.contains("suppressions")) {
      ++Suppressed;
      EXPECT_EQ(R["suppressions"][0]["kind"], "external");
      EXPECT_THAT(R["suppressions"][0]["justification"].get<std::string>(),
                  HasSubstr("rule:weak-random-credential"));
    }
  }
  EXPECT_EQ(Unchanged, 1u);
  EXPECT_EQ(New, 3u);
  EXPECT_EQ(Suppressed, 1u);
}

TEST(SarifTest, PathsOutsideTheRootAreFileUris) {
  Fixture F;
  F.Ctx.SourceRoot = "/elsewhere";
  json R = sarif(F.Ctx)["runs"][0]["results"][0];
  EXPECT_EQ(R["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///work/main/tests/lit/e2e/getenv-printf.cpp");
  EXPECT_FALSE(sarif(F.Ctx)["runs"][0].contains("originalUriBaseIds") &&
               F.Ctx.SourceRoot.empty());
}

TEST(SarifTest, ReaderWarningsBecomeNotifications) {
  Fixture F;
  F.Ctx.Warnings = {"logs/credtaint.1.jsonl:3: skipped: not valid JSON at column 2"};
  json N = sarif(F.Ctx)["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(N.size(), 1u);
  EXPECT_EQ(N[0]["level"], "warning");
}

TEST(JunitTest, OneTestcasePerTestFailuresOnlyForFailingFindings) {
  Fixture F;
  F.Ctx.BaselineFile = "b.json";
  F.Set.applyBaseline({kGetenvFp});
  std::string X = junitReport(F.Ctx);
  EXPECT_THAT(X, HasSubstr("<testsuites name=\"credtaint\" tests=\"3\" failures=\"2\""));
  EXPECT_THAT(X, HasSubstr("<testcase classname=\"getenv-printf.cpp\" "
                           "name=\"getenv-printf.cpp.tmp\""));
  EXPECT_THAT(X, HasSubstr("<property name=\"commit\" "
                           "value=\"0123456789abcdef0123456789abcdef01234567\"/>"));
  // The baseline finding is listed in system-out, not as a failure.
  size_t Case = X.find("name=\"getenv-printf.cpp.tmp\"");
  size_t End = X.find("</testcase>", Case);
  std::string Body = X.substr(Case, End - Case);
  EXPECT_THAT(Body, Not(HasSubstr("<failure")));
  EXPECT_THAT(Body, HasSubstr("<system-out>"));
  EXPECT_THAT(Body, HasSubstr("in baseline"));
}

TEST(JunitTest, NamesAreEscapedAndControlCharactersDropped) {
  FindingSet S;
  RecordReader R;
  R.readJsonl("g", test::input("getenv-printf.jsonl"));
  Record Rec = R.records()[0];
  Rec.Test = std::string("Suite<&\"'>.Name\x01\x1f\x7f\xEF\xBF\xBE!");
  S.add(Rec);
  ReportContext C;
  C.Set = &S;
  std::string X = junitReport(C);
  EXPECT_THAT(X, HasSubstr("name=\"Suite&lt;&amp;&quot;&apos;&gt;.Name\xEF\xBF\xBD!\""));
  for (char Ch : X)
    EXPECT_TRUE(Ch == '\n' || static_cast<unsigned char>(Ch) >= 0x20) << int(Ch);
}

TEST(JsonTest, MergedFindingsCarryCountsStateAndRunMetadata) {
  Fixture F;
  F.Ctx.BaselineFile = "b.json";
  F.Ctx.FailOn = Severity::High;
  F.Set.applyBaseline({kGetenvFp});
  json J = json::parse(mergedJson(F.Ctx).dump());
  EXPECT_EQ(J["counts"]["findings"], 4);
  EXPECT_EQ(J["counts"]["new"], 3);
  EXPECT_EQ(J["counts"]["in_baseline"], 1);
  EXPECT_EQ(J["gate"]["failed"], true);
  EXPECT_EQ(J["gate"]["failing"], 3);
  EXPECT_EQ(J["run"]["commit"], "0123456789abcdef0123456789abcdef01234567");
  const json &First = J["findings"][0];
  EXPECT_EQ(First["fingerprint"], kGetenvFp);
  EXPECT_EQ(First["baseline_state"], "unchanged");
  EXPECT_EQ(First["occurrences"], 1);
  EXPECT_EQ(First["tests"], json({"getenv-printf.cpp.tmp"}));
  EXPECT_FALSE(First.contains("pid"));
  EXPECT_EQ(First["fails_gate"], false);
}

TEST(SummaryTest, TablesAndGateVerdict) {
  Fixture F;
  F.Ctx.FailOn = Severity::High;
  std::string S = summaryText(F.Ctx, 10);
  EXPECT_THAT(S, HasSubstr("4 distinct findings (4 occurrences)"));
  EXPECT_THAT(S, HasSubstr("Findings by rule and severity (new/total):"));
  EXPECT_THAT(S, HasSubstr("weak-cipher"));
  EXPECT_THAT(S, HasSubstr("Top locations:"));
  EXPECT_THAT(S, HasSubstr("tests/lit/e2e/getenv-printf.cpp:16"));
  EXPECT_THAT(S, HasSubstr("Defects by test:"));
  EXPECT_THAT(S, HasSubstr("crypto-ciphers.cpp.tmp"));
  EXPECT_THAT(S, HasSubstr("acme/service main @ 0123456789ab, build 4242"));
  EXPECT_THAT(S, HasSubstr("Gate (--fail-on high): FAILED, 4 new findings at or above high"));
  F.Set.applyBaseline({kGetenvFp, "credtaint/v1:8a9ce4123de64870ba9bc582db91e6f3",
                       "credtaint/v1:9bd22917ec1c1d146111255ba139c0ca",
                       "credtaint/v1:1d028235387e1887e5d02aea4b4b09a5"});
  F.Ctx.BaselineFile = "b.json";
  EXPECT_THAT(summaryText(F.Ctx, 10), HasSubstr("Gate (--fail-on high): passed"));
}

TEST(SummaryTest, SidecarsEmbeddedInObjectsAreCountedAsSidecars) {
  Fixture F;
  F.Ctx.Stats.LogFiles = 3;
  F.Ctx.Stats.Sidecars = 2;
  EXPECT_THAT(summaryText(F.Ctx, 10),
              HasSubstr("from 3 log files and 2 sidecars\n"));
  F.Ctx.Stats.ObjectSidecars = 1;
  EXPECT_THAT(summaryText(F.Ctx, 10),
              HasSubstr("from 3 log files and 2 sidecars (1 embedded in an "
                        "object)\n"));
  F.Ctx.Stats.Sidecars = F.Ctx.Stats.ObjectSidecars = 4;
  EXPECT_THAT(summaryText(F.Ctx, 10),
              HasSubstr("and 4 sidecars (4 embedded in objects)\n"));
  json J = json::parse(mergedJson(F.Ctx).dump());
  EXPECT_EQ(J["inputs"]["sidecars"], 4);
  EXPECT_EQ(J["inputs"]["object_sidecars"], 4);
}

TEST(SummaryTest, NoFindings) {
  FindingSet Empty;
  ReportContext C;
  C.Set = &Empty;
  C.FailOn = Severity::Low;
  std::string S = summaryText(C, 10);
  EXPECT_THAT(S, HasSubstr("0 distinct findings"));
  EXPECT_THAT(S, HasSubstr("passed"));
  EXPECT_FALSE(C.gateFailed());
}

} // namespace
} // namespace credtaint::report
