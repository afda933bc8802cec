#include "Inventory.h"

#include "Time.h"

#include <map>
#include <set>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

const char *const CredentialColumns =
    "c.fingerprint, c.kind, c.type, c.name, c.project, c.scope, c.defined_at, c.size_bits, "
    "c.owner, c.status, c.note, c.first_seen, c.last_seen, c.rotated_at, c.created_at, "
    "c.updated_at, "
    // Open findings: those newer than the last rotation (a rotation closes
    // what came before it).
    "(SELECT COUNT(*) FROM findings f WHERE f.credential = c.fingerprint "
    " AND f.created > COALESCE(c.rotated_at, '')), "
    "(SELECT COUNT(*) FROM findings f WHERE f.credential = c.fingerprint)";

json cell(const Value &v) { return v ? json(*v) : json(nullptr); }

json number(const Value &v) { return v ? json(std::stoll(*v)) : json(nullptr); }

json credentialJson(const Row &r) {
  return {{"fingerprint", cell(r[0])}, {"kind", cell(r[1])},       {"type", cell(r[2])},
          {"name", cell(r[3])},        {"project", cell(r[4])},    {"scope", cell(r[5])},
          {"defined_at", cell(r[6])},  {"size_bits", number(r[7])}, {"owner", cell(r[8])},
          {"status", cell(r[9])},      {"note", cell(r[10])},      {"first_seen", cell(r[11])},
          {"last_seen", cell(r[12])},  {"rotated_at", cell(r[13])}, {"created_at", cell(r[14])},
          {"updated_at", cell(r[15])}, {"open_findings", number(r[16])},
          {"findings", number(r[17])}};
}

const char *const FindingColumns =
    "fingerprint, credential, rule, exposure, detector, cwe, severity, description, detail, "
    "sink, source, test, project, created, received_at";

json findingJson(const Row &r) {
  return {{"fingerprint", cell(r[0])}, {"credential", cell(r[1])},  {"rule", cell(r[2])},
          {"exposure", *r[3] == "1"},  {"detector", cell(r[4])},    {"cwe", number(r[5])},
          {"severity", cell(r[6])},    {"description", cell(r[7])}, {"detail", cell(r[8])},
          {"sink", cell(r[9])},        {"source", cell(r[10])},     {"test", cell(r[11])},
          {"project", cell(r[12])},    {"created", cell(r[13])},    {"received_at", cell(r[14])}};
}

json auditJson(const Row &r) {
  json detail = json::parse(*r[5], nullptr, false);
  return {{"id", number(r[0])},     {"at", cell(r[1])},     {"actor", cell(r[2])},
          {"action", cell(r[3])},   {"target", cell(r[4])}, {"detail", detail}};
}

Value optionalNumber(const std::optional<long long> &n) {
  return n ? Value(std::to_string(*n)) : std::nullopt;
}

// Appends "AND column = $n" for each filter that is set.
struct Where {
  std::string sql = " WHERE 1=1";
  std::vector<Value> params;
  void add(const char *column, const std::optional<std::string> &value) {
    if (!value)
      return;
    params.push_back(*value);
    sql += std::string(" AND ") + column + " = $" + std::to_string(params.size());
  }
  std::string page(const ListQuery &q) const {
    return " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
  }
};

void upsertCredential(Database &db, const IncomingCredential &c,
                      const std::optional<std::string> &project, const std::string &now,
                      const std::string &actor, int &created) {
  long inserted = db.execute(
      "INSERT INTO credentials(fingerprint, kind, type, name, project, scope, defined_at, "
      "size_bits, status, first_seen, last_seen, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $11, $11) "
      "ON CONFLICT (fingerprint) DO NOTHING",
      {c.fingerprint, c.kind, c.type, c.name, project, c.scope, c.definedAt,
       optionalNumber(c.sizeBits), c.firstSeen, c.lastSeen, now});
  if (inserted == 1) {
    ++created;
    writeAudit(db, actor, "credential.created", c.fingerprint,
               {{"kind", c.kind}, {"name", c.name}, {"project", project ? json(*project) : json()}});
    return;
  }
  // Seen again: widen first/last seen; owner-set fields (owner, status,
  // note, a scope set by hand) stay as they are.
  db.execute(
      "UPDATE credentials SET kind = $2, type = $3, name = $4, "
      "project = COALESCE($5, project), scope = COALESCE(scope, $6), "
      "defined_at = COALESCE($7, defined_at), size_bits = COALESCE($8, size_bits), "
      "first_seen = CASE WHEN first_seen IS NULL OR $9 < first_seen THEN COALESCE($9, first_seen) "
      "ELSE first_seen END, "
      "last_seen = CASE WHEN last_seen IS NULL OR $10 > last_seen THEN COALESCE($10, last_seen) "
      "ELSE last_seen END, updated_at = $11 WHERE fingerprint = $1",
      {c.fingerprint, c.kind, c.type, c.name, project, c.scope, c.definedAt,
       optionalNumber(c.sizeBits), c.firstSeen, c.lastSeen, now});
}

