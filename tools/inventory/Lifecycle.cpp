#include "Lifecycle.h"

#include "ConnectionPool.h"
#include "Inventory.h"
#include "MultiRow.h"
#include "Time.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

json cellJson(const Value &v) { return v ? json(*v) : json(nullptr); }

std::string str(long long n) { return std::to_string(n); }

// now - seconds, normalized.
std::string before(const std::string &now, long long seconds) {
  return msToIso(isoToMs(now).value_or(0) - seconds * 1000);
}

std::string after(const std::string &iso, long long seconds) {
  return msToIso(isoToMs(iso).value_or(0) + seconds * 1000);
}

// Projects (the "" project included) that number their runs.
std::vector<std::string> projectsWithRuns(Database &db) {
  std::vector<std::string> out;
  for (const Row &r : db.query("SELECT project FROM projects ORDER BY project"))
    out.push_back(*r[0]);
  return out;
}

// The seq of the n-th newest complete run of `project` after `afterSeq`
// counted from the oldest (n = 1: the first complete run after it), with
// its id; nullopt if fewer than n complete runs came after it.
std::optional<std::pair<long long, std::string>>
nthCompleteRunAfter(Database &db, const std::string &project, long long afterSeq, long long n) {
  auto rows = db.query("SELECT seq, run FROM runs WHERE project = $1 AND complete = 1 "
                       "AND seq > CAST($2 AS BIGINT) ORDER BY seq LIMIT 1 OFFSET " +
                           str(n - 1),
                       {project, str(afterSeq)});
  if (rows.empty())
    return std::nullopt;
  return std::make_pair(std::stoll(*rows[0][0]), *rows[0][1]);
}

} // namespace

long long projectRunCount(Database &db, const std::string &project) {
  auto rows = db.query("SELECT runs FROM projects WHERE project = $1", {project});
  return rows.empty() ? 0 : std::stoll(*rows[0][0]);
}

std::optional<RunInfo> recordRun(Database &db, const IngestBatch &batch, const std::string &now,
                                 const std::string &actor) {
  if (!batch.run)
    return std::nullopt;
  RunInfo run{batch.project.value_or(""), *batch.run, 0, batch.runStarted.value_or(now), false};
  Value vcsUrl = batch.vcs ? Value(batch.vcs->url) : std::nullopt;
  Value vcsCommit = batch.vcs ? Value(batch.vcs->commit) : std::nullopt;
  // This batch first ("2/3": a re-export with another batch size numbers
  // anew), so that one query reads the run and how many batches of its
  // numbering arrived.
  std::string numbering = "%";
  if (batch.batchOf) {
    auto [index, total] = *batch.batchOf;
    numbering = "%/" + str(total);
    db.execute("INSERT INTO run_batches(project, run, batch, received_at) VALUES ($1, $2, $3, $4) "
               "ON CONFLICT (project, run, batch) DO NOTHING",
               {run.project, run.id, str(index) + "/" + str(total), now});
  }
  const std::string select =
      "SELECT seq, started, vcs_url, (SELECT COUNT(*) FROM run_batches b WHERE b.project = $1 "
      "AND b.run = $2 AND b.batch LIKE $3) FROM runs WHERE project = $1 AND run = $2";
  auto known = db.query(select, {run.project, run.id, numbering});
  if (known.empty()) {
    // The project's counter row serializes new runs of one project; a run
    // that another server recorded meanwhile leaves a gap in the numbers,
    // which nothing counts on (runs are counted, not subtracted).
    long long seq = std::stoll(*db.query("INSERT INTO projects(project, runs) VALUES ($1, 1) "
                                         "ON CONFLICT (project) DO UPDATE SET runs = "
                                         "projects.runs + 1 RETURNING runs",
                                         {run.project})[0][0]);
    long inserted = db.execute(
        "INSERT INTO runs(project, run, seq, started, received_at, vcs_url, vcs_commit) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (project, run) DO NOTHING",
        {run.project, run.id, str(seq), batch.runStarted, now, vcsUrl, vcsCommit});
    if (inserted == 1) {
      writeAudit(db, actor, "run.recorded", std::nullopt,
                 {{"project", batch.project ? json(*batch.project) : json()},
                  {"run", run.id},
                  {"seq", seq},
                  {"started", cellJson(batch.runStarted)},
                  {"vcs", batch.vcs ? json(batch.vcs->url + "@" + batch.vcs->commit) : json()}});
    }
    known = db.query(select, {run.project, run.id, numbering});
  } else if ((batch.runStarted && (!known[0][1] || *batch.runStarted < *known[0][1])) ||
             (vcsUrl && !known[0][2])) {
    // An earlier start, or a VCS revision a first batch lacked. (Written
    // only then: batches of one run need not wait on the run's row lock.)
    db.execute("UPDATE runs SET started = CASE WHEN started IS NULL OR $3 < started THEN $3 "
               "ELSE started END, vcs_url = COALESCE(vcs_url, $4), vcs_commit = "
               "COALESCE(vcs_commit, $5) WHERE project = $1 AND run = $2",
               {run.project, run.id, batch.runStarted, vcsUrl, vcsCommit});
  }
  run.seq = std::stoll(*known[0][0]);

  // Complete when every batch of the numbering arrived, or at once without
  // one. Two last batches committing at the same moment on PostgreSQL may
  // each miss the other's row: completeRuns() in the sweep finishes the run.
  bool complete = !batch.batchOf || std::stoll(*known[0][3]) >= batch.batchOf->second;
  if (complete)
    run.completed = db.execute("UPDATE runs SET complete = 1, completed_at = $3 "
                               "WHERE project = $1 AND run = $2 AND complete = 0",
                               {run.project, run.id, now}) == 1;
  return run;
}

