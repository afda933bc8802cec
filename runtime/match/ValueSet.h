//===- ValueSet.h - the byte values value matching looks for ----*- C++ -*-===//
//
// The registry hands every credential at least min_secret_len bytes long to
// the value set, which keeps each of its encoded forms (Encodings.h) as a
// matcher pattern. Registration rebuilds the matcher and publishes it with
// one atomic store; a scan loads the current one and never locks or
// allocates, so it is safe in any thread and in signal handlers. A replaced
// matcher is never freed (a scan may still be running on it): each
// registration leaks its previous snapshot, about 100 KiB with 100
// credentials registered, which is why registrations in bulk go through
// addAll. Values stay in this process's memory only.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_VALUESET_H
#define CREDTAINT_RUNTIME_MATCH_VALUESET_H

#include "match/Matcher.h"

#include <atomic>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace credtaint::rt {
struct Credential;
}

namespace credtaint::rt::match {

/// What a pattern stands for.
struct PatternOwner {
  const Credential *Cred;
  const char *Form; // "raw", "base64", ... (Encodings.h)
};

/// One published state: the matcher and, by pattern Id, its owners.
struct ValueSnapshot {
  Matcher Match;
  std::vector<PatternOwner> Owners;
};

class ValueSet {
public:
  ValueSet() = default;
  /// Process: also publish to processSnapshot().
  explicit ValueSet(bool Process) : Process(Process) {}
  /// Adds every encoded form of Value as a pattern of C (C outlives the set).
  void add(const Credential *C, std::string_view Value);
  /// add() for many credentials with one rebuild.
  void addAll(const std::vector<std::pair<const Credential *, std::string_view>> &Values);
  /// While a Batch lives, additions are published once, when it ends
  /// (preload mode registers a whole environment at start-up).
  class Batch {
  public:
    explicit Batch(ValueSet &S) : Set(S) {
      std::lock_guard<std::mutex> L(Set.Mu);
      ++Set.Batches;
    }
    ~Batch() {
      std::lock_guard<std::mutex> L(Set.Mu);
      if (--Set.Batches == 0 && Set.Dirty)
        Set.publishLocked();
    }
    Batch(const Batch &) = delete;
    Batch &operator=(const Batch &) = delete;

  private:
    ValueSet &Set;
  };

  /// The current snapshot; null while nothing is registered.
  const ValueSnapshot *snapshot() const {
    return Current.load(std::memory_order_acquire);
  }

private:
  void publishLocked();

  std::mutex Mu;
  std::vector<Pattern> Patterns;
  std::vector<PatternOwner> Owners;
  std::atomic<const ValueSnapshot *> Current{nullptr};
  bool Process = false;
  unsigned Batches = 0;
  bool Dirty = false;
};

/// The process value set's current snapshot, without creating the set: a
/// constant-initialised atomic, safe to read before constructors run and in
/// signal handlers. Null while nothing is registered.
const ValueSnapshot *processSnapshot();

/// The process's value set (created on first use, never destroyed).
ValueSet &values();

} // namespace credtaint::rt::match

#endif
