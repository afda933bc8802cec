// Webhooks: audit rows -> outbox rows -> signed POSTs (see Webhooks.h).
//
// Tables (migration 10): webhook_cursors (one row per webhook: the last audit
// id looked at), webhook_deliveries (the outbox: one row per event and
// webhook, with its attempts, lease and last answer) and webhook_dead_letters
// (deliveries that ran out of attempts or were refused for good).
#include "Webhooks.h"
#include "Inventory.h"

#include "Keys.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <random>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

// How often an idle webhook thread looks for new audit rows and due retries.
constexpr std::chrono::milliseconds PollInterval(500);
// Deliveries one thread sends in a row before it looks at new audit rows.
constexpr int DeliveriesPerRound = 20;
// Delivered outbox rows are kept this long (the dead letters stay).
constexpr long long KeepDeliveredMs = 30LL * 24 * 3600 * 1000;
// A cursor waiting this long on an unfinished transaction is worth a warning.
constexpr long long GapWarningMs = 60 * 1000;

const char *const UserAgent = "credtaint-inventory-webhooks";

long long toLong(const Value &v) { return v ? std::stoll(*v) : 0; }

json cell(const Value &v) { return v ? json(*v) : json(nullptr); }

double uniformJitter() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// A UUID v4 spelling of 16 random bytes, the shape receivers expect of a
// delivery id.
std::string newDeliveryId() {
  std::string hex = randomHex(16);
  hex[12] = '4';
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// One line, no control characters, at most 300 bytes: how a receiver's
// answer may appear in last_error and the log.
std::string oneLine(std::string s) {
  for (char &c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = ' ';
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  if (s.size() > 300)
    s = s.substr(0, 300) + "...";
  return s;
}

bool retryableStatus(int status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

std::string transportError(httplib::Error error, bool &retryable) {
  retryable = true;
  switch (error) {
  case httplib::Error::Connection:
    return "connection failed";
  case httplib::Error::ConnectionTimeout:
    return "connection timed out";
  case httplib::Error::Read:
    return "no complete answer (read failed or timed out)";
  case httplib::Error::Write:
    return "sending failed (write failed or timed out)";
  case httplib::Error::SSLConnection:
    return "TLS handshake failed";
  case httplib::Error::SSLServerVerification:
    retryable = false;
    return "TLS verification failed (certificate not trusted or not for this host)";
  case httplib::Error::SSLLoadingCerts:
    retryable = false;
    return "cannot load the CA certificates";
  default:
    return "request failed (" + httplib::to_string(error) + ")";
  }
}

} // namespace

// ---------------------------------------------------------------------------
// Events, signature, times

std::optional<std::string> webhookEventFor(const std::string &action, const json &detail) {
  if (action == "credential.status")
    return detail.is_object() && detail.value("to", json()) == "rotation-required"
               ? std::optional<std::string>("rotation-required")
               : std::nullopt;
  if (action == "credential.overdue")
    return "overdue";
  if (action == "rotation.failed" || action == "revoked.in-use")
    return action;
  return std::nullopt;
}

std::string webhookSignature(const std::string &secret, const std::string &timestamp,
                             const std::string &body) {
  std::string message = timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char *>(message.data()), message.size(), mac,
            &length))
    throw std::runtime_error("HMAC-SHA256 failed");
  static const char digits[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < length; ++i) {
    out += digits[mac[i] >> 4];
    out += digits[mac[i] & 15];
  }
  return out;
}

long long systemClockMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string isoFromEpochMs(long long epochMs) {
  std::time_t secs = static_cast<std::time_t>(epochMs / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epochMs % 1000));
  return buf;
}

long long webhookBackoffMs(int retry, double baseSeconds, long long maxMs, double jitter01) {
  double ms = baseSeconds * 1000.0 * std::pow(2.0, std::max(retry, 1) - 1);
  ms = std::min(ms, static_cast<double>(maxMs));
  return static_cast<long long>(ms * (0.5 + 0.5 * std::clamp(jitter01, 0.0, 1.0)));
}

