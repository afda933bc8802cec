// The lifecycle on both databases (issue 17): owners suggested and set,
// deadlines and overdue at a fixed clock, rotations verified and failed by
// later runs, dormant credentials, revoked ones in use, hosts, the list's
// filters, and the policy file. The clock is moved with setFixedNow, as
// CREDTAINT_INVENTORY_NOW moves it for the server.
#include "Evidence.h"
#include "Inventory.h"
#include "Lifecycle.h"
#include "Policy.h"
#include "StoreFixture.h"

#include <atomic>
#include <thread>

using namespace storetest;

namespace {

const std::string A = "hmac-sha256:k1:aaaa0001", A2 = "hmac-sha256:k1:aaaa0002";
const std::string B = "hmac-sha256:k1:bbbb0001", C = "hmac-sha256:k1:cccc0001";

std::vector<std::string> actions(Database &db, const std::string &target,
                                 const std::string &action) {
  std::vector<std::string> out;
  for (auto &row : db.query("SELECT detail FROM audit WHERE target = $1 AND action = $2 "
                            "ORDER BY id",
                            {target, action}))
    out.push_back(*row[0]);
  return out;
}

json cred(Database &db, const std::string &fp) {
  auto c = getCredential(db, fp);
  EXPECT_TRUE(c) << fp;
  return c ? *c : json::object();
}

Policy policyOf(const std::string &text) {
  std::vector<std::string> problems;
  Policy p = parsePolicy(text, problems);
  EXPECT_TRUE(problems.empty()) << problems[0];
  return p;
}

IngestOutcome send(Database &db, const json &b, const Policy &policy = Policy{}) {
  auto out = ingest(db, batchOf(b), std::nullopt, "key:ci", policy);
  EXPECT_EQ(out.status, 200) << out.body.dump();
  return out;
}

TEST_P(StoreTest, OwnerSuggestedUnlessAnAdminSetOne) {
  send(*db_, runBom("demo", "r1",
                    {{A, "API_TOKEN", "src/a.cpp:1", "", "@acme/db-team",
                      "CODEOWNERS line 12: /src/ @acme/db-team"},
                     {B, "DB_PASSWORD", "src/b.cpp:2"}}));
  json a = cred(*db_, A), b = cred(*db_, B);
  EXPECT_EQ(a["owner"], "@acme/db-team");
  EXPECT_EQ(a["owner_source"], "suggested");
  EXPECT_EQ(a["owner_reason"], "CODEOWNERS line 12: /src/ @acme/db-team");
  EXPECT_EQ(a["unowned"], false);
  EXPECT_TRUE(b["owner"].is_null());
  EXPECT_TRUE(b["owner_source"].is_null());
  EXPECT_EQ(b["unowned"], true);
  EXPECT_EQ(actions(*db_, A, "credential.owner-suggested").size(), 1u);

  ListQuery q;
  q.state = "unowned";
  auto listed = queryCredentials(*db_, q);
  ASSERT_EQ(listed["credentials"].size(), 1u);
  EXPECT_EQ(listed["credentials"][0]["fingerprint"], B);
  EXPECT_EQ(listed["counts"]["unowned"], 1);
  q.state.reset();
  q.owner = "@acme/db-team";
  EXPECT_EQ(listCredentials(*db_, q).size(), 1u);

  // An admin's owner wins over any suggestion, now and later.
  patchCredential(*db_, A, {{"owner", "payments"}}, "key:admin");
  send(*db_, runBom("demo", "r2",
                    {{A, "API_TOKEN", "src/a.cpp:1", "", "@acme/other",
                      "credtaint.json owners: src/** -> other"}}));
  a = cred(*db_, A);
  EXPECT_EQ(a["owner"], "payments");
  EXPECT_EQ(a["owner_source"], "admin");
  EXPECT_TRUE(a["owner_reason"].is_null());
  EXPECT_EQ(a["owner_suggested"], "@acme/other");
  auto suggested = actions(*db_, A, "credential.owner-suggested");
  ASSERT_EQ(suggested.size(), 2u);
  EXPECT_EQ(json::parse(suggested[1])["effective"], false);
  EXPECT_EQ(json::parse(suggested[1])["previous"], "@acme/db-team");
  // The same suggestion again changes nothing.
  send(*db_, runBom("demo", "r3",
                    {{A, "API_TOKEN", "src/a.cpp:1", "", "@acme/other",
                      "credtaint.json owners: src/** -> other"}}));
  EXPECT_EQ(actions(*db_, A, "credential.owner-suggested").size(), 2u);
  // Clearing the admin's owner gives the suggestion back.
  a = *patchCredential(*db_, A, {{"owner", nullptr}}, "key:admin");
  EXPECT_EQ(a["owner"], "@acme/other");
  EXPECT_EQ(a["owner_source"], "suggested");
  EXPECT_EQ(a["owner_reason"], "credtaint.json owners: src/** -> other");
  // A suggestion becoming effective, and an admin's owner, are "owned"
  // events of the evidence; a suggestion under an admin's owner is not.
  std::vector<std::string> owned;
  json report = evidenceReport(*db_, std::nullopt, std::nullopt);
  for (auto &e : report["events"])
    if (e["event"] == "owned")
      owned.push_back(e["action"]);
  EXPECT_EQ(owned, (std::vector<std::string>{"credential.owner-suggested", "credential.updated"}));
}

TEST_P(StoreTest, DeadlineByHighestSeverityThenOverdueOnce) {
  Policy policy = policyOf(R"({"deadlines": {"high": "7d", "critical": "2d"}})");
  at("2026-01-03T00:00:00Z");
  send(*db_,
       bom({credentialComponent(A, "API_TOKEN")},
           {vulnerability("f1", A, "secret-in-log", "2026-01-02T00:00:00Z", "high")}),
       policy);
  json a = cred(*db_, A);
  EXPECT_EQ(a["state"], "rotation-required");
  EXPECT_EQ(a["severity"], "high");
  EXPECT_EQ(a["exposed_at"], "2026-01-02T00:00:00.000Z");
  EXPECT_EQ(a["rotate_by"], "2026-01-09T00:00:00.000Z");
  // A medium finding does not move the deadline; an earlier one does.
  send(*db_,
       bom({credentialComponent(A, "API_TOKEN")},
           {vulnerability("f2", A, "secret-in-file", "2026-01-01T12:00:00Z", "medium")}),
       policy);
  a = cred(*db_, A);
  EXPECT_EQ(a["severity"], "high");
  EXPECT_EQ(a["rotate_by"], "2026-01-08T12:00:00.000Z");

  // The deadline, to the millisecond.
  at("2026-01-08T12:00:00Z");
  EXPECT_EQ(sweep(*db_, policy).overdue, 1);
  EXPECT_EQ(cred(*db_, A)["state"], "overdue");
  at("2026-01-10T00:00:00Z");
  EXPECT_EQ(sweep(*db_, policy).overdue, 0);
  send(*db_, bom({credentialComponent(A, "API_TOKEN")}, {}), policy);
  auto overdue = actions(*db_, A, "credential.overdue");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(json::parse(overdue[0])["rotate_by"], "2026-01-08T12:00:00.000Z");
  ListQuery q;
  q.state = "overdue";
  EXPECT_EQ(listCredentials(*db_, q).size(), 1u);
  EXPECT_EQ(queryCredentials(*db_, ListQuery{})["counts"]["overdue"], 1);

  // A critical exposure shortens it; a stricter policy at start does too.
  send(*db_,
       bom({credentialComponent(B, "SIGNING_KEY")},
           {vulnerability("f3", B, "credential-in-url", "2026-01-09T00:00:00Z", "critical")}),
       policy);
  EXPECT_EQ(cred(*db_, B)["rotate_by"], "2026-01-11T00:00:00.000Z");
  sweep(*db_, policyOf(R"({"deadlines": {"critical": "1d"}})"), true);
  EXPECT_EQ(cred(*db_, B)["rotate_by"], "2026-01-10T00:00:00.000Z");
  EXPECT_EQ(cred(*db_, B)["state"], "overdue");
  // Rotated: no deadline, no longer overdue.
  ASSERT_TRUE(recordRotation(*db_, A, std::string("rotated in vault"), "key:admin"));
  a = cred(*db_, A);
  EXPECT_EQ(a["state"], "active");
  EXPECT_TRUE(a["rotate_by"].is_null());
  EXPECT_EQ(a["rotation"]["state"], "pending");
  EXPECT_EQ(a["rotation"]["note"], "rotated in vault");
  EXPECT_EQ(a["rotation"]["rotated_at"], "2026-01-10T00:00:00.000Z");
}

TEST_P(StoreTest, RotationVerifiedByLaterRunsLinksTheSuccessor) {
  Policy policy = policyOf(R"({"verify_after_runs": 2})");
  send(*db_,
       runBom("demo", "r1", {{A, "API_TOKEN"}},
              {vulnerability("f1", A, "secret-in-log", "2026-01-02T00:00:00Z")}),
       policy);
  at("2026-01-04T00:00:00Z");
  ASSERT_TRUE(recordRotation(*db_, A, std::nullopt, "key:admin"));
  EXPECT_EQ(actions(*db_, A, "rotation.recorded").size(), 1u);
  // The same name and source with a new fingerprint; the old one unseen.
  at("2026-01-05T00:00:00Z");
  send(*db_, runBom("demo", "r2", {{A2, "API_TOKEN"}, {C, "OTHER"}}), policy);
  EXPECT_EQ(cred(*db_, A)["rotation"]["state"], "pending"); // one run of two
  // An unrelated credential of the same name elsewhere is no successor.
  send(*db_, runBom("other-project", "x1", {{B, "API_TOKEN"}}), policy);
  at("2026-01-06T00:00:00Z");
  send(*db_, runBom("demo", "r3", {{C, "OTHER"}}), policy);
  json a = cred(*db_, A), a2 = cred(*db_, A2);
  EXPECT_EQ(a["rotation"]["state"], "verified");
  EXPECT_EQ(a["superseded_by"], A2);
  EXPECT_EQ(a2["supersedes"], A);
  EXPECT_TRUE(a2["superseded_by"].is_null());
  auto verified = actions(*db_, A, "rotation.verified");
  ASSERT_EQ(verified.size(), 1u);
  EXPECT_EQ(json::parse(verified[0])["superseded_by"], A2);
  EXPECT_EQ(json::parse(verified[0])["run"], "r3");
  ASSERT_EQ(a["rotations"].size(), 1u);
  EXPECT_EQ(a["rotations"][0]["state"], "verified");
  EXPECT_EQ(a["rotations"][0]["superseded_by"], A2);
  // Verified once.
  send(*db_, runBom("demo", "r4", {{A2, "API_TOKEN"}}), policy);
  sweep(*db_, policy);
  EXPECT_EQ(actions(*db_, A, "rotation.verified").size(), 1u);
}

TEST_P(StoreTest, RotationFailsWhenALaterRunSeesTheOldFingerprint) {
  Policy policy = policyOf(R"({"deadlines": {"high": "7d"}})");
  send(*db_,
       runBom("demo", "r1", {{A, "API_TOKEN"}},
              {vulnerability("f1", A, "secret-in-log", "2026-01-02T00:00:00Z")}, "1/2"),
       policy);
  at("2026-01-10T00:00:00Z");
  EXPECT_EQ(sweep(*db_, policy).overdue, 1);
  ASSERT_TRUE(recordRotation(*db_, A, std::string("new key in vault"), "key:admin"));
  EXPECT_EQ(cred(*db_, A)["state"], "active");
  // The rest of a run from before the rotation proves nothing.
  send(*db_, runBom("demo", "r1", {{A, "API_TOKEN"}}, {}, "2/2"), policy);
  EXPECT_EQ(cred(*db_, A)["rotation"]["state"], "pending");
  // A run after it still loads the old value.
  send(*db_, runBom("demo", "r2", {{A, "API_TOKEN"}}), policy);
  json a = cred(*db_, A);
  EXPECT_EQ(a["status"], "rotation-required");
  EXPECT_EQ(a["rotation"]["state"], "failed");
  // The deadline of the exposure goes on; it was overdue and is again,
  // without a second overdue record.
  EXPECT_EQ(a["rotate_by"], "2026-01-09T00:00:00.000Z");
  EXPECT_EQ(a["state"], "overdue");
  sweep(*db_, policy);
  EXPECT_EQ(actions(*db_, A, "credential.overdue").size(), 1u);
  auto failed = actions(*db_, A, "rotation.failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(json::parse(failed[0])["run"], "r2");
  // Another run seeing it again fails nothing more (nothing is pending).
  send(*db_, runBom("demo", "r3", {{A, "API_TOKEN"}}), policy);
  EXPECT_EQ(actions(*db_, A, "rotation.failed").size(), 1u);
  // An exposure finding newer than a rotation fails it too (an export
  // without run ids).
  ASSERT_TRUE(recordRotation(*db_, A, std::nullopt, "key:admin"));
  send(*db_,
       bom({credentialComponent(A, "API_TOKEN")},
           {vulnerability("f2", A, "credential-in-url", "2026-01-11T00:00:00Z")}),
       policy);
  EXPECT_EQ(actions(*db_, A, "rotation.failed").size(), 2u);
  EXPECT_EQ(cred(*db_, A)["status"], "rotation-required");
  EXPECT_EQ(actions(*db_, A, "credential.status").size(), 1u); // exposed once
}

TEST_P(StoreTest, DormantAfterRunsWithoutItThenBackWhenSeen) {
  Policy policy = policyOf(R"({"dormant_after": null, "dormant_after_runs": 2})");
  send(*db_,
       runBom("demo", "r1", {{A, "API_TOKEN"}, {B, "DB_PASSWORD"}},
              {vulnerability("f1", B, "secret-in-log", "2026-01-02T00:00:00Z")}),
       policy);
  send(*db_, runBom("demo", "r2", {{A, "API_TOKEN"}}), policy);
  // An incomplete run does not count.
  send(*db_, runBom("demo", "r3", {{A, "API_TOKEN"}}, {}, "1/2"), policy);
  EXPECT_EQ(cred(*db_, B)["state"], "rotation-required");
  send(*db_, runBom("demo", "r3", {}, {}, "2/2"), policy);
  json b = cred(*db_, B);
  EXPECT_EQ(b["state"], "dormant");
  EXPECT_EQ(b["status"], "rotation-required");
  EXPECT_EQ(b["dormant_since"], "2026-01-03T00:00:00.000Z");
  EXPECT_EQ(cred(*db_, A)["state"], "active");
  send(*db_, runBom("demo", "r4", {{A, "API_TOKEN"}}), policy);
  sweep(*db_, policy);
  auto dormant = actions(*db_, B, "credential.dormant");
  ASSERT_EQ(dormant.size(), 1u);
  EXPECT_EQ(json::parse(dormant[0])["reason"], "runs");
  EXPECT_EQ(json::parse(dormant[0])["last_seen_run"], "r1");
  // Seen again: back to the state it had.
  send(*db_, runBom("demo", "r5", {{B, "DB_PASSWORD"}}), policy);
  b = cred(*db_, B);
  EXPECT_EQ(b["state"], "rotation-required");
  EXPECT_TRUE(b["dormant_since"].is_null());
  EXPECT_EQ(actions(*db_, B, "credential.seen-again").size(), 1u);
  EXPECT_EQ(b["last_seen_run"], "r5");
}

TEST_P(StoreTest, DormantAfterTimeNotSeen) {
  Policy policy = policyOf(R"({"dormant_after": "30d", "dormant_after_runs": null})");
  send(*db_, runBom("demo", "r1", {{A, "API_TOKEN"}}, {}, "1/1", "2026-01-02T00:00:00Z"),
       policy);
  at("2026-01-31T23:59:59Z");
  EXPECT_EQ(sweep(*db_, policy).dormant, 0);
  at("2026-02-01T00:00:01Z");
  EXPECT_EQ(sweep(*db_, policy).dormant, 1);
  EXPECT_EQ(cred(*db_, A)["state"], "dormant");
  EXPECT_EQ(json::parse(actions(*db_, A, "credential.dormant")[0])["reason"], "time");
  // A project without numbered runs (the server's own keys) never is.
  createKey(*db_, "read", "web", "cli");
  at("2027-01-01T00:00:00Z");
  sweep(*db_, policy);
  ListQuery q;
  q.owner = "credtaint-inventory";
  EXPECT_EQ(listCredentials(*db_, q)[0]["state"], "active");
}

TEST_P(StoreTest, RevokedSeenAgainIsInUseOncePerRun) {
  send(*db_, runBom("demo", "r1", {{A, "API_TOKEN"}}));
  patchCredential(*db_, A, {{"status", "revoked"}}, "key:admin");
  EXPECT_EQ(actions(*db_, A, "credential.status").size(), 1u);
  send(*db_, runBom("demo", "r2", {{A, "API_TOKEN"}}, {}, "1/2"));
  send(*db_, runBom("demo", "r2", {{A, "API_TOKEN"}}, {}, "2/2"));
  auto inUse = actions(*db_, A, "revoked.in-use");
  ASSERT_EQ(inUse.size(), 1u);
  EXPECT_EQ(json::parse(inUse[0])["run"], "r2");
  send(*db_, runBom("demo", "r3", {{A, "API_TOKEN"}}));
  EXPECT_EQ(actions(*db_, A, "revoked.in-use").size(), 2u);
  EXPECT_EQ(cred(*db_, A)["state"], "revoked");
  // A revoked credential is not rotated.
  EXPECT_THROW(recordRotation(*db_, A, std::nullopt, "key:admin"), RotationError);
}

TEST_P(StoreTest, HostsKeptPerCredentialWithRuns) {
  send(*db_, runBom("demo", "r1", {{A, "API_TOKEN", "src/a.cpp:1",
                                    "api.github.com, Uploads.GitHub.com"}},
                    {}, "1/1", "2026-01-01T10:00:00Z"));
  send(*db_, runBom("demo", "r2", {{A, "API_TOKEN", "src/a.cpp:1", "api.github.com"}}, {},
                    "1/2", "2026-01-02T10:00:00Z"));
  send(*db_, runBom("demo", "r2", {{A, "API_TOKEN", "src/a.cpp:1", "api.github.com"}}, {},
                    "2/2", "2026-01-02T10:00:00Z"));
  json hosts = cred(*db_, A)["hosts"];
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0], (json{{"host", "api.github.com"},
                            {"first_seen", "2026-01-01T10:00:00.000Z"},
                            {"last_seen", "2026-01-02T10:00:00.000Z"},
                            {"runs", 2}}));
  EXPECT_EQ(hosts[1], (json{{"host", "uploads.github.com"},
                            {"first_seen", "2026-01-01T10:00:00.000Z"},
                            {"last_seen", "2026-01-01T10:00:00.000Z"},
                            {"runs", 1}}));
  // The list carries them too.
  EXPECT_EQ(listCredentials(*db_, ListQuery{})[0]["hosts"].size(), 2u);
}

