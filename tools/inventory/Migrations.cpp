// The schema, as numbered migrations. Statements are written once for both
// dialects; the few differences are placeholders replaced per dialect:
//   @ID@   an auto-incrementing 64-bit primary key
// Times are ISO-8601 UTC text with milliseconds ("2026-01-02T03:04:05.000Z")
// so they compare as strings in both databases.
#include "Migrations.h"
#include "Evidence.h"
#include "Time.h"

#include <string>

namespace credtaint::inventory {
namespace {

const std::vector<Migration> &migrations() {
  static const std::vector<Migration> all = {
      {1,
       "credentials, findings, audit log, API keys, idempotency",
       {
           R"(CREATE TABLE credentials (
                fingerprint TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                project TEXT,
                scope TEXT,
                defined_at TEXT,
                size_bits BIGINT,
                owner TEXT,
                status TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'rotation-required', 'revoked')),
                note TEXT,
                first_seen TEXT,
                last_seen TEXT,
                rotated_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))",
           R"(CREATE TABLE findings (
                fingerprint TEXT NOT NULL,
                credential TEXT NOT NULL REFERENCES credentials(fingerprint),
                rule TEXT NOT NULL,
                exposure INTEGER NOT NULL,
                detector TEXT,
                cwe BIGINT,
                severity TEXT,
                description TEXT,
                detail TEXT,
                sink TEXT,
                source TEXT,
                test TEXT,
                project TEXT,
                created TEXT NOT NULL,
                received_at TEXT NOT NULL,
                PRIMARY KEY (fingerprint, credential)))",
           R"(CREATE TABLE audit (
                id @ID@,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                detail TEXT NOT NULL))",
           R"(CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('ingest', 'read', 'admin')),
                key_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT))",
           R"(CREATE TABLE idempotency (
                key TEXT PRIMARY KEY,
                content_hash TEXT NOT NULL,
                response TEXT,
                created_at TEXT NOT NULL))",
       }},
      {2,
       "indexes for the list filters and the audit trail; web sessions",
       {
           "CREATE INDEX credentials_status ON credentials(status)",
           "CREATE INDEX credentials_owner ON credentials(owner)",
           "CREATE INDEX findings_credential ON findings(credential)",
           "CREATE INDEX audit_target ON audit(target)",
           // Web sign-in: sessions (cookie) and one-time sign-in tickets,
           // both stored hashed, in the database so any server behind a
           // load balancer accepts them.
           R"(CREATE TABLE web_sessions (
                token_hash TEXT PRIMARY KEY,
                key_id TEXT NOT NULL REFERENCES api_keys(id),
                kind TEXT NOT NULL CHECK (kind IN ('session', 'ticket')),
                expires_at TEXT NOT NULL))",
       }},
      {3,
       "lifecycle: runs, sightings, hosts, owner suggestions, deadlines, rotations, dormancy",
       {
           // The owner an export suggested (CODEOWNERS, credtaint.json) and
           // why; `owner` stays the one an admin set, which wins.
           "ALTER TABLE credentials ADD COLUMN owner_suggested TEXT",
           "ALTER TABLE credentials ADD COLUMN owner_reason TEXT",
           // The open exposure: when (its earliest open exposure finding),
           // how bad (highest open severity), the deadline the policy gives
           // it, and when the overdue sweep audited it (once).
           "ALTER TABLE credentials ADD COLUMN exposed_at TEXT",
           "ALTER TABLE credentials ADD COLUMN severity TEXT",
           "ALTER TABLE credentials ADD COLUMN rotate_by TEXT",
           "ALTER TABLE credentials ADD COLUMN overdue_at TEXT",
           // Set while dormant; `status` keeps the state it returns to.
           "ALTER TABLE credentials ADD COLUMN dormant_at TEXT",
           // The latest rotation (the rotations table has them all).
           "ALTER TABLE credentials ADD COLUMN rotation_state TEXT",
           "ALTER TABLE credentials ADD COLUMN rotation_at TEXT",
           "ALTER TABLE credentials ADD COLUMN rotation_note TEXT",
           "ALTER TABLE credentials ADD COLUMN superseded_by TEXT",
           "ALTER TABLE credentials ADD COLUMN supersedes TEXT",
           // The last run that saw it: id, its number in the project, time.
           "ALTER TABLE credentials ADD COLUMN last_seen_run TEXT",
           "ALTER TABLE credentials ADD COLUMN last_seen_seq BIGINT",
           "ALTER TABLE credentials ADD COLUMN last_run_at TEXT",
           // A finding's severity ranked for deadlines (1 low .. 4 critical),
           // and the run and VCS revision it arrived with.
           "ALTER TABLE findings ADD COLUMN level INTEGER",
           "ALTER TABLE findings ADD COLUMN run TEXT",
           "ALTER TABLE findings ADD COLUMN vcs_url TEXT",
           "ALTER TABLE findings ADD COLUMN vcs_commit TEXT",
           R"(UPDATE findings SET level = CASE LOWER(COALESCE(severity, ''))
                WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2
                WHEN 'low' THEN 1 WHEN 'info' THEN 1 WHEN 'none' THEN 1 ELSE 3 END)",
           // Runs of each project, numbered in order of arrival (seq); the
           // counter row serializes new runs of one project.
           R"(CREATE TABLE projects (
                project TEXT PRIMARY KEY,
                runs BIGINT NOT NULL))",
           R"(CREATE TABLE runs (
                project TEXT NOT NULL,
                run TEXT NOT NULL,
                seq BIGINT NOT NULL,
                started TEXT,
                received_at TEXT NOT NULL,
                vcs_url TEXT,
                vcs_commit TEXT,
                complete INTEGER NOT NULL DEFAULT 0,
                completed_at TEXT,
                PRIMARY KEY (project, run)))",
           "CREATE INDEX runs_seq ON runs(project, seq)",
           // The batches of a run received so far ("2/3"): a run is complete
           // when all n of one numbering arrived (or it carried no number).
           R"(CREATE TABLE run_batches (
                project TEXT NOT NULL,
                run TEXT NOT NULL,
                batch TEXT NOT NULL,
                received_at TEXT NOT NULL,
                PRIMARY KEY (project, run, batch)))",
           // Which runs saw which credential.
           R"(CREATE TABLE credential_runs (
                credential TEXT NOT NULL,
                project TEXT NOT NULL,
                run TEXT NOT NULL,
                seq BIGINT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (credential, project, run)))",
           "CREATE INDEX credential_runs_seq ON credential_runs(credential, seq)",
           // Hosts a credential was sent to (observed use).
           R"(CREATE TABLE credential_hosts (
                credential TEXT NOT NULL,
                host TEXT NOT NULL,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                runs BIGINT NOT NULL,
                last_run TEXT,
                PRIMARY KEY (credential, host)))",
           R"(CREATE TABLE rotations (
                id @ID@,
                credential TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT,
                run_seq BIGINT NOT NULL,
                previous_status TEXT NOT NULL,
                previous_rotated_at TEXT,
                exposed_at TEXT,
                severity TEXT,
                rotate_by TEXT,
                overdue_at TEXT,
                state TEXT NOT NULL
                  CHECK (state IN ('pending', 'verified', 'failed', 'replaced')),
                resolved_at TEXT,
                resolved_run TEXT,
                successor TEXT))",
           "CREATE INDEX rotations_credential ON rotations(credential)",
           "CREATE INDEX rotations_state ON rotations(state)",
           // (Also the project filter's.) Few indexes on credentials: an
           // UPDATE of an indexed column writes every index anew.
           "CREATE INDEX credentials_identity ON credentials(project, name, defined_at)",
           // The evidence report and the metrics' trend read lifecycle
           // actions by time; the findings' audit rows stay out of it.
           "CREATE INDEX audit_lifecycle ON audit(at) WHERE action IN "
           CREDTAINT_INVENTORY_LIFECYCLE_ACTIONS,
       }},
      {10,
       "webhooks: per-webhook audit cursors, the delivery outbox, dead letters",
       {
           // The last audit id each webhook has looked at.
           R"(CREATE TABLE webhook_cursors (
                webhook TEXT PRIMARY KEY,
                last_audit_id BIGINT NOT NULL,
                updated_at TEXT NOT NULL))",
           // One row per event and webhook. payload is the exact body sent
           // on every attempt (no secret: the signature is computed per
           // attempt). A claimed attempt holds a lease (token, until).
           R"(CREATE TABLE webhook_deliveries (
                id @ID@,
                webhook TEXT NOT NULL,
                audit_id BIGINT NOT NULL,
                event TEXT NOT NULL,
                credential TEXT,
                delivery_id TEXT NOT NULL UNIQUE,
                payload TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                lease_token TEXT,
                lease_until TEXT,
                last_status INTEGER,
                last_error TEXT,
                event_time TEXT,
                created_at TEXT NOT NULL,
                first_attempt_at TEXT,
                last_attempt_at TEXT,
                finished_at TEXT,
                UNIQUE (webhook, audit_id)))",
           "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(webhook, state, "
           "next_attempt_at)",
           R"(CREATE TABLE webhook_dead_letters (
                id @ID@,
                delivery_id TEXT NOT NULL UNIQUE,
                webhook TEXT NOT NULL,
                audit_id BIGINT NOT NULL,
                event TEXT NOT NULL,
                credential TEXT,
                attempts INTEGER NOT NULL,
                last_status INTEGER,
                last_error TEXT,
                event_time TEXT,
                first_attempt_at TEXT,
                last_attempt_at TEXT,
                dead_at TEXT NOT NULL))",
       }},
  };
  return all;
}

