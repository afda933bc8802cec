// The web pages without a server: the list's query parameters, links to
// source lines (https only, escaped), observed hosts against the declared
// scope, and who gets the admin forms.
#include "WebPages.h"

#include <gtest/gtest.h>

#include <map>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

const std::string Commit = "0123456789abcdef0123456789abcdef01234567";

std::optional<std::string> parse(const std::map<std::string, std::string> &query, ListParams &p) {
  return parseListParams(
      [&](const char *name) -> std::optional<std::string> {
        auto it = query.find(name);
        if (it == query.end())
          return std::nullopt;
        return it->second;
      },
      p);
}

TEST(WebList, ParsesFiltersSortAndPage) {
  ListParams p;
  EXPECT_FALSE(parse({{"state", "overdue"}, {"kind", "token"}, {"q", "pay"},
                      {"sort", "-rotate_by"}, {"limit", "20"}, {"offset", "40"}, {"owner", ""}},
                     p));
  EXPECT_EQ(p.state, "overdue");
  EXPECT_EQ(p.kind, "token");
  EXPECT_EQ(p.q, "pay");
  EXPECT_FALSE(p.owner) << "an empty field of the filter form is no filter";
  EXPECT_EQ(p.sort, "-rotate_by");
  EXPECT_EQ(p.limit, 20);
  EXPECT_EQ(p.offset, 40);
  EXPECT_EQ(listUrl(p), "/?q=pay&state=overdue&kind=token&sort=-rotate_by&limit=20&offset=40");
  ListParams back;
  EXPECT_FALSE(parse({{"q", "pay"}, {"state", "overdue"}, {"kind", "token"},
                      {"sort", "-rotate_by"}, {"limit", "20"}, {"offset", "40"}},
                     back));
  EXPECT_EQ(listUrl(back), listUrl(p));
  EXPECT_EQ(listUrl(ListParams{}), "/");
}

TEST(WebList, RefusesUnknownSortStateAndBadPaging) {
  ListParams p;
  auto error = parse({{"sort", "password"}}, p);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind("query parameter sort: expected one of name, kind, owner, state", 0), 0u)
      << *error;
  EXPECT_EQ(error->find('\n'), std::string::npos);
  EXPECT_TRUE(parse({{"sort", "--name"}}, p));
  EXPECT_TRUE(parse({{"state", "lost"}}, p));
  EXPECT_TRUE(parse({{"limit", "0"}}, p));
  EXPECT_TRUE(parse({{"limit", "-1"}}, p));
  EXPECT_TRUE(parse({{"offset", "1e3"}}, p));
  EXPECT_TRUE(parse({{"q", std::string(2000, 'x')}}, p));
  for (const std::string &column : listSortColumns()) {
    ListParams ok;
    EXPECT_FALSE(parse({{"sort", column}}, ok)) << column;
    EXPECT_FALSE(parse({{"sort", "-" + column}}, ok)) << column;
  }
}

TEST(WebList, ColumnHeadersToggleTheSortAndValuesAreEscaped) {
  json reply = {{"credentials",
                 {{{"fingerprint", "hmac-sha256:k1:aa"},
                   {"name", "<script>x</script>"},
                   {"kind", "token"},
                   {"owner", "team \"a\""},
                   {"state", "overdue"},
                   {"open_findings", 2},
                   {"rotate_by", "2026-01-03T00:00:00.000Z"},
                   {"last_seen", "2026-01-02T00:00:00.000Z"}}}},
                {"total", 1},
                {"counts", {{"active", 3}, {"overdue", 1}}}};
  ListParams p;
  p.sort = "name";
  p.q = "a&b";
  std::string html = renderCredentialList(reply, p, Viewer{"ops", false, ""});
  // Sorted by name ascending: its header goes to descending, the others
  // to ascending; filters are kept, the page is reset.
  EXPECT_NE(html.find("data-sort=\"name\" href=\"/?q=a%26b&amp;sort=-name\">Name"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("data-sort=\"owner\" href=\"/?q=a%26b&amp;sort=owner\">Owner<"),
            std::string::npos);
  EXPECT_EQ(html.find("<script>x"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;x"), std::string::npos);
  EXPECT_NE(html.find("team &quot;a&quot;"), std::string::npos);
  EXPECT_NE(html.find("id=\"count-overdue\""), std::string::npos);
  EXPECT_NE(html.find("<span class=\"n\">3</span> active"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"n\">0</span> dormant"), std::string::npos);
  EXPECT_NE(html.find("class=\"rotate-by overdue\""), std::string::npos);
  EXPECT_NE(html.find("value=\"a&amp;b\""), std::string::npos) << "the search box keeps q";
}

TEST(WebSource, LinksToTheLineOnlyForHttpsAndACommit) {
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay@" + Commit, "src/db/conn.cpp:42"),
            "https://github.com/acme/pay/blob/" + Commit + "/src/db/conn.cpp#L42");
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay.git/@" + Commit,
                          "fwrite(stderr) at src/a b.cpp:57:9"),
            "https://github.com/acme/pay/blob/" + Commit + "/src/a%20b.cpp#L57");
  EXPECT_EQ(sourceLineUrl(json{{"url", "https://gitlab.example/a/b"}, {"commit", Commit}},
                          "x.cpp:1"),
            "https://gitlab.example/a/b/blob/" + Commit + "/x.cpp#L1");
  // Not https, not a commit, not a relative file: no link.
  EXPECT_EQ(sourceLineUrl("http://github.com/acme/pay@" + Commit, "a.cpp:1"), "");
  EXPECT_EQ(sourceLineUrl("javascript:alert(1)//@" + Commit, "a.cpp:1"), "");
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay\"onmouseover=x@" + Commit, "a.cpp:1"), "");
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay@main", "a.cpp:1"), "");
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay@" + Commit, "/home/ci/a.cpp:1"), "");
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay@" + Commit, "../etc/passwd:1"), "");
  EXPECT_EQ(sourceLineUrl("https://github.com/acme/pay@" + Commit, "a.cpp"), "");
  EXPECT_EQ(sourceLineUrl(nullptr, "a.cpp:1"), "");
}