TEST_P(StoreTest, FindingsLinkToTheirSourceWhenTheRunNamesItsRevision) {
  const std::string Commit = "0123456789abcdef0123456789abcdef01234567";
  auto out = send(*db_, runBom("demo", "r1", {{A, "API_TOKEN", "src/a.cpp:12"}},
                               {vulnerability("f1", A, "secret-in-log", "2026-01-02T00:00:00Z")},
                               "1/1", "", "https://github.com/acme/app.git@" + Commit));
  EXPECT_EQ(out.body["run"], "r1");
  json a = cred(*db_, A);
  EXPECT_EQ(a["vcs"], (json{{"url", "https://github.com/acme/app"}, {"commit", Commit}}));
  EXPECT_EQ(a["defined_at_url"], "https://github.com/acme/app/blob/" + Commit + "/src/a.cpp#L12");
  const json &f = a["findings_list"][0];
  EXPECT_EQ(f["run"], "r1");
  EXPECT_EQ(f["source_url"], "https://github.com/acme/app/blob/" + Commit + "/src/client.cpp#L42");
  EXPECT_EQ(f["sink_url"], "https://github.com/acme/app/blob/" + Commit + "/src/log.cpp#L7");
  // A VCS reference with user information (a token, perhaps) is refused.
  auto bad = runBom("demo", "r2", {{A, "API_TOKEN"}}, {}, "1/1", "",
                    "https://user:tok@github.com/acme/app@" + Commit);
  IngestBatch batch = batchOf(bad);
  EXPECT_FALSE(batch.vcs);
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].find("tok"), std::string::npos);
}

