//===- CycloneDxWriterTest.cpp - findings as CycloneDX 1.7 BOMs -----------===//
//
// Structure and mapping of the BOM (the wire contract with the inventory),
// batching, the stability of idempotency keys, and that no raw value ever
// reaches a BOM. tests/report/export_test.py validates the same BOMs
// against the CycloneDX 1.7 schema.
//
//===----------------------------------------------------------------------===//

#include "CycloneDxWriter.h"
#include "ReportTestUtil.h"

#include "Fingerprint.h"  // runtime: sha256Hex
#include "Suppressions.h" // runtime

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace credtaint::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

struct Fixture {
  FindingSet Set = test::goldenSet();
  ReportContext Ctx;
  Fixture() {
    Ctx.Set = &Set;
    Ctx.SourceRoot = "/work/main";
    Ctx.Run.Repository = "acme/service";
    Ctx.Run.Commit = "0123456789abcdef0123456789abcdef01234567";
  }
};

std::vector<json> boms(const ReportContext &C, BomOptions O,
                       std::vector<std::string> *Warnings = nullptr) {
  std::vector<std::string> W;
  std::vector<json> Out;
  for (const BomBatch &B : cycloneDxBatches(C, O, Warnings ? *Warnings : W))
    Out.push_back(json::parse(B.Bom.dump()));
  return Out;
}

/// The property Name of a component or vulnerability, or "" when absent.
std::string prop(const json &Obj, const std::string &Name) {
  for (const json &P : Obj["properties"])
    if (P["name"] == Name)
      return P["value"];
  return "";
}

const json *component(const json &Bom, const std::string &Name) {
  for (const json &C : Bom["components"])
    if (C["name"] == Name)
      return &C;
  return nullptr;
}

Record record(const std::string &Rule, const std::string &CredName,
              const std::string &CredFp, unsigned SinkLine,
              const std::string &Time = "2026-11-23T10:00:00.000Z") {
  Record R;
  R.Rule = Rule;
  R.Detector = "flow";
  R.Cwe = 532;
  R.Sev = Severity::High;
  R.Credential.Kind = "api-key";
  R.Credential.Name = CredName;
  R.Credential.Fingerprint = CredFp;
  R.Credential.Preview = "****…";
  R.Credential.Length = 32;
  R.Credential.Source = {"/src/a.cpp", "main", 10, 3};
  R.Sink.Function = "fprintf(stderr)";
  R.Sink.At = {"/src/a.cpp", "main", SinkLine, 5};
  R.Time = Time;
  R.Fingerprint = computeFingerprint(R);
  return R;
}

std::string credFp(int I) {
  return "hmac-sha256:k1:" + rt::sha256Hex("credential " + std::to_string(I));
}