int completeRuns(Database &db, const std::string &now) {
  int completed = 0;
  for (const Row &r : db.query("SELECT project, run FROM runs WHERE complete = 0 "
                               "ORDER BY project, seq")) {
    std::map<long long, long long> received; // n -> batches of the "i/n" numbering
    for (const Row &b : db.query("SELECT batch FROM run_batches WHERE project = $1 AND run = $2",
                                 {r[0], r[1]})) {
      auto slash = b[0]->find('/');
      if (slash != std::string::npos)
        ++received[std::stoll(b[0]->substr(slash + 1))];
    }
    bool complete = std::any_of(received.begin(), received.end(),
                                [](const auto &n) { return n.second >= n.first; });
    if (complete && db.execute("UPDATE runs SET complete = 1, completed_at = $3 WHERE "
                               "project = $1 AND run = $2 AND complete = 0",
                               {r[0], r[1], now}) == 1)
      ++completed;
  }
  return completed;
}

void refreshDeadlines(Database &db, const std::vector<std::string> &fingerprints,
                      const Policy &policy, const std::string &now) {
  // Each rotation-required credential with its earliest and most severe
  // open exposure finding.
  const std::string select =
      "SELECT c.fingerprint, c.exposed_at, c.severity, c.rotate_by, MIN(f.created), "
      "MAX(f.level) FROM credentials c LEFT JOIN findings f ON f.credential = c.fingerprint "
      "AND f.exposure = 1 AND f.created > COALESCE(c.rotated_at, '') "
      "WHERE c.status = 'rotation-required'";
  const std::string group = " GROUP BY c.fingerprint, c.exposed_at, c.severity, c.rotate_by";
  std::vector<Row> rows;
  if (fingerprints.empty()) {
    rows = db.query(select + group);
  } else {
    std::set<std::string> unique(fingerprints.begin(), fingerprints.end());
    std::vector<std::string> fps(unique.begin(), unique.end());
    for (size_t start = 0; start < fps.size(); start += MultiRow::InListValues) {
      size_t n = std::min(MultiRow::InListValues, fps.size() - start);
      std::vector<Value> params(fps.begin() + start, fps.begin() + start + n);
      auto part = db.query(select + " AND c.fingerprint IN (" + placeholders(1, n) + ")" + group,
                           params);
      rows.insert(rows.end(), part.begin(), part.end());
    }
  }
  MultiRow update("WITH v(fp, exposed_at, severity, rotate_by) AS (VALUES ",
                  ") UPDATE credentials SET exposed_at = v.exposed_at, severity = v.severity, "
                  "rotate_by = v.rotate_by FROM v WHERE credentials.fingerprint = v.fp",
                  4);
  for (const Row &r : rows) {
    // Merge what is stored (an exposure restored by a failed rotation, an
    // admin's mark) with the open findings: earliest time, highest rank.
    std::optional<std::string> exposed = r[1];
    if (r[4] && (!exposed || *r[4] < *exposed))
      exposed = r[4];
    int rank = r[2] ? severityRank(*r[2]) : 0;
    if (r[5])
      rank = std::max(rank, std::stoi(*r[5]));
    if (!exposed)
      exposed = now;
    if (!rank)
      rank = severityRank(UnrankedExposureSeverity);
    std::string severity = severityName(rank);
    std::string rotateBy = after(*exposed, policy.deadlineFor(rank));
    if (r[1] == exposed && r[2] == Value(severity) && r[3] == Value(rotateBy))
      continue;
    update.add({*r[0], *exposed, severity, rotateBy});
  }
  update.execute(db);
}

