// The inventory logic against both real databases: SQLite always,
// PostgreSQL when the ctest fixture started a throwaway cluster (its state
// file is in CREDTAINT_TEST_PG_STATE; without PostgreSQL installed those
// cases skip).
#include "Bom.h"
#include "Database.h"
#include "Inventory.h"
#include "Keys.h"
#include "Migrations.h"
#include "StoreFixture.h"
#include "Time.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace storetest;

namespace {

const std::string Fp = "hmac-sha256:k1:0123abcd";

TEST_P(StoreTest, MigrationsAreVersionedAndIdempotent) {
  EXPECT_EQ(migrate(*db_), latestSchemaVersion());
  EXPECT_EQ(migrate(*db_), latestSchemaVersion());
  std::vector<int> applied;
  for (const Row &r : db_->query("SELECT version FROM schema_migrations ORDER BY version"))
    applied.push_back(std::stoi(*r[0]));
  EXPECT_EQ(applied, schemaVersions());
}

// Versions may have gaps that a later build fills: a database already at a
// higher version still gets a lower one it lacks (here version 2, undone by
// hand, under version 10).
TEST_P(StoreTest, MigrationsBelowTheNewestAppliedAreStillApplied) {
  ASSERT_GT(latestSchemaVersion(), 2);
  for (const char *sql : {"DROP TABLE web_sessions", "DROP INDEX credentials_status",
                          "DROP INDEX credentials_owner", "DROP INDEX findings_credential",
                          "DROP INDEX audit_target",
                          "DELETE FROM schema_migrations WHERE version = 2"})
    db_->execute(sql);
  EXPECT_EQ(migrate(*db_), latestSchemaVersion());
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM schema_migrations WHERE version = 2"), 1);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM web_sessions"), 0); // the table is back
}

// Branches number their migrations apart (lifecycle 3, webhooks 10): a
// database that got 10 first still gets 3, and each is applied once.
TEST_P(StoreTest, MigrationRunnerAcceptsGaps) {
  std::vector<Migration> first = {{101, "t101", {"CREATE TABLE gap_a (x TEXT)"}},
                                  {110, "t110", {"CREATE TABLE gap_c (x TEXT)"}}};
  EXPECT_EQ(migrate(*db_, first), 110);
  std::vector<Migration> later = {{101, "t101", {"CREATE TABLE gap_a (x TEXT)"}},
                                  {103, "t103", {"CREATE TABLE gap_b (x TEXT)"}},
                                  {110, "t110", {"CREATE TABLE gap_c (x TEXT)"}}};
  EXPECT_EQ(migrate(*db_, later), 110);
  EXPECT_EQ(migrate(*db_, later), 110);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM gap_b"), 0);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM schema_migrations WHERE version > 100"), 3);
}

TEST_P(StoreTest, ExposureFindingMakesCredentialRotationRequired) {
  auto out = ingest(*db_,
                    batchOf(bom({credentialComponent(Fp, "API_TOKEN")},
                                {vulnerability("f1", Fp, "secret-in-log", "2026-01-02T00:00:00Z")})),
                    std::nullopt, "key:test");
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body["credentials"], 1);
  EXPECT_EQ(out.body["findings"], 1);
  auto cred = getCredential(*db_, Fp);
  ASSERT_TRUE(cred);
  EXPECT_EQ((*cred)["status"], "rotation-required");
  EXPECT_EQ((*cred)["kind"], "api-key");
  EXPECT_EQ((*cred)["scope"], "api.example.test");
  EXPECT_EQ((*cred)["open_findings"], 1);
  ASSERT_EQ((*cred)["findings_list"].size(), 1u);
  EXPECT_EQ((*cred)["findings_list"][0]["rule"], "secret-in-log");
  std::vector<std::string> actions;
  for (auto &h : (*cred)["history"])
    actions.push_back(h["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"credential.created", "finding.recorded",
                                               "credential.status"}));
  EXPECT_EQ((*cred)["history"][2]["actor"], "key:test");
}

