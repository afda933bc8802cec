// What the inventory does, written once against the Database interface:
// ingest a batch, list and show credentials, change owner/scope/status, and
// the audit log every change writes. The lifecycle transitions behind these
// (runs, rotations, deadlines, dormancy) are in Lifecycle.h.
#pragma once

#include "Bom.h"
#include "Database.h"
#include "Policy.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace credtaint::inventory {

/// Appends one audit record: who (`actor`: "key:<id>", "cli" or "server"),
/// when (now), what (`action` on `target`, with `detail`).
void writeAudit(Database &db, const std::string &actor, const std::string &action,
                const std::optional<std::string> &target, const nlohmann::json &detail);

/// One audit record of writeAudits.
struct AuditEntry {
  std::string action;
  std::optional<std::string> target;
  nlohmann::json detail;
  std::optional<std::string> actor = std::nullopt; // writeAudits' actor when unset
};

/// Appends `entries` in order, in multi-row statements.
void writeAudits(Database &db, const std::string &actor, const std::vector<AuditEntry> &entries);

/// The outcome of an ingest: an HTTP status (200, or 422 when an
/// idempotency key is reused for different content) and its JSON body.
struct IngestOutcome {
  int status;
  nlohmann::json body;
};

/// {"rejected": [the first 100 "<path>: <problem>" lines], "rejected_count": N}
nlohmann::json rejectedEntries(const std::vector<std::string> &rejected);

/// Stores `batch` in one transaction (its refused entries are listed in
/// the response, see rejectedEntries): records its run, upserts its
/// credentials (with owner suggestions, hosts and the run that saw them),
/// inserts its findings once each, marks credentials rotation-required when
/// an exposure finding is newer than their last rotation, applies what a
/// run's sightings mean (a rotation failed, a revoked credential in use, a
/// dormant one back), verifies rotations, sweeps deadlines and dormancy of
/// the batch's project, and audits every change. With an idempotency key, a
/// repeat of the same content returns the first response with "replayed":
/// true and changes nothing. Throws DatabaseError.
IngestOutcome ingest(Database &db, const IngestBatch &batch,
                     const std::optional<std::string> &idempotencyKey, const std::string &actor,
                     const Policy &policy = Policy{});

/// The computed states of a credential, and "unowned" (a filter and a
/// count, not a state: an unowned credential has one of the others too).
inline const std::vector<std::string> CredentialStates = {"active", "rotation-required",
                                                          "overdue", "dormant", "revoked"};
/// The columns GET /v1/credentials sorts by (prefix "-": descending).
inline const std::vector<std::string> CredentialSorts = {
    "name", "kind", "owner", "state", "project", "last_seen", "open_findings", "rotate_by"};

/// Filters and paging for the list endpoints; unset filters match all.
struct ListQuery {
  std::optional<std::string> status, kind, owner;     // credentials
  std::optional<std::string> state, project, search;  // credentials: state, project, q
  std::optional<std::string> sort;                    // credentials
  std::optional<std::string> credential, rule;        // findings
  std::optional<std::string> target, actor;           // audit
  long limit = 1000;
  long offset = 0;
};

/// A one-line problem with a credentials query (state, status or sort not
/// one of the allowed values, q too long), or nullopt.
std::optional<std::string> checkCredentialQuery(const ListQuery &q);

/// Credentials matching `q`, each with its open and total finding counts.
nlohmann::json listCredentials(Database &db, const ListQuery &q);

/// {"credentials": listCredentials, "total": N (all that match, before
/// paging), "counts": {state: n for each state, "unowned": n} over the
/// filters other than state}.
nlohmann::json queryCredentials(Database &db, const ListQuery &q);

/// {state: n for each state, "unowned": n} over the filters of `q` other
/// than state.
nlohmann::json credentialCounts(Database &db, const ListQuery &q);

/// One credential with its findings, rotations and history; nullopt if
/// unknown.
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
/// status "active" on a credential that was not active records a rotation
/// (rotation.recorded; findings created before it no longer make it
/// rotation-required, and later runs verify it); a status change is also
/// audited `credential.status`. Returns the updated credential, or nullopt
/// if unknown. Throws PatchError or DatabaseError.
std::optional<nlohmann::json> patchCredential(Database &db, const std::string &fingerprint,
                                              const nlohmann::json &patch,
                                              const std::string &actor,
                                              const Policy &policy = Policy{});

} // namespace credtaint::inventory