std::string forDialect(std::string sql, Dialect dialect) {
  const std::string id = "@ID@";
  auto pos = sql.find(id);
  if (pos != std::string::npos)
    sql.replace(pos, id.size(),
                dialect == Dialect::SQLite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                           : "BIGSERIAL PRIMARY KEY");
  return sql;
}

int currentVersion(Database &db) {
  auto rows = db.query("SELECT MAX(version) FROM schema_migrations");
  return rows.empty() || !rows[0][0] ? 0 : std::stoi(*rows[0][0]);
}

bool applied(Database &db, int version) {
  return !db.query("SELECT 1 FROM schema_migrations WHERE version = $1",
                   {std::to_string(version)})
              .empty();
}

} // namespace

int latestSchemaVersion() { return migrations().back().version; }

std::vector<int> schemaVersions() {
  std::vector<int> out;
  for (const Migration &m : migrations())
    out.push_back(m.version);
  return out;
}

size_t schemaMigrationCount() { return migrations().size(); }

int migrate(Database &db) { return migrate(db, migrations()); }

int migrate(Database &db, const std::vector<Migration> &all) {
  {
    Transaction tx(db);
    db.lockForMigration();
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
               "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
               "applied_at TEXT NOT NULL)");
    tx.commit();
  }
  for (const Migration &m : all) {
    Transaction tx(db);
    db.lockForMigration();
    // Each version on its own, not "everything up to the newest applied":
    // versions may have gaps that a later build fills (a database at 10
    // still gets 3 when it arrives).
    if (applied(db, m.version))
      continue; // another server got there first, or it was applied before
    for (const char *statement : m.statements)
      db.execute(forDialect(statement, db.dialect()));
    db.execute("INSERT INTO schema_migrations(version, description, applied_at) "
               "VALUES ($1, $2, $3)",
               {std::to_string(m.version), std::string(m.description),
                nowIso()});
    tx.commit();
  }
  return currentVersion(db);
}

} // namespace credtaint::inventory