TEST_P(StoreTest, OtherFindingsLeaveCredentialActive) {
  ingest(*db_,
         batchOf(bom({credentialComponent(Fp, "API_TOKEN")},
                     {vulnerability("f1", Fp, "weak-hash", "2026-01-02T00:00:00Z")})),
         std::nullopt, "key:test");
  EXPECT_EQ((*getCredential(*db_, Fp))["status"], "active");
  EXPECT_EQ(listFindings(*db_, {}).size(), 1u);
}

// The runtime exposure rules (issue 20): a credential in the environment or
// in a temporary file left the process; a dumpable process or memory not
// cleared is a weakness, no exposure.
TEST_P(StoreTest, RuntimeExposureRulesDecideRotation) {
  const std::pair<const char *, const char *> Cases[] = {
      {"credential-in-environment", "rotation-required"},
      {"credential-in-temp-file", "rotation-required"},
      {"credential-dumpable", "active"},
      {"credential-not-zeroized", "active"}};
  int N = 0;
  for (auto &[Rule, Status] : Cases) {
    std::string Fp = "hmac-sha256:k1:0123abc" + std::to_string(N);
    ingest(*db_,
           batchOf(bom({credentialComponent(Fp, "API_TOKEN")},
                       {vulnerability("r" + std::to_string(N), Fp, Rule,
                                      "2026-01-02T00:00:00Z")})),
           std::nullopt, "key:test");
    EXPECT_EQ((*getCredential(*db_, Fp))["status"], Status) << Rule;
    ++N;
  }
}

TEST_P(StoreTest, RotationClosesEarlierFindingsOnly) {
  auto first = bom({credentialComponent(Fp, "API_TOKEN")},
                   {vulnerability("f1", Fp, "secret-in-file", "2026-01-02T00:00:00Z")});
  ingest(*db_, batchOf(first), std::nullopt, "key:test");
  auto cred = patchCredential(*db_, Fp, {{"status", "active"}, {"owner", "team-a"}}, "key:admin");
  ASSERT_TRUE(cred);
  EXPECT_EQ((*cred)["status"], "active");
  EXPECT_EQ((*cred)["owner"], "team-a");
  EXPECT_FALSE((*cred)["rotated_at"].is_null());
  EXPECT_EQ((*cred)["open_findings"], 0);

  // The same old finding again: rotated since, stays active.
  ingest(*db_, batchOf(first), std::nullopt, "key:test");
  EXPECT_EQ((*getCredential(*db_, Fp))["status"], "active");

  // A finding from after the rotation: exposed again.
  ingest(*db_,
         batchOf(bom({credentialComponent(Fp, "API_TOKEN")},
                     {vulnerability("f2", Fp, "credential-in-url", "2999-01-01T00:00:00Z")})),
         std::nullopt, "key:test");
  cred = getCredential(*db_, Fp);
  EXPECT_EQ((*cred)["status"], "rotation-required");
  EXPECT_EQ((*cred)["open_findings"], 1);
  EXPECT_EQ((*cred)["owner"], "team-a"); // ingest keeps what the owner set
}

TEST_P(StoreTest, RevokedStaysRevoked) {
  ingest(*db_, batchOf(bom({credentialComponent(Fp, "API_TOKEN")}, {})), std::nullopt,
         "key:test");
  patchCredential(*db_, Fp, {{"status", "revoked"}, {"note", "gone"}}, "key:admin");
  ingest(*db_,
         batchOf(bom({credentialComponent(Fp, "API_TOKEN")},
                     {vulnerability("f1", Fp, "secret-in-log", "2999-01-01T00:00:00Z")})),
         std::nullopt, "key:test");
  EXPECT_EQ((*getCredential(*db_, Fp))["status"], "revoked");
}

