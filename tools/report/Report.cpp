//===- Report.cpp - what every report format is written from --------------===//

#include "Report.h"
#include "Paths.h"

namespace credtaint::report {

bool ReportContext::fails(const Finding &F) const {
  return F.active() && (!FailOn || F.First.Sev >= *FailOn);
}

size_t ReportContext::failing() const {
  size_t N = 0;
  for (const Finding *F : Set->sorted())
    N += fails(*F);
  return N;
}

const char *ReportContext::baselineState(const Finding &F) const {
  if (!hasBaseline())
    return "";
  return F.InBaseline ? "unchanged" : "new";
}

std::string findingHeadline(const Record &R, const std::string &SourceRoot) {
  std::string S = R.Credential.Kind.empty() ? "credential" : R.Credential.Kind;
  if (!R.Credential.Name.empty())
    S += " " + R.Credential.Name;
  if (!R.Credential.Preview.empty() || R.Credential.Length)
    S += " (" + R.Credential.Preview +
         (R.Credential.Preview.empty() ? "" : ", ") +
         std::to_string(R.Credential.Length) + " bytes)";
  if (!R.Sink.Function.empty()) {
    S += " reached " + R.Sink.Function;
    if (!R.Sink.Algorithm.empty())
      S += " (" + R.Sink.Algorithm + ")";
  }
  if (!R.Sink.At.File.empty()) {
    S += " at " + displayPath(R.Sink.At.File, SourceRoot);
    if (R.Sink.At.Line)
      S += ":" + std::to_string(R.Sink.At.Line);
  }
  return S;
}

} // namespace credtaint::report
