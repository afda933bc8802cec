// One credential's page: what a security team asks about it — its state,
// who owns it, its deadline, where it was actually used against where it
// may be used, what replaced it, the findings (linked to the source line
// when the run named its repository and commit) and the history — and, for
// admin sessions, the forms that change it.
#include "WebPages.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

std::string e(const json &v) { return htmlEscape(jsonText(v)); }

json at(const json &object, const char *key) {
  return object.is_object() ? object.value(key, json()) : json();
}

std::string code(const std::string &text) { return "<code>" + htmlEscape(text) + "</code>"; }

std::string link(const std::string &href, const std::string &text) {
  return "<a href=\"" + htmlEscape(href) + "\">" + htmlEscape(text) + "</a>";
}

std::string stateOf(const json &c) {
  json state = at(c, "state");
  return state.is_string() ? state.get<std::string>() : jsonText(at(c, "status"));
}

// Lower case, no IPv6 brackets, no trailing dot, no surrounding blanks.
std::string canonicalHost(std::string h) {
  h.erase(0, std::min(h.find_first_not_of(" \t"), h.size()));
  h.erase(h.find_last_not_of(" \t") + 1);
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
  if (h.size() > 2 && h.front() == '[' && h.back() == ']')
    h = h.substr(1, h.size() - 2);
  while (!h.empty() && h.back() == '.')
    h.pop_back();
  return h;
}

std::vector<std::string> hostNames(const json &hosts) {
  std::vector<std::string> names;
  if (!hosts.is_array())
    return names;
  for (const json &h : hosts) {
    json name = h.is_string() ? h : at(h, "host");
    if (name.is_string() && !name.get<std::string>().empty())
      names.push_back(name.get<std::string>());
  }
  return names;
}

std::string codeList(const std::vector<std::string> &items, const char *cls = nullptr) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i)
      out += i + 1 == items.size() ? " and " : ", ";
    out += cls ? "<code class=\"" + std::string(cls) + "\">" + htmlEscape(items[i]) + "</code>"
               : code(items[i]);
  }
  return out;
}

std::string ownerCell(const json &c) {
  json owner = at(c, "owner");
  if (at(c, "unowned") == true || owner.is_null())
    return "<td id=\"field-owner\" class=\"unowned\">unowned</td>";
  if (at(c, "owner_source") == "suggested")
    return "<td id=\"field-owner\" class=\"suggested\">" + e(owner) +
           " <span id=\"owner-suggested\">(suggested: " + e(at(c, "owner_reason")) +
           ")</span></td>";
  std::string by;
  if (at(c, "owner_source") == "admin") {
    json suggested = at(c, "owner_suggested");
    by = suggested.is_string() && suggested != owner
             ? " <span>(set by an admin; the export suggests " + e(suggested) + ")</span>"
             : " <span>(set by an admin)</span>";
  }
  return "<td id=\"field-owner\">" + e(owner) + by + "</td>";
}

std::string rotateByCell(const json &c) {
  json by = at(c, "rotate_by");
  if (by.is_null())
    return "<td id=\"field-rotate_by\">none</td>";
  if (stateOf(c) == "overdue")
    return "<td id=\"field-rotate_by\" class=\"overdue\">" + e(by) + " (overdue)</td>";
  return "<td id=\"field-rotate_by\">" + e(by) + "</td>";
}

std::string fieldsTable(const json &c) {
  std::string state = stateOf(c);
  std::string out = "<table id=\"credential\">";
  auto row = [&](const char *key, const char *label) {
    out += std::string("<tr><th>") + label + "</th><td id=\"field-" + key + "\">" +
           e(at(c, key)) + "</td></tr>";
  };
  // Rows that only mean something once set (an exposure, dormancy).
  auto rowIfSet = [&](const char *key, const char *label) {
    if (!at(c, key).is_null())
      row(key, label);
  };
  row("fingerprint", "Fingerprint");
  row("kind", "Kind");
  row("type", "Type");
  out += "<tr><th>State</th><td id=\"field-state\" class=\"state state-" + htmlEscape(state) +
         "\">" + htmlEscape(state) + "</td></tr>";
  out += "<tr><th>Owner</th>" + ownerCell(c) + "</tr>";
  out += "<tr><th>Rotate by</th>" + rotateByCell(c) + "</tr>";
  rowIfSet("exposed_at", "Exposed since");
  row("severity", "Severity");
  rowIfSet("dormant_since", "Dormant since");
  row("scope", "Scope");
  row("project", "Project");
  std::string definedAt = jsonText(at(c, "defined_at"));
  std::string definedUrl = sourceLineUrl(at(c, "vcs"), definedAt);
  out += "<tr><th>Defined at</th><td id=\"field-defined_at\">" +
         (definedUrl.empty() ? htmlEscape(definedAt) : link(definedUrl, definedAt)) +
         "</td></tr>";
  row("first_seen", "First seen");
  row("last_seen", "Last seen");
  row("last_seen_run", "Last seen by run");
  row("open_findings", "Open findings");
  row("note", "Note");
  return out + "</table>";
}

