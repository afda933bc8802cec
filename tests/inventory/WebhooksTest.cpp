// Webhooks: the configuration file's validation, the signature against
// vectors computed apart from the code under test, and the outbox (cursor,
// claims, retries, dead letters) on a real SQLite file and a real PostgreSQL
// with a fake clock and a fake receiver. The real HTTP path is
// hooks_test.py's.
//
// Suite names avoid "web": `ctest -E web` leaves out the browser test.
#include "Bom.h"
#include "Database.h"
#include "Inventory.h"
#include "Keys.h"
#include "Migrations.h"
#include "WebhookConfig.h"
#include "StoreFixture.h"
#include "Webhooks.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

using namespace credtaint::inventory;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string &name) {
  fs::path dir = fs::path(CREDTAINT_INVENTORY_SCRATCH) / "hooks";
  fs::create_directories(dir);
  return dir / name;
}

void writeFile(const fs::path &path, const std::string &text) { std::ofstream(path) << text; }

std::string hex(const unsigned char *data, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

// HMAC-SHA256 through OpenSSL 3's EVP_MAC one-shot, not the HMAC() call
// Webhooks.cpp uses: an independent computation of the same function.
std::string referenceHmac(const std::string &key, const std::string &message) {
  unsigned char out[64];
  size_t n = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char *>(message.data()), message.size(), out,
                 sizeof out, &n))
    return "EVP_Q_mac failed";
  return hex(out, n);
}

std::string header(const std::vector<Header> &headers, const std::string &name) {
  for (const auto &[key, value] : headers)
    if (key == name)
      return value;
  return "";
}

