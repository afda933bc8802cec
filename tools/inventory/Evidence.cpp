#include "Evidence.h"

#include "Time.h"

#include <regex>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

const char *const Columns[] = {"id",   "at",      "event", "action", "credential",
                               "name", "kind",    "project", "actor", "detail"};

json cell(const Value &v) { return v ? json(*v) : json(nullptr); }

std::string csvField(const json &v) {
  std::string s = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                     s[0] == '\r'))
    s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

} // namespace

std::optional<std::string> parsePeriodBound(const std::string &text) {
  static const std::regex date("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  if (std::regex_match(text, date))
    return normalizeIso(text + "T00:00:00Z");
  return normalizeIso(text);
}

std::optional<std::string> lifecycleEvent(const std::string &action, const json &detail) {
  if (action == "credential.created" || action == "key.created")
    return "inventoried";
  if (action == "credential.owner-suggested")
    return detail.value("effective", false) ? std::optional<std::string>("owned") : std::nullopt;
  if (action == "credential.updated") {
    // An admin setting an owner; status changes have their own records.
    auto changes = detail.find("changes");
    if (changes != detail.end() && changes->is_object() && changes->contains("owner") &&
        !(*changes)["owner"].value("to", json()).is_null())
      return "owned";
    return std::nullopt;
  }
  if (action == "credential.status") {
    std::string to = detail.value("to", "");
    if (to == "rotation-required")
      return "exposed";
    if (to == "revoked")
      return "revoked";
    return std::nullopt;
  }
  if (action == "key.revoked")
    return "revoked";
  if (action == "credential.overdue")
    return "overdue";
  if (action == "rotation.recorded")
    return "rotated";
  if (action == "rotation.verified")
    return "verified";
  if (action == "rotation.failed")
    return "failed";
  if (action == "credential.dormant")
    return "dormant";
  if (action == "revoked.in-use")
    return "revoked-in-use";
  return std::nullopt;
}

json evidenceReport(Database &db, const std::optional<std::string> &from,
                    const std::optional<std::string> &to) {
  std::string sql =
      "SELECT a.id, a.at, a.actor, a.action, a.target, a.detail, c.name, c.kind, c.project "
      "FROM audit a LEFT JOIN credentials c ON c.fingerprint = a.target "
      "WHERE a.action IN " CREDTAINT_INVENTORY_LIFECYCLE_ACTIONS;
  std::vector<Value> params;
  if (from) {
    params.push_back(*from);
    sql += " AND a.at >= $" + std::to_string(params.size());
  }
  if (to) {
    params.push_back(*to);
    sql += " AND a.at < $" + std::to_string(params.size());
  }
  json events = json::array();
  for (const Row &r : db.query(sql + " ORDER BY a.id", params)) {
    json detail = json::parse(*r[5], nullptr, false);
    if (detail.is_discarded())
      detail = json::object();
    auto event = lifecycleEvent(*r[3], detail);
    if (!event)
      continue;
    events.push_back({{"id", std::stoll(*r[0])},
                      {"at", cell(r[1])},
                      {"event", *event},
                      {"action", cell(r[3])},
                      {"credential", cell(r[4])},
                      {"name", cell(r[6])},
                      {"kind", cell(r[7])},
                      {"project", cell(r[8])},
                      {"actor", cell(r[2])},
                      {"detail", detail}});
  }
  return {{"from", from ? json(*from) : json()},
          {"to", to ? json(*to) : json()},
          {"generated_at", nowIso()},
          {"count", events.size()},
          {"events", events}};
}

std::string evidenceCsv(const json &report) {
  std::string out;
  for (size_t i = 0; i < std::size(Columns); ++i)
    out += std::string(i ? "," : "") + Columns[i];
  out += "\r\n";
  for (const json &e : report["events"]) {
    for (size_t i = 0; i < std::size(Columns); ++i) {
      const json &v = e[Columns[i]];
      out += (i ? "," : "") + csvField(Columns[i] == std::string("detail") ? json(v.dump()) : v);
    }
    out += "\r\n";
  }
  return out;
}

} // namespace credtaint::inventory
