// Ingest: one batch of an export, stored in one transaction with
// multi-row statements (a chunk of rows per INSERT), then the transitions
// its run implies. Concurrent duplicates are settled by unique keys
// (ON CONFLICT) and conditional UPDATEs, so each change is made and
// audited once however many servers receive the same batch.
#include "Inventory.h"

#include "Lifecycle.h"
#include "MultiRow.h"
#include "Time.h"

#include <algorithm>
#include <map>
#include <set>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

Value optionalNumber(const std::optional<long long> &n) {
  return n ? Value(std::to_string(*n)) : std::nullopt;
}

json cellJson(const Value &v) { return v ? json(*v) : json(nullptr); }

// What the batch needs to know about a credential it names that the
// inventory already holds.
struct Known {
  std::string status;
  Value owner, dormantAt, ownerSuggested, ownerReason, rotationState, rotatedAt;
  std::optional<long long> pendingRunSeq; // run count when the pending rotation was recorded
};

std::map<std::string, Known> loadKnown(Database &db, const IngestBatch &batch) {
  std::map<std::string, Known> known;
  const auto &creds = batch.credentials;
  for (size_t start = 0; start < creds.size(); start += MultiRow::InListValues) {
    size_t n = std::min(MultiRow::InListValues, creds.size() - start);
    std::vector<Value> params;
    for (size_t i = start; i < start + n; ++i)
      params.push_back(creds[i].fingerprint);
    for (const Row &r : db.query(
             "SELECT c.fingerprint, c.status, c.owner, c.dormant_at, c.owner_suggested, "
             "c.owner_reason, c.rotation_state, c.rotated_at, (SELECT MAX(r.run_seq) FROM "
             "rotations r WHERE r.credential = c.fingerprint AND r.state = 'pending') "
             "FROM credentials c WHERE c.fingerprint IN (" +
                 placeholders(1, n) + ")",
             params))
      known[*r[0]] = Known{*r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                           r[8] ? std::optional<long long>(std::stoll(*r[8])) : std::nullopt};
  }
  return known;
}

const char *const CredentialInsertColumns =
    "INSERT INTO credentials(fingerprint, kind, type, name, project, scope, defined_at, "
    "size_bits, status, first_seen, last_seen, created_at, updated_at, owner_suggested, "
    "owner_reason, last_seen_run, last_seen_seq, last_run_at) VALUES ";
constexpr size_t CredentialInsertWidth = 18;

// Seen again: widen first/last seen, move the last sighting forward;
// owner-set fields (owner, status, note, a scope set by hand) stay as they
// are, and so does the owner suggestion (changed apart, with its audit).
const char *const CredentialUpdate =
    " ON CONFLICT (fingerprint) DO UPDATE SET kind = excluded.kind, type = excluded.type, "
    "name = excluded.name, project = COALESCE(excluded.project, credentials.project), "
    "scope = COALESCE(credentials.scope, excluded.scope), "
    "defined_at = COALESCE(excluded.defined_at, credentials.defined_at), "
    "size_bits = COALESCE(excluded.size_bits, credentials.size_bits), "
    "first_seen = CASE WHEN credentials.first_seen IS NULL OR excluded.first_seen < "
    "credentials.first_seen THEN COALESCE(excluded.first_seen, credentials.first_seen) "
    "ELSE credentials.first_seen END, "
    "last_seen = CASE WHEN credentials.last_seen IS NULL OR excluded.last_seen > "
    "credentials.last_seen THEN COALESCE(excluded.last_seen, credentials.last_seen) "
    "ELSE credentials.last_seen END, updated_at = excluded.updated_at, "
    "last_seen_run = CASE WHEN excluded.last_seen_run IS NOT NULL AND "
    "CAST(excluded.last_seen_seq AS BIGINT) >= COALESCE(credentials.last_seen_seq, -1) "
    "THEN excluded.last_seen_run ELSE credentials.last_seen_run END, "
    "last_seen_seq = CASE WHEN CAST(excluded.last_seen_seq AS BIGINT) > "
    "COALESCE(credentials.last_seen_seq, -1) THEN CAST(excluded.last_seen_seq AS BIGINT) "
    "ELSE credentials.last_seen_seq END, "
    "last_run_at = CASE WHEN credentials.last_run_at IS NULL OR excluded.last_run_at > "
    "credentials.last_run_at THEN excluded.last_run_at ELSE credentials.last_run_at END";