TEST_P(StoreTest, ListFiltersSearchSortTotalAndCounts) {
  send(*db_, runBom("alpha", "r1",
                    {{A, "API_TOKEN", "a:1", "", "@acme/Payments"},
                     {B, "db_password", "b:1"},
                     {C, "Signing_Key", "c:1"}},
                    {vulnerability("f1", B, "secret-in-log", "2026-01-02T00:00:00Z"),
                     vulnerability("f2", B, "credential-in-url", "2026-01-02T00:00:00Z"),
                     vulnerability("f3", C, "secret-in-log", "2026-01-02T00:00:00Z")}));
  send(*db_, runBom("beta", "s1", {{A2, "OTHER_TOKEN", "d:1"}}));
  auto names = [&](ListQuery q) {
    std::vector<std::string> out;
    for (auto &c : listCredentials(*db_, q))
      out.push_back(c["name"]);
    return out;
  };
  ListQuery q;
  q.sort = "name";
  // Case-insensitive, the same on both databases.
  EXPECT_EQ(names(q), (std::vector<std::string>{"API_TOKEN", "db_password", "OTHER_TOKEN",
                                                "Signing_Key"}));
  q.sort = "-open_findings";
  EXPECT_EQ(names(q)[0], "db_password");
  q.search = "TOKEN";
  q.sort = "-name";
  EXPECT_EQ(names(q), (std::vector<std::string>{"OTHER_TOKEN", "API_TOKEN"}));
  q.search = "payments"; // the owner, case-insensitively
  EXPECT_EQ(names(q), (std::vector<std::string>{"API_TOKEN"}));
  q.search = "_"; // a LIKE wildcard is a plain character
  q.sort = "name";
  EXPECT_EQ(names(q).size(), 4u);
  q.search = "%";
  EXPECT_EQ(names(q).size(), 0u);
  ListQuery p;
  p.project = "alpha";
  p.state = "rotation-required";
  p.limit = 1;
  p.sort = "name";
  json page = queryCredentials(*db_, p);
  EXPECT_EQ(page["total"], 2);
  ASSERT_EQ(page["credentials"].size(), 1u);
  EXPECT_EQ(page["credentials"][0]["name"], "db_password");
  // Counts: every state over the other filters (project alpha).
  EXPECT_EQ(page["counts"], (json{{"active", 1},
                                  {"rotation-required", 2},
                                  {"overdue", 0},
                                  {"dormant", 0},
                                  {"revoked", 0},
                                  {"unowned", 2}}));
  ListQuery bad;
  bad.sort = "colour";
  EXPECT_TRUE(checkCredentialQuery(bad));
  bad.sort = "-rotate_by";
  EXPECT_FALSE(checkCredentialQuery(bad));
  bad.state = "lost";
  EXPECT_TRUE(checkCredentialQuery(bad));
}

