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
  /// Process: the process's set, which ScanGuard() reads.
  explicit ValueSet(bool Process);
  ~ValueSet();
  ValueSet(const ValueSet &) = delete;
  ValueSet &operator=(const ValueSet &) = delete;
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
  /// For the fork handlers (ForkSafety.h).
  std::mutex &mutexForFork() { return Mu; }

private:
  friend class ScanGuard;
  void publishLocked();

  std::mutex Mu;
  std::vector<Pattern> Patterns;
  std::vector<PatternOwner> Owners;
  std::atomic<const ValueSnapshot *> Current{nullptr};
  std::atomic<unsigned> OwnScans{0};
  std::atomic<unsigned> *Scans = &OwnScans; // scans running on this set
  std::atomic<const ValueSnapshot *> *Published = &Current;
  std::vector<const ValueSnapshot *> Retired; // replaced, maybe still scanned
  unsigned Batches = 0;
  bool Dirty = false;
};

/// A scan of a value set's current snapshot: keeps it from being freed
/// while it lives. Lock-free and allocation-free.
class ScanGuard {
public:
  /// The process's value set, without creating it: safe before constructors
  /// run and in signal handlers.
  ScanGuard();
  explicit ScanGuard(const ValueSet &S);
  ~ScanGuard() { Count->fetch_sub(1, std::memory_order_seq_cst); }
  ScanGuard(const ScanGuard &) = delete;
  ScanGuard &operator=(const ScanGuard &) = delete;
  /// Null while nothing is registered.
  const ValueSnapshot *snapshot() const { return Snap; }

private:
  std::atomic<unsigned> *Count;
  const ValueSnapshot *Snap;
};

/// Whether the process's value set has anything registered (no scan).
bool processHasValues();

/// The process's value set (created on first use, never destroyed).
ValueSet &values();

} // namespace credtaint::rt::match

#endif