EnvLookup envOf(std::map<std::string, std::string> vars) {
  return [vars](const std::string &name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

// ---------------------------------------------------------------------------
// Configuration

class HookConfigTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = scratch("config");
    fs::create_directories(dir_);
    writeFile(dir_ / "ops.secret", "ops-secret-Zq81\nsecond line ignored\n");
    writeFile(dir_ / "empty.secret", "");
    writeFile(dir_ / "ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    writeFile(dir_ / "not-a-cert.pem", "hello\n");
  }

  WebhookConfig parse(const json &doc, std::map<std::string, std::string> env = {}) {
    return parseWebhookConfig(doc.dump(), (dir_ / "hooks.json").string(), envOf(std::move(env)));
  }

  std::string source() const { return (dir_ / "hooks.json").string(); }

  fs::path dir_;
};

TEST_F(HookConfigTest, ValidEntriesAreKeptWithTheirSettings) {
  auto config = parse({{"webhooks",
                        {{{"name", "ops"},
                          {"url", "https://hooks.example.com/x?channel=sec"},
                          {"events", {"rotation-required", "overdue"}},
                          {"secret_file", "ops.secret"}, // relative to the file
                          {"max_attempts", 7},
                          {"backoff_seconds", 0.5},
                          {"timeout_seconds", 3},
                          {"cacert", "ca.pem"}},
                         {{"name", "local"},
                          {"url", "http://127.0.0.1:8080/hook"},
                          {"events", {"revoked.in-use"}},
                          {"secret_env", "LOCAL_HOOK_SECRET"}}}}},
                      {{"LOCAL_HOOK_SECRET", "env-secret-77"}});
  EXPECT_TRUE(config.errors.empty()) << config.errors[0];
  ASSERT_EQ(config.webhooks.size(), 2u);
  const WebhookSpec &ops = config.webhooks[0];
  EXPECT_EQ(ops.name, "ops");
  EXPECT_EQ(ops.events, (std::vector<std::string>{"rotation-required", "overdue"}));
  EXPECT_EQ(ops.secret, "ops-secret-Zq81"); // the first line
  EXPECT_EQ(ops.maxAttempts, 7);
  EXPECT_DOUBLE_EQ(ops.backoffSeconds, 0.5);
  EXPECT_DOUBLE_EQ(ops.timeoutSeconds, 3);
  EXPECT_EQ(ops.cacert, (dir_ / "ca.pem").string());
  EXPECT_EQ(ops.origin(), "https://hooks.example.com");
  EXPECT_TRUE(ops.wants("overdue"));
  EXPECT_FALSE(ops.wants("revoked.in-use"));
  const WebhookSpec &local = config.webhooks[1];
  EXPECT_EQ(local.secret, "env-secret-77");
  EXPECT_EQ(local.maxAttempts, 5); // defaults
  EXPECT_DOUBLE_EQ(local.backoffSeconds, 2);
  EXPECT_FALSE(local.cacert);
  EXPECT_EQ(local.origin(), "http://127.0.0.1:8080");
}

// Every problem of the file, each on one line naming its JSON path; the
// valid entry among them is kept; no secret in any line.
TEST_F(HookConfigTest, EveryProblemIsOneLineAndValidEntriesAreKept) {
  json doc = {
      {"webhooks",
       {{{"name", "good"},
         {"url", "https://hooks.example.com/good"},
         {"events", {"overdue"}},
         {"secret_file", "ops.secret"}},
        {{"name", "plain"},
         {"url", "http://hooks.example.com/x"},
         {"events", {"rotation-required", "exploded"}},
         {"secret_file", "ops.secret"},
         {"colour", "red"}},
        {{"name", "both"},
         {"url", "https://h.example.com/"},
         {"events", {"overdue"}},
         {"secret_file", "ops.secret"},
         {"secret_env", "SET_SECRET"}},
        {{"name", "neither"}, {"url", "https://h.example.com/"}, {"events", {"overdue"}}},
        {{"name", "unreadable"},
         {"url", "https://h.example.com/"},
         {"events", {"overdue"}},
         {"secret_file", "no-such.secret"}},
        {{"name", "empty"},
         {"url", "https://h.example.com/"},
         {"events", {"overdue"}},
         {"secret_file", "empty.secret"}},
        {{"name", "unset"},
         {"url", "https://h.example.com/"},
         {"events", {"overdue"}},
         {"secret_env", "UNSET_SECRET"}},
        {{"name", "blank"},
         {"url", "https://h.example.com/"},
         {"events", {"overdue"}},
         {"secret_env", "EMPTY_SECRET"}},
        {{"name", "good"},
         {"url", "https://user:hunter2@h.example.com/"},
         {"events", json::array()},
         {"secret_env", "SET_SECRET"},
         {"max_attempts", 0},
         {"backoff_seconds", "2"},
         {"cacert", "not-a-cert.pem"},
         {"secret", "inline-secret-Xy"}}}},
      {"retries", 3}};
  auto config = parse(doc, {{"SET_SECRET", "env-secret-Qw"}, {"EMPTY_SECRET", ""}});
  const std::string s = source() + ": ";
  std::vector<std::string> expected = {
      s + "$.retries: unknown key (allowed: webhooks)",
      s + "$.webhooks[1].colour: unknown key (allowed: backoff_seconds, cacert, events, "
          "max_attempts, name, secret_env, secret_file, timeout_seconds, url)",
      s + "$.webhooks[1].url: plain http:// is refused for hooks.example.com, which is not a "
          "loopback address (localhost, 127.0.0.0/8, [::1]): events and their signatures "
          "would cross the network in clear text; use https://",
      s + "$.webhooks[1].events[1]: unknown event 'exploded' (known: rotation-required, "
          "overdue, rotation.failed, revoked.in-use)",
      s + "$.webhooks[2]: give either secret_file or secret_env, not both",
      s + "$.webhooks[3]: no secret: give secret_file (a file whose first line is the secret) "
          "or secret_env (an environment variable holding it)",
      s + "$.webhooks[4].secret_file: cannot read no-such.secret: No such file or directory",
      s + "$.webhooks[5].secret_file: empty.secret is empty (the secret is its first line)",
      s + "$.webhooks[6].secret_env: environment variable UNSET_SECRET is not set",
      s + "$.webhooks[7].secret_env: environment variable EMPTY_SECRET is empty",
      s + "$.webhooks[8].secret: unknown key (allowed: backoff_seconds, cacert, events, "
          "max_attempts, name, secret_env, secret_file, timeout_seconds, url); a secret goes "
          "in a file (secret_file) or the environment (secret_env), never in this file",
      s + "$.webhooks[8].name: 'good' is the name of an earlier webhook too",
      s + "$.webhooks[8].url: the URL carries user information (user@ or user:password@); "
          "receivers authenticate the request by its signature",
      s + "$.webhooks[8].events: expected a non-empty array of event names "
          "(rotation-required, overdue, rotation.failed, revoked.in-use)",
      s + "$.webhooks[8].max_attempts: expected an integer from 1 to 100",
      s + "$.webhooks[8].backoff_seconds: expected a number of seconds, got string",
      s + "$.webhooks[8].cacert: not-a-cert.pem holds no PEM certificate",
  };
  EXPECT_EQ(config.errors, expected);
  for (const std::string &line : config.errors) {
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    for (const char *secret : {"ops-secret-Zq81", "env-secret-Qw", "inline-secret-Xy", "hunter2"})
      EXPECT_EQ(line.find(secret), std::string::npos) << line;
  }
  ASSERT_EQ(config.webhooks.size(), 1u);
  EXPECT_EQ(config.webhooks[0].name, "good");
  EXPECT_EQ(config.webhooks[0].url, "https://hooks.example.com/good");
}

TEST_F(HookConfigTest, PlainHttpOnlyToLoopback) {
  for (const char *url : {"http://127.0.0.1/x", "http://127.9.8.7:8080/x", "http://localhost:1/",
                          "http://LOCALHOST/", "http://[::1]:9000/x", "http://[::ffff:127.0.0.1]/",
                          "https://hooks.example.com", "https://10.0.0.1:8443/x?a=b",
                          "https://[2001:db8::1]/x"}) {
    std::string error;
    EXPECT_TRUE(parseWebhookUrl(url, error)) << url << ": " << error;
  }
  for (const char *url : {"http://example.com/x", "http://10.0.0.1/x", "http://127.1/x",
                          "http://0x7f.0.0.1/", "http://[::2]/", "http://localhost.example.com/",
                          "http://127.0.0.1.nip.io/", "ftp://127.0.0.1/", "127.0.0.1:80/x",
                          "https:///x", "https://h.example.com:0/", "https://h.example.com:99999/",
                          "https://h.example.com/x#frag", "https://h.example.com/a b"}) {
    std::string error;
    EXPECT_FALSE(parseWebhookUrl(url, error)) << url;
    EXPECT_FALSE(error.empty()) << url;
  }
  std::string error;
  auto u = parseWebhookUrl("https://[2001:db8::1]:8443?x=1", error);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/?x=1");
}

TEST_F(HookConfigTest, UnreadableOrInvalidFilesSayWhereWithoutQuotingIt) {
  auto config = parseWebhookConfig("{\"webhooks\": [\n  {\"name\": \"x\" \"secret-ish-Pq\"}]}",
                                   "hooks.json");
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_EQ(config.errors[0], "hooks.json: $: not valid JSON (line 2, column 30)");
  config = parseWebhookConfig("[]", "hooks.json");
  EXPECT_EQ(config.errors, (std::vector<std::string>{
                               "hooks.json: $: expected an object {\"webhooks\": [...]}, got array"}));
  config = loadWebhookConfig((dir_ / "missing.json").string());
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_EQ(config.errors[0],
            (dir_ / "missing.json").string() + ": cannot read: No such file or directory");
  EXPECT_TRUE(parseWebhookConfig("{\"webhooks\": []}", "hooks.json").errors.empty());
}

// ---------------------------------------------------------------------------
// Signature, events, backoff

// RFC 4231 test case 7 (131-byte key, data longer than a block), whose data
// holds a '.': split there, it is exactly timestamp + "." + body.
TEST(HookSignatureTest, MatchesRfc4231Vector) {
  std::string key(131, '\xaa');
  std::string data = "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by the "
                     "HMAC algorithm.";
  size_t dot = data.find('.');
  EXPECT_EQ(webhookSignature(key, data.substr(0, dot), data.substr(dot + 1)),
            "sha256=9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HookSignatureTest, MatchesAnIndependentHmacOfTimestampDotBody) {
  std::string secret = "whsec-4f2a9c", timestamp = "1767225600";
  std::string body = R"({"event":"rotation-required","id":"42"})";
  EXPECT_EQ(webhookSignature(secret, timestamp, body),
            "sha256=" + referenceHmac(secret, timestamp + "." + body));
  // The timestamp is covered: the same body at another time signs differently.
  EXPECT_NE(webhookSignature(secret, "1767225601", body),
            webhookSignature(secret, timestamp, body));
}

TEST(HookSignatureTest, AuditActionsMapToEvents) {
  EXPECT_EQ(webhookEventFor("credential.status", {{"from", "active"}, {"to", "rotation-required"}}),
            "rotation-required");
  EXPECT_EQ(webhookEventFor("credential.status", {{"from", "active"}, {"to", "revoked"}}),
            std::nullopt);
  EXPECT_EQ(webhookEventFor("credential.overdue", json::object()), "overdue");
  EXPECT_EQ(webhookEventFor("rotation.failed", {{"run", "r1"}}), "rotation.failed");
  EXPECT_EQ(webhookEventFor("revoked.in-use", {{"run", "r1"}}), "revoked.in-use");
  for (const char *other : {"credential.created", "credential.updated", "finding.recorded",
                            "rotation.verified", "rotation.recorded", "credential.dormant",
                            "run.recorded", "ingest", "key.created"})
    EXPECT_EQ(webhookEventFor(other, json::object()), std::nullopt) << other;
}

TEST(HookSignatureTest, BackoffDoublesIsCappedAndJittered) {
  EXPECT_EQ(webhookBackoffMs(1, 2, 3600000, 1.0), 2000);
  EXPECT_EQ(webhookBackoffMs(2, 2, 3600000, 1.0), 4000);
  EXPECT_EQ(webhookBackoffMs(3, 2, 3600000, 1.0), 8000);
  EXPECT_EQ(webhookBackoffMs(3, 2, 3600000, 0.0), 4000); // jitter: down to half
  EXPECT_EQ(webhookBackoffMs(30, 2, 60000, 1.0), 60000);
}

// ---------------------------------------------------------------------------
// The outbox, on both databases

constexpr long long T0 = 1767225600000; // 2026-01-01T00:00:00Z
const std::string Fp = "hmac-sha256:k1:feed0001";

// A fake receiver: answers from a script (one status per call, the last one
// repeated; 0 = connection refused), records what it got.
struct FakeReceiver {
  std::vector<int> script = {200};
  struct Call {
    std::string body;
    std::vector<Header> headers;
  };
  std::vector<Call> calls;
  std::mutex mutex;

  WebhookTransport transport() {
    return [this](const WebhookSpec &, const std::string &body,
                  const std::vector<Header> &headers) {
      std::lock_guard<std::mutex> lock(mutex);
      calls.push_back({body, headers});
      int status = script[std::min(calls.size(), script.size()) - 1];
      DeliveryAttempt a;
      a.status = status;
      if (status == 0) {
        a.error = "connection failed";
        a.retryable = true;
      } else if (status >= 300) {
        a.error = "HTTP " + std::to_string(status);
      }
      return a;
    };
  }
};

WebhookSpec specOf(const std::string &name, std::vector<std::string> events, int maxAttempts = 5) {
  WebhookSpec s;
  s.name = name;
  s.url = "https://hooks.example.test/in";
  s.events = std::move(events);
  s.secret = "outbox-test-secret";
  s.maxAttempts = maxAttempts;
  s.backoffSeconds = 2;
  s.timeoutSeconds = 10;
  return s;
}

json exposureBom(const std::string &fp, const std::string &findingId) {
  json component = {
      {"type", "cryptographic-asset"},
      {"bom-ref", "credential:" + fp},
      {"name", "API_TOKEN"},
      {"cryptoProperties",
       {{"assetType", "related-crypto-material"},
        {"relatedCryptoMaterialProperties", {{"type", "credential"}, {"id", fp}}}}},
      {"properties", json::array({{{"name", "credtaint:kind"}, {"value", "api-key"}},
                                  {{"name", "credtaint:fingerprint"}, {"value", fp}},
                                  {{"name", "credtaint:scope"}, {"value", "api.example.test"}}})}};
  json finding = {{"bom-ref", "finding:" + findingId},
                  {"id", findingId},
                  {"created", "2026-01-02T00:00:00Z"},
                  {"affects", json::array({{{"ref", "credential:" + fp}}})},
                  {"properties", json::array({{{"name", "credtaint:rule"},
                                               {"value", "secret-in-log"}}})}};
  return {{"bomFormat", "CycloneDX"},
          {"specVersion", "1.7"},
          {"version", 1},
          {"metadata", {{"component", {{"type", "application"}, {"name", "demo"}}}}},
          {"components", json::array({component})},
          {"vulnerabilities", json::array({finding})}};
}

class OutboxTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    std::optional<std::string> url =
        storetest::freshDatabaseUrl(GetParam(), scratch(""), "h_");
    if (!url)
      GTEST_SKIP() << "no PostgreSQL cluster (install postgresql to run these)";
    url_ = *url;
    db_ = open();
  }

  std::unique_ptr<Database> open() {
    auto db = openDatabase(url_);
    migrate(*db);
    return db;
  }

  OutboxOptions fakeClock() {
    OutboxOptions o;
    o.clock = [this] { return now_; };
    o.jitter01 = [] { return 1.0; };
    return o;
  }

  long long count(const std::string &sql, const std::vector<Value> &params = {}) {
    return std::stoll(*db_->query(sql, params)[0][0]);
  }

  // Makes Fp rotation-required the way a real export does.
  void exposeCredential(const std::string &fp, const std::string &findingId) {
    ingest(*db_, parseBom(exposureBom(fp, findingId).dump()), std::nullopt, "key:ci");
  }

  std::string url_;
  std::unique_ptr<Database> db_;
  long long now_ = T0;
};