std::vector<Header> webhookHeaders(const WebhookSpec &spec, const Delivery &d, long long nowMs) {
  std::string timestamp = std::to_string(nowMs / 1000);
  return {{"Content-Type", "application/json"},
          {"User-Agent", UserAgent},
          {"X-Credtaint-Event", d.event},
          {"X-Credtaint-Delivery", d.deliveryId},
          {"X-Credtaint-Attempt", std::to_string(d.attempt)},
          {"X-Credtaint-Timestamp", timestamp},
          {"X-Credtaint-Signature", webhookSignature(spec.secret, timestamp, d.payload)}};
}

// ---------------------------------------------------------------------------
// HTTP

DeliveryAttempt postWebhook(const WebhookSpec &spec, const std::string &body,
                            const std::vector<Header> &headers) {
  DeliveryAttempt out;
  std::string error;
  auto url = parseWebhookUrl(spec.url, error);
  if (!url) {
    out.error = "invalid URL: " + error;
    return out;
  }
  std::unique_ptr<httplib::ClientImpl> client;
  if (url->tls) {
    auto tls = std::make_unique<httplib::SSLClient>(url->host, url->port);
    tls->enable_server_certificate_verification(true);
    if (spec.cacert)
      tls->set_ca_cert_path(*spec.cacert);
    client = std::move(tls);
  } else {
    client = std::make_unique<httplib::ClientImpl>(url->host, url->port);
  }
  auto secs = static_cast<time_t>(spec.timeoutSeconds);
  auto usecs = static_cast<time_t>((spec.timeoutSeconds - static_cast<double>(secs)) * 1e6);
  client->set_connection_timeout(secs, usecs);
  client->set_read_timeout(secs, usecs);
  client->set_write_timeout(secs, usecs);
  // A redirect could take the signed event somewhere else: not followed.
  client->set_follow_location(false);
  client->set_keep_alive(false);

  httplib::Request req;
  req.method = "POST";
  req.path = url->target;
  for (const auto &[name, value] : headers)
    req.headers.emplace(name, value);
  req.body = body;
  std::string answer;
  req.content_receiver = [&answer](const char *data, size_t length, uint64_t, uint64_t) {
    if (answer.size() < 512)
      answer.append(data, std::min(length, 512 - answer.size()));
    return true;
  };
  httplib::Result res = client->send(req);
  if (!res) {
    out.error = transportError(res.error(), out.retryable);
    return out;
  }
  out.status = res->status;
  if (out.status >= 200 && out.status <= 299)
    return out;
  out.error = "HTTP " + std::to_string(out.status);
  if (out.status >= 300 && out.status <= 399)
    out.error += " (redirects are not followed)";
  else if (!oneLine(answer).empty())
    out.error += ": " + oneLine(answer);
  std::string retryAfter = res->get_header_value("Retry-After");
  if (!retryAfter.empty() && retryAfter.size() <= 9 &&
      std::all_of(retryAfter.begin(), retryAfter.end(),
                  [](unsigned char c) { return std::isdigit(c); }))
    out.retryAfterSeconds = std::stol(retryAfter);
  return out;
}

// ---------------------------------------------------------------------------
// The outbox

// PostgreSQL hands out audit ids in order but transactions commit in any
// order: with ids 10 and 11 taken, 11 may be visible while 10 is still being
// written. The cursor must not pass 10 until its transaction has ended.
// Every transaction that took an audit id holds RowExclusiveLock on the
// table (taken before the id) until it ends; so when a scan shows a hole
// below `horizon` (an id it saw), the transactions holding that lock just
// after the scan (`writers`) are the only ones that may still fill it. Once
// none of them holds it any more, every missing id up to `horizon` is
// decided: committed and visible, or rolled back and never coming.
struct Outbox::Gap {
  long long horizon = 0;
  std::set<std::string> writers;
  long long sinceMs = 0;
  bool warned = false;
};

Outbox::Outbox(WebhookSpec spec, OutboxOptions options)
    : spec_(std::move(spec)), options_(std::move(options)) {
  if (!options_.jitter01)
    options_.jitter01 = uniformJitter;
  if (!options_.clock)
    options_.clock = systemClockMs;
}

