//===- ForkSafety.cpp - the runtime's locks across fork() -----------------===//

#include "ForkSafety.h"
#include "Runtime.h"
#include "match/ValueSet.h"
#include "sinks/Hygiene.h"

#include <array>
#include <optional>
#include <pthread.h>

namespace credtaint::rt {
namespace {

/// Every runtime lock, outer before inner: a lock that is held while
/// another is taken comes first. The nestings: the KDF state is held while
/// a finding is reported (which takes the reporter's, the registry's and
/// the test name's); the reporter's while it asks the registry (finish); the
/// registry's while it adds a value to the value set. The rest are leaves
/// (nothing is taken while they are held), so they come last; the seen
/// log's is taken under the KDF state's (a key derived and registered).
std::array<std::mutex *, 10> runtimeLocks() {
  Runtime &R = runtime();
  return {&kdfStateMutex(),
          &R.reporter().mutexForFork(),
          &R.registry().mutexForFork(),
          &match::values().mutexForFork(),
          &R.keyMutexForFork(),
          &R.testMutexForFork(),
          &networkStateMutex(),
          &curlStateMutex(),
          &freedStacksMutex(),
          &R.seenLog().mutexForFork()};
}

// While the locks are held the forking thread is inside the runtime: a
// signal handler's sink on it is deferred, not judged (which would take a
// lock this thread already holds).
thread_local std::optional<ScopedInRuntime> InsideForFork;

void beforeFork() {
  InsideForFork.emplace();
  for (std::mutex *M : runtimeLocks())
    M->lock();
}

void afterFork() {
  std::array<std::mutex *, 10> Locks = runtimeLocks();
  for (auto It = Locks.rbegin(); It != Locks.rend(); ++It)
    (*It)->unlock();
  // Judges what a signal handler deferred meanwhile, with the locks free.
  InsideForFork.reset();
}

} // namespace

void installForkHandlers() {
  static const int Installed = pthread_atfork(beforeFork, afterFork, afterFork);
  (void)Installed;
}

} // namespace credtaint::rt