TEST_P(OutboxTest, QueuesTheEventsItWantsFromNowOnAndOnlyOnce) {
  exposeCredential("hmac-sha256:k1:before", "f0"); // before the webhook existed
  Outbox outbox(specOf("ops", {"rotation-required", "revoked.in-use"}), fakeClock());
  EXPECT_EQ(outbox.enqueue(*db_), 0u);

  exposeCredential(Fp, "f1");
  writeAudit(*db_, "key:admin", "credential.status", Fp,
             {{"from", "rotation-required"}, {"to", "revoked"}});
  writeAudit(*db_, "sweep", "credential.overdue", Fp, {{"rotate_by", "2026-01-03T00:00:00Z"}});
  writeAudit(*db_, "key:ci", "revoked.in-use", Fp, {{"run", "run-7"}});
  writeAudit(*db_, "key:ci", "rotation.failed", Fp, {{"run", "run-7"}});
  EXPECT_EQ(outbox.enqueue(*db_), 2u);
  EXPECT_EQ(outbox.enqueue(*db_), 0u);
  // A restarted server (a new outbox on a new connection) continues from the
  // stored cursor: nothing again.
  auto other = open();
  Outbox restarted(specOf("ops", {"rotation-required", "revoked.in-use"}), fakeClock());
  EXPECT_EQ(restarted.enqueue(*other), 0u);

  auto rows = db_->query("SELECT event, audit_id, credential, payload, state, attempts "
                         "FROM webhook_deliveries ORDER BY audit_id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0][0], "rotation-required");
  EXPECT_EQ(*rows[1][0], "revoked.in-use");
  auto statusRow = db_->query("SELECT id, at FROM audit WHERE action = 'credential.status' "
                              "AND target = $1 ORDER BY id LIMIT 1",
                              {Fp});
  EXPECT_EQ(*rows[0][1], *statusRow[0][0]);
  EXPECT_EQ(*rows[0][2], Fp);
  EXPECT_EQ(*rows[0][4], "pending");
  EXPECT_EQ(*rows[0][5], "0");

  json payload = json::parse(*rows[0][3]);
  EXPECT_EQ(payload["event"], "rotation-required");
  EXPECT_EQ(payload["id"], *statusRow[0][0]);
  EXPECT_EQ(payload["time"], *statusRow[0][1]);
  EXPECT_EQ(payload["actor"], "key:ci");
  EXPECT_EQ(payload["credential"]["fingerprint"], Fp);
  EXPECT_EQ(payload["credential"]["name"], "API_TOKEN");
  EXPECT_EQ(payload["credential"]["kind"], "api-key");
  EXPECT_EQ(payload["credential"]["scope"], "api.example.test");
  EXPECT_EQ(payload["credential"]["project"], "demo");
  // The lifecycle's computed state when queued (the exposure is old, so
  // its deadline has passed by the real clock).
  EXPECT_EQ(payload["credential"]["state"], (*getCredential(*db_, Fp))["state"]);
  EXPECT_EQ(payload["credential"]["state"], "overdue");
  EXPECT_EQ(payload["detail"]["to"], "rotation-required");
  EXPECT_EQ(payload["detail"]["rule"], "secret-in-log");
  // The body starts with the event, in the documented order.
  EXPECT_EQ(rows[0][3]->rfind("{\"event\":\"rotation-required\",\"id\":", 0), 0u);
}

TEST_P(OutboxTest, RetriesWithBackoffThenDelivers) {
  Outbox outbox(specOf("ops", {"rotation-required"}), fakeClock());
  outbox.enqueue(*db_);
  exposeCredential(Fp, "f1");
  ASSERT_EQ(outbox.enqueue(*db_), 1u);
  FakeReceiver receiver;
  receiver.script = {500, 0, 429, 200};

  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport())); // 500 at T0
  auto row = [&] {
    return db_->query("SELECT state, attempts, next_attempt_at, last_status, last_error, "
                      "delivery_id FROM webhook_deliveries")[0];
  };
  EXPECT_EQ(*row()[0], "pending");
  EXPECT_EQ(*row()[1], "1");
  EXPECT_EQ(*row()[2], isoFromEpochMs(T0 + 2000)); // backoff 2 s (jitter factor 1)
  EXPECT_EQ(*row()[3], "500");
  EXPECT_EQ(*row()[4], "HTTP 500");

  now_ = T0 + 1999;
  EXPECT_FALSE(outbox.deliverOne(*db_, receiver.transport())); // not yet due
  now_ = T0 + 2000;
  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport())); // connection refused
  EXPECT_EQ(*row()[2], isoFromEpochMs(T0 + 2000 + 4000));
  EXPECT_FALSE(row()[3]); // no HTTP status this time
  EXPECT_EQ(*row()[4], "connection failed");
  now_ = T0 + 6000;
  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport())); // 429
  EXPECT_EQ(*row()[2], isoFromEpochMs(T0 + 6000 + 8000));
  now_ = T0 + 14000;
  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport())); // 200
  EXPECT_EQ(*row()[0], "delivered");
  EXPECT_EQ(*row()[1], "4");
  EXPECT_FALSE(row()[4]);
  now_ = T0 + 100000;
  EXPECT_FALSE(outbox.deliverOne(*db_, receiver.transport()));

  // Every attempt: the same body and delivery id, its own timestamp and a
  // signature over timestamp.body.
  ASSERT_EQ(receiver.calls.size(), 4u);
  const long long times[] = {T0, T0 + 2000, T0 + 6000, T0 + 14000};
  for (size_t i = 0; i < 4; ++i) {
    const auto &call = receiver.calls[i];
    EXPECT_EQ(call.body, receiver.calls[0].body);
    EXPECT_EQ(header(call.headers, "X-Credtaint-Delivery"), *row()[5]);
    EXPECT_EQ(header(call.headers, "X-Credtaint-Event"), "rotation-required");
    EXPECT_EQ(header(call.headers, "X-Credtaint-Attempt"), std::to_string(i + 1));
    EXPECT_EQ(header(call.headers, "Content-Type"), "application/json");
    std::string ts = std::to_string(times[i] / 1000);
    EXPECT_EQ(header(call.headers, "X-Credtaint-Timestamp"), ts);
    EXPECT_EQ(header(call.headers, "X-Credtaint-Signature"),
              "sha256=" + referenceHmac("outbox-test-secret", ts + "." + call.body));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_dead_letters"), 0);
}