// One run's batches from several connections at once: the run is recorded
// once, each credential seen once in it, a revoked one in use once.
TEST_P(StoreTest, ConcurrentBatchesOfOneRun) {
  send(*db_, runBom("demo", "r0", {{A, "API_TOKEN"}}));
  patchCredential(*db_, A, {{"status", "revoked"}}, "key:admin");
  std::vector<IngestBatch> batches;
  for (int i = 1; i <= 4; ++i)
    batches.push_back(batchOf(runBom("demo", "r1",
                                     {{A, "API_TOKEN"},
                                      {"hmac-sha256:k1:d" + std::to_string(i), "T" + std::to_string(i)}},
                                     {}, std::to_string(i) + "/4")));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      auto db = open();
      for (int attempt = 0; attempt < 20; ++attempt) {
        try {
          ingest(*db, batches[t % 4], std::nullopt, "key:ci");
          ++ok;
          return;
        } catch (const DatabaseError &e) {
          if (!e.retryable)
            throw;
        }
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(ok, 8);
  // Two last batches committing at once may each miss the other: the sweep
  // completes the run then.
  sweep(*db_, Policy{});
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM runs WHERE run = 'r1' AND complete = 1"), 1);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM audit WHERE action = 'run.recorded'"), 2);
  EXPECT_EQ(countRows(*db_, "SELECT COUNT(*) FROM credential_runs WHERE run = 'r1'"), 5);
  EXPECT_EQ(actions(*db_, A, "revoked.in-use").size(), 1u);
}