std::set<std::string> Outbox::auditWriters(Database &db) {
  std::set<std::string> out;
  for (const Row &r : db.query("SELECT virtualtransaction FROM pg_locks "
                               "WHERE locktype = 'relation' AND relation = 'audit'::regclass "
                               "AND mode = 'RowExclusiveLock' AND granted "
                               "AND pid <> pg_backend_pid()"))
    if (r[0])
      out.insert(*r[0]);
  return out;
}

bool Outbox::gapResolved(Database &db) {
  if (!gap_)
    return false;
  for (const std::string &writer : auditWriters(db))
    if (gap_->writers.count(writer))
      return false;
  return true;
}

std::string Outbox::payloadFor(Database &db, const Row &audit, const std::string &event) {
  // id, at, actor, action, target, detail
  nlohmann::ordered_json credential = {{"fingerprint", cell(audit[4])}};
  if (audit[4]) {
    auto rows = db.query("SELECT name, kind, type, project, scope, owner, status, defined_at, "
                         "first_seen, last_seen, rotated_at FROM credentials "
                         "WHERE fingerprint = $1",
                         {audit[4]});
    if (!rows.empty()) {
      const Row &c = rows[0];
      // The lifecycle state when the event was queued (overdue, dormant...).
      json state = cell(c[6]);
      if (auto full = getCredential(db, *audit[4]); full && full->contains("state"))
        state = (*full)["state"];
      if (event == "overdue" && state == "rotation-required")
        state = "overdue";
      const char *names[] = {"name",     "kind",       "type",       "project",
                             "scope",    "owner",      "state",      "status",
                             "defined_at", "first_seen", "last_seen", "rotated_at"};
      const int columns[] = {0, 1, 2, 3, 4, 5, -1, 6, 7, 8, 9, 10};
      for (size_t i = 0; i < std::size(names); ++i)
        credential[names[i]] = columns[i] < 0 ? state : cell(c[columns[i]]);
    }
  }
  json detail = audit[5] ? json::parse(*audit[5], nullptr, false) : json::object();
  if (detail.is_discarded())
    detail = json::object();
  nlohmann::ordered_json body = {{"event", event},
                                 {"id", *audit[0]},
                                 {"time", cell(audit[1])},
                                 {"actor", cell(audit[2])},
                                 {"credential", credential},
                                 {"detail", detail}};
  return body.dump();
}

bool Outbox::startCursor(Database &db) {
  // First sight of this webhook: it starts with the events to come.
  bool created = db.execute("INSERT INTO webhook_cursors(webhook, last_audit_id, updated_at) "
                            "SELECT CAST($1 AS TEXT), COALESCE(MAX(id), 0), CAST($2 AS TEXT) "
                            "FROM audit WHERE 1 = 1 ON CONFLICT (webhook) DO NOTHING",
                            {spec_.name, isoFromEpochMs(options_.clock())}) == 1;
  if (created)
    spdlog::info("webhook {}: new; it gets the events from now on", spec_.name);
  return created;
}

