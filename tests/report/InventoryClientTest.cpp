//===- InventoryClientTest.cpp - URL policy, backoff, Retry-After, token --===//
//
// The pure parts of `credtaint-report export`; tests/report/export_test.py
// runs the real binary against real HTTP and TLS servers on loopback.
//
//===----------------------------------------------------------------------===//

#include "Export.h"
#include "InventoryClient.h"
#include "ReportTestUtil.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace credtaint::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

bool allowed(const std::string &Url) {
  std::string Error;
  return checkServerUrl(Url, Error);
}

TEST(InventoryClientTest, PlainHttpOnlyToLoopback) {
  EXPECT_TRUE(allowed("https://inventory.example.com"));
  EXPECT_TRUE(allowed("https://inventory.example.com:8443/base/"));
  EXPECT_TRUE(allowed("http://127.0.0.1:8080"));
  EXPECT_TRUE(allowed("http://127.3.2.1"));
  EXPECT_TRUE(allowed("http://localhost:9/"));
  EXPECT_TRUE(allowed("HTTP://LOCALHOST:9"));
  EXPECT_TRUE(allowed("http://[::1]:8080"));
  EXPECT_FALSE(allowed("http://inventory.example.com"));
  EXPECT_FALSE(allowed("http://10.0.0.1:8080"));
  EXPECT_FALSE(allowed("http://128.0.0.1"));
  EXPECT_FALSE(allowed("http://127.0.0.1.example.com"));
  EXPECT_FALSE(allowed("http://localhost.example.com"));
  EXPECT_FALSE(allowed("http://127.1")); // curl's shorthand: not guessed at
  EXPECT_FALSE(allowed("http://[::2]:80"));
  EXPECT_FALSE(allowed("ftp://127.0.0.1"));
  EXPECT_FALSE(allowed("inventory.example.com"));
  EXPECT_FALSE(allowed("https://"));
  EXPECT_FALSE(allowed("https://host:port"));
  EXPECT_FALSE(allowed("https://host/?x=1"));

  std::string Error;
  EXPECT_FALSE(checkServerUrl("http://inventory.example.com:80", Error));
  EXPECT_THAT(Error, HasSubstr("plain http:// is refused for inventory.example.com"));
  EXPECT_EQ(Error.find('\n'), std::string::npos);
  // User information is refused, and not repeated in the error.
  // SECRET: pw-in-url-0123456789
  EXPECT_FALSE(checkServerUrl("https://ci:pw-in-url-0123456789@inventory.example.com", Error));
  EXPECT_THAT(Error, HasSubstr("user information"));
  EXPECT_THAT(Error, Not(HasSubstr("pw-in-url")));
}

TEST(InventoryClientTest, BackoffDoublesUpToTheCapWithJitter) {
  EXPECT_DOUBLE_EQ(backoffDelay(1, 1.0, 60.0, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(backoffDelay(2, 1.0, 60.0, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(backoffDelay(4, 1.0, 60.0, 1.0), 8.0);
  EXPECT_DOUBLE_EQ(backoffDelay(10, 1.0, 60.0, 1.0), 60.0);
  EXPECT_DOUBLE_EQ(backoffDelay(3, 1.0, 60.0, 0.0), 2.0); // half of 4
  for (double J : {0.0, 0.3, 0.99}) {
    double D = backoffDelay(3, 0.5, 60.0, J);
    EXPECT_GE(D, 1.0);
    EXPECT_LE(D, 2.0);
  }
}

TEST(InventoryClientTest, RetryAfterInSeconds) {
  EXPECT_EQ(parseRetryAfter("2"), 2.0);
  EXPECT_EQ(parseRetryAfter("0"), 0.0);
  EXPECT_EQ(parseRetryAfter("120"), 120.0);
  EXPECT_FALSE(parseRetryAfter(""));
  EXPECT_FALSE(parseRetryAfter("-1"));
  EXPECT_FALSE(parseRetryAfter("1.5"));
  EXPECT_FALSE(parseRetryAfter("99999999999999999999"));
}

TEST(InventoryClientTest, RetryAfterAsHttpDate) {
  // 2026-10-21 07:28:00 UTC
  const std::time_t Now = 1792567680;
  EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2026 07:28:30 GMT", Now), 30.0);
  EXPECT_EQ(parseRetryAfter("Wednesday, 21-Oct-26 07:29:00 GMT", Now), 60.0);
  EXPECT_EQ(parseRetryAfter("Wed Oct 21 07:28:05 2026", Now), 5.0);
  // A date gone by asks for no wait.
  EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2026 07:00:00 GMT", Now), 0.0);
  EXPECT_FALSE(parseRetryAfter("soon", Now));
  EXPECT_FALSE(parseRetryAfter("1.5 minutes", Now));
}

TEST(InventoryClientTest, TokenFromFileOrEnvironment) {
  test::ScratchDir Dir;
  // SECRET: inv-test-token-file-0123456789
  std::string File = Dir.write("token", "  inv-test-token-file-0123456789\n\nignored\n");
  std::string Token, Error;
  ASSERT_TRUE(loadToken(File, "CREDTAINT_TEST_UNSET_VARIABLE", Token, Error)) << Error;
  EXPECT_EQ(Token, "inv-test-token-file-0123456789");

  // SECRET: inv-test-token-env-0123456789
  setenv("CREDTAINT_TEST_TOKEN_VAR", "inv-test-token-env-0123456789", 1);
  ASSERT_TRUE(loadToken("", "CREDTAINT_TEST_TOKEN_VAR", Token, Error)) << Error;
  EXPECT_EQ(Token, "inv-test-token-env-0123456789");

  EXPECT_FALSE(loadToken("", "CREDTAINT_TEST_UNSET_VARIABLE", Token, Error));
  EXPECT_THAT(Error, HasSubstr("CREDTAINT_TEST_UNSET_VARIABLE is not set"));
  EXPECT_FALSE(loadToken(Dir.path() + "/missing", "X", Token, Error));
  EXPECT_THAT(Error, HasSubstr("cannot read"));
  EXPECT_FALSE(loadToken(Dir.write("empty", "\n"), "X", Token, Error));
  EXPECT_THAT(Error, HasSubstr("is empty"));
  // SECRET: inv-bad-token-with-space
  setenv("CREDTAINT_TEST_TOKEN_VAR", "inv-bad token-with-space", 1);
  EXPECT_FALSE(loadToken("", "CREDTAINT_TEST_TOKEN_VAR", Token, Error));
  EXPECT_THAT(Error, Not(HasSubstr("inv-bad")));
  EXPECT_TRUE(Token.empty());
  unsetenv("CREDTAINT_TEST_TOKEN_VAR");
}

} // namespace
} // namespace credtaint::report