std::vector<Value> credentialRow(const IncomingCredential &c, const IngestBatch &batch,
                                 const std::optional<RunInfo> &run, long long seq,
                                 const std::string &seenAt, const std::string &now) {
  return {c.fingerprint,  c.kind,          c.type,        c.name,
          batch.project,  c.scope,         c.definedAt,   optionalNumber(c.sizeBits),
          "active",       c.firstSeen,     c.lastSeen,    now,
          now,            c.ownerSuggested, c.ownerReason, run ? Value(run->id) : Value(),
          std::to_string(seq), seenAt};
}

// Upserts the batch's credentials; returns those it created.
std::set<std::string> upsertCredentials(Database &db, const IngestBatch &batch,
                                        const std::map<std::string, Known> &known,
                                        const std::optional<RunInfo> &run, long long seq,
                                        const std::string &seenAt, const std::string &now) {
  MultiRow fresh(CredentialInsertColumns,
                 " ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint",
                 CredentialInsertWidth);
  for (const IncomingCredential &c : batch.credentials)
    if (!known.count(c.fingerprint))
      fresh.add(credentialRow(c, batch, run, seq, seenAt, now));
  std::set<std::string> created;
  for (const Row &r : fresh.query(db))
    created.insert(*r[0]);
  // The rest exist, some because another request created them meanwhile.
  MultiRow seen(CredentialInsertColumns, CredentialUpdate, CredentialInsertWidth);
  for (const IncomingCredential &c : batch.credentials)
    if (!created.count(c.fingerprint))
      seen.add(credentialRow(c, batch, run, seq, seenAt, now));
  seen.execute(db);
  return created;
}

// Changed owner suggestions of credentials that existed; audited each.
void updateSuggestions(Database &db, const IngestBatch &batch,
                       const std::map<std::string, Known> &known, const std::string &now,
                       const std::string &actor) {
  for (const IncomingCredential &c : batch.credentials) {
    auto k = known.find(c.fingerprint);
    if (k == known.end() || !c.ownerSuggested ||
        (k->second.ownerSuggested == c.ownerSuggested && k->second.ownerReason == c.ownerReason))
      continue;
    if (db.execute("UPDATE credentials SET owner_suggested = $2, owner_reason = $3, "
                   "updated_at = $4 WHERE fingerprint = $1 AND (owner_suggested IS NULL OR "
                   "owner_suggested <> $2 OR COALESCE(owner_reason, '') <> COALESCE($3, ''))",
                   {c.fingerprint, c.ownerSuggested, c.ownerReason, now}) != 1)
      continue;
    writeAudit(db, actor, "credential.owner-suggested", c.fingerprint,
               {{"owner", *c.ownerSuggested},
                {"reason", cellJson(c.ownerReason)},
                {"previous", cellJson(k->second.ownerSuggested)},
                {"effective", !k->second.owner.has_value()}});
  }
}

// The credentials this run saw for the first time (once per run, however
// many of its batches name them).
std::set<std::string> recordSightings(Database &db, const IngestBatch &batch,
                                      const std::optional<RunInfo> &run) {
  std::set<std::string> firstInRun;
  if (!run)
    return firstInRun;
  MultiRow rows("INSERT INTO credential_runs(credential, project, run, seq, at) VALUES ",
                " ON CONFLICT (credential, project, run) DO NOTHING RETURNING credential", 5);
  for (const IncomingCredential &c : batch.credentials)
    rows.add({c.fingerprint, run->project, run->id, std::to_string(run->seq), run->at});
  for (const Row &r : rows.query(db))
    firstInRun.insert(*r[0]);
  return firstInRun;
}

