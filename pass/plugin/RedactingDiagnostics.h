//===- RedactingDiagnostics.h - warnings without the source line -*- C++ -*-===//
//
// clang prints the source line under a diagnostic. For a hardcoded
// credential that line holds the credential, and build logs are kept and
// shared, so credtaint's own diagnostics are printed as
// "file:line:column: warning: message" without it; every other diagnostic
// goes to clang's printer unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PLUGIN_REDACTINGDIAGNOSTICS_H
#define CREDTAINT_PLUGIN_REDACTINGDIAGNOSTICS_H

#include "clang/Basic/Diagnostic.h"

#include <memory>
#include <set>

namespace credtaint::plugin {

class RedactingDiagnostics : public clang::DiagnosticConsumer {
public:
  /// Puts a RedactingDiagnostics in front of Diags' client, printing the
  /// diagnostics with the given ids itself.
  static void install(clang::DiagnosticsEngine &Diags, std::set<unsigned> Ids);

  void BeginSourceFile(const clang::LangOptions &LO,
                       const clang::Preprocessor *PP) override;
  void EndSourceFile() override;
  void finish() override;
  void clear() override;
  bool IncludeInDiagnosticCounts() const override;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;

private:
  RedactingDiagnostics(clang::DiagnosticConsumer *Inner,
                       std::unique_ptr<clang::DiagnosticConsumer> Owned,
                       std::set<unsigned> Ids);
  clang::DiagnosticConsumer *Inner;
  std::unique_ptr<clang::DiagnosticConsumer> Owned;
  std::set<unsigned> Ids;
};

} // namespace credtaint::plugin

#endif