TEST_P(StoreTest, IdempotencyKeyReplaysAndRefusesOtherContent) {
  auto b = bom({credentialComponent(Fp, "API_TOKEN")},
               {vulnerability("f1", Fp, "secret-in-log", "2026-01-02T00:00:00Z")});
  auto first = ingest(*db_, batchOf(b), std::string("00aa11bb22cc33dd"), "key:test");
  EXPECT_EQ(first.body["replayed"], false);
  long audits = countRows(*db_, "SELECT COUNT(*) FROM audit");

  // A re-run of the export: new serial number and timestamp, same content.
  auto again = b;
  again["serialNumber"] = "urn:uuid:11111111-2222-4333-8444-555555555555";
  again["metadata"]["timestamp"] = "2026-02-02T00:00:00Z";
  auto replay = ingest(*db_, batchOf(again), std::string("00aa11bb22cc33dd"), "key:test");
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body["replayed"], true);
  EXPECT_EQ(replay.body["findings"], first.body["findings"]);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM audit"), audits);

  auto other = b;
  other["vulnerabilities"][0]["id"] = "f9";
  auto conflict = ingest(*db_, batchOf(other), std::string("00aa11bb22cc33dd"), "key:test");
  EXPECT_EQ(conflict.status, 422);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM findings"), 1);
}

// The same batch from several connections at once: one row each, one audit
// record per change, whether or not the batch carries an idempotency key.
TEST_P(StoreTest, ConcurrentSameBatchMakesNoDuplicates) {
  std::vector<json> comps, vulns;
  for (int i = 0; i < 20; ++i) {
    std::string fp = "hmac-sha256:k1:c" + std::to_string(i);
    comps.push_back(credentialComponent(fp, "CRED_" + std::to_string(i)));
    vulns.push_back(vulnerability("f" + std::to_string(i), fp, "secret-in-log",
                                  "2026-01-02T00:00:00Z"));
  }
  IngestBatch batch = batchOf(bom(comps, vulns));
  for (bool withKey : {false, true}) {
    std::atomic<int> ok{0}, replayed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t)
      threads.emplace_back([&] {
        auto db = open();
        for (int attempt = 0; attempt < 20; ++attempt) {
          try {
            auto out = ingest(*db, batch,
                              withKey ? std::optional<std::string>("feedfacefeedface") : std::nullopt,
                              "key:test");
            ++ok;
            replayed += out.body["replayed"] == true;
            return;
          } catch (const DatabaseError &e) {
            if (!e.retryable)
              throw;
          }
        }
      });
    for (auto &t : threads)
      t.join();
    EXPECT_EQ(ok, 6);
    if (withKey)
      EXPECT_EQ(replayed, 5);
  }
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM credentials"), 20);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM findings"), 20);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM audit WHERE action = 'credential.created'"), 20);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM audit WHERE action = 'credential.status'"), 20);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM audit WHERE action = 'finding.recorded'"), 20);
}

TEST_P(StoreTest, PatchIsValidatedAndAudited) {
  ingest(*db_, batchOf(bom({credentialComponent(Fp, "API_TOKEN")}, {})), std::nullopt,
         "key:test");
  EXPECT_THROW(patchCredential(*db_, Fp, {{"colour", "red"}}, "key:a"), PatchError);
  EXPECT_THROW(patchCredential(*db_, Fp, {{"status", "lost"}}, "key:a"), PatchError);
  EXPECT_THROW(patchCredential(*db_, Fp, {{"owner", 5}}, "key:a"), PatchError);
  EXPECT_THROW(patchCredential(*db_, Fp, json::object(), "key:a"), PatchError);
  EXPECT_FALSE(patchCredential(*db_, "hmac-sha256:k1:none", {{"owner", "x"}}, "key:a"));
  auto cred = patchCredential(*db_, Fp, {{"scope", "billing"}}, "key:a");
  auto history = (*cred)["history"];
  EXPECT_EQ(history.back()["action"], "credential.updated");
  EXPECT_EQ(history.back()["actor"], "key:a");
  EXPECT_EQ(history.back()["detail"]["changes"]["scope"]["from"], "api.example.test");
  EXPECT_EQ(history.back()["detail"]["changes"]["scope"]["to"], "billing");
}

