//===- ReaderTest.cpp - JSONL logs and sidecars, damaged ones included ----===//

#include "RecordReader.h"
#include "ReportTestUtil.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace credtaint::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string firstGolden() { return test::input("getenv-printf.jsonl"); }

bool anyContains(const std::vector<std::string> &V, const std::string &S) {
  for (const std::string &X : V)
    if (X.find(S) != std::string::npos)
      return true;
  return false;
}

TEST(ReaderTest, ReadsEveryGoldenRecord) {
  RecordReader R;
  R.readJsonl("golden.jsonl", test::goldenJsonl());
  EXPECT_EQ(R.records().size(), 4u);
  EXPECT_TRUE(R.warnings().empty());
  EXPECT_EQ(R.stats().Records, 4u);
  EXPECT_EQ(R.stats().Skipped, 0u);
}

TEST(ReaderTest, CallbackReceivesRecordsInsteadOfKeepingThem) {
  FindingSet Set;
  RecordReader R([&Set](Record &&Rec) { Set.add(Rec); });
  R.readJsonl("golden.jsonl", test::goldenJsonl() + test::goldenJsonl());
  EXPECT_TRUE(R.records().empty());
  EXPECT_EQ(R.stats().Records, 8u);
  EXPECT_EQ(Set.size(), 4u);
  EXPECT_EQ(Set.occurrences(), 8u);
}

TEST(ReaderTest, TruncatedLastLineIsSkippedWithFileAndLine) {
  std::string Good = firstGolden();
  std::string Text = Good + Good.substr(0, Good.size() / 2); // killed mid-write
  RecordReader R;
  R.readJsonl("logs/credtaint.77.jsonl", Text);
  EXPECT_EQ(R.records().size(), 1u);
  ASSERT_EQ(R.warnings().size(), 1u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("logs/credtaint.77.jsonl:2: skipped"));
  EXPECT_THAT(R.warnings()[0], HasSubstr("truncated"));
  EXPECT_EQ(R.stats().Skipped, 1u);
}

TEST(ReaderTest, CorruptMiddleLineIsSkippedAndTheRestKept) {
  std::string Good = firstGolden();
  RecordReader R;
  R.readJsonl("f.jsonl", Good + "{\"rule\": \"secret-in-log\", oops}\n" + Good +
                             "\x01\x02garbage\n" + Good);
  EXPECT_EQ(R.records().size(), 3u);
  ASSERT_EQ(R.warnings().size(), 2u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("f.jsonl:2: skipped: not valid JSON"));
  EXPECT_THAT(R.warnings()[1], HasSubstr("f.jsonl:4: skipped"));
}

TEST(ReaderTest, WarningsNeverQuoteTheInput) {
  RecordReader R;
  R.readJsonl("f.jsonl", "{\"rule\":\"secret-in-log\",\"x\":\"hunter2-SECRETVALUE\n"
                         "not json hunter2-SECRETVALUE\n"
                         "[\"hunter2-SECRETVALUE\"]\n");
  ASSERT_EQ(R.warnings().size(), 3u);
  for (const std::string &W : R.warnings())
    EXPECT_THAT(W, Not(HasSubstr("hunter2")));
}

TEST(ReaderTest, BlankLinesAndCrLfAreAccepted) {
  std::string Good = firstGolden(); // ends in \n
  Good.insert(Good.size() - 1, "\r");
  RecordReader R;
  R.readJsonl("f.jsonl", "\n  \n" + Good + "\r\n" + Good);
  EXPECT_EQ(R.records().size(), 2u);
  EXPECT_TRUE(R.warnings().empty());
}

TEST(ReaderTest, JsonThatIsNotARecordIsSkipped) {
  RecordReader R;
  R.readJsonl("f.jsonl", "[1,2]\n{\"x\":1}\n{\"rule\":null}\n");
  EXPECT_TRUE(R.records().empty());
  ASSERT_EQ(R.warnings().size(), 3u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("f.jsonl:1: skipped: not a JSON object"));
  EXPECT_THAT(R.warnings()[1], HasSubstr("f.jsonl:2: skipped: no \"rule\""));
}