void recordHosts(Database &db, const IngestBatch &batch, const std::optional<RunInfo> &run,
                 const std::string &seenAt) {
  MultiRow rows(
      "INSERT INTO credential_hosts(credential, host, first_seen, last_seen, runs, last_run) "
      "VALUES ",
      " ON CONFLICT (credential, host) DO UPDATE SET "
      "first_seen = CASE WHEN excluded.first_seen < credential_hosts.first_seen "
      "THEN excluded.first_seen ELSE credential_hosts.first_seen END, "
      "last_seen = CASE WHEN excluded.last_seen > credential_hosts.last_seen "
      "THEN excluded.last_seen ELSE credential_hosts.last_seen END, "
      "runs = credential_hosts.runs + CASE WHEN excluded.last_run IS NOT NULL AND "
      "COALESCE(credential_hosts.last_run, '') <> excluded.last_run THEN 1 ELSE 0 END, "
      "last_run = COALESCE(excluded.last_run, credential_hosts.last_run)",
      6);
  for (const IncomingCredential &c : batch.credentials)
    for (const std::string &host : c.hosts)
      rows.add({c.fingerprint, host, seenAt, seenAt, std::string(run ? "1" : "0"),
                run ? Value(run->id) : Value()});
  rows.execute(db);
}

// Inserts the findings; returns the (fingerprint, credential) pairs new here.
std::set<std::pair<std::string, std::string>>
insertFindings(Database &db, const IngestBatch &batch, const std::optional<RunInfo> &run,
               const std::string &now) {
  MultiRow rows("INSERT INTO findings(fingerprint, credential, rule, exposure, detector, cwe, "
                "severity, description, detail, sink, source, test, project, created, "
                "received_at, level, run, vcs_url, vcs_commit) VALUES ",
                " ON CONFLICT (fingerprint, credential) DO NOTHING "
                "RETURNING fingerprint, credential",
                19);
  Value vcsUrl = batch.vcs ? Value(batch.vcs->url) : Value();
  Value vcsCommit = batch.vcs ? Value(batch.vcs->commit) : Value();
  for (const IncomingFinding &f : batch.findings)
    rows.add({f.fingerprint, f.credential, f.rule,
              std::string(isExposureRule(f.rule) ? "1" : "0"), f.detector,
              optionalNumber(f.cwe), f.severity, f.description, f.detail, f.sink, f.source,
              f.test, batch.project, f.created, now, std::to_string(f.level),
              run ? Value(run->id) : Value(), vcsUrl, vcsCommit});
  std::set<std::pair<std::string, std::string>> created;
  for (const Row &r : rows.query(db))
    created.emplace(*r[0], *r[1]);
  return created;
}

// The exposure findings of the batch for one credential: the newest
// (which decides whether it is exposed anew), and the earliest time and
// highest rank of those after its last rotation (its deadline if it is).
struct BatchExposure {
  const IncomingFinding *latest = nullptr;
  std::optional<std::string> earliest;
  int rank = 0;
};

// Marks credentials rotation-required whose newest exposure finding in the
// batch is newer than their last rotation, with the exposure time, severity
// and deadline of those findings (an active credential has no open exposure
// before them: one would have exposed it); returns those it changed. The
// row lock taken by UPDATE serializes concurrent batches: the second one
// re-reads the status and changes (and audits) nothing. A credential whose
// rotation awaits verification is not exposed anew: its rotation failed.
std::vector<std::string> markExposed(Database &db,
                                     const std::map<std::string, BatchExposure> &exposures,
                                     const Policy &policy, const std::string &now) {
  MultiRow rows("WITH v(fp, latest, exposed_at, severity, rotate_by) AS (VALUES ",
                ") UPDATE credentials SET status = 'rotation-required', updated_at = $1, "
                "exposed_at = v.exposed_at, severity = v.severity, rotate_by = v.rotate_by "
                "FROM v WHERE credentials.fingerprint = v.fp AND credentials.status = 'active' "
                "AND COALESCE(credentials.rotation_state, '') <> 'pending' "
                "AND (credentials.rotated_at IS NULL OR credentials.rotated_at < v.latest) "
                "RETURNING fingerprint",
                5);
  rows.shared = {now};
  for (const auto &[fp, e] : exposures) {
    if (!e.earliest)
      continue; // all of them from before the last rotation
    int rank = e.rank ? e.rank : severityRank(UnrankedExposureSeverity);
    rows.add({fp, e.latest->created, *e.earliest, severityName(rank),
              msToIso(*isoToMs(*e.earliest) + policy.deadlineFor(rank) * 1000)});
  }
  std::set<std::string> changed;
  for (const Row &r : rows.query(db))
    changed.insert(*r[0]);
  return {changed.begin(), changed.end()};
}

