// Which identifiers and environment variable names say "credential"
// (credential_names.def through names.h), and which only describe one.

#include "credtaint/catalog/names.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

using namespace credtaint;

namespace {

/// The kind's catalog name, or "(none)", so failures read as words.
std::string classify(const std::string &Name) {
  std::optional<Kind> K = classifyCredentialName(Name);
  return K ? kindName(*K) : "(none)";
}

struct NameCase {
  const char *name;
  const char *kind; // catalog name of the expected kind
};

class CredentialName : public testing::TestWithParam<NameCase> {};

TEST_P(CredentialName, HasKind) {
  EXPECT_EQ(classify(GetParam().name), GetParam().kind) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Names, CredentialName,
    testing::Values(NameCase{"password", "password"},
                    NameCase{"db_password", "password"},
                    NameCase{"dbPassword", "password"},
                    NameCase{"m_password", "password"},
                    NameCase{"passwd", "password"},
                    NameCase{"API_TOKEN", "token"},
                    NameCase{"GITHUB_TOKEN", "token"},
                    NameCase{"authToken", "token"},
                    NameCase{"bearer", "token"},
                    NameCase{"refresh_token", "token"},
                    NameCase{"apiKey", "api-key"},
                    NameCase{"api_key", "api-key"},
                    NameCase{"ApiKey", "api-key"},
                    NameCase{"apikey", "api-key"},
                    NameCase{"AWS_SECRET_ACCESS_KEY", "cloud-credential"},
                    NameCase{"client_secret", "generic-secret"},
                    NameCase{"session_key", "generic-secret"},
                    NameCase{"private_key", "private-key"},
                    NameCase{"DATABASE_URL", "connection-string"}),
    [](const testing::TestParamInfo<NameCase> &I) {
      return std::string(I.param.name);
    });

class NotCredentialName : public testing::TestWithParam<const char *> {};

TEST_P(NotCredentialName, HasNoKind) {
  EXPECT_EQ(classify(GetParam()), "(none)") << GetParam();
}

// Names that only describe a credential (a descriptor word after the
// credential words, a qualifier before them) and names that merely contain
// credential letters. "tokenizer" is not a token: a single word matches only
// when it equals the glued pattern or, for patterns of five letters or more,
// ends with it ("authtoken"); "tokenizer" does neither. Plurals ("num_tokens")
// do not match either, and "num" is a qualifier besides.
INSTANTIATE_TEST_SUITE_P(
    Names, NotCredentialName,
    testing::Values("token_count", "token_endpoint", "password_policy",
                    "secret_name", "key_path", "is_secret", "num_tokens",
                    "max_password_len", "password_hash", "password_len",
                    "token_ttl", "HOME", "PATH", "user", "username",
                    "tokenizer", "monkey", "keyboard", "bypass", ""),
    [](const testing::TestParamInfo<const char *> &I) {
      std::string N = I.param;
      return N.empty() ? std::string("empty") : N;
    });

TEST(SplitNameWords, Acronyms) {
  EXPECT_EQ(splitNameWords("HTTPToken"),
            (std::vector<std::string>{"http", "token"}));
}

TEST(SplitNameWords, UpperSnakeCase) {
  EXPECT_EQ(splitNameWords("AWS_SECRET_ACCESS_KEY"),
            (std::vector<std::string>{"aws", "secret", "access", "key"}));
}

TEST(SplitNameWords, CamelCaseAndDigits) {
  EXPECT_EQ(splitNameWords("apiKeyValue"),
            (std::vector<std::string>{"api", "key", "value"}));
  EXPECT_EQ(splitNameWords("db2password"),
            (std::vector<std::string>{"db", "password"}));
  EXPECT_EQ(splitNameWords("m_password"),
            (std::vector<std::string>{"m", "password"}));
  EXPECT_TRUE(splitNameWords("__42__").empty());
}

TEST(ClassifyCredentialName, SpecificPatternsWinOverGeneralOnes) {
  // "aws session token" comes before "token", "secret access key" before
  // "secret": file order decides.
  EXPECT_EQ(classify("AWS_SESSION_TOKEN"), "cloud-credential");
  EXPECT_EQ(classify("secretAccessKey"), "cloud-credential");
  EXPECT_EQ(classify("SECRET"), "generic-secret");
}

TEST(ClassifyCredentialName, DescriptorCoveredByPatternDoesNotExclude) {
  // "url" is a descriptor, but in DATABASE_URL it is part of the pattern.
  EXPECT_EQ(classify("db_url"), "connection-string");
  EXPECT_EQ(classify("database_url_path"), "(none)");
}

} // namespace