TEST(ReaderTest, NumbersOutOfRangeAreSkippedNotThrown) {
  // Found by the fuzz target: nlohmann throws out_of_range, not parse_error.
  RecordReader R;
  R.readJsonl("f.jsonl", "{\"rule\":\"secret-in-log\",\"cwe\":368e731}\n" +
                             firstGolden());
  R.readSidecar("s.credtaint.json", "[{\"rule\":\"x\",\"pid\":-1e999}]");
  EXPECT_EQ(R.records().size(), 1u);
  ASSERT_EQ(R.warnings().size(), 2u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("f.jsonl:1: skipped: not valid JSON"));
  EXPECT_THAT(R.warnings()[0], Not(HasSubstr("368e731")));
  EXPECT_THAT(R.warnings()[1], HasSubstr("s.credtaint.json:1: skipped"));
}

TEST(ReaderTest, InvalidUtf8IsSkipped) {
  RecordReader R;
  R.readJsonl("f.jsonl", "{\"rule\":\"secret-in-log\",\"binary\":\"\xff\xfe\"}\n");
  EXPECT_TRUE(R.records().empty());
  EXPECT_EQ(R.warnings().size(), 1u);
}

TEST(ReaderTest, WarningsPerFileAreCapped) {
  std::string Bad;
  for (int I = 0; I < 100; ++I)
    Bad += "not json\n";
  RecordReader R;
  R.readJsonl("bad.jsonl", Bad);
  R.readJsonl("good.jsonl", firstGolden() + "x\n");
  ASSERT_EQ(R.warnings().size(), RecordReader::kWarningsPerFile + 2);
  EXPECT_THAT(R.warnings()[RecordReader::kWarningsPerFile],
              HasSubstr("bad.jsonl: 80 more skipped lines not shown"));
  EXPECT_THAT(R.warnings().back(), HasSubstr("good.jsonl:2: skipped"));
  EXPECT_EQ(R.stats().Skipped, 101u);
  EXPECT_EQ(R.records().size(), 1u);
}

TEST(ReaderTest, OverlongLinesAreSkippedUnparsed) {
  std::string Long(RecordReader::kMaxLineBytes + 10, ' ');
  Long[0] = '{';
  RecordReader R;
  R.readJsonl("f.jsonl", Long + "\n" + firstGolden());
  EXPECT_EQ(R.records().size(), 1u);
  ASSERT_EQ(R.warnings().size(), 1u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("f.jsonl:1: skipped: line longer"));
}

TEST(ReaderTest, SidecarAsArrayOrObjectDefaultsToStaticDetector) {
  std::string Rec = R"({"rule":"hardcoded-credential","credential":{"name":"api_key",
    "kind":"api-key","preview":"AKIA****…","source":{"file":"/src/a.cpp","line":3}},
    "sink":{"file":"/src/a.cpp","line":3}})";
  RecordReader R;
  R.readSidecar("a.o.credtaint.json", "[" + Rec + "]");
  R.readSidecar("b.o.credtaint.json", "{\"findings\":[" + Rec + ", 7]}");
  ASSERT_EQ(R.records().size(), 2u);
  EXPECT_EQ(R.records()[0].Detector, "static");
  EXPECT_EQ(R.records()[0].Cwe, 798u);
  EXPECT_EQ(testNameOf(R.records()[0]), "static");
  ASSERT_EQ(R.warnings().size(), 1u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("b.o.credtaint.json: findings[1]"));
  EXPECT_EQ(R.stats().Sidecars, 2u);
}

