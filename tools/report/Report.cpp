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

std::string dumpJson(const nlohmann::ordered_json &J, int Indent) {
  return J.dump(Indent, ' ', false,
                nlohmann::ordered_json::error_handler_t::replace);
}

std::string validUtf8(const std::string &S) {
  std::string Out;
  Out.reserve(S.size());
  const auto *P = reinterpret_cast<const unsigned char *>(S.data());
  size_t N = S.size();
  for (size_t I = 0; I < N;) {
    unsigned char C = P[I];
    size_t Len = C < 0x80 ? 1 : (C >> 5) == 6 ? 2 : (C >> 4) == 14 ? 3
                               : (C >> 3) == 30 ? 4 : 0;
    bool Ok = Len && I + Len <= N;
    for (size_t K = 1; Ok && K < Len; ++K)
      Ok = (P[I + K] & 0xC0) == 0x80;
    if (Ok && Len > 1) {
      uint32_t Cp = C & (0x7F >> Len);
      for (size_t K = 1; K < Len; ++K)
        Cp = (Cp << 6) | (P[I + K] & 0x3F);
      static const uint32_t Min[] = {0, 0, 0x80, 0x800, 0x10000};
      Ok = Cp >= Min[Len] && Cp <= 0x10FFFF && (Cp < 0xD800 || Cp > 0xDFFF);
    }
    if (Ok) {
      Out.append(S, I, Len);
      I += Len;
    } else {
      Out += "\xEF\xBF\xBD";
      ++I;
    }
  }
  return Out;
}

std::string findingHeadline(const Record &R, const std::string &SourceRoot) {
  std::string S = R.Credential.Kind.empty() ? "credential" : R.Credential.Kind;
  if (!R.Credential.Name.empty())
    S += " " + R.Credential.Name;
  if (!R.Credential.Preview.empty() || R.Credential.Length)
    S += " (" + R.Credential.Preview +
         (R.Credential.Preview.empty() ? "" : ", ") +
         std::to_string(R.Credential.Length) + " bytes)";
  if (R.Sink.Category == "source") // a static finding: the literal itself
    S += " written in the source";
  else if (!R.Sink.Function.empty()) {
    S += " reached " + R.Sink.Function;
    if (!R.Sink.Algorithm.empty())
      S += " (" + R.Sink.Algorithm + ")";
  }
  if (!R.Sink.Host.empty())
    S += " to " + R.Sink.Host +
         (R.Sink.Port ? ":" + std::to_string(*R.Sink.Port) : "");
  if (!R.Sink.Transport.empty())
    S += " over " + R.Sink.Transport;
  if (!R.Sink.Path.empty())
    S += " of " + R.Sink.Path;
  if (!R.Sink.At.File.empty()) {
    S += " at " + displayPath(R.Sink.At.File, SourceRoot);
    if (R.Sink.At.Line)
      S += ":" + std::to_string(R.Sink.At.Line);
  }
  return S;
}

} // namespace credtaint::report