size_t Outbox::enqueue(Database &db) {
  const bool pg = db.dialect() == Dialect::PostgreSQL;
  size_t queued = 0;
  for (int page = 0; page < 100; ++page) {
    long long nowMs = options_.clock();
    std::string now = isoFromEpochMs(nowMs);
    // Outside a transaction first: nothing new means no write lock taken.
    auto cursorRows =
        db.query("SELECT last_audit_id FROM webhook_cursors WHERE webhook = $1", {spec_.name});
    if (cursorRows.empty()) {
      startCursor(db);
      continue;
    }
    auto newest = db.query("SELECT MAX(id) FROM audit");
    if (newest.empty() || toLong(newest[0][0]) <= toLong(cursorRows[0][0]))
      break;
    bool resolved = pg && gapResolved(db);

    Transaction tx(db);
    auto locked = db.query(std::string("SELECT last_audit_id FROM webhook_cursors "
                                       "WHERE webhook = $1") +
                               (pg ? " FOR UPDATE SKIP LOCKED" : ""),
                           {spec_.name});
    if (locked.empty())
      break; // another server is queueing this webhook's events right now
    long long cursor = toLong(locked[0][0]);
    auto audit = db.query("SELECT id, at, actor, action, target, detail FROM audit "
                          "WHERE id > $1 ORDER BY id LIMIT " +
                              std::to_string(options_.scanLimit),
                          {std::to_string(cursor)});
    long long next = cursor;
    bool waiting = false;
    for (const Row &row : audit) {
      long long id = toLong(row[0]);
      if (pg && id != next + 1) {
        bool covered = gap_ && id - 1 <= gap_->horizon;
        if (!(covered && resolved)) {
          if (!covered)
            gap_ = std::make_shared<Gap>(
                Gap{toLong(audit.back()[0]), auditWriters(db), nowMs, false});
          waiting = true;
          break;
        }
      }
      json detail = row[5] ? json::parse(*row[5], nullptr, false) : json();
      auto event = webhookEventFor(row[3].value_or(""), detail);
      if (event && spec_.wants(*event)) {
        queued += db.execute(
            "INSERT INTO webhook_deliveries(webhook, audit_id, event, credential, delivery_id, "
            "payload, state, attempts, next_attempt_at, event_time, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $7) "
            "ON CONFLICT (webhook, audit_id) DO NOTHING",
            {spec_.name, row[0], *event, row[4], newDeliveryId(), payloadFor(db, row, *event),
             now, row[1]});
      }
      next = id;
    }
    if (next != cursor)
      db.execute("UPDATE webhook_cursors SET last_audit_id = $2, updated_at = $3 "
                 "WHERE webhook = $1",
                 {spec_.name, std::to_string(next), now});
    tx.commit();

    if (waiting) {
      if (!gap_->warned && nowMs - gap_->sinceMs > GapWarningMs) {
        gap_->warned = true;
        spdlog::warn("webhook {}: waiting since {} for a transaction that took audit id {} "
                     "to end (a session idle in transaction?)",
                     spec_.name, isoFromEpochMs(gap_->sinceMs), next + 1);
      }
      break;
    }
    if (gap_ && next >= gap_->horizon)
      gap_.reset();
    if (audit.size() < options_.scanLimit)
      break;
  }
  return queued;
}

std::optional<Delivery> Outbox::claim(Database &db) {
  const bool pg = db.dialect() == Dialect::PostgreSQL;
  long long nowMs = options_.clock();
  std::string now = isoFromEpochMs(nowMs);
  const std::string due = "WHERE webhook = $1 AND state = 'pending' AND next_attempt_at <= $2 "
                          "AND (lease_until IS NULL OR lease_until <= $2)";
  // Outside a transaction first: nothing due means no write lock taken.
  if (db.query("SELECT id FROM webhook_deliveries " + due + " LIMIT 1", {spec_.name, now})
          .empty())
    return std::nullopt;

  Transaction tx(db);
  auto rows = db.query("SELECT id, delivery_id, audit_id, event, payload, attempts "
                       "FROM webhook_deliveries " +
                           due + " ORDER BY next_attempt_at, id LIMIT 1" +
                           (pg ? " FOR UPDATE SKIP LOCKED" : ""),
                       {spec_.name, now});
  if (rows.empty())
    return std::nullopt;
  Delivery d;
  d.rowId = toLong(rows[0][0]);
  d.deliveryId = *rows[0][1];
  d.auditId = toLong(rows[0][2]);
  d.event = *rows[0][3];
  d.payload = *rows[0][4];
  d.attempt = static_cast<int>(toLong(rows[0][5])) + 1;
  d.leaseToken = randomHex(16);
  long long leaseMs =
      static_cast<long long>(spec_.timeoutSeconds * 1000) * 3 + options_.leaseMarginMs;
  long claimed = db.execute(
      "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_token = $2, "
      "lease_until = $3, first_attempt_at = COALESCE(first_attempt_at, $4), "
      "last_attempt_at = $4 "
      "WHERE id = $1 AND state = 'pending' AND (lease_until IS NULL OR lease_until <= $4)",
      {std::to_string(d.rowId), d.leaseToken, isoFromEpochMs(nowMs + leaseMs), now});
  if (claimed != 1)
    return std::nullopt;
  tx.commit();
  return d;
}

