//===- Transmission.cpp - the rules for credentials sent over a network ---===//

#include "Transmission.h"
#include "Scope.h"

namespace credtaint::rt {

bool isLoopbackDestination(const Destination &D) {
  return isLoopbackHost(D.Host) || (!D.Peer.empty() && isLoopbackHost(D.Peer));
}

bool inScope(const Destination &D, const std::string &Scope, const NetPolicy &P) {
  if (D.Host.empty())
    return false;
  return (P.LoopbackInScope && isLoopbackHost(D.Host)) || hostInScope(Scope, D.Host);
}

std::vector<NetVerdict> judgeTransmission(const Destination &D,
                                          const std::string &Scope,
                                          const NetPolicy &P) {
  std::vector<NetVerdict> V;
  if (D.Plaintext && (P.CleartextLoopback || !isLoopbackDestination(D)))
    V.push_back({Rule::CleartextTransmission});
  // Scope is about the name the program asked for: a TLS session for
  // evil.example.test is out of scope even when it reaches 127.0.0.1.
  if (D.Host.empty() || inScope(D, Scope, P))
    return V;
  if (scopeHosts(Scope).empty())
    V.push_back({Rule::UnscopedNetworkUse, "low"});
  else
    V.push_back({Rule::UnscopedNetworkUse});
  return V;
}

} // namespace credtaint::rt
