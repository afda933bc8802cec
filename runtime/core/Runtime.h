//===- Runtime.h - the runtime's process-wide state -------------*- C++ -*-===//
//
// Options, the fingerprint key, the credential registry, the reporter and
// the seen log, created on first use (hooks can run from other modules'
// constructors before ours) and validated at start-up: a bad
// CREDTAINT_OPTIONS stops the program with one line.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_RUNTIME_H
#define CREDTAINT_RUNTIME_RUNTIME_H

#include "Fingerprint.h"
#include "Options.h"
#include "ProjectConfig.h"
#include "Registry.h"
#include "report/Reporter.h"
#include "report/SeenLog.h"
#include "net/Scope.h"

#include <atomic>
#include <mutex>
#include <string>

namespace credtaint::rt {

class Runtime {
public:
  const Options &options() const { return Opts; }
  /// The `scopes` option, parsed, then the project's scopes.
  const std::vector<ScopeRule> &scopeRules() const { return ScopeRules; }
  /// The project's credtaint.json (empty when there is none).
  const ProjectConfig &project() const { return Project; }
  /// The fingerprint key; the default one is found or created on first use,
  /// so a process that registers no credential writes nothing.
  const FingerprintKey &key();
  Registry &registry() { return Creds; }
  Reporter &reporter() { return Report; }
  /// The credential-seen and credential-used records.
  SeenLog &seenLog() { return Seen; }

  /// The test a finding belongs to: credtaint_set_test_name, else
  /// CREDTAINT_TEST_NAME, else a single test named by --gtest_filter.
  std::string testName() const;
  void setTestName(const char *Name);
  const std::string &binary() const { return Binary; }
  /// For the fork handlers (ForkSafety.h).
  std::mutex &keyMutexForFork() { return KeyMu; }
  std::mutex &testMutexForFork() { return TestMu; }

  /// Prints "==PID==CREDTAINT: <Msg>" on stderr.
  static void note(const std::string &Msg);
  /// Prints "==PID==CREDTAINT: ERROR: <Msg>" and exits with status 1.
  [[noreturn]] static void fatal(const std::string &Msg);

private:
  friend Runtime &runtime();
  Runtime();

  Options Opts;
  std::vector<ScopeRule> ScopeRules;
  ProjectConfig Project;
  void loadKey();
  FingerprintKey Key;
  std::mutex KeyMu; // a mutex, not a once_flag: fork handlers take it
  std::atomic<bool> KeyLoaded{false};
  Registry Creds;
  Reporter Report;
  SeenLog Seen;
  std::string Binary, GtestTest;
  mutable std::mutex TestMu;
  std::string ExplicitTest;
};

Runtime &runtime();

/// Whether runtime() has been created: hooks that run during its creation
/// (its own reads of the config and the key) must not ask for it.
bool runtimeReady();

/// Re-entrancy guard: the runtime's own I/O must not report itself.
struct ScopedInRuntime {
  ScopedInRuntime();
  ~ScopedInRuntime();
  bool entered() const { return !WasInside; }

private:
  bool WasInside;
};

} // namespace credtaint::rt

#endif