// (StoreTest.cpp instantiates the suite on both databases.)

// The policy file: every problem one line, all of them listed.
TEST(PolicyTest, EveryProblemIsOneLine) {
  std::vector<std::string> problems;
  parsePolicy(R"({"deadlines": {"high": "7x", "urgent": "1d", "low": 5},
                  "verify_after_runs": 0, "dormant_after": "30", "dormant_after_runs": "ten",
                  "colour": "red"})",
              problems);
  std::vector<std::string> starts;
  for (const std::string &p : problems) {
    EXPECT_EQ(p.find('\n'), std::string::npos) << p;
    starts.push_back(p.substr(0, p.find(':')));
  }
  std::sort(starts.begin(), starts.end());
  EXPECT_EQ(starts, (std::vector<std::string>{"$.colour", "$.deadlines.high", "$.deadlines.low",
                                              "$.deadlines.urgent", "$.dormant_after",
                                              "$.dormant_after_runs", "$.verify_after_runs"}));
  problems.clear();
  parsePolicy("{\"deadlines\": [1]}", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "$.deadlines: expected an object of severity: duration");
  problems.clear();
  parsePolicy("{\"deadlines\": {\"hi\\ngh\": \"1d\"}}", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].find('\n'), std::string::npos);
  problems.clear();
  parsePolicy("{not json", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("$: not valid JSON", 0), 0u);
  problems.clear();
  loadPolicyFile("/nonexistent/policy.json", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "/nonexistent/policy.json: cannot read the policy file");
}