TEST(ReaderTest, CorruptSidecarIsIgnoredWithItsLine) {
  RecordReader R;
  R.readSidecar("c.o.credtaint.json", "[\n{\"rule\":\"x\"},\n{oops\n");
  EXPECT_TRUE(R.records().empty());
  ASSERT_EQ(R.warnings().size(), 1u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("c.o.credtaint.json:3: skipped"));
  RecordReader S;
  S.readSidecar("d.o.credtaint.json", "{\"other\":1}");
  ASSERT_EQ(S.warnings().size(), 1u);
  EXPECT_THAT(S.warnings()[0], HasSubstr("expected an array"));
}

TEST(ReaderTest, LogDirIsSearchedRecursivelyForRecordFilesOnly) {
  test::ScratchDir D;
  D.write("credtaint.2.jsonl", firstGolden());
  D.write("sub/credtaint.1.jsonl", test::input("crypto-ciphers.jsonl"));
  D.write("notes.jsonl", "not json\n");
  D.write("credtaint.3.json", "not json\n");
  RecordReader R;
  R.readLogDir(D.path());
  EXPECT_EQ(R.records().size(), 3u);
  EXPECT_EQ(R.stats().LogFiles, 2u);
  EXPECT_TRUE(R.warnings().empty());
}

TEST(ReaderTest, MissingLogDirIsANoteNotAWarning) {
  RecordReader R;
  R.readLogDir("/nonexistent/credtaint-logs");
  EXPECT_TRUE(R.warnings().empty());
  ASSERT_EQ(R.notes().size(), 1u);
  EXPECT_THAT(R.notes()[0], HasSubstr("does not exist"));
}

TEST(ReaderTest, BuildDirYieldsSidecars) {
  test::ScratchDir D;
  D.write("obj/a.cpp.o.credtaint.json", "[" + firstGolden() + "]");
  D.write("obj/a.cpp.o", "\x7f" "ELF");
  D.write("credtaint.json", "[]"); // not a sidecar name
  RecordReader R;
  R.readBuildDir(D.path());
  EXPECT_EQ(R.records().size(), 1u);
  EXPECT_EQ(R.stats().Sidecars, 1u);
}

TEST(ReaderTest, ReadFileChoosesTheFormatByName) {
  test::ScratchDir D;
  RecordReader R;
  std::string Error;
  EXPECT_TRUE(R.readFile(D.write("x.jsonl", firstGolden()), Error));
  EXPECT_TRUE(R.readFile(D.write("y.credtaint.json", "[" + firstGolden() + "]"),
                         Error));
  EXPECT_EQ(R.records().size(), 2u);
  EXPECT_FALSE(R.readFile(D.path() + "/missing.jsonl", Error));
  EXPECT_THAT(Error, HasSubstr("missing.jsonl"));
}

// credential-seen and credential-used records (credtaint-seen.<pid>.jsonl):
// read beside the findings, never findings themselves.
std::string seenFixture() { return test::input("seen/credtaint-seen.4242.jsonl"); }