// What a run's sightings mean for credentials already known: a dormant one
// is back, a revoked one is in use (once per run), a pending rotation
// failed. Returns the credentials whose rotation failed.
std::set<std::string> applySightings(Database &db, const IngestBatch &batch,
                                     const std::map<std::string, Known> &known,
                                     const std::optional<RunInfo> &run,
                                     const std::set<std::string> &firstInRun,
                                     const Policy &policy, const std::string &now,
                                     const std::string &actor) {
  std::set<std::string> failed;
  for (const IncomingCredential &c : batch.credentials) {
    auto k = known.find(c.fingerprint);
    if (k == known.end())
      continue;
    const Known &was = k->second;
    if (was.dormantAt &&
        db.execute("UPDATE credentials SET dormant_at = NULL, updated_at = $2 "
                   "WHERE fingerprint = $1 AND dormant_at IS NOT NULL",
                   {c.fingerprint, now}) == 1)
      writeAudit(db, actor, "credential.seen-again", c.fingerprint,
                 {{"run", run ? json(run->id) : json()}, {"dormant_since", *was.dormantAt}});
    if (was.status == "revoked") {
      if (run && firstInRun.count(c.fingerprint))
        writeAudit(db, actor, "revoked.in-use", c.fingerprint,
                   {{"run", run->id}, {"project", batch.project ? json(*batch.project) : json()}});
    } else if (run && was.rotationState == Value("pending") && was.pendingRunSeq &&
               run->seq > *was.pendingRunSeq &&
               failRotation(db, c.fingerprint, run->id, "seen by a run after the rotation",
                            policy, now, actor)) {
      failed.insert(c.fingerprint);
    }
  }
  return failed;
}

// What the batch's exposure findings mean: credentials exposed anew (their
// credential.status records are returned, for the caller to write after
// the other records of the batch), rotations that an exposure newer than
// them failed, deadlines of those exposed already brought up to date.
std::vector<AuditEntry> applyExposures(Database &db,
                                       std::map<std::string, BatchExposure> &exposures,
                                       const std::map<std::string, Known> &known,
                                       const std::set<std::string> &failed,
                                       const std::optional<RunInfo> &run, const Policy &policy,
                                       const std::string &now, const std::string &actor) {
  std::vector<std::string> exposed = markExposed(db, exposures, policy, now);
  std::vector<AuditEntry> audits;
  for (const std::string &fp : exposed) {
    const IncomingFinding &f = *exposures[fp].latest;
    audits.push_back({"credential.status", fp,
                      {{"from", "active"},
                       {"to", "rotation-required"},
                       {"reason", "exposure finding newer than the last rotation"},
                       {"finding", f.fingerprint},
                       {"rule", f.rule}}});
  }
  // Exposed already (or again, by a failed rotation): the new findings may
  // bring the exposure time forward or raise its severity.
  std::set<std::string> justExposed(exposed.begin(), exposed.end());
  std::vector<std::string> touched;
  for (const auto &[fp, e] : exposures) {
    if (justExposed.count(fp))
      continue;
    touched.push_back(fp);
    auto k = known.find(fp);
    if (k == known.end() || failed.count(fp) || k->second.status == "revoked" ||
        k->second.rotationState != Value("pending") || !k->second.rotatedAt ||
        !(e.latest->created > *k->second.rotatedAt))
      continue;
    failRotation(db, fp, run ? Value(run->id) : Value(),
                 "an exposure finding newer than the rotation", policy, now, actor);
  }
  if (!touched.empty())
    refreshDeadlines(db, touched, policy, now);
  return audits;
}

} // namespace