TEST(WebSource, FindingsLinkToTheirLineEscaped) {
  json cred = {{"fingerprint", "hmac-sha256:k1:aa"},
               {"name", "TOKEN"},
               {"vcs", "https://github.com/acme/pay@" + Commit},
               {"findings_list",
                {{{"rule", "secret-in-log"},
                  {"sink", "fwrite(stderr) at src/<x>.cpp:57"},
                  {"source", "src/client.cpp:42"}}}}};
  std::string html = renderCredentialDetail(cred, Viewer{"ops", false, ""});
  EXPECT_NE(html.find("<a href=\"https://github.com/acme/pay/blob/" + Commit +
                      "/src/client.cpp#L42\">src/client.cpp:42</a>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("/src/%3Cx%3E.cpp#L57\">fwrite(stderr) at src/&lt;x&gt;.cpp:57</a>"),
            std::string::npos)
      << html;
}

TEST(WebScope, ObservedHostsAgainstTheDeclaredScope) {
  EXPECT_TRUE(hostInDeclaredScope("*.github.com", "api.github.com"));
  EXPECT_TRUE(hostInDeclaredScope("github.com, API.github.com.", "api.github.com"));
  EXPECT_FALSE(hostInDeclaredScope("*.github.com", "github.com"));
  EXPECT_FALSE(hostInDeclaredScope("*.github.com", "evilgithub.com"));
  EXPECT_FALSE(hostInDeclaredScope("", "api.github.com"));
  EXPECT_TRUE(hostInDeclaredScope("*", "anything.example"));

  json hosts = json::array({{{"host", "api.github.com"}, {"runs", 3}}});
  EXPECT_EQ(observedUseSummary("*.github.com", hosts),
            "Scope declared <code>*.github.com</code>, used only with "
            "<code>api.github.com</code>.");
  hosts.push_back({{"host", "evil.example"}});
  EXPECT_EQ(observedUseSummary("*.github.com", hosts),
            "Scope declared <code>*.github.com</code>, used with <code>api.github.com</code> and "
            "outside it with <code class=\"outside-scope\">evil.example</code>.");
  EXPECT_EQ(observedUseSummary(nullptr, json::array()),
            "No scope declared; no use observed by a test run yet.");
  EXPECT_EQ(observedUseSummary("<b>", json::array({"<i>"})),
            "Scope declared <code>&lt;b&gt;</code>, used only outside it, with "
            "<code class=\"outside-scope\">&lt;i&gt;</code>.");
}

TEST(WebForms, OnlyAdminSessionsGetTheFormsWithTheirToken) {
  json cred = {{"fingerprint", "hmac-sha256:k1:aa"}, {"name", "TOKEN"},
               {"owner", "db-team"}, {"owner_source", "suggested"},
               {"owner_reason", "CODEOWNERS line 3: /src/db/ @acme/db-team"}};
  std::string reader = renderCredentialDetail(cred, Viewer{"r", false, ""});
  EXPECT_EQ(reader.find("form-edit"), std::string::npos);
  std::string bearerAdmin = renderCredentialDetail(cred, Viewer{"a", true, ""});
  EXPECT_EQ(bearerAdmin.find("form-edit"), std::string::npos) << "no session, no forms";
  std::string admin = renderCredentialDetail(cred, Viewer{"a", true, "c0ffee"});
  for (const char *form : {"form-edit", "form-rotation", "form-revocation"})
    EXPECT_NE(admin.find(form), std::string::npos) << form;
  size_t tokens = 0;
  for (size_t pos = admin.find("name=\"csrf\" value=\"c0ffee\""); pos != std::string::npos;
       pos = admin.find("name=\"csrf\" value=\"c0ffee\"", pos + 1))
    ++tokens;
  EXPECT_EQ(tokens, 4u) << "three forms and sign-out";
  // A suggested owner is shown with its reason but not filled in.
  EXPECT_NE(admin.find("(suggested: CODEOWNERS line 3: /src/db/ @acme/db-team)"),
            std::string::npos);
  EXPECT_NE(admin.find("name=\"owner\" value=\"\" placeholder=\"suggested: db-team\""),
            std::string::npos)
      << admin;
  // An error is one line, above everything, with what was typed.
  FormOutcome typed;
  typed.error = "owner: longer than 4096 bytes";
  typed.values["owner"] = "<typed>";
  admin = renderCredentialDetail(cred, Viewer{"a", true, "c0ffee"}, typed);
  EXPECT_NE(admin.find("<p id=\"error\" role=\"alert\">owner: longer than 4096 bytes</p>"),
            std::string::npos);
  EXPECT_NE(admin.find("name=\"owner\" value=\"&lt;typed&gt;\""), std::string::npos);
}

TEST(WebDetail, DeadlineChainAndHosts) {
  json cred = {{"fingerprint", "hmac-sha256:k1:old"},
               {"name", "TOKEN"},
               {"state", "overdue"},
               {"rotate_by", "2026-01-03T00:00:00.000Z"},
               {"scope", "*.github.com"},
               {"hosts", {{{"host", "api.github.com"}, {"runs", 2}}}},
               {"supersedes", "hmac-sha256:k1:older"},
               {"superseded_by", "hmac-sha256:k1:new"},
               {"rotation", {{"state", "pending"}, {"rotated_at", "2026-01-02"}, {"note", "<n>"}}}};
  std::string html = renderCredentialDetail(cred, Viewer{"r", false, ""});
  EXPECT_NE(html.find("<td id=\"field-rotate_by\" class=\"overdue\">2026-01-03T00:00:00.000Z "
                      "(overdue)</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"/credentials/hmac-sha256:k1:new\">hmac-sha256:k1:new</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/credentials/hmac-sha256:k1:older\">"), std::string::npos);
  EXPECT_NE(html.find("used only with <code>api.github.com</code>"), std::string::npos);
  EXPECT_NE(html.find("pending</span>, recorded 2026-01-02: &lt;n&gt;"), std::string::npos);
}

TEST(WebMetrics, NumbersInOrderAndTheTrendAsAnInlineChart) {
  json metrics = {
      {"generated_at", "2026-03-02T10:00:00.000Z"},
      {"credentials", 3},
      {"states", {{"active", 2}, {"overdue", 1}, {"unowned", 1}}},
      {"owned_share", 0.5},
      {"owned", 1},
      {"owned_of", 2},
      {"rotated_within_deadline_share", nullptr},
      {"time_to_verified_rotation",
       {{"median_seconds", 93784}, {"p90_seconds", 3700}, {"count", 2}}},
      {"open_exposures_by_rule", {{"secret-in-log", 2}}},
      {"trend", {{{"week", "2026-W01"}, {"start", "2025-12-29"}, {"exposed", 1}, {"rotated", 0}},
                 {{"week", "2026-W02"}, {"start", "2026-01-05"}, {"exposed", 2}, {"rotated", 1}}}},
      {"policy", {{"deadline_seconds", {{"high", 604800}, {"critical", 86400}}},
                  {"dormant_after_seconds", 2592000}}},
      {"future_field", "<new>"}};
  std::string html = renderMetrics(metrics, Viewer{"r", false, ""});
  EXPECT_NE(html.find("<svg "), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_GT(html.find("<svg "), html.find("id=\"metrics-states\"")) << "states first";
  EXPECT_NE(html.find("data-metric=\"owned_share\">50.0 % (1 of 2)<"), std::string::npos) << html;
  EXPECT_NE(html.find("data-metric=\"rotated_within_deadline_share\">none<"), std::string::npos);
  EXPECT_NE(html.find("data-metric=\"median_seconds\">1 d 2 h<"), std::string::npos);
  EXPECT_NE(html.find("data-metric=\"p90_seconds\">1 h 1 min<"), std::string::npos);
  EXPECT_NE(html.find("data-metric=\"high\">7 d<"), std::string::npos);
  EXPECT_LT(html.find("data-metric=\"critical\""), html.find("data-metric=\"high\""));
  EXPECT_NE(html.find("data-metric=\"dormant_after_seconds\">30 d<"), std::string::npos);
  EXPECT_NE(html.find("data-metric=\"secret-in-log\">2<"), std::string::npos);
  // One point per week and series; the week's start date is no series.
  size_t points = 0;
  for (size_t pos = html.find("<circle class=\"point\""); pos != std::string::npos;
       pos = html.find("<circle class=\"point\"", pos + 1))
    ++points;
  EXPECT_EQ(points, 4u);
  EXPECT_EQ(html.find("data-series=\"start\""), std::string::npos);
  // A field this page does not know yet is still shown, escaped.
  EXPECT_NE(html.find("data-metric=\"future_field\">&lt;new&gt;<"), std::string::npos);
  EXPECT_NE(renderMetrics(json::object(), Viewer{}).find("No metrics yet"), std::string::npos);
}

} // namespace
} // namespace credtaint::inventory