TEST_P(StoreTest, KeysAreHashedListedAndRevocable) {
  std::string key = createKey(*db_, "ingest", "ci", "cli");
  auto who = authenticate(*db_, key);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->role, "ingest");
  std::string wrong = key;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_FALSE(authenticate(*db_, wrong));
  EXPECT_FALSE(authenticate(*db_, "not a key"));
  // Only the hash is stored, and nowhere the key itself.
  for (const char *sql : {"SELECT key_hash FROM api_keys", "SELECT fingerprint FROM credentials",
                          "SELECT detail FROM audit"})
    for (auto &row : db_->query(sql))
      EXPECT_EQ(row[0]->find(key.substr(23)), std::string::npos);
  // The key is itself an inventoried credential.
  ListQuery q;
  q.owner = "credtaint-inventory";
  auto listed = listCredentials(*db_, q);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["kind"], "token");
  EXPECT_EQ(listed[0]["fingerprint"], keyFingerprint(who->id));
  EXPECT_TRUE(revokeKey(*db_, who->id, "cli"));
  EXPECT_FALSE(authenticate(*db_, key));
  EXPECT_EQ((*getCredential(*db_, keyFingerprint(who->id)))["status"], "revoked");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto &info) { return info.param; });

TEST_P(StoreTest, SignInTicketsWorkOnce) {
  std::string key = createKey(*db_, "read", "web", "cli");
  auto who = authenticate(*db_, key);
  std::string ticket = issueWebToken(*db_, who->id, "ticket");
  EXPECT_FALSE(sessionKey(*db_, ticket)); // a ticket is not a session
  EXPECT_TRUE(redeemTicket(*db_, ticket));
  EXPECT_FALSE(redeemTicket(*db_, ticket));
  std::string session = issueWebToken(*db_, who->id, "session");
  EXPECT_TRUE(sessionKey(*db_, session));
  EXPECT_FALSE(redeemTicket(*db_, session));
}


