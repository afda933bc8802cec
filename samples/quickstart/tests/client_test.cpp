// Unit tests of apiclient, run under credtaint by the quickstart.
//
// Every test gets the same obviously fake GitHub-style token through the
// environment, as a service would in production. All tests but one keep it
// out of the logs; RequestLogTest.DebugModeLogsEveryHeader turns on the debug
// log, which prints the Authorization header, and credtaint reports it.
//
// Token comparisons use same_token() inside EXPECT_TRUE rather than
// EXPECT_EQ: a failing EXPECT_EQ prints both values, and a test log is a log.

#include "apiclient/client.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

/// A GitHub-style personal access token that nobody ever issued: "ghp_" and
/// 36 characters, of which the last four are "abcd".
std::string fake_pat() {
  return std::string("ghp_") + "FAKEtestTOKEN" + std::string(19, '0') + "abcd";
}

class ApiClientTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(setenv(apiclient::kTokenVariable, fake_pat().c_str(), 1), 0);
    unsetenv(apiclient::kBaseUrlVariable);
    ASSERT_TRUE(apiclient::load_config_from_env(config));
  }
  void TearDown() override { unsetenv(apiclient::kTokenVariable); }

  apiclient::Config config;
};

using ConfigTest = ApiClientTest;
using AuthTest = ApiClientTest;
using RequestLogTest = ApiClientTest;

TEST_F(ConfigTest, LoadsTokenFromEnvironment) {
  EXPECT_EQ(config.api_token.size(), 40u);
  EXPECT_TRUE(apiclient::same_token(config.api_token, fake_pat()));
  EXPECT_EQ(config.base_url, "https://api.example.com");
}

TEST_F(ConfigTest, BaseUrlCanBeOverridden) {
  ASSERT_EQ(setenv(apiclient::kBaseUrlVariable, "https://api.test", 1), 0);
  apiclient::Config c;
  ASSERT_TRUE(apiclient::load_config_from_env(c));
  EXPECT_EQ(c.base_url, "https://api.test");
}

TEST_F(ConfigTest, MissingTokenIsReported) {
  unsetenv(apiclient::kTokenVariable);
  apiclient::Config c;
  EXPECT_FALSE(apiclient::load_config_from_env(c));
  EXPECT_TRUE(c.api_token.empty());
}

TEST_F(AuthTest, AuthorizationHeaderCarriesBearerToken) {
  std::string header = apiclient::auth_header(config);
  EXPECT_EQ(header.rfind("Bearer ", 0), 0u);
  EXPECT_TRUE(apiclient::same_token(header.substr(7), config.api_token));
}

TEST_F(AuthTest, MaskKeepsOnlyTheLastFourCharacters) {
  std::string masked = apiclient::redact(config.api_token);
  EXPECT_EQ(masked, "****abcd");
  // Printing a masked token is fine: 4 bytes of a 40-byte token.
  std::fprintf(stderr, "masked token: %s\n", masked.c_str());
  EXPECT_EQ(apiclient::redact("short"), "****");
}

TEST_F(AuthTest, ComparesTokens) {
  std::string other = config.api_token;
  EXPECT_TRUE(apiclient::same_token(config.api_token, other));
  other.back() = 'X';
  EXPECT_FALSE(apiclient::same_token(config.api_token, other));
  EXPECT_FALSE(apiclient::same_token(config.api_token, "ghp_"));
}

TEST_F(RequestLogTest, BuildsAuthenticatedRequest) {
  apiclient::Request r = apiclient::build_request(config, "GET", "/user");
  EXPECT_EQ(r.url, "https://api.example.com/user");
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[0].first, "Authorization");
}

TEST_F(RequestLogTest, LogsRequestWithMaskedToken) {
  apiclient::Request r = apiclient::build_request(config, "GET", "/user");
  apiclient::log_request(stderr, config, r);
}

TEST_F(RequestLogTest, DebugModeLogsEveryHeader) {
  config.debug = true;
  apiclient::Request r = apiclient::build_request(config, "GET", "/user/repos");
  apiclient::log_request(stderr, config, r); // prints "Authorization: Bearer ghp_..."
}

} // namespace
