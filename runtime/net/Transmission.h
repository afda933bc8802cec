//===- Transmission.h - the rules for credentials sent over a network -*- C++ -*-===//
//
// Where bytes go (a Destination, found by Network.cpp or Curl.cpp) and the
// credential's scope decide the network rules:
//   cleartext-transmission  the channel is plaintext (a socket the program
//                           writes to itself, an http:// request);
//   unscoped-network-use    high when the host is outside the credential's
//                           scope, low when the credential has no scope.
// credential-in-url is decided where the URL is known (the caller).
// Loopback: a loopback host is in every scope (loopback_in_scope), and
// plaintext to loopback is reported unless cleartext_loopback=0.
// Pure code: no DFSan, no runtime state.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_TRANSMISSION_H
#define CREDTAINT_RUNTIME_TRANSMISSION_H

#include "credtaint/catalog/catalog.h"

#include <string>
#include <vector>

namespace credtaint::rt {

struct Destination {
  std::string Transport; // "tcp", "udp", "tls", or a libcurl URL's scheme
  bool Plaintext = true;
  std::string Host;      // the name the program asked for, else the peer address
  std::string Peer;      // the numeric peer address, when known
  int Port = 0;
  std::string Url;       // redacted; "" when there is none
};

struct NetPolicy {
  bool LoopbackInScope = true;
  bool CleartextLoopback = true;
};

struct NetVerdict {
  Rule RuleId;
  const char *Severity = nullptr; // null: the rule's default
};

/// Whether D is a loopback destination: its host name, or its peer.
bool isLoopbackDestination(const Destination &D);

/// Whether sending to D stays in a credential's Scope: D's host is one of
/// the scope's hosts, or a loopback host (when P.LoopbackInScope). False
/// when D has no host, and for any other host when Scope is empty.
bool inScope(const Destination &D, const std::string &Scope, const NetPolicy &P);

/// The rules a credential with this scope breaks by being sent to D
/// (cleartext-transmission and unscoped-network-use; not credential-in-url).
std::vector<NetVerdict> judgeTransmission(const Destination &D,
                                          const std::string &Scope,
                                          const NetPolicy &P);

} // namespace credtaint::rt

#endif
