//===- Exec.cpp - credentials on a child process's command line -----------===//

#include "Exec.h"
#include "Environment.h"
#include "report/Attribution.h"
#include "Deferred.h"
#include "HookWrappers.h"
#include "core/Registry.h"
#include "core/Runtime.h"

#include <cstring>
#include <unistd.h>

namespace credtaint::rt {
namespace {

// No real command line has more; anything longer is not an argv we understood.
constexpr size_t kMaxStrings = 1 << 16;

std::vector<Span> stringArray(const void *Array) {
  std::vector<Span> Spans;
  auto *A = static_cast<const char *const *>(Array);
  for (size_t I = 0; A && A[I] && I < kMaxStrings; ++I)
    Spans.push_back({A[I], std::strlen(A[I])});
  return Spans;
}

void reportPart(const credtaint_site *Site, const SinkInfo &S,
                const std::string &Program, const Attribution &Creds,
                const char *Part) {
  Runtime &R = runtime();
  for (auto &[C, Re] : Creds) {
    if (isMaskedPreview(*C, Re))
      continue;
    Finding F;
    F.RuleId = Rule::CredentialInCommandLine;
    F.Cred = C;
    F.Sink = siteFrame(Site, "sink");
    F.Bytes = Re.Bytes;
    F.TraceOrigin = R.options().symbolize ? Re.Origin : 0;
    F.SinkCategory = "process";
    if (S.target == SinkTarget::ProjectCommand) { // the function runs it
      F.SinkFunction = Program;
    } else {
      F.SinkFunction = std::string(S.display) + "(" + Part + ")";
      F.Path = Program;
    }
    F.Part = Part;
    R.reporter().report(F);
  }
}

void sinkArgv(const credtaint_site *Site, uint32_t Row, uint64_t Program,
              const void *Argv, const void *Envp) {
  if (Row >= kNumSinks || skipIfReentered())
    return;
  // Passing the process's own environment is inheriting it (as execv does):
  // the credentials in it came from there. Only an environment the program
  // built is judged.
  // No envp (execl, execv) is the process's environment too.
  bool Inherits = Envp == environ ||
                  (!Envp && kSinks[Row].shape != SinkShape::ArgListEnv);
  std::vector<Span> A = stringArray(Argv),
                    E = Inherits ? std::vector<Span>() : stringArray(Envp);
  ScopedInRuntime Guard;
  inspectShellStart(Site, kSinks[Row], Program, Inherits);
  if (!anyCredentialBytes(A) && !anyCredentialBytes(E))
    return;
  inspectCommand(Site, kSinks[Row], Program, A, E);
}

} // namespace

void inspectCommand(const credtaint_site *Site, const SinkInfo &S,
                    uint64_t Target, SpanRange Argv, SpanRange Envp) {
  std::string Program = "/bin/sh";
  if (S.target == SinkTarget::Program) {
    const char *P = reinterpret_cast<const char *>(Target);
    Program = P ? redactedText(P, std::strlen(P)) : "";
  } else if (S.target == SinkTarget::ProjectCommand) {
    // A project function that runs its argument as a command line.
    auto *P = reinterpret_cast<const credtaint_project_target *>(Target);
    Program = P && P->function ? P->function : "";
  }
  if (S.target == SinkTarget::Environment) { // setenv, putenv
    inspectExport(Site, S, reinterpret_cast<const char *>(Target), Argv);
    return;
  }
  // A credential in both is reported once, for argv.
  Attribution InArgv = attribute(Argv);
  reportPart(Site, S, Program, InArgv, "argv");
  if (!Envp.empty()) {
    std::vector<const Credential *> Skip;
    for (auto &[C, Re] : InArgv)
      Skip.push_back(C);
    inspectChildEnvironment(Site, S, Program, Envp, Skip);
  }
}

void inspectShellStart(const credtaint_site *Site, const SinkInfo &S,
                       uint64_t Target, bool InheritsEnvironment) {
  if (S.target == SinkTarget::Shell) {
    inspectShellInheritance(Site, S, "/bin/sh");
    return;
  }
  if (S.target != SinkTarget::Program || !InheritsEnvironment)
    return;
  const char *P = reinterpret_cast<const char *>(Target);
  if (P && isShell(P))
    inspectShellInheritance(Site, S, redactedText(P, std::strlen(P)));
}

} // namespace credtaint::rt

using namespace credtaint::rt;

CREDTAINT_SINK_WRAPPERS(argv, 5,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *a, const void *e),
                        sinkArgv(s, r, t, a, e))
