// The pure parts of the network rules: scopes and host patterns, the
// loopback policy, URLs and HTTP request lines, the transmission verdicts,
// and the libcurl option ids of the catalog against curl/curl.h.

#include "net/Scope.h"
#include "net/Transmission.h"
#include "net/Url.h"

#include "credtaint/catalog/catalog.h"

#include <gtest/gtest.h>

#include <map>

#if __has_include(<curl/curl.h>)
#include <curl/curl.h>
#define CREDTAINT_HAVE_CURL_H 1
#endif

#include <cstring>

using namespace credtaint;
using namespace credtaint::rt;

namespace {

TEST(Scope, HostPatterns) {
  EXPECT_TRUE(hostMatches("api.github.com", "api.github.com"));
  EXPECT_TRUE(hostMatches("api.github.com", "API.GitHub.com."));
  EXPECT_FALSE(hostMatches("api.github.com", "github.com"));
  EXPECT_TRUE(hostMatches("*.amazonaws.com", "s3.us-east-1.amazonaws.com"));
  EXPECT_FALSE(hostMatches("*.amazonaws.com", "amazonaws.com"));
  EXPECT_FALSE(hostMatches("*.amazonaws.com", "evilamazonaws.com"));
  EXPECT_FALSE(hostMatches("*.amazonaws.com", "amazonaws.com.evil.test"));
  EXPECT_TRUE(hostMatches("*", "anything.test"));
  EXPECT_TRUE(hostMatches("::1", "[::1]"));
  EXPECT_FALSE(hostMatches("", "a.test"));
}

TEST(Scope, ListsAndMembership) {
  EXPECT_EQ(scopeHosts(" api.github.com, *.github.com ,,"),
            (std::vector<std::string>{"api.github.com", "*.github.com"}));
  EXPECT_TRUE(scopeHosts("").empty());
  EXPECT_TRUE(hostInScope("github.com,api.github.com", "api.github.com"));
  EXPECT_FALSE(hostInScope("github.com,api.github.com", "evil.example.test"));
  EXPECT_FALSE(hostInScope("", "api.github.com"));
}

TEST(Scope, Loopback) {
  for (const char *H : {"localhost", "LOCALHOST.", "api.localhost", "127.0.0.1",
                        "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1"})
    EXPECT_TRUE(isLoopbackHost(H)) << H;
  for (const char *H : {"", "10.0.0.1", "128.0.0.1", "localhost.example.test",
                        "::2", "api.github.com", "::ffff:10.0.0.1"})
    EXPECT_FALSE(isLoopbackHost(H)) << H;
}

TEST(Scope, OptionRules) {
  std::vector<ScopeRule> Rules;
  std::string Error;
  ASSERT_TRUE(parseScopeRules("API_TOKEN=api.github.com|*.github.com; DB_*=db.internal",
                              Rules, Error))
      << Error;
  ASSERT_EQ(Rules.size(), 2u);
  EXPECT_EQ(Rules[0].NamePattern, "API_TOKEN");
  EXPECT_EQ(Rules[0].Hosts, "api.github.com,*.github.com");
  EXPECT_EQ(Rules[1].NamePattern, "DB_*");
  Rules.clear();
  EXPECT_TRUE(parseScopeRules("", Rules, Error));
  EXPECT_TRUE(Rules.empty());
  for (const char *Bad : {"API_TOKEN", "=host", "API_TOKEN=", "A=|"}) {
    Error.clear();
    EXPECT_FALSE(parseScopeRules(Bad, Rules, Error)) << Bad;
    EXPECT_NE(Error.find("bad scope rule"), std::string::npos) << Bad;
  }
}

TEST(Scope, ResolutionOrder) {
  std::vector<ScopeRule> Rules = {{"DB_*", "db.internal"}};
  const char Ghp[] = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
  // The option, then the declaration, then the defaults.
  EXPECT_EQ(resolveScope("declared.test", "DB_PASSWORD", "x", 1, Rules), "db.internal");
  EXPECT_EQ(resolveScope("declared.test", "token", Ghp, sizeof Ghp - 1, Rules),
            "declared.test");
  EXPECT_NE(resolveScope("", "token", Ghp, sizeof Ghp - 1, Rules)
                .find("api.github.com"), std::string::npos);
  EXPECT_NE(resolveScope("", "AWS_SECRET_ACCESS_KEY", "wJalr", 5, {})
                .find("*.amazonaws.com"), std::string::npos);
  EXPECT_EQ(resolveScope("", "SESSION_TOKEN", "abc", 3, {}), "");
}

// A provider prefix counts at the start of any word of the value (a header's
// "Bearer ghp_...", SigV4's "Credential=AKIA..."), not inside a word.
TEST(Scope, PrefixInAHeaderValue) {
  auto Default = [](const std::string &V) { return defaultScope("header", V.data(), V.size()); };
  EXPECT_NE(Default("Bearer ghp_0123456789abcdef").find("api.github.com"), std::string::npos);
  EXPECT_NE(Default("AWS4-HMAC-SHA256 Credential=AKIA0123456789/x").find("amazonaws.com"),
            std::string::npos);
  EXPECT_EQ(Default("Bearer xghp_0123456789abcdef"), "");
  EXPECT_EQ(Default("opaque-0123456789"), "");
}

TEST(Url, Parse) {
  UrlParts U;
  ASSERT_TRUE(parseUrl("http://api.github.com:8080/user?x=1", U));
  EXPECT_EQ(U.Scheme, "http");
  EXPECT_EQ(U.Host, "api.github.com");
  EXPECT_EQ(U.Port, 8080);
  ASSERT_TRUE(parseUrl("HTTPS://user:pw@Example.TEST/path", U));
  EXPECT_EQ(U.Scheme, "https");
  EXPECT_EQ(U.Host, "example.test");
  EXPECT_EQ(U.Port, 443);
  ASSERT_TRUE(parseUrl("http://[::1]:9000/", U));
  EXPECT_EQ(U.Host, "::1");
  EXPECT_EQ(U.Port, 9000);
  ASSERT_TRUE(parseUrl("example.test/a://b", U)); // no scheme: libcurl guesses http
  EXPECT_EQ(U.Scheme, "http");
  EXPECT_EQ(U.Host, "example.test");
  EXPECT_FALSE(parseUrl("http:///path", U));
}

TEST(Url, Schemes) {
  for (const char *S : {"https", "HTTPS", "ftps", "wss", "sftp"})
    EXPECT_TRUE(isTlsScheme(S)) << S;
  for (const char *S : {"http", "ftp", "ws", "ldap", "smtp"})
    EXPECT_FALSE(isTlsScheme(S)) << S;
  EXPECT_EQ(defaultPort("http"), 80);
  EXPECT_EQ(defaultPort("unknown"), 0);
}

TEST(Url, RequestLine) {
  const char Req[] = "GET /v1/items?token=abc HTTP/1.1\r\nHost: x\r\n\r\n";
  size_t B = 0, E = 0;
  ASSERT_TRUE(httpRequestTarget(Req, sizeof Req - 1, B, E));
  EXPECT_EQ(std::string(Req + B, E - B), "/v1/items?token=abc");
  const char Post[] = "POST http://proxy.test/x HTTP/1.0\r\n";
  ASSERT_TRUE(httpRequestTarget(Post, sizeof Post - 1, B, E));
  EXPECT_EQ(std::string(Post + B, E - B), "http://proxy.test/x");
  for (const char *NotHttp : {"GET me a coffee\n", "GETX / HTTP/1.1\r\n",
                              "AUTH secret\n", "GET /x", ""})
    EXPECT_FALSE(httpRequestTarget(NotHttp, std::strlen(NotHttp), B, E)) << NotHttp;
}

TEST(Url, Masking) {
  EXPECT_EQ(maskUserInfoPassword("https://svc:hunter2@db.test:5432/x"),
            "https://svc:****@db.test:5432/x");
  EXPECT_EQ(maskUserInfoPassword("https://svc@db.test/x"), "https://svc@db.test/x");
  EXPECT_EQ(maskUserInfoPassword("https://db.test/x?a=b@c:d"),
            "https://db.test/x?a=b@c:d");
  EXPECT_EQ(percentEncode("a b/c~"), "a%20b%2Fc~");
}

Destination dest(const char *Host, bool Plaintext, const char *Peer = "") {
  Destination D;
  D.Host = Host;
  D.Plaintext = Plaintext;
  D.Peer = Peer;
  return D;
}

std::vector<std::pair<Rule, std::string>> verdicts(const Destination &D,
                                                   const std::string &Scope,
                                                   NetPolicy P = {}) {
  std::vector<std::pair<Rule, std::string>> Out;
  for (const NetVerdict &V : judgeTransmission(D, Scope, P))
    Out.push_back({V.RuleId, V.Severity ? V.Severity : ""});
  return Out;
}

TEST(Transmission, TlsInAndOutOfScope) {
  using V = std::vector<std::pair<Rule, std::string>>;
  EXPECT_EQ(verdicts(dest("api.github.com", false, "127.0.0.1"), "api.github.com"), V{});
  EXPECT_EQ(verdicts(dest("evil.example.test", false, "127.0.0.1"), "api.github.com"),
            (V{{Rule::UnscopedNetworkUse, ""}}));
  EXPECT_EQ(verdicts(dest("api.github.com", false), ""),
            (V{{Rule::UnscopedNetworkUse, "low"}}));
}

TEST(Transmission, Plaintext) {
  using V = std::vector<std::pair<Rule, std::string>>;
  EXPECT_EQ(verdicts(dest("api.github.com", true), "api.github.com"),
            (V{{Rule::CleartextTransmission, ""}}));
  EXPECT_EQ(verdicts(dest("evil.example.test", true), "api.github.com"),
            (V{{Rule::CleartextTransmission, ""}, {Rule::UnscopedNetworkUse, ""}}));
}

TEST(Transmission, LoopbackPolicy) {
  using V = std::vector<std::pair<Rule, std::string>>;
  Destination Local = dest("localhost", true, "127.0.0.1");
  EXPECT_EQ(verdicts(Local, ""), (V{{Rule::CleartextTransmission, ""}}));
  EXPECT_EQ(verdicts(Local, "", {true, false}), V{});
  EXPECT_EQ(verdicts(Local, "", {false, true}),
            (V{{Rule::CleartextTransmission, ""}, {Rule::UnscopedNetworkUse, "low"}}));
  EXPECT_EQ(verdicts(Local, "localhost", {false, true}),
            (V{{Rule::CleartextTransmission, ""}}));
  // A name that reaches loopback is judged by its name for scope, and is a
  // loopback destination for cleartext.
  Destination Named = dest("evil.example.test", true, "127.0.0.1");
  EXPECT_EQ(verdicts(Named, "api.github.com", {true, false}),
            (V{{Rule::UnscopedNetworkUse, ""}}));
  EXPECT_TRUE(isLoopbackDestination(Named));
}

// What a credential-used record says (issue 17): in scope exactly when no
// unscoped-network-use is reported.
TEST(Transmission, InScopeForUseRecords) {
  NetPolicy Default, Strict{false, true};
  EXPECT_TRUE(inScope(dest("api.github.com", false), "*.github.com", Default));
  EXPECT_FALSE(inScope(dest("evil.example.test", false), "api.github.com", Default));
  EXPECT_FALSE(inScope(dest("api.github.com", false), "", Default));
  EXPECT_FALSE(inScope(dest("", false, "10.0.0.1"), "*", Default));
  EXPECT_TRUE(inScope(dest("localhost", true, "127.0.0.1"), "", Default));
  EXPECT_FALSE(inScope(dest("localhost", true, "127.0.0.1"), "", Strict));
  EXPECT_TRUE(inScope(dest("localhost", true, "127.0.0.1"), "localhost", Strict));
  EXPECT_FALSE(inScope(dest("127.0.0.1", true, "127.0.0.1"), "localhost", Strict));
}

#ifdef CREDTAINT_HAVE_CURL_H
TEST(CurlOptions, IdsMatchCurlHeader) {
  const std::pair<const char *, long> Header[] = {
      {"CURLOPT_URL", CURLOPT_URL},
      {"CURLOPT_USERPWD", CURLOPT_USERPWD},
      {"CURLOPT_COOKIE", CURLOPT_COOKIE},
      {"CURLOPT_USERNAME", CURLOPT_USERNAME},
      {"CURLOPT_PASSWORD", CURLOPT_PASSWORD},
      {"CURLOPT_XOAUTH2_BEARER", CURLOPT_XOAUTH2_BEARER},
      {"CURLOPT_HTTPHEADER", CURLOPT_HTTPHEADER},
      {"CURLOPT_POSTFIELDS", CURLOPT_POSTFIELDS},
      {"CURLOPT_COPYPOSTFIELDS", CURLOPT_COPYPOSTFIELDS},
      {"CURLOPT_POSTFIELDSIZE", CURLOPT_POSTFIELDSIZE},
      {"CURLOPT_POSTFIELDSIZE_LARGE", CURLOPT_POSTFIELDSIZE_LARGE},
  };
  ASSERT_EQ(std::size(kCurlOptions), std::size(Header));
  for (auto &[Name, Id] : Header) {
    const CurlOptionInfo *O = findCurlOption(Id);
    ASSERT_NE(O, nullptr) << Name;
    EXPECT_STREQ(O->name, Name);
  }
}

// The curl_easy_setopt rows of consumers.def name an option in their
// parameter and hold its value in AuxValue.
TEST(CurlOptions, ConsumerRowsMatchCurlHeader) {
  const std::map<std::string, long> Header = {
      {"CURLOPT_USERPWD", CURLOPT_USERPWD},
      {"CURLOPT_PROXYUSERPWD", CURLOPT_PROXYUSERPWD},
      {"CURLOPT_PASSWORD", CURLOPT_PASSWORD},
      {"CURLOPT_PROXYPASSWORD", CURLOPT_PROXYPASSWORD},
      {"CURLOPT_KEYPASSWD", CURLOPT_KEYPASSWD},
      {"CURLOPT_XOAUTH2_BEARER", CURLOPT_XOAUTH2_BEARER},
  };
  size_t Rows = 0;
  for (const ConsumerInfo &C : kConsumers) {
    if (std::string(C.symbol) != "curl_easy_setopt")
      continue;
    ++Rows;
    auto It = Header.find(C.parameter);
    ASSERT_NE(It, Header.end()) << C.parameter;
    EXPECT_EQ(C.auxValue, It->second) << C.parameter;
  }
  EXPECT_EQ(Rows, Header.size());
}
#endif

} // namespace
