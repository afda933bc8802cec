// Leaks the token, then is killed with SIGKILL before it can exit: the
// finding it already reported must survive in its JSONL record.
// SECRET: s.consumerFakeVaultToken0123456789abcdef
#include "token.h"
#include "vault/vault.h"

#include <csignal>
#include <cstdlib>

int main() {
  setenv("VAULT_TOKEN", CONSUMER_VAULT_TOKEN, 1);
  vault::Client::fromEnv().logRequest("/v1/auth/token/lookup-self", true);
  std::raise(SIGKILL);
  return 0;
}