TEST_P(OutboxTest, DeadLetterAfterTheLastAttempt) {
  Outbox outbox(specOf("pager", {"rotation-required"}, 3), fakeClock());
  outbox.enqueue(*db_);
  exposeCredential(Fp, "f1");
  outbox.enqueue(*db_);
  FakeReceiver receiver;
  receiver.script = {503};
  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport()));
  now_ += 2000;
  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport()));
  now_ += 4000;
  EXPECT_TRUE(outbox.deliverOne(*db_, receiver.transport()));
  now_ += 3600 * 1000;
  EXPECT_FALSE(outbox.deliverOne(*db_, receiver.transport())); // nothing left to try
  EXPECT_EQ(receiver.calls.size(), 3u);

  json dead = listDeadLetters(*db_, std::nullopt, 100, 0)["dead_letters"];
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0]["webhook"], "pager");
  EXPECT_EQ(dead[0]["event"], "rotation-required");
  EXPECT_EQ(dead[0]["credential"], Fp);
  EXPECT_EQ(dead[0]["attempts"], 3);
  EXPECT_EQ(dead[0]["last_status"], 503);
  EXPECT_EQ(dead[0]["last_error"], "HTTP 503 (attempt 3 of 3)");
  EXPECT_EQ(dead[0]["first_attempt_at"], isoFromEpochMs(T0));
  EXPECT_EQ(dead[0]["last_attempt_at"], isoFromEpochMs(T0 + 6000));
  EXPECT_EQ(dead[0]["dead_at"], isoFromEpochMs(T0 + 6000));
  EXPECT_EQ(dead[0]["delivery_id"],
            header(receiver.calls[0].headers, "X-Credtaint-Delivery"));
  EXPECT_FALSE(dead[0]["event_time"].is_null());
  EXPECT_EQ(listDeadLetters(*db_, std::string("pager"), 100, 0)["dead_letters"].size(), 1u);
  EXPECT_EQ(listDeadLetters(*db_, std::string("ops"), 100, 0)["dead_letters"].size(), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'dead'"), 1);
}

