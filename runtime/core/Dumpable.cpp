//===- Dumpable.cpp - credentials a core dump would hold ------------------===//
//
// credential-dumpable (CWE-528): a process that holds a private key or a
// cloud credential and can dump core writes them to disk when it crashes
// (or when anyone who may ptrace it asks, gcore). Judged once, at exit,
// from facts of the process: it is dumpable (prctl(PR_GET_DUMPABLE) is 1)
// and a dump would be written: when the kernel's core pattern pipes the
// dump to a handler (systemd-coredump, apport), whatever RLIMIT_CORE is but
// 1 (the kernel's "never" for pipes); when it names a file, an RLIMIT_CORE
// above 1 byte (0 writes none, 1 byte holds no credential).
//
//===----------------------------------------------------------------------===//

#include "core/Dumpable.h"

#include "core/Registry.h"
#include "core/Runtime.h"
#include "report/Reporter.h"

#include "credtaint/catalog/catalog.h"

#include <cstdio>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace credtaint::rt {
namespace {

/// Whether the kernel hands core dumps to a program (a leading '|').
bool corePatternPipes() {
  FILE *F = std::fopen("/proc/sys/kernel/core_pattern", "r");
  if (!F)
    return false;
  int C = std::fgetc(F);
  std::fclose(F);
  return C == '|';
}

bool wouldDumpCore() {
  if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1)
    return false;
  struct rlimit L;
  if (getrlimit(RLIMIT_CORE, &L) != 0)
    return false;
  return corePatternPipes() ? L.rlim_cur != 1 : L.rlim_cur > 1;
}

} // namespace

void judgeDumpable() {
  Runtime &R = runtime();
  const Credential *C = R.registry().latestWithLabel(
      labelOf(Kind::PrivateKey) | labelOf(Kind::CloudCredential));
  if (!C || !wouldDumpCore())
    return;
  Finding F;
  F.RuleId = Rule::CredentialDumpable;
  F.Cred = C;
  // No call leaks it: the finding stands where the credential came in.
  F.Sink = {"sink", C->Source.File, C->Source.Function, C->Source.Line,
            C->Source.Column};
  F.SinkCategory = "process";
  F.SinkFunction = "core dump";
  F.Bytes = C->Length;
  R.reporter().report(F);
}

} // namespace credtaint::rt