DeliveryState Outbox::record(Database &db, const Delivery &d, const DeliveryAttempt &attempt) {
  long long nowMs = options_.clock();
  std::string now = isoFromEpochMs(nowMs);
  Value status = attempt.status ? Value(std::to_string(attempt.status)) : std::nullopt;
  const std::string id = std::to_string(d.rowId);
  std::string what = d.event + " (audit " + std::to_string(d.auditId) + ", delivery " +
                     d.deliveryId + ")";

  if (attempt.status >= 200 && attempt.status <= 299) {
    long n = db.execute("UPDATE webhook_deliveries SET state = 'delivered', last_status = $3, "
                        "last_error = NULL, lease_token = NULL, lease_until = NULL, "
                        "finished_at = $4 WHERE id = $1 AND lease_token = $2",
                        {id, d.leaseToken, status, now});
    if (n != 1)
      return DeliveryState::LeaseLost;
    spdlog::info("webhook {}: delivered {}, attempt {}", spec_.name, what, d.attempt);
    return DeliveryState::Delivered;
  }

  std::string error = oneLine(attempt.error.empty() ? "HTTP " + std::to_string(attempt.status)
                                                    : attempt.error);
  bool retryable = attempt.status ? retryableStatus(attempt.status) : attempt.retryable;
  if (retryable && d.attempt < spec_.maxAttempts) {
    long long delay = webhookBackoffMs(d.attempt, spec_.backoffSeconds, options_.maxDelayMs,
                                       options_.jitter01());
    if (attempt.retryAfterSeconds && (attempt.status == 429 || attempt.status == 503))
      delay = std::min(*attempt.retryAfterSeconds * 1000LL, options_.maxDelayMs);
    long n = db.execute("UPDATE webhook_deliveries SET next_attempt_at = $3, last_status = $4, "
                        "last_error = $5, lease_token = NULL, lease_until = NULL "
                        "WHERE id = $1 AND lease_token = $2",
                        {id, d.leaseToken, isoFromEpochMs(nowMs + delay), status, error});
    if (n != 1)
      return DeliveryState::LeaseLost;
    spdlog::warn("webhook {}: {} attempt {}/{} failed: {}; next in {:.1f} s", spec_.name, what,
                 d.attempt, spec_.maxAttempts, error, delay / 1000.0);
    return DeliveryState::Retrying;
  }

  if (retryable)
    error += " (attempt " + std::to_string(d.attempt) + " of " +
             std::to_string(spec_.maxAttempts) + ")";
  else
    error += " (not retried)";
  Transaction tx(db);
  long n = db.execute("UPDATE webhook_deliveries SET state = 'dead', last_status = $3, "
                      "last_error = $4, lease_token = NULL, lease_until = NULL, "
                      "finished_at = $5 WHERE id = $1 AND lease_token = $2",
                      {id, d.leaseToken, status, error, now});
  if (n != 1)
    return DeliveryState::LeaseLost;
  db.execute("INSERT INTO webhook_dead_letters(delivery_id, webhook, audit_id, event, "
             "credential, attempts, last_status, last_error, event_time, first_attempt_at, "
             "last_attempt_at, dead_at) "
             "SELECT delivery_id, webhook, audit_id, event, credential, attempts, last_status, "
             "last_error, event_time, first_attempt_at, last_attempt_at, CAST($2 AS TEXT) "
             "FROM webhook_deliveries WHERE id = $1 "
             "ON CONFLICT (delivery_id) DO NOTHING",
             {id, now});
  tx.commit();
  spdlog::error("webhook {}: {} is a dead letter after {} attempt(s): {}", spec_.name, what,
                d.attempt, error);
  return DeliveryState::Dead;
}

