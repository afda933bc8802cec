//===- RedactingDiagnostics.cpp - warnings without the source line --------===//

#include "RedactingDiagnostics.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace credtaint::plugin {

RedactingDiagnostics::RedactingDiagnostics(
    DiagnosticConsumer *Inner, std::unique_ptr<DiagnosticConsumer> Owned,
    std::set<unsigned> Ids)
    : Inner(Inner), Owned(std::move(Owned)), Ids(std::move(Ids)) {
  // clang takes the totals (and so the exit status) from the client: carry
  // over what was reported before this one was installed.
  NumWarnings = Inner->getNumWarnings();
  NumErrors = Inner->getNumErrors();
}

void RedactingDiagnostics::install(DiagnosticsEngine &Diags,
                                   std::set<unsigned> Ids) {
  std::unique_ptr<DiagnosticConsumer> Owned;
  if (Diags.ownsClient())
    Owned = Diags.takeClient();
  DiagnosticConsumer *Inner = Owned ? Owned.get() : Diags.getClient();
  if (!Inner)
    return;
  Diags.setClient(new RedactingDiagnostics(Inner, std::move(Owned), std::move(Ids)),
                  /*ShouldOwnClient=*/true);
}

void RedactingDiagnostics::BeginSourceFile(const LangOptions &LO,
                                           const Preprocessor *PP) {
  Inner->BeginSourceFile(LO, PP);
}
void RedactingDiagnostics::EndSourceFile() { Inner->EndSourceFile(); }
void RedactingDiagnostics::finish() { Inner->finish(); }
void RedactingDiagnostics::clear() {
  DiagnosticConsumer::clear();
  Inner->clear();
}
bool RedactingDiagnostics::IncludeInDiagnosticCounts() const {
  return Inner->IncludeInDiagnosticCounts();
}

void RedactingDiagnostics::HandleDiagnostic(DiagnosticsEngine::Level Level,
                                            const Diagnostic &Info) {
  // Count every diagnostic here: clang asks this client for the totals.
  DiagnosticConsumer::HandleDiagnostic(Level, Info);
  if (!Ids.count(Info.getID())) {
    Inner->HandleDiagnostic(Level, Info);
    return;
  }
  SmallString<256> Msg;
  Info.FormatDiagnostic(Msg);
  std::string Where;
  if (Info.getLocation().isValid() && Info.hasSourceManager()) {
    PresumedLoc P = Info.getSourceManager().getPresumedLoc(
        Info.getSourceManager().getExpansionLoc(Info.getLocation()));
    if (P.isValid())
      Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) +
              ":" + std::to_string(P.getColumn()) + ": ";
  }
  const char *What = Level >= DiagnosticsEngine::Error ? "error: " : "warning: ";
  llvm::errs() << Where << What << Msg << "\n";
}

} // namespace credtaint::plugin
