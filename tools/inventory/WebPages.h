// The server-rendered web pages: the credentials list (counts, filters,
// search, sort, paging), one credential (state, owner, deadline, observed
// hosts, rotation chain, findings linked to their source, history, and the
// admin forms), the metrics with their weekly chart, the sign-in form and
// one-line error pages. Every value is HTML-escaped; the pages load nothing
// from elsewhere and run no script. Rendering only: Server.cpp reads the
// database and checks sessions, CSRF tokens and roles.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credtaint::inventory {

/// Who is looking: the header names them; forms need the session's CSRF
/// token, and the admin forms are shown only to admin sessions.
struct Viewer {
  std::string name;
  bool admin = false; // an admin key signed in with a session
  std::string csrf;   // the session's CSRF token; empty without a session
};

/// `text` with & < > " ' escaped for HTML text and attribute values.
std::string htmlEscape(const std::string &text);

/// A JSON value as page text (not escaped): a string as it is, null as
/// empty, anything else as JSON.
std::string jsonText(const nlohmann::json &value);

/// `text` percent-encoded for a URL path segment or query value: RFC 3986
/// unreserved characters stay, and those in `keep`.
std::string urlEncode(const std::string &text, const char *keep = "");

/// A whole page: title, the header (home, metrics, who is signed in, the
/// sign-out form with its CSRF token) and `body` (markup, not escaped).
std::string renderPage(const std::string &title, const Viewer &viewer, const std::string &body);

/// A page that says one thing (a refused request): `heading` and `line`.
std::string renderMessage(const std::string &heading, const std::string &line,
                          const Viewer &viewer);

// ---- The credentials list ------------------------------------------------

/// The states a list can be filtered by (GET /v1/credentials' `state`).
const std::vector<std::string> &listStates();

/// The columns a list can be sorted by (`sort`, "-" first for descending).
const std::vector<std::string> &listSortColumns();

/// The list page's query: filters, search, sort and page.
struct ListParams {
  std::optional<std::string> state, kind, owner, project, q;
  std::string sort; // empty: the server's order
  long limit = 50;
  long offset = 0;
};

/// Reads GET / parameters through `get` (a parameter's value, if given;
/// empty values count as not given) into `out`. Returns a one-line error
/// naming the parameter for an unknown state or sort column or a bad
/// limit/offset, else nullopt.
std::optional<std::string>
parseListParams(const std::function<std::optional<std::string>(const char *)> &get,
                ListParams &out);

/// The path and query of the list with `p`'s parameters ("/?state=...").
std::string listUrl(const ListParams &p);

/// The list page: counts per state (`reply["counts"]`), the filter and
/// search form, the table with sortable column headers, paging (by
/// `reply["total"]`). `reply` is GET /v1/credentials' body.
std::string renderCredentialList(const nlohmann::json &reply, const ListParams &params,
                                 const Viewer &viewer);

// ---- One credential ------------------------------------------------------

/// What a credential page says after a form: a notice after a change
/// (redirected, POST-redirect-GET), or a refusal with what was typed.
struct FormOutcome {
  std::string notice;                         // one line, or empty
  std::string error;                          // one line, or empty
  std::map<std::string, std::string> values;  // the edit form's fields as typed
};

/// One credential (GET /v1/credentials/{fp}'s JSON) with its findings and
/// history, and for admin sessions the forms to change it.
std::string renderCredentialDetail(const nlohmann::json &credential, const Viewer &viewer,
                                   const FormOutcome &outcome = {});

/// The URL of the source line `location` ("src/a.cpp:42", or a sink's
/// "fwrite(stderr) at src/a.cpp:42") in the repository `vcs` names
/// ("https://host/org/repo@<40 hex commit>", or {"url", "commit"}):
/// "<url>/blob/<commit>/<file>#L<line>". Empty unless the URL is https, the
/// commit 40 hex digits and the file a relative path without "..".
std::string sourceLineUrl(const nlohmann::json &vcs, const std::string &location);

/// Whether `host` is in `scope` (comma-separated host patterns, "*" and
/// "*.domain" wildcards), as runtime/net/Scope.cpp judges it.
bool hostInDeclaredScope(const std::string &scope, const std::string &host);

/// "scope declared `*.github.com`, used only with `api.github.com`": what
/// the observed hosts say about the declared scope, as markup.
std::string observedUseSummary(const nlohmann::json &scope, const nlohmann::json &hosts);

/// The URL path of a credential's detail page.
std::string credentialPagePath(const std::string &fingerprint);

// ---- Metrics, sign-in, not found -----------------------------------------

/// The metrics (GET /v1/metrics' body): the numbers, and the weekly trend
/// as an inline SVG chart.
std::string renderMetrics(const nlohmann::json &metrics, const Viewer &viewer);

/// The sign-in form with its CSRF token; `error` (may be empty) is shown
/// above it.
std::string renderLogin(const std::string &error, const std::string &csrf);

/// A "no such credential" page.
std::string renderNotFound(const Viewer &viewer);

} // namespace credtaint::inventory
