//===- Baseline.cpp - accepted findings, by fingerprint -------------------===//

#include "Baseline.h"
#include "Paths.h"

namespace credtaint::report {
namespace {

using nlohmann::json;

bool addEntries(const json &List, std::set<std::string> &Accepted,
                std::string &Error) {
  size_t Index = 0;
  for (const json &E : List) {
    const json *Fp = &E;
    if (E.is_object()) {
      auto It = E.find("fingerprint");
      Fp = It == E.end() ? nullptr : &*It;
    }
    if (!Fp || !Fp->is_string() || Fp->get<std::string>().empty()) {
      Error = "entry " + std::to_string(Index) +
              " is neither a fingerprint string nor an object with one";
      return false;
    }
    Accepted.insert(Fp->get<std::string>());
    ++Index;
  }
  return true;
}

} // namespace

bool parseBaseline(std::string_view Text, std::set<std::string> &Accepted,
                   std::string &Error) {
  json J;
  try {
    J = json::parse(Text);
  } catch (const json::parse_error &E) {
    Error = "not valid JSON (at byte " + std::to_string(E.byte) + ")";
    return false;
  } catch (const json::exception &) {
    Error = "not valid JSON (a number out of range)";
    return false;
  }
  if (J.is_array())
    return addEntries(J, Accepted, Error);
  if (J.is_object())
    for (const char *Key : {"findings", "fingerprints"}) {
      auto It = J.find(Key);
      if (It != J.end() && It->is_array())
        return addEntries(*It, Accepted, Error);
    }
  Error = "expected an array, or an object with a \"findings\" or "
          "\"fingerprints\" array";
  return false;
}

nlohmann::ordered_json baselineJson(const FindingSet &Set, const RunInfo &Run,
                                    const std::string &SourceRoot) {
  nlohmann::ordered_json Findings = nlohmann::ordered_json::array();
  for (const Finding *F : Set.sorted()) {
    if (F->Suppressed)
      continue;
    const Record &R = F->First;
    Findings.push_back(
        {{"fingerprint", R.Fingerprint},
         {"rule", R.Rule},
         {"severity", severityName(R.Sev)},
         {"location", displayPath(R.Sink.At.File, SourceRoot) + ":" +
                          std::to_string(R.Sink.At.Line)},
         {"credential", R.Credential.Name}});
  }
  return {{"version", 1},
          {"tool", "credtaint"},
          {"created", isoTimeNow()},
          {"run", runInfoJson(Run)},
          {"findings", Findings}};
}

} // namespace credtaint::report
