#include "WebPages.h"

#include <cstdio>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

const char *const Style = R"(
body{font-family:sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eee}
.status-rotation-required{color:#a00;font-weight:bold}
.status-revoked{color:#777}
.status-active{color:#070}
code{font-size:90%}
)";

std::string str(const json &v) {
  if (v.is_null())
    return "";
  if (v.is_string())
    return v.get<std::string>();
  return v.dump();
}

std::string e(const json &v) { return htmlEscape(str(v)); }

std::string page(const std::string &title, const std::string &signedInAs,
                 const std::string &body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>" +
                    htmlEscape(title) + "</title><style>" + Style + "</style></head><body>";
  out += "<header><a href=\"/\">credtaint inventory</a>";
  if (!signedInAs.empty())
    out += " · signed in as <span id=\"who\">" + htmlEscape(signedInAs) +
           "</span> <form method=\"post\" action=\"/logout\" style=\"display:inline\">"
           "<button type=\"submit\">Sign out</button></form>";
  out += "</header><main>" + body + "</main></body></html>\n";
  return out;
}

std::string statusCell(const json &status) {
  return "<td class=\"status status-" + e(status) + "\">" + e(status) + "</td>";
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

std::string credentialPagePath(const std::string &fingerprint) {
  std::string out = "/credentials/";
  for (unsigned char c : fingerprint) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string renderCredentialList(const json &credentials, const std::string &signedInAs) {
  std::string body = "<h1>Credentials</h1>";
  body += "<table id=\"credentials\"><thead><tr><th>Kind</th><th>Name</th><th>Owner</th>"
          "<th>Status</th><th>Open findings</th><th>Last seen</th></tr></thead><tbody>";
  for (const json &c : credentials) {
    std::string fp = str(c["fingerprint"]);
    body += "<tr data-fingerprint=\"" + htmlEscape(fp) + "\"><td>" + e(c["kind"]) +
            "</td><td><a href=\"" + htmlEscape(credentialPagePath(fp)) + "\">" + e(c["name"]) +
            "</a></td><td>" + e(c["owner"]) + "</td>" + statusCell(c["status"]) +
            "<td class=\"open-findings\">" + e(c["open_findings"]) + "</td><td>" +
            e(c["last_seen"]) + "</td></tr>";
  }
  body += "</tbody></table>";
  if (credentials.empty())
    body += "<p>No credentials yet.</p>";
  return page("Credentials · credtaint inventory", signedInAs, body);
}

std::string renderCredentialDetail(const json &c, const std::string &signedInAs) {
  std::string body = "<h1>" + e(c["name"]) + "</h1><table id=\"credential\">";
  const char *fields[][2] = {{"fingerprint", "Fingerprint"}, {"kind", "Kind"},
                             {"type", "Type"},               {"status", "Status"},
                             {"owner", "Owner"},             {"scope", "Scope"},
                             {"project", "Project"},         {"defined_at", "Defined at"},
                             {"first_seen", "First seen"},   {"last_seen", "Last seen"},
                             {"rotated_at", "Last rotation"}, {"open_findings", "Open findings"},
                             {"note", "Note"}};
  for (auto &f : fields) {
    body += "<tr><th>" + std::string(f[1]) + "</th>";
    if (std::string(f[0]) == "status")
      body += statusCell(c["status"]);
    else
      body += "<td id=\"field-" + std::string(f[0]) + "\">" + e(c[f[0]]) + "</td>";
    body += "</tr>";
  }
  body += "</table><h2>Findings</h2><table id=\"findings\"><thead><tr><th>Rule</th>"
          "<th>Created</th><th>Severity</th><th>Where</th><th>Test</th><th>Detail</th>"
          "<th>Finding</th></tr></thead><tbody>";
  for (const json &f : c["findings_list"]) {
    body += "<tr class=\"finding\"><td class=\"rule\">" + e(f["rule"]) + "</td><td>" +
            e(f["created"]) + "</td><td>" + e(f["severity"]) + "</td><td>" + e(f["sink"]) +
            "</td><td>" + e(f["test"]) + "</td><td>" + e(f["detail"]) + "</td><td><code>" +
            e(f["fingerprint"]) + "</code></td></tr>";
  }
  body += "</tbody></table><h2>History</h2><table id=\"history\"><thead><tr><th>When</th>"
          "<th>Who</th><th>What</th><th>Detail</th></tr></thead><tbody>";
  for (const json &h : c["history"]) {
    body += "<tr><td>" + e(h["at"]) + "</td><td>" + e(h["actor"]) + "</td><td>" +
            e(h["action"]) + "</td><td><code>" + e(h["detail"].dump()) + "</code></td></tr>";
  }
  body += "</tbody></table>";
  return page(str(c["name"]) + " · credtaint inventory", signedInAs, body);
}

std::string renderNotFound(const std::string &signedInAs) {
  return page("Not found · credtaint inventory", signedInAs,
              "<h1>Not found</h1><p>No credential has this fingerprint.</p>");
}

std::string renderLogin(const std::string &error) {
  std::string body = "<h1>Sign in</h1>";
  if (!error.empty())
    body += "<p id=\"error\" role=\"alert\">" + htmlEscape(error) + "</p>";
  body += "<form method=\"post\" action=\"/login\"><label>API key (role read or admin) "
          "<input type=\"password\" name=\"key\" autocomplete=\"off\" required></label> "
          "<button type=\"submit\">Sign in</button></form>";
  return page("Sign in · credtaint inventory", "", body);
}

} // namespace credtaint::inventory