TEST(ReaderTest, SeenRecordsGoToTheirOwnSet) {
  SeenSet Seen;
  RecordReader R;
  R.onSeen([&Seen](const SeenRecord &S) { Seen.add(S); });
  R.readJsonl("logs/credtaint-seen.4242.jsonl", seenFixture());
  EXPECT_TRUE(R.warnings().empty());
  EXPECT_TRUE(R.records().empty());
  EXPECT_EQ(R.stats().SeenRecords, 8u);
  EXPECT_EQ(R.stats().SeenFiles, 1u);
  EXPECT_EQ(R.stats().LogFiles, 0u);
  EXPECT_EQ(R.stats().Records, 0u);
  ASSERT_EQ(Seen.credentials().size(), 4u);
  EXPECT_EQ(Seen.seenCount(), 4u);
  EXPECT_EQ(Seen.usedCount(), 2u);
  EXPECT_EQ(Seen.earliest(), "2026-11-23T10:17:45.902Z");
  const SeenCredential &Pay = Seen.credentials().at(
      "hmac-sha256:test-k1:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
  EXPECT_TRUE(Pay.Seen);
  EXPECT_EQ(Pay.Credential.Name, "PAYMENTS_API_KEY");
  EXPECT_EQ(Pay.Credential.Source.File, "src/payments/client.cpp");
  EXPECT_EQ(Pay.Credential.How, "getenv(\"PAYMENTS_API_KEY\")");
  EXPECT_THAT(Pay.Hosts, ::testing::ElementsAre("api.payments.example",
                                                "evil.example.test"));
  EXPECT_EQ(Pay.FirstSeen, "2026-11-23T10:17:45.951Z");
  EXPECT_EQ(Pay.LastSeen, "2026-11-23T10:17:46.310Z");
  ASSERT_EQ(R.filesRead().size(), 1u);
  EXPECT_EQ(R.filesRead()[0].Name, "credtaint-seen.4242.jsonl");
}

TEST(ReaderTest, MalformedSeenLinesAreSkippedWithFileAndLine) {
  std::string Good = seenFixture().substr(0, seenFixture().find('\n') + 1);
  std::string Text =
      Good +
      "{\"version\":1,\"type\":\"credential-frobbed\",\"credential\":{\"fingerprint\":\"x\"}}\n" +
      "{\"version\":1,\"type\":\"credential-seen\",\"credential\":{\"name\":\"N\"}}\n" +
      "{\"version\":1,\"type\":\"credential-used\",\"credential\":{\"fingerprint\":\"f\"}}\n" +
      "{\"version\":1,\"type\":\"credential-used\",\"credential\":{\"fingerprint\":\"f\"},"
      "\"host\":\"a b\"}\n" +
      "{\"version\":1,\"type\":\"credential-seen\",\"credential\":7}\n" + Good +
      Good.substr(0, Good.size() / 2);
  SeenSet Seen;
  RecordReader R;
  R.onSeen([&Seen](const SeenRecord &S) { Seen.add(S); });
  R.readJsonl("logs/credtaint-seen.9.jsonl", Text);
  EXPECT_EQ(R.stats().SeenRecords, 2u);
  EXPECT_EQ(R.stats().Skipped, 6u);
  ASSERT_EQ(R.warnings().size(), 6u);
  EXPECT_EQ(R.warnings()[0], "logs/credtaint-seen.9.jsonl:2: skipped: unknown "
                             "record type (expected credential-seen or "
                             "credential-used)");
  EXPECT_THAT(R.warnings()[1], HasSubstr(":3: skipped: the credential has no fingerprint"));
  EXPECT_THAT(R.warnings()[2], HasSubstr(":4: skipped: no usable \"host\""));
  EXPECT_THAT(R.warnings()[3], HasSubstr(":5: skipped: no usable \"host\""));
  EXPECT_THAT(R.warnings()[4], HasSubstr(":6: skipped: no \"credential\" object"));
  EXPECT_THAT(R.warnings()[5], HasSubstr(":8: skipped: truncated"));
  EXPECT_EQ(Seen.credentials().size(), 1u);
}

TEST(ReaderTest, LogDirHoldsFindingsAndSeenFiles) {
  test::ScratchDir D;
  D.write("a/credtaint.11.jsonl", firstGolden());
  D.write("a/credtaint-seen.11.jsonl", seenFixture());
  D.write("a/credtaint-other.11.jsonl", seenFixture()); // not credtaint's
  SeenSet Seen;
  RecordReader R;
  R.onSeen([&Seen](const SeenRecord &S) { Seen.add(S); });
  R.readLogDir(D.path());
  EXPECT_EQ(R.records().size(), 1u);
  EXPECT_EQ(R.stats().LogFiles, 1u);
  EXPECT_EQ(R.stats().SeenFiles, 1u);
  EXPECT_EQ(Seen.credentials().size(), 4u);
  EXPECT_EQ(R.filesRead().size(), 2u);
}

} // namespace
} // namespace credtaint::report