void recordFinding(Database &db, const IncomingFinding &f,
                   const std::optional<std::string> &project, const std::string &now,
                   const std::string &actor, int &created) {
  long inserted = db.execute(
      "INSERT INTO findings(fingerprint, credential, rule, exposure, detector, cwe, severity, "
      "description, detail, sink, source, test, project, created, received_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
      "ON CONFLICT (fingerprint, credential) DO NOTHING",
      {f.fingerprint, f.credential, f.rule, std::string(isExposureRule(f.rule) ? "1" : "0"),
       f.detector, optionalNumber(f.cwe), f.severity, f.description, f.detail, f.sink, f.source,
       f.test, project, f.created, now});
  if (inserted == 1) {
    ++created;
    writeAudit(db, actor, "finding.recorded", f.credential,
               {{"finding", f.fingerprint}, {"rule", f.rule}, {"created", f.created}});
  }
}

// Marks `credential` rotation-required if `latest` (its newest exposure
// finding in the batch) is newer than its last rotation. The row lock taken
// by UPDATE serializes concurrent batches: the second one re-reads the
// status and changes (and audits) nothing.
void markExposed(Database &db, const std::string &credential, const IncomingFinding &latest,
                 const std::string &now, const std::string &actor) {
  long changed = db.execute(
      "UPDATE credentials SET status = 'rotation-required', updated_at = $3 "
      "WHERE fingerprint = $1 AND status = 'active' "
      "AND (rotated_at IS NULL OR rotated_at < $2)",
      {credential, latest.created, now});
  if (changed == 1)
    writeAudit(db, actor, "credential.status", credential,
               {{"from", "active"},
                {"to", "rotation-required"},
                {"reason", "exposure finding newer than the last rotation"},
                {"finding", latest.fingerprint},
                {"rule", latest.rule}});
}

} // namespace

void writeAudit(Database &db, const std::string &actor, const std::string &action,
                const std::optional<std::string> &target, const json &detail) {
  db.execute("INSERT INTO audit(at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
             {nowIso(), actor, action, target, detail.dump()});
}

json rejectedEntries(const std::vector<std::string> &rejected) {
  constexpr size_t Listed = 100;
  json list = json::array();
  for (size_t i = 0; i < rejected.size() && i < Listed; ++i)
    list.push_back(rejected[i]);
  return {{"rejected", list}, {"rejected_count", rejected.size()}};
}

IngestOutcome ingest(Database &db, const IngestBatch &batch,
                     const std::optional<std::string> &idempotencyKey,
                     const std::string &actor) {
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

  int newCredentials = 0, newFindings = 0;
  for (const IncomingCredential &c : batch.credentials)
    upsertCredential(db, c, batch.project, now, actor, newCredentials);
  // One status check per credential, against its newest exposure finding.
  std::map<std::string, const IncomingFinding *> latestExposure;
  for (const IncomingFinding &f : batch.findings) {
    recordFinding(db, f, batch.project, now, actor, newFindings);
    if (!isExposureRule(f.rule))
      continue;
    auto &latest = latestExposure[f.credential];
    if (!latest || latest->created < f.created)
      latest = &f;
  }
  for (const auto &[credential, finding] : latestExposure)
    markExposed(db, credential, *finding, now, actor);

  json response = {{"credentials", batch.credentials.size()},
                   {"findings", batch.findings.size()},
                   {"new_credentials", newCredentials},
                   {"new_findings", newFindings},
                   {"replayed", false}};
  if (!batch.rejected.empty())
    response.update(rejectedEntries(batch.rejected));
  writeAudit(db, actor, "ingest", batch.project,
             {{"credentials", batch.credentials.size()},
              {"findings", batch.findings.size()},
              {"new_credentials", newCredentials},
              {"new_findings", newFindings},
              {"rejected", batch.rejected.size()},
              {"idempotency_key", idempotencyKey ? json(*idempotencyKey) : json()}});
  if (idempotencyKey)
    db.execute("UPDATE idempotency SET response = $2 WHERE key = $1",
               {*idempotencyKey, response.dump()});
  tx.commit();
  return {200, response};
}

json listCredentials(Database &db, const ListQuery &q) {
  Where w;
  w.add("c.status", q.status);
  w.add("c.kind", q.kind);
  w.add("c.owner", q.owner);
  json out = json::array();
  for (const Row &r : db.query(std::string("SELECT ") + CredentialColumns +
                                   " FROM credentials c" + w.sql +
                                   " ORDER BY c.last_seen DESC, c.fingerprint" + w.page(q),
                               w.params))
    out.push_back(credentialJson(r));
  return out;
}