// A redirect, another 4xx or a TLS verification failure will not get better
// by waiting: a dead letter at once.
TEST_P(OutboxTest, PermanentFailuresAreNotRetried) {
  Outbox outbox(specOf("ops", {"rotation-required"}), fakeClock());
  outbox.enqueue(*db_);
  for (int i = 0; i < 3; ++i)
    exposeCredential(Fp + std::to_string(i), "f" + std::to_string(i));
  EXPECT_EQ(outbox.enqueue(*db_), 3u);
  int calls = 0;
  WebhookTransport answers = [&](const WebhookSpec &, const std::string &,
                                 const std::vector<Header> &) {
    DeliveryAttempt a;
    switch (calls++) {
    case 0:
      a.status = 302;
      a.error = "HTTP 302 (redirects are not followed)";
      break;
    case 1:
      a.status = 404;
      a.error = "HTTP 404: no such hook";
      break;
    default:
      a.error = "TLS verification failed (certificate not trusted or not for this host)";
      a.retryable = false;
    }
    return a;
  };
  while (outbox.deliverOne(*db_, answers)) {
  }
  EXPECT_EQ(calls, 3);
  json dead = listDeadLetters(*db_, std::nullopt, 100, 0)["dead_letters"];
  ASSERT_EQ(dead.size(), 3u); // newest first
  EXPECT_EQ(dead[2]["last_error"], "HTTP 302 (redirects are not followed) (not retried)");
  EXPECT_EQ(dead[1]["last_status"], 404);
  EXPECT_TRUE(dead[0]["last_status"].is_null());
  for (const json &d : dead)
    EXPECT_EQ(d["attempts"], 1);
}