void recordRotationLocked(Database &db, const std::string &fingerprint,
                          const std::optional<std::string> &note, const std::string &actor,
                          const std::string &now) {
  auto rows = db.query("SELECT status, rotated_at, exposed_at, severity, rotate_by, overdue_at, "
                       "COALESCE(project, '') FROM credentials WHERE fingerprint = $1",
                       {fingerprint});
  const Row &c = rows.at(0);
  bool exposed = *c[0] == "rotation-required";
  long long runSeq = projectRunCount(db, *c[6]);
  // A newer rotation replaces one still waiting for its verification.
  db.execute("UPDATE rotations SET state = 'replaced', resolved_at = $2 "
             "WHERE credential = $1 AND state = 'pending'",
             {fingerprint, now});
  db.execute("INSERT INTO rotations(credential, recorded_at, actor, note, run_seq, "
             "previous_status, previous_rotated_at, exposed_at, severity, rotate_by, overdue_at, "
             "state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending')",
             {fingerprint, now, actor, note, str(runSeq), c[0], c[1], exposed ? c[2] : Value(),
              exposed ? c[3] : Value(), exposed ? c[4] : Value(), exposed ? c[5] : Value()});
  db.execute("UPDATE credentials SET status = 'active', rotated_at = $2, updated_at = $2, "
             "rotation_state = 'pending', rotation_at = $2, rotation_note = $3, "
             "exposed_at = NULL, severity = NULL, rotate_by = NULL, overdue_at = NULL "
             "WHERE fingerprint = $1",
             {fingerprint, now, note});
  writeAudit(db, actor, "rotation.recorded", fingerprint,
             {{"note", cellJson(note)},
              {"from", *c[0]},
              {"rotate_by", exposed ? cellJson(c[4]) : json()},
              {"runs_before", runSeq}});
}

bool recordRotation(Database &db, const std::string &fingerprint,
                    const std::optional<std::string> &note, const std::string &actor) {
  std::string now = nowIso();
  Transaction tx(db);
  // The row's write lock first, so concurrent rotations apply one by one.
  if (db.execute("UPDATE credentials SET updated_at = updated_at WHERE fingerprint = $1",
                 {fingerprint}) != 1)
    return false;
  auto status = db.query("SELECT status FROM credentials WHERE fingerprint = $1", {fingerprint});
  if (*status.at(0)[0] == "revoked")
    throw RotationError("the credential is revoked: a revoked credential is not rotated "
                        "(PATCH its status first if it is in use again)");
  recordRotationLocked(db, fingerprint, note, actor, now);
  tx.commit();
  return true;
}

bool failRotation(Database &db, const std::string &fingerprint,
                  const std::optional<std::string> &run, const std::string &reason,
                  const Policy &policy, const std::string &now, const std::string &actor) {
  auto rows = db.query("SELECT id, recorded_at, exposed_at, severity, overdue_at FROM rotations "
                       "WHERE credential = $1 AND state = 'pending' ORDER BY id DESC LIMIT 1",
                       {fingerprint});
  if (rows.empty())
    return false;
  const Row &rot = rows[0];
  if (db.execute("UPDATE rotations SET state = 'failed', resolved_at = $2, resolved_run = $3 "
                 "WHERE id = CAST($1 AS BIGINT) AND state = 'pending'",
                 {*rot[0], now, run}) != 1)
    return false;
  // The exposure the rotation was meant to end goes on, with its deadline;
  // a credential that was active counts as exposed from the rotation on.
  Value exposedAt = rot[2] ? rot[2] : rot[1];
  Value severity = rot[3] ? rot[3] : Value(UnrankedExposureSeverity);
  db.execute("UPDATE credentials SET status = 'rotation-required', rotation_state = 'failed', "
             "exposed_at = $2, severity = $3, overdue_at = $4, updated_at = $5 "
             "WHERE fingerprint = $1",
             {fingerprint, exposedAt, severity, rot[4], now});
  refreshDeadlines(db, {fingerprint}, policy, now);
  writeAudit(db, actor, "rotation.failed", fingerprint,
             {{"run", cellJson(run)},
              {"reason", reason},
              {"rotated_at", *rot[1]},
              {"from", "active"},
              {"to", "rotation-required"}});
  return true;
}