IngestOutcome ingest(Database &db, const IngestBatch &batch,
                     const std::optional<std::string> &idempotencyKey, const std::string &actor,
                     const Policy &policy) {
  std::string now = nowIso();
  Transaction tx(db);
  if (idempotencyKey) {
    // The first request with a key inserts its row; a concurrent second one
    // waits on the unique key until the first commits, then finds its row.
    long claimed = db.execute(
        "INSERT INTO idempotency(key, content_hash, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (key) DO NOTHING",
        {*idempotencyKey, batch.contentHash, now});
    if (claimed == 0) {
      auto rows = db.query("SELECT content_hash, response FROM idempotency WHERE key = $1",
                           {*idempotencyKey});
      if (rows.empty() || !rows[0][1])
        throw DatabaseError("idempotency key is being processed by another request", true);
      if (*rows[0][0] != batch.contentHash)
        return {422, {{"error", "Idempotency-Key was already used for a different batch"}}};
      json response = json::parse(*rows[0][1]);
      response["replayed"] = true;
      return {200, response};
    }
  }

  std::optional<RunInfo> run = recordRun(db, batch, now, actor);
  std::string project = batch.project.value_or("");
  // A sighting outside a numbered run counts as of the project's newest run.
  long long seq = run ? run->seq : projectRunCount(db, project);
  std::string seenAt = run ? run->at : now;

  std::map<std::string, Known> known = loadKnown(db, batch);
  std::set<std::string> created = upsertCredentials(db, batch, known, run, seq, seenAt, now);
  std::vector<AuditEntry> audits;
  for (const IncomingCredential &c : batch.credentials) {
    if (!created.count(c.fingerprint))
      continue;
    audits.push_back({"credential.created", c.fingerprint,
                      {{"kind", c.kind},
                       {"name", c.name},
                       {"project", batch.project ? json(*batch.project) : json()}}});
    if (c.ownerSuggested)
      audits.push_back({"credential.owner-suggested", c.fingerprint,
                        {{"owner", *c.ownerSuggested},
                         {"reason", cellJson(c.ownerReason)},
                         {"previous", nullptr},
                         {"effective", true}}});
  }
  updateSuggestions(db, batch, known, now, actor);
  std::set<std::string> firstInRun = recordSightings(db, batch, run);
  recordHosts(db, batch, run, seenAt);

  auto newFindings = insertFindings(db, batch, run, now);
  size_t newFindingCount = newFindings.size();
  // One status check per credential, against its newest exposure finding.
  std::map<std::string, BatchExposure> exposures;
  for (const IncomingFinding &f : batch.findings) {
    if (newFindings.erase({f.fingerprint, f.credential}))
      audits.push_back({"finding.recorded", f.credential,
                        {{"finding", f.fingerprint}, {"rule", f.rule}, {"created", f.created}}});
    if (!isExposureRule(f.rule))
      continue;
    BatchExposure &e = exposures[f.credential];
    if (!e.latest || e.latest->created < f.created)
      e.latest = &f;
    auto k = known.find(f.credential);
    if (k != known.end() && k->second.rotatedAt && !(f.created > *k->second.rotatedAt))
      continue; // closed by the last rotation
    if (!e.earliest || f.created < *e.earliest)
      e.earliest = f.created;
    e.rank = std::max(e.rank, f.level);
  }
  // The new credentials, their suggested owners and the new findings, in
  // one statement.
  writeAudits(db, actor, audits);

  std::set<std::string> failed =
      applySightings(db, batch, known, run, firstInRun, policy, now, actor);
  audits = applyExposures(db, exposures, known, failed, run, policy, now, actor);

  // Both count complete runs: nothing changes until a run completes.
  if (run && run->completed) {
    verifyRotations(db, policy, project, now);
    markDormant(db, policy, project, now);
  }
  // The exposures, then the deadlines past (an exposure found late can be
  // overdue at once), then the batch: one statement.
  for (AuditEntry &e : markOverdueLater(db, now))
    audits.push_back(std::move(e));

  json response = {{"credentials", batch.credentials.size()},
                   {"findings", batch.findings.size()},
                   {"new_credentials", created.size()},
                   {"new_findings", newFindingCount},
                   {"replayed", false}};
  if (run) {
    response["run"] = run->id;
    response["run_seq"] = run->seq;
  }
  if (!batch.rejected.empty())
    response.update(rejectedEntries(batch.rejected));
  audits.push_back({"ingest", batch.project,
                    {{"credentials", batch.credentials.size()},
                     {"findings", batch.findings.size()},
                     {"new_credentials", created.size()},
                     {"new_findings", newFindingCount},
                     {"rejected", batch.rejected.size()},
                     {"run", run ? json(run->id) : json()},
                     {"idempotency_key", idempotencyKey ? json(*idempotencyKey) : json()}}});
  writeAudits(db, actor, audits);
  if (idempotencyKey)
    db.execute("UPDATE idempotency SET response = $2 WHERE key = $1",
               {*idempotencyKey, response.dump()});
  tx.commit();
  return {200, response};
}

} // namespace credtaint::inventory