TEST(PolicyTest, DefaultsAndDurations) {
  std::vector<std::string> problems;
  Policy p = parsePolicy(R"({"deadlines": {"medium": "2w"}, "dormant_after": null})", problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(p.deadlineFor(severityRank("critical")), 86400);
  EXPECT_EQ(p.deadlineFor(severityRank("high")), 7 * 86400);
  EXPECT_EQ(p.deadlineFor(severityRank("medium")), 14 * 86400);
  EXPECT_EQ(p.deadlineFor(severityRank("low")), 90 * 86400);
  EXPECT_EQ(p.verifyAfterRuns, 3);
  EXPECT_FALSE(p.dormantAfterSeconds);
  EXPECT_EQ(p.dormantAfterRuns, 10);
  EXPECT_EQ(parseDuration("90s"), 90);
  EXPECT_EQ(parseDuration("5m"), 300);
  EXPECT_EQ(parseDuration("2h"), 7200);
  EXPECT_FALSE(parseDuration("0d"));
  EXPECT_FALSE(parseDuration("1y"));
  EXPECT_FALSE(parseDuration("99999999999w"));
}

TEST(TimeTest, IsoWeeksAndTheFixedClock) {
  auto week = [](const char *iso) { return isoWeekOf(*isoToMs(*normalizeIso(iso))).label; };
  EXPECT_EQ(week("2026-11-25T12:00:00Z"), "2026-W48");
  EXPECT_EQ(week("2027-01-01T00:00:00Z"), "2026-W53");
  EXPECT_EQ(week("2024-12-30T00:00:00Z"), "2025-W01");
  EXPECT_EQ(week("2021-01-03T23:59:59Z"), "2020-W53");
  EXPECT_EQ(msToIso(isoWeekOf(*isoToMs("2026-11-25T12:00:00.000Z")).startMs),
            "2026-11-23T00:00:00.000Z");
  ASSERT_TRUE(setFixedNow(std::string("2026-05-06T07:08:09+02:00")));
  EXPECT_EQ(nowIso(), "2026-05-06T05:08:09.000Z");
  EXPECT_FALSE(setFixedNow(std::string("tomorrow")));
  setFixedNow(std::nullopt);
  EXPECT_NE(nowIso(), "2026-05-06T05:08:09.000Z");
}

TEST(EvidenceTest, CsvQuotesAndNeutralizesFormulas) {
  json report = {{"events",
                  json::array({{{"id", 1},
                                {"at", "2026-01-01T00:00:00.000Z"},
                                {"event", "inventoried"},
                                {"action", "credential.created"},
                                {"credential", "hmac-sha256:k1:x"},
                                {"name", "=HYPERLINK(\"x\"),a"},
                                {"kind", nullptr},
                                {"project", "line\nbreak"},
                                {"actor", "key:1"},
                                {"detail", {{"k", "v"}}}}})}};
  EXPECT_EQ(evidenceCsv(report),
            "id,at,event,action,credential,name,kind,project,actor,detail\r\n"
            "1,2026-01-01T00:00:00.000Z,inventoried,credential.created,hmac-sha256:k1:x,"
            "\"'=HYPERLINK(\"\"x\"\"),a\",,\"line\nbreak\",key:1,\"{\"\"k\"\":\"\"v\"\"}\"\r\n");
  EXPECT_EQ(parsePeriodBound("2026-02-03"), "2026-02-03T00:00:00.000Z");
  EXPECT_FALSE(parsePeriodBound("2026-02-30x"));
  EXPECT_EQ(lifecycleEvent("credential.status", {{"to", "rotation-required"}}), "exposed");
  EXPECT_EQ(lifecycleEvent("credential.status", {{"to", "revoked"}}), "revoked");
  EXPECT_FALSE(lifecycleEvent("credential.status", {{"to", "active"}}));
  EXPECT_FALSE(lifecycleEvent("finding.recorded", json::object()));
}

TEST(BomTest, RunPropertiesAndCredentialUse) {
  json b = runBom("demo", "run-1", {{A, "API_TOKEN", "src/a.cpp:1", "b.example,a.example,a.example",
                                     "@acme/team", "CODEOWNERS line 3"}},
                  {}, "2/3", "2026-01-02T03:04:05+01:00");
  IngestBatch batch = batchOf(b);
  EXPECT_EQ(batch.run, "run-1");
  EXPECT_EQ(batch.runStarted, "2026-01-02T02:04:05.000Z");
  EXPECT_EQ(batch.batchOf, std::make_pair(2LL, 3LL));
  ASSERT_EQ(batch.credentials.size(), 1u);
  const IncomingCredential &c = batch.credentials[0];
  EXPECT_TRUE(c.seen);
  EXPECT_EQ(c.hosts, (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(c.ownerSuggested, "@acme/team");
  EXPECT_EQ(c.ownerReason, "CODEOWNERS line 3");
  // A bad run id refuses the batch; bad hosts or seen refuse the component.
  json bad = b;
  bad["metadata"]["properties"][0]["value"] = "run\n1";
  EXPECT_THROW(batchOf(bad), BomError);
  bad = b;
  for (auto &p : bad["components"][0]["properties"])
    if (p["name"] == "credtaint:hosts")
      p["value"] = "a.example,bad host/";
  IngestBatch refused = batchOf(bad);
  EXPECT_TRUE(refused.credentials.empty());
  ASSERT_EQ(refused.rejected.size(), 1u);
  EXPECT_NE(refused.rejected[0].find("expected comma-separated host names"), std::string::npos);
}

} // namespace
