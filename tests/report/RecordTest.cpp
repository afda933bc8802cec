//===- RecordTest.cpp - reading one record; the finding fingerprint -------===//

#include "Record.h"
#include "Report.h"
#include "ReportTestUtil.h"

#include <gtest/gtest.h>

#include <sstream>

namespace credtaint::report {
namespace {

using nlohmann::json;

std::vector<json> goldenRecords() {
  std::vector<json> Out;
  std::istringstream In(test::goldenJsonl());
  for (std::string Line; std::getline(In, Line);)
    Out.push_back(json::parse(Line));
  return Out;
}

TEST(RecordTest, FingerprintIsRecomputedExactlyAsTheRuntimeComputesIt) {
  std::vector<json> Golden = goldenRecords();
  ASSERT_EQ(Golden.size(), 4u);
  bool SawWeakRandom = false;
  for (json J : Golden) {
    std::string Expected = J["fingerprint"];
    J.erase("fingerprint");
    Record R;
    std::string Why;
    ASSERT_TRUE(recordFromJson(J, R, Why)) << Why;
    EXPECT_EQ(R.Fingerprint, Expected) << J["rule"];
    EXPECT_EQ(computeFingerprint(R), Expected);
    SawWeakRandom |= R.Rule == "weak-random-credential";
  }
  EXPECT_TRUE(SawWeakRandom) << "the rule keyed by name must be covered";
}

TEST(RecordTest, FingerprintIgnoresTimePidTestAndBinary) {
  json J = goldenRecords().front();
  J.erase("fingerprint");
  Record A, B;
  std::string Why;
  ASSERT_TRUE(recordFromJson(J, A, Why));
  J["time"] = "2031-01-01T00:00:00.000Z";
  J["pid"] = 4242;
  J["test"] = "Other.Test";
  J["binary"] = "/elsewhere/prog";
  ASSERT_TRUE(recordFromJson(J, B, Why));
  EXPECT_EQ(A.Fingerprint, B.Fingerprint);
  J["sink"]["line"] = 17;
  ASSERT_TRUE(recordFromJson(J, B, Why));
  EXPECT_NE(A.Fingerprint, B.Fingerprint) << "the sink site is part of it";
}

TEST(RecordTest, MissingFieldsDefaultFromTheRuleCatalog) {
  Record R;
  std::string Why;
  ASSERT_TRUE(recordFromJson(json{{"rule", "secret-in-log"}}, R, Why));
  EXPECT_EQ(R.Cwe, 532u);
  EXPECT_EQ(R.Sev, Severity::High);
  EXPECT_EQ(R.Message, "Credential bytes reach a log sink");
  EXPECT_EQ(R.Detector, "flow");
  EXPECT_EQ(R.Fingerprint.rfind("credtaint/v1:", 0), 0u);
  EXPECT_EQ(R.Fingerprint.size(), 13u + 32u);
}

TEST(RecordTest, RecordSeverityOverridesTheRuleDefault) {
  Record R;
  std::string Why;
  ASSERT_TRUE(recordFromJson(
      json{{"rule", "unscoped-network-use"}, {"severity", "LOW"}}, R, Why));
  EXPECT_EQ(R.Sev, Severity::Low);
  ASSERT_TRUE(recordFromJson(
      json{{"rule", "secret-in-log"}, {"severity", "bogus"}}, R, Why));
  EXPECT_EQ(R.Sev, Severity::High);
}

TEST(RecordTest, MistypedFieldsTakeDefaultsInsteadOfFailing) {
  json J = json::parse(R"({"rule":"secret-in-log","cwe":"532",
    "credential":[1,2],"sink":{"line":"16","column":1e300,"bytes":-3,
    "fd":1.5,"file":7},"trace":[1,{"step":"source","line":-1},"x"],
    "test":42,"pid":"nope"})");
  Record R;
  std::string Why;
  ASSERT_TRUE(recordFromJson(J, R, Why)) << Why;
  EXPECT_EQ(R.Cwe, 532u); // from the catalog
  EXPECT_EQ(R.Sink.At.Line, 0u);
  EXPECT_EQ(R.Sink.At.Column, 0u);
  EXPECT_EQ(R.Sink.Bytes, 0u);
  EXPECT_FALSE(R.Sink.Fd);
  EXPECT_EQ(R.Sink.At.File, "");
  ASSERT_EQ(R.Trace.size(), 1u);
  EXPECT_EQ(R.Trace[0].At.Line, 0u);
  EXPECT_FALSE(R.Test);
  EXPECT_EQ(R.Pid, 0);
}

TEST(RecordTest, WhatIsNotARecordIsRejectedWithAReason) {
  for (const char *Text :
       {"[1,2]", "\"text\"", "17", "null", "{}", R"({"rule":5})",
        R"({"rule":""})"}) {
    Record R;
    std::string Why;
    EXPECT_FALSE(recordFromJson(json::parse(Text), R, Why)) << Text;
    EXPECT_FALSE(Why.empty());
  }
}

TEST(RecordTest, UnknownFieldsNeverReachTheOutput) {
  json J = goldenRecords().front();
  J["raw_value"] = "must-not-be-copied";
  J["credential"]["value"] = "must-not-be-copied";
  J["sink"]["buffer"] = "must-not-be-copied";
  Record R;
  std::string Why;
  ASSERT_TRUE(recordFromJson(J, R, Why));
  std::string Out = recordToJson(R, true).dump();
  EXPECT_EQ(Out.find("must-not-be-copied"), std::string::npos);
  EXPECT_NE(Out.find("\"preview\":\"ghp_****"), std::string::npos);
}

TEST(RecordTest, WrittenRecordReadsBackTheSame) {
  for (const json &J : goldenRecords()) {
    Record R, Back;
    std::string Why;
    ASSERT_TRUE(recordFromJson(J, R, Why));
    json Written = json::parse(recordToJson(R, true).dump());
    ASSERT_TRUE(recordFromJson(Written, Back, Why));
    EXPECT_EQ(recordToJson(R, true), recordToJson(Back, true));
    EXPECT_EQ(Written["credential"], J["credential"]);
    EXPECT_EQ(Written["trace"], J["trace"]);
  }
}

TEST(RecordTest, NetworkAndStaticFieldsAreKept) {
  json J = json::parse(R"({"rule":"unscoped-network-use","severity":"low",
    "secret_rule":"github-token",
    "sink":{"category":"net","function":"send","transport":"tls",
            "host":"api.example.com","port":443,"url":"https://api.example.com/x?****",
            "path":"/bin/curl","part":"argv","file":"/s/a.cpp","line":9}})");
  Record R;
  std::string Why;
  ASSERT_TRUE(recordFromJson(J, R, Why));
  json Back = json::parse(recordToJson(R, false).dump());
  EXPECT_EQ(Back["secret_rule"], "github-token");
  for (const char *K : {"transport", "host", "port", "url", "path", "part"})
    EXPECT_EQ(Back["sink"][K], J["sink"][K]) << K;
  EXPECT_EQ(findingHeadline(R, ""),
            "credential reached send to api.example.com:443 over tls of /bin/curl "
            "at /s/a.cpp:9");
}

TEST(RecordTest, TestNameFallsBackToTheBinaryName) {
  Record R;
  R.Binary = "/build/tests/vault_test";
  EXPECT_EQ(testNameOf(R), "vault_test");
  R.Test = "VaultTest.Leaks";
  EXPECT_EQ(testNameOf(R), "VaultTest.Leaks");
  Record S;
  S.Detector = "static";
  EXPECT_EQ(testNameOf(S), "static");
  EXPECT_EQ(testNameOf(Record()), "unknown");
}

TEST(RecordTest, SeverityNames) {
  Severity S;
  for (const char *Name : {"low", "medium", "high", "critical"}) {
    ASSERT_TRUE(parseSeverity(Name, S));
    EXPECT_STREQ(severityName(S), Name);
  }
  EXPECT_TRUE(parseSeverity("Critical", S));
  EXPECT_FALSE(parseSeverity("severe", S));
  EXPECT_FALSE(parseSeverity("", S));
  EXPECT_LT(Severity::Low, Severity::Medium);
  EXPECT_LT(Severity::High, Severity::Critical);
}

} // namespace
} // namespace credtaint::report
