//===- FindingSetTest.cpp - dedup, baseline, suppressions, gate -----------===//

#include "Baseline.h"
#include "FindingSet.h"
#include "ReportTestUtil.h"

#include "Suppressions.h" // runtime

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace credtaint::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char kGetenvFp[] = "credtaint/v1:99629219a26394024e731bb36a56c3d7";
const char kCipherFp[] = "credtaint/v1:8a9ce4123de64870ba9bc582db91e6f3";

Record golden(size_t I) {
  RecordReader R;
  R.readJsonl("golden", test::goldenJsonl());
  return R.records().at(I);
}

const Finding *find(const FindingSet &S, const std::string &Fp) {
  for (const Finding *F : S.sorted())
    if (F->First.Fingerprint == Fp)
      return F;
  return nullptr;
}

TEST(FindingSetTest, SameFingerprintIsOneFindingWithOccurrencesAndTests) {
  FindingSet S;
  Record A = golden(0);
  A.Test = "Suite.One";
  A.Time = "2026-01-02T00:00:00.000Z";
  Record B = A;
  B.Test = "Suite.Two";
  B.Detector = "match";
  B.Time = "2026-01-01T00:00:00.000Z";
  Record C = A; // same test again, another process
  S.add(A);
  S.add(B);
  S.add(C);
  S.add(golden(1));
  ASSERT_EQ(S.size(), 2u);
  EXPECT_EQ(S.occurrences(), 4u);
  const Finding *F = find(S, kGetenvFp);
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Occurrences, 3u);
  EXPECT_THAT(F->Tests, ElementsAre("Suite.One", "Suite.Two"));
  EXPECT_THAT(F->Detectors, ElementsAre("flow", "match"));
  EXPECT_EQ(F->FirstSeen, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(F->LastSeen, "2026-01-02T00:00:00.000Z");
}

TEST(FindingSetTest, NullTestIsAttributedToTheBinary) {
  FindingSet S;
  S.add(golden(0)); // "test": null
  EXPECT_THAT(find(S, kGetenvFp)->Tests, ElementsAre("getenv-printf.cpp.tmp"));
}

TEST(FindingSetTest, HighestSeverityOfAnyOccurrenceWins) {
  FindingSet S;
  Record A = golden(0);
  A.Sev = Severity::Medium;
  Record B = A;
  B.Sev = Severity::Critical;
  S.add(A);
  S.add(B);
  EXPECT_EQ(find(S, kGetenvFp)->First.Sev, Severity::Critical);
}

TEST(FindingSetTest, SortedBySeverityThenRuleThenPlace) {
  FindingSet S = test::goldenSet();
  std::vector<const Finding *> V = S.sorted();
  ASSERT_EQ(V.size(), 4u);
  for (size_t I = 1; I < V.size(); ++I)
    EXPECT_GE(V[I - 1]->First.Sev, V[I]->First.Sev);
  EXPECT_EQ(V[0]->First.Rule, "secret-in-log"); // all high; by rule id
  EXPECT_EQ(V[1]->First.Rule, "weak-cipher");
}

TEST(FindingSetTest, BaselineSplitsNewFromUnchanged) {
  FindingSet S = test::goldenSet();
  size_t NotSeen = S.applyBaseline({kGetenvFp, "credtaint/v1:gone"});
  EXPECT_EQ(NotSeen, 1u);
  EXPECT_TRUE(find(S, kGetenvFp)->InBaseline);
  EXPECT_FALSE(find(S, kCipherFp)->InBaseline);
  EXPECT_EQ(S.gateCount(Severity::Low), 3u);
}

TEST(FindingSetTest, GateCountsNewUnsuppressedFindingsAtOrAboveThreshold) {
  FindingSet S;
  Record Low = golden(0);
  Low.Sev = Severity::Low;
  Low.Fingerprint = "credtaint/v1:low";
  S.add(Low);
  S.add(golden(1)); // high
  EXPECT_EQ(S.gateCount(Severity::Low), 2u);
  EXPECT_EQ(S.gateCount(Severity::Medium), 1u);
  EXPECT_EQ(S.gateCount(Severity::High), 1u);
  EXPECT_EQ(S.gateCount(Severity::Critical), 0u);
  S.applyBaseline({kCipherFp});
  EXPECT_EQ(S.gateCount(Severity::High), 0u);
}