int verifyRotations(Database &db, const Policy &policy, const std::optional<std::string> &project,
                    const std::string &now) {
  std::string sql = "SELECT r.id, r.credential, r.run_seq, c.name, c.defined_at, "
                    "COALESCE(c.project, '') FROM rotations r "
                    "JOIN credentials c ON c.fingerprint = r.credential "
                    "WHERE r.state = 'pending' AND c.status <> 'revoked'";
  std::vector<Value> params;
  if (project) {
    sql += " AND COALESCE(c.project, '') = $1";
    params.push_back(*project);
  }
  int verified = 0;
  for (const Row &r : db.query(sql + " ORDER BY r.id", params)) {
    const std::string &id = *r[0], &old = *r[1], &proj = *r[5];
    long long runSeq = std::stoll(*r[2]);
    auto nth = nthCompleteRunAfter(db, proj, runSeq, policy.verifyAfterRuns);
    if (!nth)
      continue;
    // The old fingerprint seen after the rotation fails it when the run
    // arrives; one that got here anyway (seen while revoked) is not proof.
    if (!db.query("SELECT 1 FROM credential_runs WHERE credential = $1 "
                  "AND seq > CAST($2 AS BIGINT) LIMIT 1",
                  {old, str(runSeq)})
             .empty())
      continue;
    auto successor = db.query(
        "SELECT n.fingerprint FROM credentials n JOIN credential_runs cr "
        "ON cr.credential = n.fingerprint WHERE COALESCE(n.project, '') = $1 AND n.name = $2 "
        "AND COALESCE(n.defined_at, '') = COALESCE($3, '') AND n.fingerprint <> $4 "
        "AND cr.seq > CAST($5 AS BIGINT) GROUP BY n.fingerprint "
        "ORDER BY MAX(cr.seq) DESC, n.fingerprint LIMIT 1",
        {proj, r[3], r[4], old, str(runSeq)});
    if (successor.empty())
      continue;
    const std::string &next = *successor[0][0];
    if (db.execute("UPDATE rotations SET state = 'verified', resolved_at = $2, resolved_run = $3, "
                   "successor = $4 WHERE id = CAST($1 AS BIGINT) AND state = 'pending'",
                   {id, now, nth->second, next}) != 1)
      continue;
    db.execute("UPDATE credentials SET rotation_state = 'verified', superseded_by = $2, "
               "updated_at = $3 WHERE fingerprint = $1",
               {old, next, now});
    db.execute("UPDATE credentials SET supersedes = $2, updated_at = $3 WHERE fingerprint = $1",
               {next, old, now});
    writeAudit(db, ServerActor, "rotation.verified", old,
               {{"superseded_by", next},
                {"run", nth->second},
                {"runs_without", policy.verifyAfterRuns}});
    ++verified;
  }
  return verified;
}

std::vector<AuditEntry> markOverdueLater(Database &db, const std::string &now) {
  // One statement marks them all; its row locks make a concurrent sweep on
  // another server find nothing left to mark.
  std::vector<AuditEntry> audits;
  for (const Row &r : db.query(
           "UPDATE credentials SET overdue_at = $1 WHERE status = 'rotation-required' "
           "AND dormant_at IS NULL AND overdue_at IS NULL AND rotate_by IS NOT NULL "
           "AND rotate_by <= $1 RETURNING fingerprint, rotate_by, severity, exposed_at",
           {now}))
    audits.push_back({"credential.overdue",
                      *r[0],
                      {{"rotate_by", cellJson(r[1])},
                       {"severity", cellJson(r[2])},
                       {"exposed_at", cellJson(r[3])}},
                      std::string(ServerActor)});
  std::sort(audits.begin(), audits.end(),
            [](const AuditEntry &a, const AuditEntry &b) { return *a.target < *b.target; });
  return audits;
}