std::string chainLinks(const json &fps) {
  std::vector<std::string> list;
  if (fps.is_string())
    list.push_back(fps.get<std::string>());
  else if (fps.is_array())
    for (const json &fp : fps)
      if (fp.is_string())
        list.push_back(fp.get<std::string>());
  if (list.empty())
    return "none";
  std::string out;
  for (const std::string &fp : list)
    out += (out.empty() ? "" : ", ") + link(credentialPagePath(fp), fp);
  return out;
}

std::string rotationSection(const json &c) {
  std::string out = "<h2>Rotation</h2><table id=\"rotation\"><tr><th>Last rotation</th>"
                    "<td id=\"field-rotation\">";
  json r = at(c, "rotation");
  if (r.is_object()) {
    std::string state = jsonText(at(r, "state"));
    out += "<span class=\"rotation-" + htmlEscape(state) + "\">" + htmlEscape(state) +
           "</span>, recorded " + e(at(r, "rotated_at"));
    if (!jsonText(at(r, "note")).empty())
      out += ": " + e(at(r, "note"));
  } else if (!at(c, "rotated_at").is_null()) {
    out += "recorded " + e(at(c, "rotated_at"));
  } else {
    out += "none recorded";
  }
  out += "</td></tr><tr><th>Supersedes</th><td id=\"field-supersedes\">" +
         chainLinks(at(c, "supersedes")) +
         "</td></tr><tr><th>Superseded by</th><td id=\"field-superseded_by\">" +
         chainLinks(at(c, "superseded_by")) + "</td></tr></table>";
  // Every rotation recorded, and what the runs after it made of it.
  json rotations = at(c, "rotations");
  if (!rotations.is_array() || rotations.empty())
    return out;
  out += "<table id=\"rotations\"><thead><tr><th>Recorded</th><th>By</th><th>Note</th>"
         "<th>Outcome</th><th>Decided</th><th>Superseded by</th></tr></thead><tbody>";
  for (const json &rot : rotations) {
    std::string state = jsonText(at(rot, "state"));
    out += "<tr class=\"rotation\"><td>" + e(at(rot, "rotated_at")) + "</td><td>" +
           e(at(rot, "actor")) + "</td><td>" + e(at(rot, "note")) + "</td><td class=\"rotation-" +
           htmlEscape(state) + "\">" + htmlEscape(state) + "</td><td>" +
           e(at(rot, "resolved_at")) +
           (at(rot, "resolved_run").is_null() ? "" : " (run " + e(at(rot, "resolved_run")) + ")") +
           "</td><td>" +
           (at(rot, "superseded_by").is_null() ? "" : chainLinks(at(rot, "superseded_by"))) +
           "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string observedUse(const json &c) {
  std::string out = "<h2>Observed use</h2><p id=\"use-summary\">" +
                    observedUseSummary(at(c, "scope"), at(c, "hosts")) + "</p>";
  json hosts = at(c, "hosts");
  if (!hosts.is_array() || hosts.empty())
    return out;
  std::string scope = jsonText(at(c, "scope"));
  out += "<table id=\"hosts\"><thead><tr><th>Host</th><th>In scope</th><th>First seen</th>"
         "<th>Last seen</th><th>Runs</th></tr></thead><tbody>";
  for (const json &h : hosts) {
    std::string name = jsonText(h.is_string() ? h : at(h, "host"));
    bool in = !scope.empty() && hostInDeclaredScope(scope, name);
    out += "<tr class=\"host\"><td>" + code(name) + "</td><td" +
           (scope.empty() ? ">no scope declared" : in ? ">yes" : " class=\"outside-scope\">no") +
           "</td><td>" + e(at(h, "first_seen")) + "</td><td>" + e(at(h, "last_seen")) +
           "</td><td>" + e(at(h, "runs")) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

// A finding's location, linked to its line when the run named its commit.
std::string locationCell(const json &vcs, const json &location, const char *cls) {
  std::string text = jsonText(location);
  std::string url = vcs.is_null() ? "" : sourceLineUrl(vcs, text);
  std::string open = std::string("<td class=\"") + cls + "\">";
  return open + (url.empty() ? htmlEscape(text) : link(url, text)) + "</td>";
}

std::string findingsTable(const json &c) {
  std::string out = "<h2>Findings</h2><table id=\"findings\"><thead><tr><th>Rule</th>"
                    "<th>Created</th><th>Severity</th><th>Where</th><th>Source</th>"
                    "<th>Test</th><th>Detail</th><th>Finding</th></tr></thead><tbody>";
  json findings = at(c, "findings_list");
  for (const json &f : findings.is_array() ? findings : json::array()) {
    json vcs = at(f, "vcs").is_null() ? at(c, "vcs") : at(f, "vcs");
    out += "<tr class=\"finding\"><td class=\"rule\">" + e(at(f, "rule")) + "</td><td>" +
           e(at(f, "created")) + "</td><td>" + e(at(f, "severity")) + "</td>" +
           locationCell(vcs, at(f, "sink"), "sink") +
           locationCell(vcs, at(f, "source"), "source") + "<td>" + e(at(f, "test")) +
           "</td><td>" + e(at(f, "detail")) + "</td><td><code>" + e(at(f, "fingerprint")) +
           "</code></td></tr>";
  }
  return out + "</tbody></table>";
}

std::string hidden(const char *name, const std::string &value) {
  return std::string("<input type=\"hidden\" name=\"") + name + "\" value=\"" +
         htmlEscape(value) + "\">";
}

// The owner an admin set (an owner only suggested is not filled in, so
// saving the form does not turn the suggestion into a decision).
std::string adminOwner(const json &c) {
  if (at(c, "owner_source") == "suggested" || at(c, "unowned") == true)
    return "";
  return jsonText(at(c, "owner"));
}

std::string adminForms(const json &c, const Viewer &v, const FormOutcome &o) {
  std::string base = credentialPagePath(jsonText(at(c, "fingerprint")));
  std::string csrf = hidden("csrf", v.csrf);
  auto typed = [&](const char *name, const std::string &current) {
    auto it = o.values.find(name);
    return it != o.values.end() ? it->second : current;
  };
  std::string owner = adminOwner(c), scope = jsonText(at(c, "scope")),
              note = jsonText(at(c, "note"));
  std::string suggested =
      at(c, "owner_source") == "suggested" ? "suggested: " + jsonText(at(c, "owner")) : "";
  std::string out = "<h2>Change</h2>";
  // The was_* fields carry what the form showed: only the fields the admin
  // changed are sent on, so a concurrent change to another field stays.
  out += "<form id=\"form-edit\" class=\"admin\" method=\"post\" action=\"" +
         htmlEscape(base + "/edit") + "\">" + csrf + hidden("was_owner", owner) +
         hidden("was_scope", scope) + hidden("was_note", note) +
         "<label>Owner <input name=\"owner\" value=\"" + htmlEscape(typed("owner", owner)) +
         "\" placeholder=\"" + htmlEscape(suggested) +
         "\"></label><label>Scope <input name=\"scope\" value=\"" +
         htmlEscape(typed("scope", scope)) +
         "\"></label><label>Note <input name=\"note\" size=\"40\" value=\"" +
         htmlEscape(typed("note", note)) +
         "\"></label><button type=\"submit\">Save</button></form>";
  // A revoked credential is neither rotated nor revoked again.
  if (jsonText(at(c, "status")) == "revoked")
    return out + "<p id=\"revoked-note\">Revoked: there is no rotation to record.</p>";
  out += "<form id=\"form-rotation\" class=\"admin\" method=\"post\" action=\"" +
         htmlEscape(base + "/rotation") + "\">" + csrf +
         "<label>Rotation note <input name=\"note\" size=\"40\" "
         "placeholder=\"what was rotated, where the new value is\" value=\"" +
         htmlEscape(typed("rotation_note", "")) +
         "\"></label><button type=\"submit\">Record rotation</button></form>";
  out += "<form id=\"form-revocation\" class=\"admin\" method=\"post\" action=\"" +
         htmlEscape(base + "/revocation") + "\">" + csrf +
         "<button type=\"submit\">Record revocation</button></form>";
  return out;
}

std::string historyTable(const json &c) {
  std::string out = "<h2>History</h2><table id=\"history\"><thead><tr><th>When</th>"
                    "<th>Who</th><th>What</th><th>Detail</th></tr></thead><tbody>";
  json history = at(c, "history");
  for (const json &h : history.is_array() ? history : json::array())
    out += "<tr><td>" + e(at(h, "at")) + "</td><td>" + e(at(h, "actor")) + "</td><td>" +
           e(at(h, "action")) + "</td><td><code>" + htmlEscape(at(h, "detail").dump()) +
           "</code></td></tr>";
  return out + "</tbody></table>";
}

} // namespace

bool hostInDeclaredScope(const std::string &scope, const std::string &host) {
  std::string h = canonicalHost(host);
  if (h.empty())
    return false;
  size_t start = 0;
  while (start <= scope.size()) {
    size_t end = scope.find(',', start);
    if (end == std::string::npos)
      end = scope.size();
    std::string p = canonicalHost(scope.substr(start, end - start));
    start = end + 1;
    if (p.empty())
      continue;
    if (p == "*" || p == h)
      return true;
    if (p.size() > 2 && p[0] == '*' && p[1] == '.') {
      std::string domain = p.substr(1); // ".example.com"
      if (h.size() > domain.size() &&
          h.compare(h.size() - domain.size(), domain.size(), domain) == 0)
        return true;
    }
  }
  return false;
}

std::string observedUseSummary(const json &scopeValue, const json &hosts) {
  std::string scope = jsonText(scopeValue);
  std::vector<std::string> names = hostNames(hosts), inside, outside;
  for (const std::string &h : names)
    (hostInDeclaredScope(scope, h) ? inside : outside).push_back(h);
  std::string declared = scope.empty() ? "No scope declared" : "Scope declared " + code(scope);
  if (names.empty())
    return declared + "; no use observed by a test run yet.";
  if (scope.empty())
    return declared + "; used with " + codeList(names) + ".";
  if (outside.empty())
    return declared + ", used only with " + codeList(inside) + ".";
  if (inside.empty())
    return declared + ", used only outside it, with " + codeList(outside, "outside-scope") + ".";
  return declared + ", used with " + codeList(inside) + " and outside it with " +
         codeList(outside, "outside-scope") + ".";
}

std::string sourceLineUrl(const json &vcs, const std::string &location) {
  std::string url, commit;
  if (vcs.is_string()) {
    const std::string &s = vcs.get_ref<const std::string &>();
    size_t sep = s.rfind('@');
    if (sep == std::string::npos)
      return "";
    url = s.substr(0, sep);
    commit = s.substr(sep + 1);
  } else if (vcs.is_object()) {
    url = jsonText(at(vcs, "url"));
    commit = jsonText(at(vcs, "commit"));
  } else {
    return "";
  }
  // https only: no javascript:, no http:, nothing that leaves the attribute.
  static const std::regex httpsUrl(
      R"(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&()*+,;=:@-]*)*)");
  static const std::regex hex40("[0-9a-fA-F]{40}");
  if (!std::regex_match(url, httpsUrl) || !std::regex_match(commit, hex40))
    return "";
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  if (url.size() > 4 && url.compare(url.size() - 4, 4, ".git") == 0)
    url.erase(url.size() - 4);
  std::transform(commit.begin(), commit.end(), commit.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });

  // "fwrite(stderr) at src/a.cpp:57" or "src/a.cpp:42" (":col" may follow).
  std::string where = location;
  size_t atWord = where.rfind(" at ");
  if (atWord != std::string::npos)
    where = where.substr(atWord + 4);
  static const std::regex fileLine(R"(([^:\\\r\n\t]+):([0-9]{1,9})(:[0-9]+)?)");
  std::smatch m;
  if (!std::regex_match(where, m, fileLine))
    return "";
  std::string file = m[1].str();
  if (file.front() == '/')
    return "";
  std::string path;
  size_t start = 0;
  while (start <= file.size()) {
    size_t end = file.find('/', start);
    if (end == std::string::npos)
      end = file.size();
    std::string segment = file.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..")
      return "";
    path += (path.empty() ? "" : "/") + urlEncode(segment);
    start = end + 1;
  }
  return url + "/blob/" + commit + "/" + path + "#L" + m[2].str();
}

std::string renderCredentialDetail(const json &c, const Viewer &viewer,
                                   const FormOutcome &outcome) {
  std::string body = "<h1>" + e(at(c, "name")) + "</h1>";
  if (!outcome.error.empty())
    body += "<p id=\"error\" role=\"alert\">" + htmlEscape(outcome.error) + "</p>";
  else if (!outcome.notice.empty())
    body += "<p id=\"notice\" role=\"status\">" + htmlEscape(outcome.notice) + "</p>";
  body += fieldsTable(c) + observedUse(c) + rotationSection(c) + findingsTable(c);
  if (viewer.admin && !viewer.csrf.empty())
    body += adminForms(c, viewer, outcome);
  body += historyTable(c);
  return renderPage(jsonText(at(c, "name")) + " \xc2\xb7 credtaint inventory", viewer, body);
}

} // namespace credtaint::inventory