bool Outbox::deliverOne(Database &db, const WebhookTransport &send) {
  auto d = claim(db);
  if (!d)
    return false;
  DeliveryAttempt attempt;
  if (d->attempt > spec_.maxAttempts) {
    // The last attempt's server stopped before it recorded an answer.
    attempt.error = "no answer recorded for the last attempt (the server stopped during it)";
  } else {
    try {
      attempt = send(spec_, d->payload, webhookHeaders(spec_, *d, options_.clock()));
    } catch (const std::exception &e) {
      attempt = DeliveryAttempt{};
      attempt.error = oneLine(std::string("request failed: ") + e.what());
      attempt.retryable = true;
    }
  }
  record(db, *d, attempt);
  return true;
}

long Outbox::prune(Database &db, long long beforeMs) {
  return db.execute("DELETE FROM webhook_deliveries WHERE webhook = $1 AND state = 'delivered' "
                    "AND finished_at < $2",
                    {spec_.name, isoFromEpochMs(beforeMs)});
}

json listDeadLetters(Database &db, const std::optional<std::string> &webhook, long limit,
                     long offset) {
  std::vector<Value> params;
  std::string where;
  if (webhook) {
    params.push_back(*webhook);
    where = " WHERE webhook = $1";
  }
  json out = json::array();
  for (const Row &r :
       db.query("SELECT id, webhook, event, audit_id, delivery_id, credential, attempts, "
                "last_status, last_error, event_time, first_attempt_at, last_attempt_at, "
                "dead_at FROM webhook_dead_letters" +
                    where + " ORDER BY id DESC LIMIT " + std::to_string(limit) + " OFFSET " +
                    std::to_string(offset),
                params)) {
    auto number = [](const Value &v) { return v ? json(std::stoll(*v)) : json(nullptr); };
    out.push_back({{"id", number(r[0])},
                   {"webhook", cell(r[1])},
                   {"event", cell(r[2])},
                   {"audit_id", number(r[3])},
                   {"delivery_id", cell(r[4])},
                   {"credential", cell(r[5])},
                   {"attempts", number(r[6])},
                   {"last_status", number(r[7])},
                   {"last_error", cell(r[8])},
                   {"event_time", cell(r[9])},
                   {"first_attempt_at", cell(r[10])},
                   {"last_attempt_at", cell(r[11])},
                   {"dead_at", cell(r[12])}});
  }
  return {{"dead_letters", out}};
}

// ---------------------------------------------------------------------------
// The dispatcher

WebhookDispatcher::WebhookDispatcher(ConnectionPool &pool, std::vector<WebhookSpec> webhooks,
                                     WebhookTransport transport)
    : pool_(pool), webhooks_(std::move(webhooks)), transport_(std::move(transport)) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  stopping_ = false;
  if (webhooks_.empty())
    return;
  // Before the server answers anything: an event of the first request is
  // one the webhook gets.
  {
    auto db = pool_.take();
    for (const WebhookSpec &spec : webhooks_)
      Outbox(spec).startCursor(*db);
  }
  for (const WebhookSpec &spec : webhooks_)
    threads_.emplace_back([this, spec] {
      Outbox outbox(spec);
      run(outbox);
    });
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &t : threads_)
    if (t.joinable())
      t.join();
  threads_.clear();
}

void WebhookDispatcher::run(Outbox &outbox) {
  long long lastPrune = 0;
  while (!stopping_) {
    bool more = false;
    try {
      auto db = pool_.take();
      outbox.enqueue(*db);
      int sent = 0;
      while (!stopping_ && sent < DeliveriesPerRound && outbox.deliverOne(*db, transport_))
        ++sent;
      more = sent == DeliveriesPerRound;
      long long now = systemClockMs();
      if (now - lastPrune > 3600 * 1000LL) {
        outbox.prune(*db, now - KeepDeliveredMs);
        lastPrune = now;
      }
    } catch (const DatabaseError &e) {
      spdlog::warn("webhook {}: database: {}; trying again", outbox.spec().name, e.what());
    } catch (const std::exception &e) {
      spdlog::error("webhook {}: {}; trying again", outbox.spec().name, e.what());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, more ? std::chrono::milliseconds(0) : PollInterval,
                   [this] { return stopping_.load(); });
  }
}

} // namespace credtaint::inventory