// BOM validation: errors name the JSON path and never echo a value. A bad
// document is refused whole; a bad entry alone, the valid ones kept.
TEST(BomTest, ErrorsNameThePath) {
  auto expectError = [](const json &b, const std::string &path) {
    try {
      parseBom(b.dump());
      ADD_FAILURE() << "accepted a BOM with a bad " << path;
    } catch (const BomError &e) {
      EXPECT_EQ(std::string(e.what()).rfind(path + ":", 0), 0u) << e.what();
    }
  };
  // The entry at `path` is refused first, `refused` entries in all (a
  // refused credential's findings go with it); the batch keeps `credentials`
  // credentials and `findings` findings.
  auto expectRefused = [](const json &b, const std::string &path, size_t refused,
                          size_t credentials, size_t findings) {
    IngestBatch batch = parseBom(b.dump());
    ASSERT_EQ(batch.rejected.size(), refused) << path;
    EXPECT_EQ(batch.rejected[0].rfind(path + ":", 0), 0u) << batch.rejected[0];
    EXPECT_EQ(batch.credentials.size(), credentials) << path;
    EXPECT_EQ(batch.findings.size(), findings) << path;
  };
  auto good = bom({credentialComponent(Fp, "API_TOKEN")},
                  {vulnerability("f1", Fp, "secret-in-log", "2026-01-02T00:00:00Z")});
  IngestBatch ok = parseBom(good.dump());
  EXPECT_TRUE(ok.rejected.empty());
  auto b = good;
  b["specVersion"] = "1.4";
  expectError(b, "$.specVersion");
  b = good;
  b["components"] = json::object();
  expectError(b, "$.components");
  b = good;
  b["components"][0]["bom-ref"] = "key:1";
  expectRefused(b, "$.components[0].bom-ref", 2, 0, 0);
  b = good;
  b["components"][0]["cryptoProperties"]["relatedCryptoMaterialProperties"]["type"] = "spoon";
  expectRefused(b, "$.components[0].cryptoProperties.relatedCryptoMaterialProperties.type", 2, 0,
                0);
  b = good;
  b["vulnerabilities"][0]["affects"][0]["ref"] = "credential:hmac-sha256:k1:elsewhere";
  expectRefused(b, "$.vulnerabilities[0].affects[0].ref", 1, 1, 0);
  b = good;
  b["vulnerabilities"][0]["created"] = "yesterday";
  expectRefused(b, "$.vulnerabilities[0].created", 1, 1, 0);
  b = good;
  b["vulnerabilities"][0]["properties"] = json::array();
  expectRefused(b, "$.vulnerabilities[0].properties", 1, 1, 0);
  b = good;
  b["components"].push_back(b["components"][0]);
  expectRefused(b, "$.components[1].bom-ref", 1, 1, 1);
  b = good;
  // SECRET: s3cr3t-value-in-a-date-field
  b["components"][0]["properties"][3]["value"] = "s3cr3t-value-in-a-date-field";
  IngestBatch leaky = parseBom(b.dump());
  ASSERT_FALSE(leaky.rejected.empty());
  for (const std::string &e : leaky.rejected)
    EXPECT_EQ(e.find("s3cr3t"), std::string::npos) << e;
  EXPECT_EQ(leaky.rejected[0].rfind("$.components[0].properties[3].value:", 0), 0u);
  try {
    parseBom("{\"bomFormat\": \"CycloneDX\", \"x\": s3cr3t-value-in-a-date-field}");
    ADD_FAILURE();
  } catch (const BomError &e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos) << e.what();
  }
}

// One bad component among good ones: the good ones and their findings are
// kept, the bad one's findings are refused with it (saying why), and each
// refusal is one line.
TEST(BomTest, ABadEntryIsRefusedAlone) {
  const std::string Other = "hmac-sha256:k1:" + std::string(64, 'b');
  auto b = bom({credentialComponent(Fp, "API_TOKEN"), credentialComponent(Other, "DB_PASSWORD")},
               {vulnerability("f1", Fp, "secret-in-log", "2026-01-02T00:00:00Z"),
                vulnerability("f2", Other, "secret-in-log", "2026-01-02T00:00:00Z")});
  b["components"][1]["cryptoProperties"]["relatedCryptoMaterialProperties"]["type"] = 7;
  IngestBatch batch = parseBom(b.dump());
  ASSERT_EQ(batch.credentials.size(), 1u);
  EXPECT_EQ(batch.credentials[0].fingerprint, Fp);
  ASSERT_EQ(batch.findings.size(), 1u);
  EXPECT_EQ(batch.findings[0].fingerprint, "f1");
  ASSERT_EQ(batch.rejected.size(), 2u);
  EXPECT_EQ(batch.rejected[0],
            "$.components[1].cryptoProperties.relatedCryptoMaterialProperties.type: expected a "
            "string, got number");
  EXPECT_EQ(batch.rejected[1], "$.vulnerabilities[1].affects[0].ref: its credential was refused "
                               "(see that component)");
}

TEST(BomTest, ContentHashIgnoresSerialAndTimestamp) {
  auto a = bom({credentialComponent(Fp, "API_TOKEN")}, {});
  auto b = a;
  b["serialNumber"] = "urn:uuid:11111111-2222-4333-8444-555555555555";
  b["metadata"]["timestamp"] = "2027-01-01T00:00:00Z";
  EXPECT_EQ(parseBom(a.dump()).contentHash, parseBom(b.dump()).contentHash);
  b["components"][0]["name"] = "OTHER";
  EXPECT_NE(parseBom(a.dump()).contentHash, parseBom(b.dump()).contentHash);
}

} // namespace