std::optional<json> getCredential(Database &db, const std::string &fingerprint) {
  auto rows = db.query(std::string("SELECT ") + CredentialColumns +
                           " FROM credentials c WHERE c.fingerprint = $1",
                       {fingerprint});
  if (rows.empty())
    return std::nullopt;
  json cred = credentialJson(rows[0]);
  ListQuery q;
  q.credential = fingerprint;
  q.limit = 10000;
  cred["findings_list"] = listFindings(db, q);
  ListQuery h;
  h.target = fingerprint;
  h.limit = 10000;
  cred["history"] = listAudit(db, h);
  return cred;
}

json listFindings(Database &db, const ListQuery &q) {
  Where w;
  w.add("credential", q.credential);
  w.add("rule", q.rule);
  json out = json::array();
  for (const Row &r : db.query(std::string("SELECT ") + FindingColumns + " FROM findings" +
                                   w.sql + " ORDER BY created DESC, fingerprint, credential" +
                                   w.page(q),
                               w.params))
    out.push_back(findingJson(r));
  return out;
}

json listAudit(Database &db, const ListQuery &q) {
  Where w;
  w.add("target", q.target);
  w.add("actor", q.actor);
  json out = json::array();
  for (const Row &r : db.query("SELECT id, at, actor, action, target, detail FROM audit" +
                                   w.sql + " ORDER BY id" + w.page(q),
                               w.params))
    out.push_back(auditJson(r));
  return out;
}

std::optional<json> patchCredential(Database &db, const std::string &fingerprint,
                                    const json &patch, const std::string &actor) {
  static const std::set<std::string> fields = {"owner", "scope", "status", "note"};
  if (!patch.is_object())
    throw PatchError("$: expected an object with owner, scope, status or note");
  if (patch.empty())
    throw PatchError("$: nothing to change (give owner, scope, status or note)");
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (!fields.count(it.key()))
      throw PatchError("$." + it.key() + ": unknown field (allowed: owner, scope, status, note)");
    if (!it->is_string() && !(it->is_null() && it.key() != "status"))
      throw PatchError("$." + it.key() + ": expected a string" +
                       (it.key() == "status" ? "" : " or null"));
    if (it->is_string() && it->get_ref<const std::string &>().size() > 4096)
      throw PatchError("$." + it.key() + ": longer than 4096 bytes");
  }
  if (patch.contains("status")) {
    const auto &s = patch["status"].get_ref<const std::string &>();
    if (s != "active" && s != "rotation-required" && s != "revoked")
      throw PatchError("$.status: expected \"active\", \"rotation-required\" or \"revoked\"");
  }

  std::string now = nowIso();
  Transaction tx(db);
  // Take the row's write lock before reading it, so concurrent PATCHes on
  // PostgreSQL apply one after the other (SQLite's write lock already does).
  if (db.execute("UPDATE credentials SET updated_at = updated_at WHERE fingerprint = $1",
                 {fingerprint}) != 1)
    return std::nullopt;
  auto rows = db.query("SELECT owner, scope, status, note FROM credentials WHERE fingerprint = $1",
                       {fingerprint});
  const char *names[] = {"owner", "scope", "status", "note"};
  json changes = json::object();
  for (int i = 0; i < 4; ++i) {
    if (!patch.contains(names[i]))
      continue;
    json before = cell(rows[0][i]);
    if (before != patch[names[i]])
      changes[names[i]] = {{"from", before}, {"to", patch[names[i]]}};
  }
  if (!changes.empty()) {
    auto value = [&](const char *name, int i) -> Value {
      if (!patch.contains(name))
        return rows[0][i];
      return patch[name].is_null() ? Value() : Value(patch[name].get<std::string>());
    };
    Value status = value("status", 2);
    // Back to active from rotation-required or revoked: the credential was
    // rotated now; findings from before no longer count against it.
    bool rotated = changes.contains("status") && *status == "active";
    db.execute("UPDATE credentials SET owner = $2, scope = $3, status = $4, note = $5, "
               "updated_at = $6, rotated_at = CASE WHEN $7 = '1' THEN $6 ELSE rotated_at END "
               "WHERE fingerprint = $1",
               {fingerprint, value("owner", 0), value("scope", 1), status, value("note", 3),
                now, std::string(rotated ? "1" : "0")});
    json detail = {{"changes", changes}};
    if (rotated)
      detail["rotated_at"] = now;
    writeAudit(db, actor, "credential.updated", fingerprint, detail);
  }
  tx.commit();
  return getCredential(db, fingerprint);
}

} // namespace credtaint::inventory