int markOverdue(Database &db, const std::string &now) {
  auto audits = markOverdueLater(db, now);
  writeAudits(db, ServerActor, audits);
  return static_cast<int>(audits.size());
}

int markDormant(Database &db, const Policy &policy, const std::optional<std::string> &project,
                const std::string &now) {
  if (!policy.dormantAfterSeconds && !policy.dormantAfterRuns)
    return 0;
  std::vector<std::string> projects =
      project ? std::vector<std::string>{*project} : projectsWithRuns(db);
  int marked = 0;
  for (const std::string &p : projects) {
    if (projectRunCount(db, p) == 0)
      continue; // only projects whose exports number their runs
    // Seen before the n-th newest complete run: n runs passed without it.
    std::optional<long long> runsCutoff;
    if (policy.dormantAfterRuns) {
      auto rows = db.query("SELECT seq FROM runs WHERE project = $1 AND complete = 1 "
                           "ORDER BY seq DESC LIMIT 1 OFFSET " +
                               str(*policy.dormantAfterRuns - 1),
                           {p});
      if (!rows.empty())
        runsCutoff = std::stoll(*rows[0][0]);
    }
    std::optional<std::string> timeCutoff;
    if (policy.dormantAfterSeconds)
      timeCutoff = before(now, *policy.dormantAfterSeconds);
    if (!runsCutoff && !timeCutoff)
      continue;
    auto rows = db.query(
        "SELECT fingerprint, last_seen_run, COALESCE(last_run_at, last_seen, created_at), "
        "CASE WHEN COALESCE(last_seen_seq, 0) < CAST($2 AS BIGINT) THEN 'runs' ELSE 'time' END "
        "FROM credentials WHERE COALESCE(project, '') = $1 AND status <> 'revoked' "
        "AND dormant_at IS NULL AND (COALESCE(last_seen_seq, 0) < CAST($2 AS BIGINT) "
        "OR COALESCE(last_run_at, last_seen, created_at) < $3) ORDER BY fingerprint",
        {p, runsCutoff ? Value(str(*runsCutoff)) : Value("-1"),
         timeCutoff ? Value(*timeCutoff) : Value("")});
    for (const Row &r : rows) {
      if (db.execute("UPDATE credentials SET dormant_at = $2 WHERE fingerprint = $1 "
                     "AND dormant_at IS NULL AND status <> 'revoked'",
                     {r[0], now}) != 1)
        continue;
      json detail = {{"reason", *r[3]},
                     {"last_seen_run", cellJson(r[1])},
                     {"last_seen", cellJson(r[2])}};
      if (*r[3] == "runs")
        detail["runs_without"] = *policy.dormantAfterRuns;
      else
        detail["dormant_after_seconds"] = *policy.dormantAfterSeconds;
      writeAudit(db, ServerActor, "credential.dormant", *r[0], detail);
      ++marked;
    }
  }
  return marked;
}

SweepResult sweep(Database &db, const Policy &policy, bool refresh) {
  std::string now = nowIso();
  Transaction tx(db);
  SweepResult result;
  if (refresh)
    refreshDeadlines(db, {}, policy, now);
  completeRuns(db, now);
  result.verified = verifyRotations(db, policy, std::nullopt, now);
  result.dormant = markDormant(db, policy, std::nullopt, now);
  result.overdue = markOverdue(db, now);
  tx.commit();
  return result;
}

PeriodicSweep::PeriodicSweep(ConnectionPool &pool, Policy policy, long seconds)
    : pool_(pool), policy_(std::move(policy)), seconds_(seconds),
      thread_([this] { loop(); }) {}

PeriodicSweep::~PeriodicSweep() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicSweep::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::seconds(seconds_), [this] { return stop_; })) {
    lock.unlock();
    try {
      auto db = pool_.take();
      SweepResult r = sweep(*db, policy_);
      if (r.overdue || r.dormant || r.verified)
        spdlog::info("sweep: {} overdue, {} dormant, {} rotations verified", r.overdue,
                     r.dormant, r.verified);
    } catch (const std::exception &e) {
      // The next tick tries again; a busy database is no reason to stop.
      spdlog::warn("sweep: {}", e.what());
    }
    lock.lock();
  }
}

} // namespace credtaint::inventory
