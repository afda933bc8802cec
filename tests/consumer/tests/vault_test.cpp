// The consumer's GoogleTest suite, run through gtest_discover_tests.
// SECRET: s.consumerFakeVaultToken0123456789abcdef
#include "token.h"
#include "vault/vault.h"

#include <credtaint/gtest.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

CREDTAINT_GTEST_LISTENER();

namespace {

class VaultTest : public ::testing::Test {
protected:
  void SetUp() override {
    setenv("VAULT_TOKEN", CONSUMER_VAULT_TOKEN, 1);
  }
};

TEST_F(VaultTest, ReadsTokenFromEnvironment) {
  EXPECT_EQ(vault::Client::fromEnv().token.size(), 40u);
}

TEST_F(VaultTest, MaskedLogIsFine) {
  vault::Client::fromEnv().logRequest("/v1/secret/data/app", false);
}

TEST_F(VaultTest, DebugLogLeaksToken) {
  vault::Client::fromEnv().logRequest("/v1/secret/data/app", true);
}

#ifdef CONSUMER_NEW_LEAK
// Built only with -DCONSUMER_NEW_LEAK=ON: a leak the baseline does not know.
TEST_F(VaultTest, NewLeak) {
  vault::Client C = vault::Client::fromEnv();
  std::printf("token for %s is %s\n", C.address.c_str(), C.token.c_str()); // NEW-LEAK
}
#endif

} // namespace
