// Outgoing webhooks of credtaint-inventory: lifecycle events read from the
// audit table, queued in an outbox in the database, signed with HMAC-SHA256
// and POSTed with retries; what never got through is a dead letter.
//
// The lifecycle code only writes audit rows. Per webhook, a cursor in the
// database (the last audit id looked at) moves forward in the same
// transaction that queues the events it passed, so a restart neither loses
// nor repeats an event, and servers sharing one PostgreSQL queue each event
// once (the cursor row is claimed with FOR UPDATE SKIP LOCKED; SQLite's
// write lock does the same). A delivery is claimed with a lease before it is
// sent, so one server sends each attempt; delivery is at least once (a server
// killed between sending and recording the answer sends again after the
// lease ends), with one X-Credtaint-Delivery id per event to deduplicate on.
#pragma once

#include "ConnectionPool.h"
#include "Database.h"
#include "WebhookConfig.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace credtaint::inventory {

/// The webhook event audit record (`action`, `detail`) raises, if any:
/// credential.status to rotation-required -> "rotation-required",
/// credential.overdue -> "overdue", rotation.failed, revoked.in-use.
std::optional<std::string> webhookEventFor(const std::string &action,
                                           const nlohmann::json &detail);

/// "sha256=" + lowercase hex of HMAC-SHA256(secret, timestamp + "." + body):
/// the X-Credtaint-Signature header.
std::string webhookSignature(const std::string &secret, const std::string &timestamp,
                             const std::string &body);

/// Milliseconds since the Unix epoch.
using Clock = std::function<long long()>;
long long systemClockMs();

/// `epochMs` in the inventory's time format ("2026-01-02T03:04:05.678Z").
std::string isoFromEpochMs(long long epochMs);

/// Delay before retry `retry` (1 = first): base * 2^(retry-1), capped at
/// `maxMs`, scaled by a factor in [0.5, 1] from `jitter01` (in [0, 1]) so
/// receivers that failed together are not all retried at once.
long long webhookBackoffMs(int retry, double baseSeconds, long long maxMs, double jitter01);

/// One HTTP request header.
using Header = std::pair<std::string, std::string>;

/// What one attempt to POST a delivery got.
struct DeliveryAttempt {
  int status = 0;          // HTTP status; 0 when there was no response
  std::string error;       // one line, when not 2xx (never a header or the secret)
  bool retryable = false;  // for status 0: connection error or timeout
  std::optional<long> retryAfterSeconds; // a 429/503's Retry-After, in seconds
};

/// Sends `body` with `headers` to `spec.url`. The real one is postWebhook;
/// tests pass their own.
using WebhookTransport = std::function<DeliveryAttempt(
    const WebhookSpec &spec, const std::string &body, const std::vector<Header> &headers)>;

/// POSTs over cpp-httplib: TLS verified (system CAs, or spec.cacert), no
/// redirects followed, spec.timeoutSeconds for connecting and each read or
/// write, at most 512 bytes of the answer kept (for last_error).
DeliveryAttempt postWebhook(const WebhookSpec &spec, const std::string &body,
                            const std::vector<Header> &headers);

/// A delivery claimed for one attempt.
struct Delivery {
  long long rowId = 0;
  std::string deliveryId; // X-Credtaint-Delivery: the same for every attempt
  long long auditId = 0;
  std::string event;
  std::string payload;    // the request body, built when the event was queued
  int attempt = 0;        // this attempt's number, from 1
  std::string leaseToken;
};

/// The headers of `d`'s attempt at `nowMs`: Content-Type, User-Agent,
/// X-Credtaint-Event, X-Credtaint-Delivery, X-Credtaint-Timestamp (Unix
/// seconds) and X-Credtaint-Signature.
std::vector<Header> webhookHeaders(const WebhookSpec &spec, const Delivery &d, long long nowMs);

/// What became of a delivery after an attempt.
enum class DeliveryState { Delivered, Retrying, Dead, LeaseLost };

struct OutboxOptions {
  Clock clock = systemClockMs;
  std::function<double()> jitter01; // default: uniform random
  long long maxDelayMs = 3600 * 1000LL; // longest wait between two attempts
  long long leaseMarginMs = 30 * 1000LL; // a claim lasts 3 x timeout (connect,
                                         // write, read) + this
  size_t scanLimit = 1000;              // audit rows read per transaction
};

/// One webhook's outbox: queues its events and runs its deliveries. Not
/// thread-safe; give each thread its own.
class Outbox {
public:
  explicit Outbox(WebhookSpec spec, OutboxOptions options = {});

  const WebhookSpec &spec() const { return spec_; }

  /// Creates this webhook's cursor at the newest audit record if it has
  /// none yet (enqueue does too). True if it was created.
  bool startCursor(Database &db);

  /// Queues a delivery for each new audit record that raises an event this
  /// webhook wants, and moves the cursor past what it read. A webhook seen
  /// for the first time starts at the newest audit record (no history is
  /// replayed). On PostgreSQL the cursor stops before an id that a
  /// transaction still in progress may commit later (ids are taken in
  /// order, committed in any order). Returns how many were queued. Throws
  /// DatabaseError.
  size_t enqueue(Database &db);

  /// Claims the delivery that is due first, counting the attempt; nullopt
  /// when none is due. Throws DatabaseError.
  std::optional<Delivery> claim(Database &db);

  /// Records an attempt's outcome: 2xx delivered; a connection error,
  /// timeout, 408, 429 or 5xx retried after the backoff (or Retry-After)
  /// until spec.maxAttempts, then a dead letter; anything else (3xx: no
  /// redirect is followed; other 4xx; TLS verification) a dead letter at
  /// once. Throws DatabaseError.
  DeliveryState record(Database &db, const Delivery &d, const DeliveryAttempt &attempt);

  /// claim + send + record. False when nothing was due.
  bool deliverOne(Database &db, const WebhookTransport &send);

  /// Deletes delivered outbox rows finished before `beforeMs`.
  long prune(Database &db, long long beforeMs);

private:
  struct Gap;
  bool gapResolved(Database &db);
  std::set<std::string> auditWriters(Database &db);
  std::string payloadFor(Database &db, const Row &audit, const std::string &event);

  WebhookSpec spec_;
  OutboxOptions options_;
  std::shared_ptr<Gap> gap_; // an id range the cursor waits at (PostgreSQL)
};

/// Dead letters, newest first: {"dead_letters": [{id, webhook, event,
/// audit_id, delivery_id, credential, attempts, last_status, last_error,
/// event_time, first_attempt_at, last_attempt_at, dead_at}]}.
nlohmann::json listDeadLetters(Database &db, const std::optional<std::string> &webhook,
                               long limit, long offset);

/// One thread per webhook, each queueing and delivering its events until
/// stop(); database and send failures are logged and retried on the next
/// round.
class WebhookDispatcher {
public:
  WebhookDispatcher(ConnectionPool &pool, std::vector<WebhookSpec> webhooks,
                    WebhookTransport transport = postWebhook);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher &) = delete;
  WebhookDispatcher &operator=(const WebhookDispatcher &) = delete;

  /// Starts the cursor of each webhook seen for the first time (so it gets
  /// every event from here on), then the threads. Throws DatabaseError.
  void start();
  /// Wakes the threads and joins them; an attempt in flight finishes first
  /// (at most its timeout).
  void stop();

private:
  void run(Outbox &outbox);

  ConnectionPool &pool_;
  std::vector<WebhookSpec> webhooks_;
  WebhookTransport transport_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
};

} // namespace credtaint::inventory
