//===- Environment.cpp - credentials in an environment --------------------===//

#include "Environment.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "report/Attribution.h"
#include "report/Reporter.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string_view>

namespace credtaint::rt {
namespace {

/// The variables this process exported a credential into (setenv, putenv):
/// a shell it starts later inherits them.
struct Exported {
  std::mutex Mu;
  std::set<std::string> Names;
};

Exported &exported() {
  static Exported *E = new Exported(); // leaked: hooks run at exit
  return *E;
}

void reportIn(const credtaint_site *Site, const Frame *At, const Credential &C,
              const Reached &Re, const std::string &Function,
              const std::string &Program, const std::string &Variable,
              const char *Part, bool Low, const char *Detector = "flow") {
  Runtime &R = runtime();
  Finding F;
  F.Detector = Detector;
  F.RuleId = Rule::CredentialInEnvironment;
  F.Severity = Low ? "low" : "";
  F.Cred = &C;
  F.Sink = At ? *At : siteFrame(Site, "sink");
  F.Bytes = Re.Bytes;
  F.TraceOrigin = R.options().symbolize ? Re.Origin : 0;
  F.SinkCategory = "process";
  F.SinkFunction = Function;
  F.Path = Program;
  F.Part = Part;
  F.Variable = Variable;
  R.reporter().report(F);
}

} // namespace

std::string environmentVariable(const char *Entry, size_t N) {
  const void *Eq = std::memchr(Entry, '=', N);
  return redactedText(Entry, Eq ? size_t(static_cast<const char *>(Eq) - Entry) : N);
}

bool underItsOwnName(const Credential &C, const std::string &Variable,
                     const std::string &Program) {
  return C.Name == Variable && !isShell(Program);
}

bool isShell(const std::string &Program) {
  std::string_view Base = Program;
  if (size_t Slash = Base.rfind('/'); Slash != std::string_view::npos)
    Base.remove_prefix(Slash + 1);
  static const std::string_view Shells[] = {"sh",  "bash", "dash", "zsh",
                                            "ksh", "mksh", "ash",  "fish"};
  for (std::string_view S : Shells)
    if (Base == S)
      return true;
  return false;
}

void inspectExport(const credtaint_site *Site, const SinkInfo &S,
                   const char *Name, SpanRange Spans) {
  if (Spans.empty())
    return;
  std::string Variable = Name ? redactedText(Name, std::strlen(Name))
                              : environmentVariable(Spans[0].P, Spans[0].N);
  bool Any = false;
  for (auto &[C, Re] : attribute(Spans)) {
    if (isMaskedPreview(*C, Re))
      continue;
    Any = true;
    reportIn(Site, nullptr, *C, Re, S.display, "", Variable, "environment",
             underItsOwnName(*C, Variable, ""));
  }
  if (Any) {
    Exported &E = exported();
    std::lock_guard<std::mutex> L(E.Mu);
    E.Names.insert(Variable);
  }
}

void inspectChildEnvironment(const credtaint_site *Site, const SinkInfo &S,
                             const std::string &Program,
                             SpanRange Envp,
                             const std::vector<const Credential *> &SkipArgv) {
  std::string Function = std::string(S.display) + "(envp)";
  for (const Span &Entry : Envp) {
    Attribution A = attribute({Entry});
    if (A.empty())
      continue;
    std::string Variable = environmentVariable(Entry.P, Entry.N);
    for (auto &[C, Re] : A) {
      if (isMaskedPreview(*C, Re) ||
          std::find(SkipArgv.begin(), SkipArgv.end(), C) != SkipArgv.end())
        continue;
      reportIn(Site, nullptr, *C, Re, Function, Program, Variable, "envp",
               underItsOwnName(*C, Variable, Program));
    }
  }
}

void inspectShellInheritance(const credtaint_site *Site, const SinkInfo &S,
                             const std::string &Program) {
  std::vector<std::string> Names;
  {
    Exported &E = exported();
    std::lock_guard<std::mutex> L(E.Mu);
    Names.assign(E.Names.begin(), E.Names.end());
  }
  if (Names.empty())
    return;
  Runtime &R = runtime();
  std::string Function = std::string(S.display) + "(environment)";
  for (const std::string &Name : Names) {
    const char *Value = std::getenv(Name.c_str());
    if (!Value)
      continue; // unset since
    // libc copied the value into the environment: known by value.
    for (const Credential *C : R.registry().containedIn(Value, std::strlen(Value))) {
      if (C->Name == Name)
        continue; // set again where it came from: inherited all the same
      Reached Re;
      Re.Bytes = C->Length;
      reportIn(Site, nullptr, *C, Re, Function, Program, Name, "environment",
               false, "match");
    }
  }
}

} // namespace credtaint::rt