TEST(CycloneDxTest, BomHasTheContractsStructure) {
  Fixture F;
  BomOptions O;
  O.Project = "service";
  std::vector<json> B = boms(F.Ctx, O);
  ASSERT_EQ(B.size(), 1u);
  const json &Bom = B[0];
  EXPECT_EQ(Bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(Bom["specVersion"], "1.7");
  EXPECT_EQ(Bom["version"], 1);
  EXPECT_TRUE(std::regex_match(
      Bom["serialNumber"].get<std::string>(),
      std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  const json &Meta = Bom["metadata"];
  EXPECT_EQ(Meta["tools"]["components"][0]["name"], "credtaint");
  EXPECT_EQ(Meta["component"],
            json({{"type", "application"}, {"bom-ref", "project"}, {"name", "service"}}));
  EXPECT_EQ(prop(Meta, "credtaint:batch"), "1/1");
  EXPECT_EQ(prop(Meta, "credtaint:repository"), "acme/service");
  // Every finding of the golden set, each affecting a component of the BOM.
  EXPECT_EQ(Bom["vulnerabilities"].size(), F.Set.size());
  std::set<std::string> Refs;
  for (const json &C : Bom["components"])
    Refs.insert(C["bom-ref"]);
  for (const json &V : Bom["vulnerabilities"]) {
    ASSERT_EQ(V["affects"].size(), 1u);
    EXPECT_TRUE(Refs.count(V["affects"][0]["ref"])) << V["affects"][0]["ref"];
    EXPECT_EQ(V["bom-ref"], "finding:" + V["id"].get<std::string>());
  }
  // Two serial numbers are never the same.
  EXPECT_NE(Bom["serialNumber"], boms(F.Ctx, O)[0]["serialNumber"]);
}

TEST(CycloneDxTest, CredentialAndFindingMapping) {
  Fixture F;
  json Bom = boms(F.Ctx, {})[0];
  // getenv-printf: the token API_TOKEN (40 bytes) reaches printf: secret-in-log.
  const json *Token = nullptr;
  for (const json &C : Bom["components"])
    if (C["name"] == "API_TOKEN" && prop(C, "credtaint:defined-at") ==
                                        "tests/lit/e2e/getenv-printf.cpp:15")
      Token = &C;
  ASSERT_TRUE(Token);
  const std::string Fp =
      "hmac-sha256:test-k1:8c28275ee9c10e4bfe6c349d7c03f99c1c84fd47ef86db000ff23839c6b96fb4";
  EXPECT_EQ((*Token)["type"], "cryptographic-asset");
  EXPECT_EQ((*Token)["bom-ref"], "credential:" + Fp);
  const json &Crypto = (*Token)["cryptoProperties"];
  EXPECT_EQ(Crypto["assetType"], "related-crypto-material");
  const json &Rel = Crypto["relatedCryptoMaterialProperties"];
  EXPECT_EQ(Rel["type"], "token");
  EXPECT_EQ(Rel["id"], Fp);
  EXPECT_EQ(Rel["state"], "compromised"); // secret-in-log is an exposure
  EXPECT_EQ(Rel["size"], 40 * 8);
  EXPECT_EQ(Rel["fingerprint"]["alg"], "SHA-256");
  EXPECT_EQ(Rel["fingerprint"]["content"],
            "8c28275ee9c10e4bfe6c349d7c03f99c1c84fd47ef86db000ff23839c6b96fb4");
  EXPECT_EQ(Rel["creationDate"], "2026-11-23T10:17:46.131Z");
  EXPECT_EQ(prop(*Token, "credtaint:kind"), "token");
  EXPECT_EQ(prop(*Token, "credtaint:fingerprint"), Fp);
  EXPECT_EQ(prop(*Token, "credtaint:preview"), "ghp_****…");
  EXPECT_EQ(prop(*Token, "credtaint:first-seen"), "2026-11-23T10:17:46.131Z");

  // crypto-ciphers: a generic secret used as a DES key: weak-cipher is a
  // finding but no exposure, so the credential stays active.
  const json *Key = component(Bom, "secret_key");
  ASSERT_TRUE(Key);
  EXPECT_EQ((*Key)["cryptoProperties"]["relatedCryptoMaterialProperties"]["type"], "other");
  EXPECT_EQ((*Key)["cryptoProperties"]["relatedCryptoMaterialProperties"]["state"], "active");

  const json *Leak = nullptr;
  for (const json &V : Bom["vulnerabilities"])
    if (V["id"] == "credtaint/v1:99629219a26394024e731bb36a56c3d7")
      Leak = &V;
  ASSERT_TRUE(Leak);
  EXPECT_EQ((*Leak)["cwes"], json({532}));
  EXPECT_EQ((*Leak)["source"]["name"], "credtaint");
  EXPECT_EQ((*Leak)["ratings"][0]["severity"], "high");
  EXPECT_EQ((*Leak)["ratings"][0]["method"], "other");
  EXPECT_EQ((*Leak)["description"], "Credential bytes reach a log sink");
  EXPECT_THAT((*Leak)["detail"].get<std::string>(), HasSubstr("ghp_****"));
  EXPECT_EQ((*Leak)["created"], "2026-11-23T10:17:46.131Z");
  EXPECT_EQ((*Leak)["affects"][0]["ref"], "credential:" + Fp);
  EXPECT_EQ(prop(*Leak, "credtaint:rule"), "secret-in-log");
  EXPECT_EQ(prop(*Leak, "credtaint:detector"), "flow");
  EXPECT_EQ(prop(*Leak, "credtaint:sink"),
            "printf(stdout) at tests/lit/e2e/getenv-printf.cpp:16");
  EXPECT_EQ(prop(*Leak, "credtaint:source"), "tests/lit/e2e/getenv-printf.cpp:15");
  EXPECT_EQ(prop(*Leak, "credtaint:test"), "getenv-printf.cpp.tmp");
}

TEST(CycloneDxTest, KindsMapToCryptoMaterialTypes) {
  EXPECT_STREQ(cryptoMaterialType("password"), "password");
  EXPECT_STREQ(cryptoMaterialType("token"), "token");
  EXPECT_STREQ(cryptoMaterialType("api-key"), "credential");
  EXPECT_STREQ(cryptoMaterialType("private-key"), "private-key");
  EXPECT_STREQ(cryptoMaterialType("cloud-credential"), "credential");
  EXPECT_STREQ(cryptoMaterialType("connection-string"), "credential");
  EXPECT_STREQ(cryptoMaterialType("generic-secret"), "other");
  EXPECT_STREQ(cryptoMaterialType("from-a-newer-credtaint"), "other");
  EXPECT_TRUE(isExposureRule("hardcoded-credential"));
  EXPECT_FALSE(isExposureRule("weak-hash"));
}

TEST(CycloneDxTest, BatchesHoldAtMostNFindingsAndTheirCredentials) {
  FindingSet Set;
  // 3 credentials with 4, 3 and 1 findings; one weak-hash only (not exposed).
  for (unsigned L = 0; L < 4; ++L)
    Set.add(record("secret-in-log", "A", credFp(1), 20 + L));
  for (unsigned L = 0; L < 3; ++L)
    Set.add(record("secret-in-file", "B", credFp(2), 30 + L));
  Set.add(record("weak-hash", "C", credFp(3), 40));
  ReportContext Ctx;
  Ctx.Set = &Set;
  BomOptions O;
  O.BatchSize = 3;
  std::vector<json> B = boms(Ctx, O);
  ASSERT_EQ(B.size(), 3u); // 8 findings, 3 a batch
  std::multiset<std::string> Seen;
  for (size_t I = 0; I < B.size(); ++I) {
    EXPECT_EQ(prop(B[I]["metadata"], "credtaint:batch"),
              std::to_string(I + 1) + "/3");
    EXPECT_LE(B[I]["vulnerabilities"].size(), 3u);
    std::set<std::string> Refs, Affected;
    for (const json &C : B[I]["components"])
      Refs.insert(C["bom-ref"]);
    for (const json &V : B[I]["vulnerabilities"]) {
      Seen.insert(V["id"]);
      Affected.insert(V["affects"][0]["ref"]);
    }
    // Exactly the credentials the batch's findings affect.
    EXPECT_EQ(Refs, Affected);
  }
  EXPECT_EQ(Seen.size(), 8u);
  EXPECT_EQ(std::set<std::string>(Seen.begin(), Seen.end()).size(), 8u);
  // Findings of a credential stay together: a credential is repeated only
  // where a batch boundary cuts through its findings.
  size_t Components = 0;
  for (const json &Bom : B)
    Components += Bom["components"].size();
  EXPECT_LE(Components, 3u + B.size() - 1);
  // C (weak-hash only) is active; A and B are compromised wherever they are.
  for (const json &Bom : B)
    for (const json &C : Bom["components"])
      EXPECT_EQ(C["cryptoProperties"]["relatedCryptoMaterialProperties"]["state"],
                C["name"] == "C" ? "active" : "compromised");
  // BatchSize 0: one BOM with everything.
  O.BatchSize = 0;
  EXPECT_EQ(boms(Ctx, O).size(), 1u);
  // No finding at all: one empty BOM (export sends nothing new, merge
  // --cyclonedx still writes a valid file).
  FindingSet Empty;
  Ctx.Set = &Empty;
  std::vector<json> E = boms(Ctx, O);
  ASSERT_EQ(E.size(), 1u);
  EXPECT_TRUE(E[0]["vulnerabilities"].empty());
}

TEST(CycloneDxTest, IdempotencyKeyIsStableAcrossRunsAndInputOrder) {
  std::vector<Record> Rs;
  for (unsigned L = 0; L < 5; ++L)
    Rs.push_back(record("secret-in-log", "K" + std::to_string(L % 2),
                        credFp(int(L % 2)), 50 + L));
  auto Keys = [](const std::vector<Record> &In, const std::string &Stamp) {
    FindingSet Set;
    Set.addAll(In);
    ReportContext Ctx;
    Ctx.Set = &Set;
    BomOptions O;
    O.BatchSize = 2;
    O.Timestamp = Stamp;
    std::vector<std::string> W, Out;
    for (const BomBatch &B : cycloneDxBatches(Ctx, O, W)) {
      EXPECT_EQ(B.IdempotencyKey, bomIdempotencyKey(B.Bom));
      EXPECT_EQ(B.IdempotencyKey, rt::sha256Hex(canonicalBomContent(B.Bom)));
      EXPECT_THAT(canonicalBomContent(B.Bom), Not(HasSubstr("serialNumber")));
      Out.push_back(B.IdempotencyKey);
    }
    return Out;
  };
  std::vector<std::string> First = Keys(Rs, "2026-11-23T11:00:00Z");
  ASSERT_EQ(First.size(), 3u);
  EXPECT_EQ(std::set<std::string>(First.begin(), First.end()).size(), 3u);
  for (const std::string &K : First)
    EXPECT_TRUE(std::regex_match(K, std::regex("[0-9a-f]{64}")));
  // Another run (new serial number, new timestamp), records in another order.
  std::vector<Record> Reversed(Rs.rbegin(), Rs.rend());
  EXPECT_EQ(Keys(Reversed, "2026-11-24T09:30:00Z"), First);
  // Different content, different key.
  Rs[0].Credential.Scope = "api.example.com";
  EXPECT_NE(Keys(Rs, "2026-11-23T11:00:00Z")[0], First[0]);
}

TEST(CycloneDxTest, NoRawValueReachesTheBom) {
  // The raw values behind the golden records, from the lit tests' SECRET
  // lines; none may appear anywhere in the BOM, in any batch.
  std::vector<std::string> Secrets;
  for (const char *Src : {"getenv-printf.cpp", "crypto-ciphers.cpp", "weak-random.cpp"}) {
    std::string Text = test::readFile(std::string(CREDTAINT_LIT_E2E) + "/" + Src);
    std::regex Line("SECRET: (\\S+)");
    for (auto It = std::sregex_iterator(Text.begin(), Text.end(), Line);
         It != std::sregex_iterator(); ++It)
      Secrets.push_back((*It)[1]);
  }
  ASSERT_GE(Secrets.size(), 2u);
  Fixture F;
  for (size_t Size : {0u, 1u}) {
    BomOptions O;
    O.BatchSize = Size;
    for (const json &Bom : boms(F.Ctx, O)) {
      std::string Text = Bom.dump();
      for (const std::string &S : Secrets) {
        EXPECT_THAT(Text, Not(HasSubstr(S)));
        EXPECT_THAT(Text, Not(HasSubstr(S.substr(S.size() / 2)))); // nor a tail
      }
    }
  }
}

TEST(CycloneDxTest, UnusableRecordsAreLeftOutOrRepaired) {
  FindingSet Set;
  Set.add(record("secret-in-log", "GOOD", credFp(1), 10));
  Set.add(record("secret-in-log", "NOFP", "", 11));
  Set.add(record("secret-in-log", "SLASH", "hmac/evil path", 12));
  Set.add(record("secret-in-log", "BADTIME", credFp(4), 13, "yesterday"));
  Set.add(record("hardcoded-credential", "UNDATED", credFp(5), 14, ""));
  ReportContext Ctx;
  Ctx.Set = &Set;
  std::vector<std::string> Warnings;
  BomOptions O;
  O.UndatedTime = "2026-11-23T12:00:00.000Z";
  json Bom = boms(Ctx, O, &Warnings)[0];
  ASSERT_EQ(Warnings.size(), 2u);
  EXPECT_THAT(Warnings[0], HasSubstr("no usable fingerprint"));
  EXPECT_EQ(Bom["vulnerabilities"].size(), 3u);
  EXPECT_TRUE(component(Bom, "GOOD") && component(Bom, "BADTIME") &&
              component(Bom, "UNDATED"));
  EXPECT_FALSE(component(Bom, "NOFP") || component(Bom, "SLASH"));
  for (const json &V : Bom["vulnerabilities"])
    if (V["affects"][0]["ref"] != "credential:" + credFp(1))
      EXPECT_EQ(V["created"], "2026-11-23T12:00:00.000Z");
  EXPECT_FALSE(component(Bom, "BADTIME")->at("cryptoProperties")
                   .at("relatedCryptoMaterialProperties")
                   .contains("creationDate"));
  // Without a given time: the newest time of the run.
  EXPECT_EQ(undatedTime(Set), "2026-11-23T10:00:00.000Z");
}

TEST(CycloneDxTest, SuppressedFindingsAreLeftOutUnlessAsked) {
  Fixture F;
  size_t All = boms(F.Ctx, {})[0]["vulnerabilities"].size();
  rt::Suppressions S;
  std::vector<std::string> Errors, Warnings;
  S.parse("s.supp", "rule:weak-cipher\n", Errors);
  F.Set.applySuppressions(S, "s.supp", Warnings);
  EXPECT_LT(boms(F.Ctx, {})[0]["vulnerabilities"].size(), All);
  BomOptions O;
  O.IncludeSuppressed = true;
  json Bom = boms(F.Ctx, O)[0];
  ASSERT_EQ(Bom["vulnerabilities"].size(), All);
  size_t Marked = 0;
  for (const json &V : Bom["vulnerabilities"])
    Marked += prop(V, "credtaint:suppressed") == "rule:weak-cipher";
  EXPECT_GE(Marked, 1u);
}

TEST(CycloneDxTest, LongAndInvalidTextIsCutAndRepaired) {
  FindingSet Set;
  Record R = record("secret-in-log", std::string(5000, 'n'), credFp(1), 10);
  R.Credential.Source.File = "/src/\xff\xfe.cpp";
  R.Fingerprint = computeFingerprint(R);
  Set.add(R);
  ReportContext Ctx;
  Ctx.Set = &Set;
  json Bom = boms(Ctx, {})[0];
  EXPECT_LE(Bom["components"][0]["name"].get<std::string>().size(), 1024u);
  EXPECT_THAT(prop(Bom["components"][0], "credtaint:defined-at"),
              HasSubstr("\xEF\xBF\xBD"));
}

// Issue 17: the credentials a run loaded (credential-seen) and the hosts it
// used them with (credential-used), the run's id, start and vcs.
SeenRecord seenRecord(const std::string &Name, const std::string &Fp,
                      const std::string &File, const std::string &Time) {
  SeenRecord S;
  S.What = SeenRecord::Type::Seen;
  S.Credential.Kind = "token";
  S.Credential.Name = Name;
  S.Credential.Fingerprint = Fp;
  S.Credential.Preview = "****…";
  S.Credential.Length = 24;
  S.Credential.Source = {File, "main", 7, 3};
  S.Time = Time;
  return S;
}

SeenRecord usedRecord(const std::string &Fp, const std::string &Host) {
  SeenRecord S;
  S.What = SeenRecord::Type::Used;
  S.Credential.Fingerprint = Fp;
  S.Credential.Name = "ignored";
  S.Host = Host;
  S.Time = "2026-11-23T10:05:00.000Z";
  return S;
}

TEST(CycloneDxTest, SeenCredentialsAreComponentsWithTheirHosts) {
  FindingSet Set;
  Record Net = record("unscoped-network-use", "A", credFp(1), 20);
  Net.Sink.Category = "network";
  Net.Sink.Host = "evil.example.test";
  Net.Fingerprint = computeFingerprint(Net);
  Set.add(Net);
  Record In = record("cleartext-transmission", "A", credFp(1), 21);
  In.Sink.Category = "network";
  In.Sink.Host = "client.example.test"; // received: not a host it was sent to
  In.Sink.Inbound = true;
  In.Fingerprint = computeFingerprint(In);
  Set.add(In);
  SeenSet Seen;
  Seen.add(seenRecord("A", credFp(1), "/src/a.cpp", "2026-11-23T09:59:00.000Z"));
  Seen.add(usedRecord(credFp(1), "api.example.test"));
  Seen.add(seenRecord("SEEN_ONLY", credFp(2), "/src/b.cpp", "2026-11-23T10:01:00.000Z"));
  Seen.add(usedRecord(credFp(2), "b.example.test"));
  Seen.add(usedRecord(credFp(2), "a.example.test"));
  Seen.add(usedRecord(credFp(3), "c.example.test")); // used, its seen record elsewhere
  ReportContext Ctx;
  Ctx.Set = &Set;
  Ctx.Seen = &Seen;
  json Bom = boms(Ctx, {})[0];
  ASSERT_EQ(Bom["components"].size(), 3u);
  EXPECT_EQ(Bom["vulnerabilities"].size(), 2u);
  const json *A = component(Bom, "A");
  ASSERT_TRUE(A);
  EXPECT_EQ(prop(*A, "credtaint:seen"), "true");
  EXPECT_EQ(prop(*A, "credtaint:hosts"), "api.example.test,evil.example.test");
  EXPECT_EQ(prop(*A, "credtaint:first-seen"), "2026-11-23T09:59:00.000Z");
  const json *Alone = component(Bom, "SEEN_ONLY");
  ASSERT_TRUE(Alone);
  EXPECT_EQ(prop(*Alone, "credtaint:seen"), "true");
  EXPECT_EQ(prop(*Alone, "credtaint:hosts"), "a.example.test,b.example.test");
  EXPECT_EQ(prop(*Alone, "credtaint:defined-at"), "/src/b.cpp:7");
  EXPECT_EQ((*Alone)["cryptoProperties"]["relatedCryptoMaterialProperties"]["state"],
            "active");
  const json *Used = component(Bom, "ignored");
  ASSERT_TRUE(Used);
  EXPECT_EQ(prop(*Used, "credtaint:seen"), "");
  EXPECT_EQ(prop(*Used, "credtaint:hosts"), "c.example.test");
  EXPECT_EQ(prop(Bom["metadata"], "credtaint:run-started"), "2026-11-23T09:59:00.000Z");
}

TEST(CycloneDxTest, CredentialsWithoutFindingsFillTheLastBatch) {
  FindingSet Set;
  for (unsigned L = 0; L < 4; ++L)
    Set.add(record("secret-in-log", "A", credFp(1), 20 + L));
  SeenSet Seen;
  for (int I = 10; I < 17; ++I) // 7 credentials without findings
    Seen.add(seenRecord("S" + std::to_string(I), credFp(I), "/src/s.cpp",
                        "2026-11-23T10:00:00.000Z"));
  ReportContext Ctx;
  Ctx.Set = &Set;
  Ctx.Seen = &Seen;
  BomOptions O;
  O.BatchSize = 3;
  O.RunId = "run-42";
  std::vector<json> B = boms(Ctx, O);
  // Findings 3 + 1 (+2 credentials alone), then 3 and 2 alone.
  ASSERT_EQ(B.size(), 4u);
  std::vector<size_t> Vulns, Comps;
  std::set<std::string> Names;
  for (size_t I = 0; I < B.size(); ++I) {
    Vulns.push_back(B[I]["vulnerabilities"].size());
    Comps.push_back(B[I]["components"].size());
    for (const json &C : B[I]["components"])
      Names.insert(C["name"]);
    EXPECT_EQ(prop(B[I]["metadata"], "credtaint:batch"),
              std::to_string(I + 1) + "/4");
    EXPECT_EQ(prop(B[I]["metadata"], "credtaint:run"), "run-42");
  }
  EXPECT_EQ(Vulns, (std::vector<size_t>{3, 1, 0, 0}));
  EXPECT_EQ(Comps, (std::vector<size_t>{1, 3, 3, 2}));
  EXPECT_EQ(Names.size(), 8u);
  // Only seen credentials: batches of their own.
  FindingSet Empty;
  Ctx.Set = &Empty;
  B = boms(Ctx, O);
  ASSERT_EQ(B.size(), 3u);
  EXPECT_EQ(B[2]["components"].size(), 1u);
  O.BatchSize = 0;
  EXPECT_EQ(boms(Ctx, O).size(), 1u);
}

TEST(CycloneDxTest, RunIdAndVcs) {
  std::vector<FileRead> Files = {{"credtaint.1.jsonl", 100}, {"credtaint-seen.1.jsonl", 50}};
  std::vector<FileRead> Reordered = {Files[1], Files[0]};
  std::string Id = defaultRunId(Files, "");
  EXPECT_EQ(Id.size(), 32u);
  EXPECT_EQ(Id, defaultRunId(Reordered, ""));
  EXPECT_NE(Id, defaultRunId(Files, "1234"));
  EXPECT_NE(Id, defaultRunId({{"credtaint.1.jsonl", 101}, Files[1]}, ""));
  EXPECT_TRUE(validRunId("ci-1234.5_a"));
  EXPECT_TRUE(validRunId(std::string(128, 'a')));
  EXPECT_FALSE(validRunId(std::string(129, 'a')));
  EXPECT_FALSE(validRunId(""));
  EXPECT_FALSE(validRunId("a b"));
  EXPECT_FALSE(validRunId("a/b"));

  RunInfo Run;
  Run.RepositoryUri = "https://github.com/acme/service";
  Run.Commit = "0123456789ABCDEF0123456789abcdef01234567";
  EXPECT_EQ(vcsOf(Run),
            "https://github.com/acme/service@0123456789abcdef0123456789abcdef01234567");
  Run.RepositoryUri = "ssh://gitlab.example.com:2222/group/proj.git";
  EXPECT_EQ(vcsOf(Run), "https://gitlab.example.com/group/proj@" + std::string(
                            "0123456789abcdef0123456789abcdef01234567"));
  Run.RepositoryUri = "file:///srv/git/proj";
  EXPECT_EQ(vcsOf(Run), "");
  Run.RepositoryUri = "https://github.com/acme/service";
  Run.Commit = "0123456";
  EXPECT_EQ(vcsOf(Run), "");

  Fixture F;
  F.Ctx.Run.RepositoryUri = "https://github.com/acme/service.git";
  json Meta = boms(F.Ctx, {})[0]["metadata"];
  EXPECT_EQ(prop(Meta, "credtaint:vcs"),
            "https://github.com/acme/service@0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(prop(Meta, "credtaint:run"), ""); // none given
  EXPECT_EQ(prop(Meta, "credtaint:run-started"), "2026-11-23T10:17:39.967Z");
}

} // namespace
} // namespace credtaint::report
