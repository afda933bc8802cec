// Reading and changing credentials: the list with its filters, search, sort
// and counts; one credential with its findings, hosts, rotations and
// history; PATCH. Ingest is in Ingest.cpp, the transitions in Lifecycle.cpp.
#include "Inventory.h"

#include "Lifecycle.h"
#include "MultiRow.h"
#include "Time.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

// The computed state; $1 is always now in the queries that use it.
const char *const StateExpr =
    "(CASE WHEN c.status = 'revoked' THEN 'revoked' "
    "WHEN c.dormant_at IS NOT NULL THEN 'dormant' "
    "WHEN c.status = 'rotation-required' AND c.rotate_by IS NOT NULL AND c.rotate_by <= $1 "
    "THEN 'overdue' "
    "WHEN c.status = 'rotation-required' THEN 'rotation-required' ELSE 'active' END)";

// Open findings: those newer than the last rotation (a rotation closes what
// came before it).
const char *const OpenExpr = "(SELECT COUNT(*) FROM findings f WHERE f.credential = c.fingerprint "
                             "AND f.created > COALESCE(c.rotated_at, ''))";

const char *const OwnerExpr = "COALESCE(c.owner, c.owner_suggested)";

std::string credentialColumns() {
  return std::string("c.fingerprint, c.kind, c.type, c.name, c.project, c.scope, c.defined_at, "
                     "c.size_bits, c.owner, c.status, c.note, c.first_seen, c.last_seen, "
                     "c.rotated_at, c.created_at, c.updated_at, ") +
         OpenExpr +
         ", (SELECT COUNT(*) FROM findings f WHERE f.credential = c.fingerprint), "
         "c.owner_suggested, c.owner_reason, c.exposed_at, c.severity, c.rotate_by, "
         "c.dormant_at, c.rotation_state, c.rotation_at, c.rotation_note, c.superseded_by, "
         "c.supersedes, c.last_seen_run, c.last_run_at, " +
         StateExpr;
}

json cell(const Value &v) { return v ? json(*v) : json(nullptr); }

json number(const Value &v) { return v ? json(std::stoll(*v)) : json(nullptr); }

json credentialJson(const Row &r) {
  bool adminOwner = r[8].has_value(), suggested = r[18].has_value();
  json rotation = nullptr;
  if (r[24])
    rotation = {{"state", *r[24]}, {"rotated_at", cell(r[25])}, {"note", cell(r[26])}};
  return {{"fingerprint", cell(r[0])},
          {"kind", cell(r[1])},
          {"type", cell(r[2])},
          {"name", cell(r[3])},
          {"project", cell(r[4])},
          {"scope", cell(r[5])},
          {"defined_at", cell(r[6])},
          {"size_bits", number(r[7])},
          {"state", cell(r[31])},
          {"status", cell(r[9])},
          {"owner", adminOwner ? cell(r[8]) : cell(r[18])},
          {"owner_source", adminOwner ? json("admin") : suggested ? json("suggested") : json()},
          {"owner_reason", !adminOwner && suggested ? cell(r[19]) : json()},
          {"owner_suggested", cell(r[18])},
          {"unowned", !adminOwner && !suggested},
          {"note", cell(r[10])},
          {"severity", cell(r[21])},
          {"exposed_at", cell(r[20])},
          {"rotate_by", cell(r[22])},
          {"dormant_since", cell(r[23])},
          {"rotation", rotation},
          {"superseded_by", cell(r[27])},
          {"supersedes", cell(r[28])},
          {"hosts", json::array()},
          {"last_seen_run", cell(r[29])},
          {"last_run_at", cell(r[30])},
          {"first_seen", cell(r[11])},
          {"last_seen", cell(r[12])},
          {"rotated_at", cell(r[13])},
          {"created_at", cell(r[14])},
          {"updated_at", cell(r[15])},
          {"open_findings", number(r[16])},
          {"findings", number(r[17])}};
}

// "<url>/blob/<commit>/<file>#L<line>" for a "file:line" (or "... at
// file:line[:column]") reference relative to the repository; null otherwise.
json sourceLink(const Value &url, const Value &commit, const Value &where) {
  if (!url || !commit || !where)
    return nullptr;
  static const std::regex ref(R"((?:^|\s)([^\s:]+):([0-9]+)(?::[0-9]+)?$)");
  std::smatch m;
  if (!std::regex_search(*where, m, ref))
    return nullptr;
  std::string file = m[1];
  if (file.empty() || file[0] == '/' || file.find("..") != std::string::npos)
    return nullptr;
  while (file.rfind("./", 0) == 0)
    file.erase(0, 2);
  return *url + "/blob/" + *commit + "/" + file + "#L" + m[2].str();
}