TEST(FindingSetTest, SuppressionsUseTheRuntimeFormatAndReportUnusedLines) {
  FindingSet S = test::goldenSet();
  rt::Suppressions Sup;
  std::vector<std::string> Errors, Warnings;
  Sup.parse("supp.txt",
            "# accepted\n"
            "rule:weak-cipher\n"
            "src:*/getenv-printf.cpp\n"
            "fun:never_called_anywhere\n"
            "bogus line\n",
            Errors);
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_THAT(Errors[0], HasSubstr("supp.txt:5"));
  S.applySuppressions(Sup, "supp.txt", Warnings);
  const Finding *G = find(S, kGetenvFp);
  ASSERT_TRUE(G->Suppressed);
  EXPECT_EQ(G->Suppressed->Type, "src");
  EXPECT_EQ(G->Suppressed->Line, 3u);
  EXPECT_EQ(G->Suppressed->File, "supp.txt");
  EXPECT_TRUE(find(S, kCipherFp)->Suppressed);
  EXPECT_FALSE(G->active());
  ASSERT_EQ(Warnings.size(), 1u);
  EXPECT_EQ(Warnings[0],
            "supp.txt:4: suppression 'fun:never_called_anywhere' matched no finding");
  EXPECT_EQ(S.gateCount(Severity::Low), 1u); // only weak-random is left
}

TEST(FindingSetTest, SuppressionsMatchSinkCredentialAndFunction) {
  for (const char *Line : {"sink:printf(stdout)", "credential:API_*",
                           "fun:^main$", "src:getenv-printf.cpp"}) {
    FindingSet S;
    S.add(golden(0));
    rt::Suppressions Sup;
    std::vector<std::string> Errors, Warnings;
    Sup.parse("s", Line, Errors);
    S.applySuppressions(Sup, "s", Warnings);
    EXPECT_TRUE(find(S, kGetenvFp)->Suppressed) << Line;
    EXPECT_TRUE(Warnings.empty()) << Line;
  }
}

TEST(BaselineTest, AcceptsTheWrittenFormAndSimpleForms) {
  std::set<std::string> A;
  std::string Error;
  EXPECT_TRUE(parseBaseline(R"(["a","b"])", A, Error));
  EXPECT_TRUE(parseBaseline(R"({"fingerprints":["c"]})", A, Error));
  EXPECT_TRUE(parseBaseline(R"({"version":1,"findings":[{"fingerprint":"d","rule":"x"}]})",
                            A, Error));
  EXPECT_TRUE(parseBaseline(R"([{"fingerprint":"e"}])", A, Error));
  EXPECT_THAT(A, ElementsAre("a", "b", "c", "d", "e"));
}

TEST(BaselineTest, MalformedBaselinesAreErrors) {
  for (const char *Text : {"", "{", "42", "[1e999]", R"({"other":[]})", R"([1])",
                           R"([{"rule":"x"}])", R"({"findings":[""]})"}) {
    std::set<std::string> A;
    std::string Error;
    EXPECT_FALSE(parseBaseline(Text, A, Error)) << Text;
    EXPECT_FALSE(Error.empty());
  }
}

TEST(BaselineTest, WrittenBaselineAcceptsExactlyTheUnsuppressedFindings) {
  FindingSet S = test::goldenSet();
  rt::Suppressions Sup;
  std::vector<std::string> Errors, Warnings;
  Sup.parse("s", "rule:weak-random-credential", Errors);
  S.applySuppressions(Sup, "s", Warnings);
  nlohmann::ordered_json J = baselineJson(S, RunInfo{}, "/work/main");
  std::set<std::string> A;
  std::string Error;
  ASSERT_TRUE(parseBaseline(J.dump(), A, Error)) << Error;
  EXPECT_EQ(A.size(), 3u);
  EXPECT_TRUE(A.count(kGetenvFp));
  EXPECT_EQ(J["findings"][0]["location"], "tests/lit/e2e/getenv-printf.cpp:16");
  S.applyBaseline(A);
  EXPECT_EQ(S.gateCount(Severity::Low), 0u);
}

} // namespace
} // namespace credtaint::report
