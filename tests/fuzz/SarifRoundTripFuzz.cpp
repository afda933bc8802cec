//===- SarifRoundTripFuzz.cpp - libFuzzer target for the SARIF writer -----===//
//
// Records (read from the input as JSONL) -> FindingSet -> SARIF text ->
// parsed back: the SARIF must be JSON whatever the records held, and hold
// the same findings: one result per finding, in the report order, with its
// rule, partial fingerprint, credential identity, sink and line, and a
// ruleIndex that points at that rule.
//
//===----------------------------------------------------------------------===//

#include "FindingSet.h"
#include "RecordReader.h"
#include "Report.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace credtaint::report;
using nlohmann::json;

namespace {
void require(bool Ok) {
  if (!Ok)
    std::abort();
}

std::string str(const json &J, const char *Key) {
  return J.contains(Key) && J[Key].is_string() ? J[Key].get<std::string>() : "\x01";
}

void checkResult(const json &Res, const json &Rules, const Finding &F) {
  const Record &R = F.First;
  require(str(Res, "ruleId") == validUtf8(R.Rule));
  size_t Index = Res.at("ruleIndex").get<size_t>();
  require(Index < Rules.size() && str(Rules[Index], "id") == validUtf8(R.Rule));
  // "credtaint/v1:<hex>" is written as {"credtaint/v1": "<hex>"}.
  std::string Fp;
  for (auto &[K, V] : Res.at("partialFingerprints").items())
    Fp = K + ":" + V.get<std::string>();
  size_t Colon = R.Fingerprint.find(':');
  require(Fp == validUtf8(Colon == std::string::npos || Colon == 0
                              ? "credtaint/v1:" + R.Fingerprint
                              : R.Fingerprint));
  const json &P = Res.at("properties");
  require(P.at("occurrences").get<size_t>() == F.Occurrences);
  const json &C = P.at("credential");
  require(str(C, "kind") == validUtf8(R.Credential.Kind));
  require(str(C, "name") == validUtf8(R.Credential.Name));
  require(str(C, "fingerprint") == validUtf8(R.Credential.Fingerprint));
  require(str(C, "preview") == validUtf8(R.Credential.Preview));
  require(C.at("length").get<uint64_t>() == R.Credential.Length);
  require(str(P.at("sink"), "function") == validUtf8(R.Sink.Function));
  const Site &Primary = R.Sink.At.File.empty() ? R.Credential.Source : R.Sink.At;
  if (!Primary.File.empty() && Primary.Line) {
    const json &Region = Res.at("locations").at(0).at("physicalLocation").at("region");
    require(Region.at("startLine").get<unsigned>() == Primary.Line);
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  FindingSet Set;
  RecordReader Reader([&](Record &&R) { Set.add(R); });
  Reader.readJsonl("fuzz.jsonl", Text);

  ReportContext Ctx;
  Ctx.Set = &Set;
  Ctx.SourceRoot = "/src";
  std::string Sarif = dumpJson(sarifReport(Ctx), -1);
  json Back = json::parse(Sarif, nullptr, false);
  require(!Back.is_discarded());
  const json &Run = Back.at("runs").at(0);
  const json &Results = Run.at("results");
  const json &Rules = Run.at("tool").at("driver").at("rules");
  std::vector<const Finding *> Sorted = Set.sorted();
  require(Results.size() == Sorted.size());
  for (size_t I = 0; I < Sorted.size(); ++I)
    checkResult(Results[I], Rules, *Sorted[I]);
  return 0;
}