const char *const FindingColumns =
    "fingerprint, credential, rule, exposure, detector, cwe, severity, description, detail, "
    "sink, source, test, project, created, received_at, run, vcs_url, vcs_commit";

json findingJson(const Row &r) {
  json vcs = r[16] && r[17] ? json{{"url", *r[16]}, {"commit", *r[17]}} : json();
  return {{"fingerprint", cell(r[0])},  {"credential", cell(r[1])},
          {"rule", cell(r[2])},         {"exposure", *r[3] == "1"},
          {"detector", cell(r[4])},     {"cwe", number(r[5])},
          {"severity", cell(r[6])},     {"description", cell(r[7])},
          {"detail", cell(r[8])},       {"sink", cell(r[9])},
          {"source", cell(r[10])},      {"test", cell(r[11])},
          {"project", cell(r[12])},     {"created", cell(r[13])},
          {"received_at", cell(r[14])}, {"run", cell(r[15])},
          {"vcs", vcs},                 {"source_url", sourceLink(r[16], r[17], r[10])},
          {"sink_url", sourceLink(r[16], r[17], r[9])}};
}

json auditJson(const Row &r) {
  json detail = json::parse(*r[5], nullptr, false);
  return {{"id", number(r[0])},     {"at", cell(r[1])},     {"actor", cell(r[2])},
          {"action", cell(r[3])},   {"target", cell(r[4])}, {"detail", detail}};
}

// Appends "AND <expression> = $n" for each filter that is set.
struct Where {
  std::string sql = " WHERE 1=1";
  std::vector<Value> params;
  void add(const std::string &expression, const std::optional<std::string> &value) {
    if (!value)
      return;
    params.push_back(*value);
    sql += " AND " + expression + " = $" + std::to_string(params.size());
  }
  void raw(const std::string &condition) { sql += " AND " + condition; }
  std::string next(const std::string &value) {
    params.push_back(value);
    return "$" + std::to_string(params.size());
  }
  std::string page(const ListQuery &q) const {
    return " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
  }
};

std::string likePattern(const std::string &text) {
  std::string out = "%";
  for (char c : text) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == '%' || lower == '_' || lower == '\\')
      out += '\\';
    out += lower;
  }
  return out + "%";
}

// The credential filters of `q`; with `withState`, the state one too.
Where credentialWhere(const ListQuery &q, const std::string &now, bool withState) {
  Where w;
  w.params.push_back(now); // $1 in StateExpr
  w.add("c.status", q.status);
  w.add("c.kind", q.kind);
  w.add(OwnerExpr, q.owner);
  w.add("c.project", q.project);
  if (q.search && !q.search->empty()) {
    std::string p = w.next(likePattern(*q.search));
    w.raw("(LOWER(c.name) LIKE " + p + " ESCAPE '\\' OR LOWER(COALESCE(c.owner, "
          "c.owner_suggested, '')) LIKE " + p + " ESCAPE '\\')");
  }
  if (withState && q.state) {
    if (*q.state == "unowned")
      w.raw("c.owner IS NULL AND c.owner_suggested IS NULL");
    else
      w.add(StateExpr, q.state);
  }
  return w;
}

std::string orderBy(const std::optional<std::string> &sort, Dialect dialect) {
  if (!sort)
    return " ORDER BY c.last_seen DESC, c.fingerprint";
  bool desc = !sort->empty() && (*sort)[0] == '-';
  std::string key = desc ? sort->substr(1) : *sort;
  static const std::map<std::string, std::string> expressions = {
      {"name", "c.name"},         {"kind", "c.kind"},          {"owner", OwnerExpr},
      {"state", StateExpr},       {"project", "c.project"},    {"last_seen", "c.last_seen"},
      {"open_findings", OpenExpr}, {"rotate_by", "c.rotate_by"}};
  const std::string &e = expressions.at(key);
  std::string dir = desc ? " DESC" : "";
  // Empty values last either way. Text case-insensitively, then by bytes:
  // PostgreSQL's own collation (the cluster's locale) would order
  // differently from SQLite, so it compares bytes ("C") as SQLite does.
  std::string order = " ORDER BY (" + e + " IS NULL)";
  if (key == "open_findings") {
    order += ", " + e + dir;
  } else {
    std::string bytes = dialect == Dialect::PostgreSQL ? " COLLATE \"C\"" : "";
    order += ", LOWER(" + e + ")" + bytes + dir + ", " + e + bytes + dir;
  }
  return order + ", c.fingerprint";
}

