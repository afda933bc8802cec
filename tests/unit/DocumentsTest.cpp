// runtime/sources/Documents.cpp: credential values in documents as they are
// read (issue 15), and in the credential files' own layouts.

#include "sources/Documents.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace credtaint;
using namespace credtaint::rt;

namespace {

/// The values found, as text.
std::vector<std::string> values(std::string_view Text, size_t MinLen = 8) {
  std::vector<std::string> Out;
  for (const DocumentSecret &S : scanDocument(Text, MinLen))
    Out.emplace_back(Text.substr(S.Offset, S.Length));
  return Out;
}

using V = std::vector<std::string>;

TEST(Documents, JsonFieldsAtAnyDepth) {
  EXPECT_EQ(values(R"({"db": {"user": "app", "password": "s3cr3t-Pa55word"}})"),
            V{"s3cr3t-Pa55word"});
  EXPECT_EQ(values("{\n  \"apiKey\": \"AIzaFakeKey0123456789\",\n  \"retries\": 3\n}"),
            V{"AIzaFakeKey0123456789"});
  // Not strings, and names that only describe a credential.
  EXPECT_EQ(values(R"({"token_count": 12345678, "password": null, "token_url": "https://auth.example/token"})"),
            V{});
  std::vector<DocumentSecret> S = scanDocument(R"({"client_secret":"cs-0123456789"})", 8);
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].Key, "client_secret");
  EXPECT_EQ(S[0].CredKind, Kind::GenericSecret);
}

TEST(Documents, YamlIniDotenvAndQueryStrings) {
  EXPECT_EQ(values("database:\n  host: db.internal\n  password: \"hunter2-but-longer\"\n"),
            V{"hunter2-but-longer"});
  EXPECT_EQ(values("[default]\naws_access_key_id = AKIAFAKE00000000\n"
                   "aws_secret_access_key = fakeSecretKey0123456789abcdef # rotated\n"),
            V{"fakeSecretKey0123456789abcdef"});
  EXPECT_EQ(values("export GITHUB_TOKEN=ghp_fake0123456789abcdef\nDEBUG=1\n"),
            V{"ghp_fake0123456789abcdef"});
  EXPECT_EQ(values("- name: deploy\n  - token: tok-0123456789ab\n"), V{"tok-0123456789ab"});
  EXPECT_EQ(values("GET /v1/items?access_token=at-0123456789&page=2 HTTP/1.1\r\n"),
            V{"at-0123456789"});
  EXPECT_EQ(values("{password: flowpass-123456, user: bob}"), V{"flowpass-123456"});
}

TEST(Documents, HeadersTakeTheCredentialAfterTheScheme) {
  std::string Req = "POST /v1 HTTP/1.1\r\nHost: api.example\r\n"
                    "Authorization: Bearer eyJfake.payload.sig0123\r\n"
                    "Cookie: session=abcdef0123456789\r\n"
                    "X-Api-Key: xak-0123456789abcdef\r\n"
                    "PRIVATE-TOKEN: glpat-fake0123456789\r\n\r\n";
  EXPECT_EQ(values(Req), (V{"eyJfake.payload.sig0123", "session=abcdef0123456789",
                            "xak-0123456789abcdef", "glpat-fake0123456789"}));
}

TEST(Documents, PemBlocksWhole) {
  std::string Key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANfakefakefake\n"
                    "ZmFrZWtleW1hdGVyaWFsZmFrZQ==\n-----END PRIVATE KEY-----";
  std::string Doc = "key: |\n" + Key + "\ncert: -----BEGIN CERTIFICATE-----\nMIIB\n"
                    "-----END CERTIFICATE-----\n";
  std::vector<DocumentSecret> S = scanDocument(Doc, 8);
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(Doc.substr(S[0].Offset, S[0].Length), Key);
  EXPECT_EQ(S[0].CredKind, Kind::PrivateKey);
}

TEST(Documents, NoCredentialWithoutACredentialKey) {
  EXPECT_EQ(values("user: alice\nhost: db.example\nport: 5432\ntimeout = 30s\n"), V{});
  // Prose and code that mention a credential are not fields.
  EXPECT_EQ(values("Please enter your password: it must be long\n"), V{});
  EXPECT_EQ(values("  password = get_password_from_vault();\n"), V{});
  EXPECT_EQ(values("password: ${DB_PASSWORD}\napi_key: <your-key-here>\nsecret: ********\n"),
            V{});
  EXPECT_EQ(values("see https://example.com/password:reset\n"), V{});
  EXPECT_EQ(values("password: short\n"), V{});
}

TEST(Documents, CredentialFileLayouts) {
  auto In = [](SecretLayout L, std::string_view T, Kind K = Kind::Token) {
    std::vector<std::string> Out;
    for (const DocumentSecret &S : scanCredentialFile(L, T, "f", K, 8))
      Out.emplace_back(T.substr(S.Offset, S.Length));
    return Out;
  };
  EXPECT_EQ(In(SecretLayout::Whole, "  sa-token-0123456789abcdef\n"),
            V{"sa-token-0123456789abcdef"});
  EXPECT_EQ(In(SecretLayout::Netrc,
               "machine api.example login bot password netrcPass0123\n"
               "machine b login x\n  password otherPass0123"),
            (V{"netrcPass0123", "otherPass0123"}));
  EXPECT_EQ(In(SecretLayout::Pgpass, "# comment\ndb:5432:app:svc:pg\\:pass0123\n*:*:*:ro:readonly-pw1\n"),
            (V{"pg\\:pass0123", "readonly-pw1"}));
  EXPECT_EQ(In(SecretLayout::UrlLines, "https://bot:ghp_fakeToken0123@github.com\nhttps://nobody@example.com\n"),
            V{"ghp_fakeToken0123"});
  EXPECT_EQ(In(SecretLayout::Document, "[pypi]\nusername = __token__\npassword = pypi-fake0123456789\n"),
            V{"pypi-fake0123456789"});
}

} // namespace
