// GET /v1/evidence: every lifecycle event of a period, read from the audit
// trail, as JSON or CSV (RFC 4180) for an auditor.
#pragma once

#include "Database.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

/// The audit actions of lifecycle events, as an SQL list. It is also the
/// predicate of the partial index audit_lifecycle (migration 3), which keeps
/// the bulk of the audit rows (finding.recorded, ingest) out of the index;
/// a query names the list word for word so that both databases use it. A
/// new action means a new index, not an edit of this list.
#define CREDTAINT_INVENTORY_LIFECYCLE_ACTIONS                                                      \
  "('credential.created', 'key.created', 'credential.owner-suggested', 'credential.updated', "    \
  "'credential.status', 'key.revoked', 'credential.overdue', 'rotation.recorded', "               \
  "'rotation.verified', 'rotation.failed', 'credential.dormant', 'revoked.in-use')"

namespace credtaint::inventory {

/// A period bound: an ISO-8601 date-time with a zone, or a date
/// "YYYY-MM-DD" (00:00 UTC that day); normalized, or nullopt if neither.
std::optional<std::string> parsePeriodBound(const std::string &text);

/// The lifecycle event an audit action stands for (inventoried, owned,
/// exposed, overdue, rotated, verified, failed, dormant, revoked,
/// revoked-in-use), or nullopt for an action that is none of them.
std::optional<std::string> lifecycleEvent(const std::string &action,
                                          const nlohmann::json &detail);

/// {"from", "to", "generated_at", "count", "events": [{"id", "at", "event",
/// "action", "credential", "name", "kind", "project", "actor", "detail"}]}:
/// the lifecycle events with from <= at < to, oldest first. An unset bound
/// is open.
nlohmann::json evidenceReport(Database &db, const std::optional<std::string> &from,
                              const std::optional<std::string> &to);

/// The events of evidenceReport as CSV: a header row, one row per event,
/// CRLF line ends, fields quoted when they hold a comma, quote, CR or LF
/// (quotes doubled). A field that a spreadsheet would run as a formula
/// (starting with = + - @ tab or CR) gets a leading apostrophe.
std::string evidenceCsv(const nlohmann::json &report);

} // namespace credtaint::inventory