// Fills each credential's "hosts" in one query.
void attachHosts(Database &db, json &credentials) {
  std::map<std::string, json *> byFp;
  for (json &c : credentials)
    byFp[c["fingerprint"].get<std::string>()] = &c;
  std::vector<std::string> fps;
  for (auto &[fp, _] : byFp)
    fps.push_back(fp);
  for (size_t start = 0; start < fps.size(); start += MultiRow::InListValues) {
    size_t n = std::min(MultiRow::InListValues, fps.size() - start);
    std::vector<Value> params(fps.begin() + start, fps.begin() + start + n);
    for (const Row &r : db.query("SELECT credential, host, first_seen, last_seen, runs "
                                 "FROM credential_hosts WHERE credential IN (" +
                                     placeholders(1, n) + ") ORDER BY credential, host",
                                 params))
      (*byFp[*r[0]])["hosts"].push_back({{"host", *r[1]},
                                         {"first_seen", cell(r[2])},
                                         {"last_seen", cell(r[3])},
                                         {"runs", number(r[4])}});
  }
}

} // namespace

void writeAudit(Database &db, const std::string &actor, const std::string &action,
                const std::optional<std::string> &target, const json &detail) {
  db.execute("INSERT INTO audit(at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
             {nowIso(), actor, action, target, detail.dump()});
}

void writeAudits(Database &db, const std::string &actor, const std::vector<AuditEntry> &entries) {
  MultiRow inserts("INSERT INTO audit(at, actor, action, target, detail) VALUES ", "", 5);
  std::string now = nowIso();
  for (const AuditEntry &e : entries)
    inserts.add({now, e.actor.value_or(actor), e.action, e.target, e.detail.dump()});
  inserts.execute(db);
}

json rejectedEntries(const std::vector<std::string> &rejected) {
  constexpr size_t Listed = 100;
  json list = json::array();
  for (size_t i = 0; i < rejected.size() && i < Listed; ++i)
    list.push_back(rejected[i]);
  return {{"rejected", list}, {"rejected_count", rejected.size()}};
}

std::optional<std::string> checkCredentialQuery(const ListQuery &q) {
  if (q.state && *q.state != "unowned" &&
      std::find(CredentialStates.begin(), CredentialStates.end(), *q.state) ==
          CredentialStates.end())
    return "query parameter state: expected active, rotation-required, overdue, dormant, "
           "revoked or unowned";
  if (q.status && *q.status != "active" && *q.status != "rotation-required" &&
      *q.status != "revoked")
    return "query parameter status: expected active, rotation-required or revoked";
  if (q.sort) {
    std::string key = !q.sort->empty() && (*q.sort)[0] == '-' ? q.sort->substr(1) : *q.sort;
    if (std::find(CredentialSorts.begin(), CredentialSorts.end(), key) == CredentialSorts.end())
      return "query parameter sort: expected name, kind, owner, state, project, last_seen, "
             "open_findings or rotate_by, with '-' in front for descending order";
  }
  if (q.search && q.search->size() > 256)
    return "query parameter q: longer than 256 characters";
  return std::nullopt;
}

json listCredentials(Database &db, const ListQuery &q) {
  Where w = credentialWhere(q, nowIso(), true);
  json out = json::array();
  for (const Row &r : db.query("SELECT " + credentialColumns() + " FROM credentials c" + w.sql +
                                   orderBy(q.sort, db.dialect()) + w.page(q),
                               w.params))
    out.push_back(credentialJson(r));
  attachHosts(db, out);
  return out;
}

