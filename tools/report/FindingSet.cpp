//===- FindingSet.cpp - deduplicated findings of a run --------------------===//

#include "FindingSet.h"

#include "Suppressions.h" // runtime: the sanitizer-style suppressions parser

#include <algorithm>
#include <tuple>

namespace credtaint::report {

void FindingSet::add(const Record &R) {
  auto [It, Inserted] = ByFingerprint.try_emplace(R.Fingerprint);
  Finding &F = It->second;
  if (Inserted)
    F.First = R;
  ++F.Occurrences;
  F.Tests.insert(testNameOf(R));
  if (!R.Binary.empty())
    F.Binaries.insert(R.Binary);
  F.Detectors.insert(R.Detector);
  if (!R.Time.empty()) {
    if (F.FirstSeen.empty() || R.Time < F.FirstSeen)
      F.FirstSeen = R.Time;
    if (R.Time > F.LastSeen)
      F.LastSeen = R.Time;
  }
  // A stronger severity from any occurrence (say, a configured override)
  // wins, so deduplication never hides it.
  if (R.Sev > F.First.Sev)
    F.First.Sev = R.Sev;
}

void FindingSet::addAll(const std::vector<Record> &Rs) {
  for (const Record &R : Rs)
    add(R);
}

size_t FindingSet::applyBaseline(const std::set<std::string> &Accepted) {
  size_t Matched = 0;
  for (auto &[Fp, F] : ByFingerprint) {
    F.InBaseline = Accepted.count(Fp) > 0;
    Matched += F.InBaseline;
  }
  return Accepted.size() - Matched;
}

void FindingSet::applySuppressions(rt::Suppressions &S, const std::string &File,
                                   std::vector<std::string> &Warnings) {
  for (auto &[Fp, F] : ByFingerprint) {
    const Record &R = F.First;
    rt::SuppressionTarget T{R.Rule, R.Sink.Function, R.Credential.Name, {}, {}};
    // As in the runtime: the files and functions of every trace frame,
    // which include the source and the sink.
    for (const TraceStep &Step : R.Trace) {
      T.Files.push_back(Step.At.File);
      T.Functions.push_back(Step.At.Function);
    }
    if (R.Trace.empty()) {
      T.Files = {R.Credential.Source.File, R.Sink.At.File};
      T.Functions = {R.Credential.Source.Function, R.Sink.At.Function};
    }
    if (const rt::Suppression *M = S.match(T))
      F.Suppressed = AppliedSuppression{M->Type, M->Pattern, File, M->Line};
  }
  for (const rt::Suppression &Sup : S.all())
    if (!Sup.Hits)
      Warnings.push_back(File + ":" + std::to_string(Sup.Line) +
                         ": suppression '" + Sup.Type + ":" + Sup.Pattern +
                         "' matched no finding");
}

size_t FindingSet::gateCount(Severity Threshold) const {
  size_t N = 0;
  for (const auto &[Fp, F] : ByFingerprint)
    N += F.active() && F.First.Sev >= Threshold;
  return N;
}

std::vector<const Finding *> FindingSet::sorted() const {
  std::vector<const Finding *> Out;
  for (const auto &[Fp, F] : ByFingerprint)
    Out.push_back(&F);
  std::sort(Out.begin(), Out.end(), [](const Finding *A, const Finding *B) {
    const Record &X = A->First, &Y = B->First;
    if (X.Sev != Y.Sev)
      return X.Sev > Y.Sev;
    return std::tie(X.Rule, X.Sink.At.File, X.Sink.At.Line, X.Fingerprint) <
           std::tie(Y.Rule, Y.Sink.At.File, Y.Sink.At.Line, Y.Fingerprint);
  });
  return Out;
}

size_t FindingSet::occurrences() const {
  size_t N = 0;
  for (const auto &[Fp, F] : ByFingerprint)
    N += F.Occurrences;
  return N;
}

} // namespace credtaint::report
