// A small client for a secrets service: the library under test in the
// consumer project. It reads its token from the environment and logs its
// requests, in one place carelessly.
#ifndef VAULT_VAULT_H
#define VAULT_VAULT_H

#include <string>

namespace vault {

struct Client {
  std::string address;
  std::string token; // from VAULT_TOKEN

  static Client fromEnv();
  /// "X-Vault-Token: <token>", the header every request carries.
  std::string authHeader() const;
  /// Logs a request; in debug mode with every header (the leak).
  void logRequest(const std::string &path, bool debug) const;
  /// The token as logs may show it: "****" and its last four characters.
  std::string preview() const;
};

} // namespace vault

#endif