json credentialCounts(Database &db, const ListQuery &q) {
  json counts = json::object();
  for (const std::string &s : CredentialStates)
    counts[s] = 0;
  long long unowned = 0;
  Where w = credentialWhere(q, nowIso(), false);
  for (const Row &r : db.query(std::string("SELECT ") + StateExpr +
                                   ", COUNT(*), SUM(CASE WHEN c.owner IS NULL AND "
                                   "c.owner_suggested IS NULL THEN 1 ELSE 0 END) "
                                   "FROM credentials c" + w.sql + " GROUP BY 1",
                               w.params)) {
    counts[*r[0]] = std::stoll(*r[1]);
    unowned += r[2] ? std::stoll(*r[2]) : 0;
  }
  counts["unowned"] = unowned;
  return counts;
}

json queryCredentials(Database &db, const ListQuery &q) {
  json result = {{"credentials", listCredentials(db, q)}};
  json counts = credentialCounts(db, q);
  // The counts are over every filter but state: the total is one of them,
  // or their sum.
  long long total = 0;
  if (q.state) {
    total = counts[*q.state].get<long long>();
  } else {
    for (const std::string &s : CredentialStates)
      total += counts[s].get<long long>();
  }
  result["total"] = total;
  result["counts"] = counts;
  return result;
}

std::optional<json> getCredential(Database &db, const std::string &fingerprint) {
  auto rows = db.query("SELECT " + credentialColumns() +
                           " FROM credentials c WHERE c.fingerprint = $2",
                       {nowIso(), fingerprint});
  if (rows.empty())
    return std::nullopt;
  json list = json::array({credentialJson(rows[0])});
  attachHosts(db, list);
  json cred = list[0];
  // Where the source is: the revision of the last run that saw it.
  auto vcs = db.query("SELECT r.vcs_url, r.vcs_commit FROM runs r JOIN credentials c "
                      "ON r.project = COALESCE(c.project, '') AND r.run = c.last_seen_run "
                      "WHERE c.fingerprint = $1",
                      {fingerprint});
  bool haveVcs = !vcs.empty() && vcs[0][0] && vcs[0][1];
  cred["vcs"] = haveVcs ? json{{"url", *vcs[0][0]}, {"commit", *vcs[0][1]}} : json();
  cred["defined_at_url"] =
      haveVcs ? sourceLink(vcs[0][0], vcs[0][1], rows[0][6]) : json();
  json rotations = json::array();
  for (const Row &r : db.query("SELECT id, recorded_at, actor, note, state, resolved_at, "
                               "resolved_run, successor, exposed_at, rotate_by FROM rotations "
                               "WHERE credential = $1 ORDER BY id",
                               {fingerprint}))
    rotations.push_back({{"id", number(r[0])},         {"rotated_at", cell(r[1])},
                         {"actor", cell(r[2])},        {"note", cell(r[3])},
                         {"state", cell(r[4])},        {"resolved_at", cell(r[5])},
                         {"resolved_run", cell(r[6])}, {"superseded_by", cell(r[7])},
                         {"exposed_at", cell(r[8])},   {"rotate_by", cell(r[9])}});
  cred["rotations"] = rotations;
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
                                    const json &patch, const std::string &actor,
                                    const Policy &policy) {
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
    std::string from = *rows[0][2];
    std::string to = *value("status", 2);
    bool statusChanged = changes.contains("status");
    // Back to active from rotation-required or revoked: the credential was
    // rotated now; findings from before no longer count against it.
    bool rotated = statusChanged && to == "active";
    db.execute("UPDATE credentials SET owner = $2, scope = $3, note = $4, updated_at = $5, "
               "status = CASE WHEN $6 = '1' THEN status ELSE $7 END, "
               "dormant_at = CASE WHEN $7 = 'revoked' THEN NULL ELSE dormant_at END "
               "WHERE fingerprint = $1",
               {fingerprint, value("owner", 0), value("scope", 1), value("note", 3), now,
                std::string(rotated ? "1" : "0"), to});
    json detail = {{"changes", changes}};
    if (rotated)
      detail["rotated_at"] = now;
    writeAudit(db, actor, "credential.updated", fingerprint, detail);
    if (rotated) {
      recordRotationLocked(db, fingerprint, std::nullopt, actor, now);
    } else if (statusChanged) {
      writeAudit(db, actor, "credential.status", fingerprint,
                 {{"from", from}, {"to", to}, {"reason", "set by an admin"}});
      if (to == "rotation-required")
        refreshDeadlines(db, {fingerprint}, policy, now);
    }
  }
  tx.commit();
  return getCredential(db, fingerprint);
}

} // namespace credtaint::inventory
