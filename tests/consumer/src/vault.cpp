#include "vault/vault.h"

#include <cstdio>
#include <cstdlib>

namespace vault {

// A development token committed by mistake: credtaint's Clang plugin reports
// it as hardcoded-credential in the object's sidecar, which the report reads.
// SECRET: s.Xy7Qp2Lm9Vt4Rw8Zk3Nb6Hd1
static const char dev_token[] = "s.Xy7Qp2Lm9Vt4Rw8Zk3Nb6Hd1";

Client Client::fromEnv() {
  Client C;
  const char *Addr = std::getenv("VAULT_ADDR");
  C.address = Addr ? Addr : "https://vault.example.com";
  const char *Token = std::getenv("VAULT_TOKEN");
  C.token = Token ? Token : dev_token;
  return C;
}

std::string Client::authHeader() const { return "X-Vault-Token: " + token; }

void Client::logRequest(const std::string &path, bool debug) const {
  if (debug)
    std::fprintf(stderr, "[vault] GET %s%s %s\n", address.c_str(), path.c_str(),
                 authHeader().c_str()); // the known leak (in the baseline)
  else
    std::fprintf(stderr, "[vault] GET %s%s token=%s\n", address.c_str(),
                 path.c_str(), preview().c_str());
}

std::string Client::preview() const {
  return token.size() < 8 ? "****" : "****" + token.substr(token.size() - 4);
}

} // namespace vault
