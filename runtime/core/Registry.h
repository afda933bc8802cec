//===- Registry.h - the credentials this process has seen -------*- C++ -*-===//
//
// Every credential the source hooks label is registered here once, by its
// keyed fingerprint: kind, name, scope, where it came from, a redacted
// preview and its length. Each labelling creates a DFSan root origin; the
// registry maps it back to the credential, so a sink that finds a tainted
// byte knows which credential it came from. The value itself is kept only
// in memory, for value matching, and never leaves the process.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_REGISTRY_H
#define CREDTAINT_RUNTIME_REGISTRY_H

#include "credtaint/catalog/catalog.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace credtaint::rt {

struct SourceLocation {
  std::string File, Function;
  unsigned Line = 0, Column = 0;
  std::string How; // "declaration", "getenv(\"API_TOKEN\")", "credtaint_mark"
  // Read from a plaintext file that is no credential store (a config file):
  // plaintext-stored-credential where an API takes it as a secret.
  bool PlaintextFile = false;
};

struct Credential {
  unsigned Id = 0;
  Kind CredKind = Kind::GenericSecret;
  std::string Name;
  std::string Scope; // the hosts it is for (Scope.h), "" when unknown
  std::string Fingerprint, Preview;
  size_t Length = 0;
  SourceLocation Source;
  std::string Value; // for value matching only; empty below min_secret_len
  uint32_t FirstOrigin = 0; // the root origin of its first labelling, or 0
};

class Registry {
public:
  /// Registers (or finds, by fingerprint, kind and name) the credential whose bytes are
  /// [P, P+N) and remembers that RootOrigin stands for it. A credential
  /// registered for the first time gets its credential-seen record
  /// (SeenLog.h).
  const Credential &add(const void *P, size_t N, Kind K, const std::string &Name,
                        const std::string &Scope, const SourceLocation &Src,
                        uint32_t RootOrigin, size_t MinValueLen);
  /// The credential of kind K named Name whose value is exactly Value, if
  /// registered (and long enough to be kept): a source that sees the same
  /// value again (a token in every request) reuses its identity and origin
  /// instead of fingerprinting it and creating an origin per hit.
  const Credential *findValue(std::string_view Value, Kind K,
                              const std::string &Name) const;
  /// The credential behind a tainted run of sink bytes: among those whose
  /// root origin is RootOrigin (one labelling call site can register several
  /// credentials) and whose kind is in Labels, the one whose value contains
  /// the run; else the latest such one. Null when none matches.
  const Credential *lookup(uint32_t RootOrigin, uint8_t Labels,
                           const char *Run, size_t RunLen) const;
  /// The credentials whose whole value stands in [P, P+N), by value alone
  /// (bytes that lost their labels in uninstrumented code).
  std::vector<const Credential *> containedIn(const char *P, size_t N) const;
  /// Without origins: the latest credential of one of the kinds in Labels.
  const Credential *latestWithLabel(uint8_t Labels) const;
  /// The length of the shortest credential of a kind in Labels (lock-free;
  /// SIZE_MAX when there is none).
  size_t shortestWithLabel(uint8_t Labels) const;
  /// Text with every registered value (raw or percent-encoded) replaced by
  /// its credential's preview.
  std::string redactValues(std::string Text) const;
  size_t size() const;
  /// For the fork handlers (ForkSafety.h).
  std::mutex &mutexForFork() const { return Mu; }

private:
  mutable std::mutex Mu;
  std::vector<std::unique_ptr<Credential>> Creds;
  std::unordered_map<std::string, Credential *> ByFingerprint; // fp|kind|name
  std::unordered_multimap<uint32_t, Credential *> ByOrigin;
  // By a hash of the value (credentials with a kept Value only): add() finds
  // a known value without computing its keyed fingerprint (an HMAC).
  std::unordered_multimap<size_t, Credential *> ByValueHash;
  Credential *knownValue(std::string_view Value, Kind K,
                         const std::string &Name) const; // Mu held
  void rememberOrigin(uint32_t RootOrigin, Credential *C); // Mu held
  std::atomic<size_t> Shortest[8] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX,
                                     SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
};

} // namespace credtaint::rt

#endif
