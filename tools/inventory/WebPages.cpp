// The page layout, the credentials list and the small pages (sign-in, one
// line, not found). A credential's page is in CredentialPage.cpp, the
// metrics in MetricsPage.cpp.
#include "WebPages.h"

#include "Inventory.h"
#include "credtaint/catalog/catalog.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <regex>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

const char *const Style = R"(
body{font-family:sans-serif;margin:2em;color:#222}
header{margin-bottom:1em}
header form{display:inline}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eee}
th a{color:inherit;text-decoration:none}
.state-rotation-required,.state-overdue,.overdue{color:#a00;font-weight:bold}
.state-revoked,.state-dormant{color:#777}
.state-active{color:#070}
.rotation-failed{color:#a00;font-weight:bold}
.rotation-verified{color:#070}
.rotation-pending{color:#a60}
.unowned{color:#a60;font-style:italic}
.suggested{color:#555}
.outside-scope{color:#a00}
#counts a{display:inline-block;margin-right:1em;padding:.2em .6em;border:1px solid #ccc;
  border-radius:4px;text-decoration:none;color:inherit}
#counts a.current{background:#eef}
#counts .n{font-weight:bold;font-size:120%}
#filters label{margin-right:.8em}
#error{color:#a00;font-weight:bold}
#notice{color:#070}
form.admin{margin:.6em 0;padding:.6em;border:1px solid #ddd}
form.admin label{margin-right:.8em}
svg.chart{border:1px solid #ddd;background:#fff}
code{font-size:90%}
)";

const std::vector<std::pair<const char *, const char *>> &columns() {
  // (sort column, header); the row cells follow this order.
  static const std::vector<std::pair<const char *, const char *>> all = {
      {"kind", "Kind"},       {"name", "Name"},
      {"owner", "Owner"},     {"state", "State"},
      {"project", "Project"}, {"open_findings", "Open findings"},
      {"rotate_by", "Rotate by"}, {"last_seen", "Last seen"}};
  return all;
}

std::string e(const json &v) { return htmlEscape(jsonText(v)); }

// A member of an object, null when absent (a const json's [] must not miss).
json at(const json &object, const char *key) { return object.value(key, json()); }

// A credential's state; before the lifecycle fields, its status.
std::string stateOf(const json &c) {
  if (c.contains("state") && c["state"].is_string())
    return c["state"].get<std::string>();
  return jsonText(at(c, "status"));
}

std::string ownerCell(const json &c) {
  if (at(c, "unowned") == true || at(c, "owner").is_null())
    return "<td class=\"owner unowned\">unowned</td>";
  std::string cell = e(at(c, "owner"));
  if (at(c, "owner_source") == "suggested")
    return "<td class=\"owner suggested\" title=\"" + e(at(c, "owner_reason")) + "\">" +
           cell + " (suggested)</td>";
  return "<td class=\"owner\">" + cell + "</td>";
}

std::string countsBar(const json &reply, const ListParams &params) {
  if (!reply.contains("counts") || !reply["counts"].is_object())
    return "";
  std::string out = "<nav id=\"counts\" aria-label=\"Credentials by state\">";
  ListParams all;
  all.limit = params.limit;
  if (reply.contains("total"))
    out += "<a id=\"count-all\" href=\"/\"><span class=\"n\">" + e(reply["total"]) +
           "</span> listed</a>";
  for (const std::string &state : listStates()) {
    ListParams p = all;
    p.state = state;
    json n = reply["counts"].value(state, json(0));
    out += "<a id=\"count-" + state + "\" class=\"state-" + state +
           (params.state == state ? " current" : "") + "\" href=\"" + htmlEscape(listUrl(p)) +
           "\"><span class=\"n\">" + e(n) + "</span> " + state + "</a>";
  }
  return out + "</nav>";
}

std::string option(const std::string &value, const std::string &label,
                   const std::optional<std::string> &current) {
  return "<option value=\"" + htmlEscape(value) + "\"" +
         (current.value_or("") == value ? " selected" : "") + ">" + htmlEscape(label) +
         "</option>";
}

std::string textInput(const char *name, const char *label, const std::optional<std::string> &v,
                      const char *type = "text") {
  return std::string("<label>") + label + " <input type=\"" + type + "\" name=\"" + name +
         "\" value=\"" + htmlEscape(v.value_or("")) + "\"></label>";
}

std::string filterForm(const ListParams &p) {
  std::string out = "<form id=\"filters\" method=\"get\" action=\"/\">";
  out += textInput("q", "Search name or owner", p.q, "search");
  out += "<label>State <select name=\"state\">" + option("", "any", p.state);
  for (const std::string &s : listStates())
    out += option(s, s, p.state);
  out += "</select></label><label>Kind <select name=\"kind\">" + option("", "any", p.kind);
  for (const KindInfo &k : kKinds)
    if (k.kind != Kind::WeakRandom)
      out += option(k.name, k.name, p.kind);
  out += "</select></label>";
  out += textInput("owner", "Owner", p.owner);
  out += textInput("project", "Project", p.project);
  if (!p.sort.empty())
    out += "<input type=\"hidden\" name=\"sort\" value=\"" + htmlEscape(p.sort) + "\">";
  if (p.limit != ListParams().limit)
    out += "<input type=\"hidden\" name=\"limit\" value=\"" + std::to_string(p.limit) + "\">";
  return out + "<button type=\"submit\">Apply</button> <a href=\"/\">Clear</a></form>";
}

std::string headerCell(const char *column, const char *label, const ListParams &p) {
  ListParams next = p;
  next.offset = 0;
  std::string arrow, aria;
  if (p.sort == column) {
    next.sort = std::string("-") + column;
    arrow = " \xe2\x96\xb2"; // ▲
    aria = " aria-sort=\"ascending\"";
  } else {
    next.sort = column;
    if (p.sort == std::string("-") + column) {
      arrow = " \xe2\x96\xbc"; // ▼
      aria = " aria-sort=\"descending\"";
    }
  }
  return "<th" + aria + "><a class=\"sort\" data-sort=\"" + column + "\" href=\"" +
         htmlEscape(listUrl(next)) + "\">" + label + arrow + "</a></th>";
}

std::string pagingBar(const json &reply, const ListParams &p, size_t shown) {
  bool hasTotal = reply.contains("total") && reply["total"].is_number_integer();
  long total = hasTotal ? reply["total"].get<long>() : p.offset + static_cast<long>(shown);
  std::string out = "<p id=\"paging\">";
  if (shown == 0)
    out += "None shown";
  else
    out += "Showing " + std::to_string(p.offset + 1) + "\xe2\x80\x93" +
           std::to_string(p.offset + static_cast<long>(shown)) +
           (hasTotal ? " of " + std::to_string(total) : "");
  if (p.offset > 0) {
    ListParams prev = p;
    prev.offset = std::max(0L, p.offset - p.limit);
    out += " \xc2\xb7 <a id=\"prev\" href=\"" + htmlEscape(listUrl(prev)) + "\">Previous</a>";
  }
  bool more = hasTotal ? p.offset + static_cast<long>(shown) < total
                       : static_cast<long>(shown) == p.limit;
  if (more) {
    ListParams next = p;
    next.offset = p.offset + p.limit;
    out += " \xc2\xb7 <a id=\"next\" href=\"" + htmlEscape(listUrl(next)) + "\">Next</a>";
  }
  return out + "</p>";
}

} // namespace

std::string htmlEscape(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string jsonText(const json &v) {
  if (v.is_null())
    return "";
  if (v.is_string())
    return v.get<std::string>();
  return v.dump();
}

std::string urlEncode(const std::string &text, const char *keep) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (c && std::strchr(keep, c))) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string credentialPagePath(const std::string &fingerprint) {
  return "/credentials/" + urlEncode(fingerprint, ":");
}

std::string renderPage(const std::string &title, const Viewer &viewer, const std::string &body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>" +
                    htmlEscape(title) + "</title><style>" + Style + "</style></head><body>";
  out += "<header><a href=\"/\">credtaint inventory</a>";
  if (!viewer.name.empty()) {
    out += " \xc2\xb7 <a href=\"/metrics\">Metrics</a> \xc2\xb7 signed in as <span id=\"who\">" +
           htmlEscape(viewer.name) + "</span>" + (viewer.admin ? " (admin)" : "");
    if (!viewer.csrf.empty())
      out += " <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" "
             "value=\"" +
             htmlEscape(viewer.csrf) + "\"><button type=\"submit\">Sign out</button></form>";
  }
  out += "</header><main>" + body + "</main></body></html>\n";
  return out;
}

std::string renderMessage(const std::string &heading, const std::string &line,
                          const Viewer &viewer) {
  return renderPage(heading + " \xc2\xb7 credtaint inventory", viewer,
                    "<h1>" + htmlEscape(heading) + "</h1><p id=\"error\" role=\"alert\">" +
                        htmlEscape(line) + "</p>");
}

const std::vector<std::string> &listStates() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> states = CredentialStates;
    states.push_back("unowned");
    return states;
  }();
  return all;
}

const std::vector<std::string> &listSortColumns() { return CredentialSorts; }

std::optional<std::string>
parseListParams(const std::function<std::optional<std::string>(const char *)> &get,
                ListParams &out) {
  constexpr size_t MaxText = 1024;
  auto given = [&](const char *name) -> std::optional<std::string> {
    auto v = get(name);
    if (!v || v->empty())
      return std::nullopt;
    return v;
  };
  auto joined = [](const std::vector<std::string> &names) {
    std::string s;
    for (const std::string &n : names)
      s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  for (auto [name, field] : {std::pair{"state", &out.state}, std::pair{"kind", &out.kind},
                             std::pair{"owner", &out.owner}, std::pair{"project", &out.project},
                             std::pair{"q", &out.q}}) {
    *field = given(name);
    if (*field && (*field)->size() > MaxText)
      return std::string("query parameter ") + name + ": longer than " +
             std::to_string(MaxText) + " bytes";
  }
  const auto &states = listStates();
  if (out.state && std::find(states.begin(), states.end(), *out.state) == states.end())
    return "query parameter state: expected one of " + joined(states);
  if (auto sort = given("sort")) {
    std::string column = (*sort)[0] == '-' ? sort->substr(1) : *sort;
    const auto &sortable = listSortColumns();
    if (std::find(sortable.begin(), sortable.end(), column) == sortable.end())
      return "query parameter sort: expected one of " + joined(sortable) +
             " (a leading - sorts descending)";
    out.sort = *sort;
  }
  static const std::regex digits("[0-9]{1,10}");
  for (auto [name, target, min, max] : {std::tuple{"limit", &out.limit, 1L, 1000L},
                                        std::tuple{"offset", &out.offset, 0L, 1000000000L}}) {
    auto v = given(name);
    if (!v)
      continue;
    if (!std::regex_match(*v, digits) || std::stol(*v) < min || std::stol(*v) > max)
      return std::string("query parameter ") + name + ": expected an integer from " +
             std::to_string(min) + " to " + std::to_string(max);
    *target = std::stol(*v);
  }
  return std::nullopt;
}

std::string listUrl(const ListParams &p) {
  std::string q;
  auto add = [&](const char *name, const std::string &value) {
    q += (q.empty() ? "?" : "&") + std::string(name) + "=" + urlEncode(value);
  };
  for (auto [name, field] : {std::pair{"q", &p.q}, std::pair{"state", &p.state},
                             std::pair{"kind", &p.kind}, std::pair{"owner", &p.owner},
                             std::pair{"project", &p.project}})
    if (*field)
      add(name, **field);
  if (!p.sort.empty())
    add("sort", p.sort);
  if (p.limit != ListParams().limit)
    add("limit", std::to_string(p.limit));
  if (p.offset != 0)
    add("offset", std::to_string(p.offset));
  return "/" + q;
}

std::string renderCredentialList(const json &reply, const ListParams &params,
                                 const Viewer &viewer) {
  const json &credentials = reply.contains("credentials") ? reply["credentials"] : reply;
  std::string body = "<h1>Credentials</h1>" + countsBar(reply, params) + filterForm(params);
  body += "<table id=\"credentials\"><thead><tr>";
  for (auto [column, label] : columns())
    body += headerCell(column, label, params);
  body += "</tr></thead><tbody>";
  for (const json &c : credentials) {
    std::string fp = jsonText(at(c, "fingerprint"));
    std::string state = stateOf(c);
    body += "<tr data-fingerprint=\"" + htmlEscape(fp) + "\"><td class=\"kind\">" +
            e(at(c, "kind")) + "</td><td class=\"name\"><a href=\"" +
            htmlEscape(credentialPagePath(fp)) + "\">" + e(at(c, "name")) + "</a></td>" +
            ownerCell(c) + "<td class=\"state state-" + htmlEscape(state) + "\">" +
            htmlEscape(state) + "</td><td class=\"project\">" + e(at(c, "project")) +
            "</td><td class=\"open-findings\">" + e(at(c, "open_findings")) +
            "</td><td class=\"rotate-by" + (state == "overdue" ? " overdue" : "") + "\">" +
            e(at(c, "rotate_by")) + "</td><td class=\"last-seen\">" +
            e(at(c, "last_seen")) + "</td></tr>";
  }
  body += "</tbody></table>";
  if (credentials.empty())
    body += params.state || params.kind || params.owner || params.project || params.q
                ? "<p>No credential matches.</p>"
                : "<p>No credentials yet.</p>";
  body += pagingBar(reply, params, credentials.size());
  return renderPage("Credentials \xc2\xb7 credtaint inventory", viewer, body);
}

std::string renderNotFound(const Viewer &viewer) {
  return renderPage("Not found \xc2\xb7 credtaint inventory", viewer,
                    "<h1>Not found</h1><p>No credential has this fingerprint.</p>");
}

std::string renderLogin(const std::string &error, const std::string &csrf) {
  std::string body = "<h1>Sign in</h1>";
  if (!error.empty())
    body += "<p id=\"error\" role=\"alert\">" + htmlEscape(error) + "</p>";
  body += "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"" +
          htmlEscape(csrf) +
          "\"><label>API key (role read or admin) "
          "<input type=\"password\" name=\"key\" autocomplete=\"off\" required></label> "
          "<button type=\"submit\">Sign in</button></form>";
  return renderPage("Sign in \xc2\xb7 credtaint inventory", Viewer{}, body);
}

} // namespace credtaint::inventory
