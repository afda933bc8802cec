//===- Runtime.cpp - the runtime's process-wide state ---------------------===//

#include "Runtime.h"
#include "Dumpable.h"
#include "Project.h"
#include "sinks/CharRuns.h"
#include "sinks/Deferred.h"
#include "sinks/Hygiene.h"
#include "sinks/OutputTarget.h"
#include "FileUtil.h"
#include "ForkSafety.h"

#include "credtaint/credtaint.h"

#include "sinks/Libcrypto.h"
#include <sanitizer/dfsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace credtaint::rt {
namespace {
thread_local bool InsideRuntime = false;

std::string readBinaryPath() {
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  return N > 0 ? std::string(Buf, size_t(N)) : std::string();
}

/// "--gtest_filter=Suite.Name" as gtest_discover_tests passes it; nothing
/// when the filter names more than one test.
std::string gtestTestFromCmdline() {
  std::ifstream In("/proc/self/cmdline", std::ios::binary);
  std::string Arg;
  while (std::getline(In, Arg, '\0')) {
    const char Flag[] = "--gtest_filter=";
    if (Arg.compare(0, sizeof Flag - 1, Flag) != 0)
      continue;
    std::string F = Arg.substr(sizeof Flag - 1);
    if (F.empty() || F.find_first_of("*?:-") != std::string::npos)
      return "";
    return F;
  }
  return "";
}

/// A missing file stops the program (it would silently change results); a
/// malformed line is named and skipped, and the valid ones are kept.
Suppressions loadSuppressions(const std::string &Path) {
  std::ifstream In(Path);
  if (!In)
    Runtime::fatal("cannot read suppressions file '" + Path + "'");
  std::string Text((std::istreambuf_iterator<char>(In)),
                   std::istreambuf_iterator<char>());
  Suppressions S;
  std::vector<std::string> Errors;
  S.parse(Path, Text, Errors);
  for (const std::string &E : Errors)
    Runtime::note("WARNING: " + E + "; line ignored");
  return S;
}

void atExit() {
  Runtime &R = runtime();
  flushCharRuns();
  judgeDumpable();
  R.reporter().reportFilesLeftAtExit();
  R.reporter().finish();
  R.seenLog().finish();
  if (size_t N = unjudgedInSignalHandlers())
    Runtime::note(std::to_string(N) + " sink or source hooks reached from a "
                  "signal handler inside the runtime could not be judged");
  long Code = R.options().exitcode;
  if (R.reporter().distinctFindings() && Code) {
    std::fflush(nullptr);
    _exit(int(Code));
  }
}
} // namespace

ScopedInRuntime::ScopedInRuntime() : WasInside(InsideRuntime) {
  InsideRuntime = true;
}
ScopedInRuntime::~ScopedInRuntime() {
  // Sinks a signal handler reached while this call ran are judged now,
  // still marked inside so that another signal defers again.
  if (!WasInside && haveDeferred())
    drainDeferred();
  InsideRuntime = WasInside;
}

bool insideRuntime() { return InsideRuntime; }

void Runtime::note(const std::string &Msg) {
  std::string Line = "==" + std::to_string(getpid()) + "==CREDTAINT: " + Msg + "\n";
  writeAll(2, Line.data(), Line.size());
}

void Runtime::fatal(const std::string &Msg) {
  note("ERROR: " + Msg);
  _exit(1);
}

Runtime::Runtime() {
  std::string Error;
  if (!parseOptions(std::getenv("CREDTAINT_OPTIONS"), Opts, Error))
    fatal("CREDTAINT_OPTIONS: " + Error);
  if (!parseScopeRules(Opts.scopes, ScopeRules, Error))
    fatal("CREDTAINT_OPTIONS: option 'scopes': " + Error);
  // A bad credtaint.json stops the program as a bad option does: judging
  // with half a configuration would silently change the results.
  std::vector<std::string> ConfigErrors;
  Project = loadRuntimeProjectConfig(Opts, ConfigErrors);
  for (size_t I = 0; I + 1 < ConfigErrors.size(); ++I)
    note("ERROR: " + ConfigErrors[I]);
  if (!ConfigErrors.empty())
    fatal(ConfigErrors.back());
  appendProjectScopes(Project, ScopeRules);
  if (Opts.help) {
    std::string H = optionsHelp();
    (void)!write(2, H.data(), H.size());
    _exit(0);
  }
  // A configured key file is checked now: a bad one must stop the program
  // at start, not at its first finding.
  if (!Opts.fingerprint_key.empty())
    key();
  Binary = readBinaryPath();
  GtestTest = gtestTestFromCmdline();
  installForkHandlers();
  Report.configure(Opts);
  Seen.configure(Opts);
  if (!Opts.suppressions.empty())
    Report.setSuppressions(loadSuppressions(Opts.suppressions));
  setMemoryHygiene(Opts.memory_hygiene);
  if (Opts.verbosity >= 1)
    note(std::string("runtime started; origins ") +
         (dfsan_get_track_origins() ? "on" : "off") + ", records in " +
         Opts.log_dir);
}

void Runtime::loadKey() {
  bool Created = false;
  std::string CreatedAt, Error;
  if (!loadFingerprintKey(Opts.fingerprint_key, Key, Created, CreatedAt, Error))
    fatal(Error);
  if (Created)
    note("created fingerprint key '" + Key.Id + "'" +
         (CreatedAt.empty() ? " (in memory only)" : " in " + CreatedAt) +
         "; fingerprints will not correlate across machines until a shared "
         "key is set with fingerprint_key=<file>");
}

const FingerprintKey &Runtime::key() {
  if (!KeyLoaded.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> L(KeyMu);
    if (!KeyLoaded.load(std::memory_order_relaxed)) {
      loadKey();
      KeyLoaded.store(true, std::memory_order_release);
    }
  }
  return Key;
}

std::string Runtime::testName() const {
  {
    std::lock_guard<std::mutex> L(TestMu);
    if (!ExplicitTest.empty())
      return ExplicitTest;
  }
  if (const char *E = std::getenv("CREDTAINT_TEST_NAME"); E && *E)
    return E;
  return GtestTest;
}

void Runtime::setTestName(const char *Name) {
  std::lock_guard<std::mutex> L(TestMu);
  ExplicitTest = Name ? Name : "";
}

static std::atomic<bool> Ready{false};

Runtime &runtime() {
  // Leaked on purpose: hooks may run from other objects' destructors.
  static Runtime *R = [] {
    auto *New = new Runtime();
    std::atexit(atExit);
    Ready.store(true, std::memory_order_release);
    return New;
  }();
  return *R;
}

bool runtimeReady() { return Ready.load(std::memory_order_acquire); }

// Validate options and create the key before main, so a bad option stops
// the program at start, not at its first finding.
__attribute__((constructor(101))) static void initRuntime() {
  // Findings can still come at exit (a character run, a file left behind,
  // a static object's destructor), and a crypto sink's names them with
  // OpenSSL's help: in a program that loads libcrypto, its own atexit
  // clean-up, registered after ours and so run before it, would leave its
  // objects unusable.
  libcrypto::OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
  noteProcessStart();
  runtime();
}

} // namespace credtaint::rt

extern "C" void credtaint_set_test_name(const char *name) {
  credtaint::rt::runtime().setTestName(name);
}
