// What the inventory does, written once against the Database interface:
// ingest a batch, list and show credentials, change owner/scope/status, and
// the audit log every change writes.
#pragma once

#include "Bom.h"
#include "Database.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace credtaint::inventory {

/// Appends one audit record: who (`actor`: "key:<id>" or "cli"), when (now),
/// what (`action` on `target`, with `detail`).
void writeAudit(Database &db, const std::string &actor, const std::string &action,
                const std::optional<std::string> &target, const nlohmann::json &detail);

/// The outcome of an ingest: an HTTP status (200, or 422 when an
/// idempotency key is reused for different content) and its JSON body.
struct IngestOutcome {
  int status;
  nlohmann::json body;
};

/// {"rejected": [the first 100 "<path>: <problem>" lines], "rejected_count": N}
nlohmann::json rejectedEntries(const std::vector<std::string> &rejected);

/// Stores `batch` in one transaction (its refused entries are listed in
/// the response, see rejectedEntries): upserts its credentials, inserts its
/// findings once each, marks credentials rotation-required when an exposure
/// finding is newer than their last rotation, and audits every change. With
/// an idempotency key, a repeat of the same content returns the first
/// response with "replayed": true and changes nothing. Throws DatabaseError.
IngestOutcome ingest(Database &db, const IngestBatch &batch,
                     const std::optional<std::string> &idempotencyKey,
                     const std::string &actor);

/// Filters and paging for the list endpoints; unset filters match all.
struct ListQuery {
  std::optional<std::string> status, kind, owner; // credentials
  std::optional<std::string> credential, rule;    // findings
  std::optional<std::string> target, actor;       // audit
  long limit = 1000;
  long offset = 0;
};

/// Credentials matching `q`, each with its open and total finding counts.
nlohmann::json listCredentials(Database &db, const ListQuery &q);

/// One credential with its findings and history; nullopt if unknown.
std::optional<nlohmann::json> getCredential(Database &db, const std::string &fingerprint);

/// Findings matching `q` (by credential, rule).
nlohmann::json listFindings(Database &db, const ListQuery &q);

/// Audit records matching `q` (by target, actor), oldest first.
nlohmann::json listAudit(Database &db, const ListQuery &q);

/// A PATCH body the server refuses (400), naming the JSON path.
class PatchError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Applies a PATCH (owner, scope, status, note) and audits it. Setting
/// status "active" on a credential that was not active records the rotation
/// time: findings created before it no longer make it rotation-required.
/// Returns the updated credential, or nullopt if unknown. Throws PatchError
/// or DatabaseError.
std::optional<nlohmann::json> patchCredential(Database &db, const std::string &fingerprint,
                                              const nlohmann::json &patch,
                                              const std::string &actor);

} // namespace credtaint::inventory