// A server that dies between claiming and recording: its lease runs out,
// the next claim counts a new attempt with the same delivery id, and the
// late answer of the first is ignored.
TEST_P(OutboxTest, AnExpiredLeaseIsClaimedAgain) {
  Outbox outbox(specOf("ops", {"rotation-required"}), fakeClock());
  outbox.enqueue(*db_);
  exposeCredential(Fp, "f1");
  outbox.enqueue(*db_);
  auto first = outbox.claim(*db_);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->attempt, 1);
  now_ += 10 * 1000 * 3 + 30 * 1000 - 1;
  EXPECT_FALSE(outbox.claim(*db_)); // still leased
  now_ += 1;
  auto second = outbox.claim(*db_);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->attempt, 2);
  EXPECT_EQ(second->deliveryId, first->deliveryId);
  DeliveryAttempt ok;
  ok.status = 200;
  EXPECT_EQ(outbox.record(*db_, *first, ok), DeliveryState::LeaseLost);
  EXPECT_EQ(outbox.record(*db_, *second, ok), DeliveryState::Delivered);
}

// Two servers on one database, events written by two writers at once: each
// event is queued once and sent once.
TEST_P(OutboxTest, TwoServersSendEachEventOnce) {
  constexpr int PerWriter = 20;
  WebhookSpec spec = specOf("ops", {"rotation-required"});
  Outbox(spec).enqueue(*db_); // the webhook's cursor starts here
  FakeReceiver receiver;
  std::atomic<bool> written{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w)
    threads.emplace_back([&, w] {
      auto db = openDatabase(url_);
      for (int i = 0; i < PerWriter; ++i)
        writeAudit(*db, "key:ci", "credential.status",
                   "hmac-sha256:k1:w" + std::to_string(w) + "-" + std::to_string(i),
                   {{"from", "active"}, {"to", "rotation-required"}});
    });
  std::vector<std::thread> servers;
  for (int s = 0; s < 2; ++s)
    servers.emplace_back([&] {
      auto db = openDatabase(url_);
      Outbox outbox(spec);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (std::chrono::steady_clock::now() < deadline) {
        bool finished = written;
        outbox.enqueue(*db);
        while (outbox.deliverOne(*db, receiver.transport())) {
        }
        if (finished &&
            std::stoll(*db->query("SELECT COUNT(*) FROM webhook_deliveries "
                                  "WHERE state = 'delivered'")[0][0]) == 2 * PerWriter)
          return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  for (auto &t : threads)
    t.join();
  written = true;
  for (auto &t : servers)
    t.join();

  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 2 * PerWriter);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT audit_id) FROM webhook_deliveries"), 2 * PerWriter);
  std::map<std::string, int> sent;
  for (const auto &call : receiver.calls)
    ++sent[header(call.headers, "X-Credtaint-Delivery")];
  EXPECT_EQ(sent.size(), static_cast<size_t>(2 * PerWriter));
  for (const auto &[id, n] : sent)
    EXPECT_EQ(n, 1) << id;
}

// PostgreSQL commits audit ids out of order: the cursor waits at an id whose
// transaction is still open, and passes it once that transaction has
// committed (the event is queued) or rolled back (the id never comes).
TEST_P(OutboxTest, CursorWaitsForAnOpenTransaction) {
  if (GetParam() != "postgresql")
    GTEST_SKIP() << "SQLite has one writer at a time: ids commit in order";
  Outbox outbox(specOf("ops", {"rotation-required"}), fakeClock());
  outbox.enqueue(*db_);
  auto slow = openDatabase(url_), fast = openDatabase(url_);
  json exposed = {{"from", "active"}, {"to", "rotation-required"}};

  slow->begin();
  writeAudit(*slow, "key:ci", "credential.status", "hmac-sha256:k1:slow", exposed);
  writeAudit(*fast, "key:ci", "credential.status", "hmac-sha256:k1:fast", exposed);
  EXPECT_EQ(outbox.enqueue(*db_), 0u); // "fast" is visible, "slow" is not yet
  slow->commit();
  EXPECT_EQ(outbox.enqueue(*db_), 2u);

  slow->begin();
  writeAudit(*slow, "key:ci", "credential.status", "hmac-sha256:k1:gone", exposed);
  writeAudit(*fast, "key:ci", "credential.status", "hmac-sha256:k1:fast2", exposed);
  EXPECT_EQ(outbox.enqueue(*db_), 0u);
  slow->rollback();
  EXPECT_EQ(outbox.enqueue(*db_), 1u);
  auto credentials = db_->query("SELECT credential FROM webhook_deliveries ORDER BY audit_id");
  ASSERT_EQ(credentials.size(), 3u);
  EXPECT_EQ(*credentials[0][0], "hmac-sha256:k1:slow");
  EXPECT_EQ(*credentials[1][0], "hmac-sha256:k1:fast");
  EXPECT_EQ(*credentials[2][0], "hmac-sha256:k1:fast2");
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto &info) { return info.param; });

} // namespace
