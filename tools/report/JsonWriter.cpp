//===- JsonWriter.cpp - the merged findings as JSON -----------------------===//
//
// Each finding is its record (the fields the runtime writes, minus the
// per-process ones) plus what merging learned: occurrences, tests,
// binaries, detectors, first and last seen, baseline state, suppression.
//
//===----------------------------------------------------------------------===//

#include "Report.h"

#ifndef CREDTAINT_VERSION
#define CREDTAINT_VERSION "0.0.0"
#endif

namespace credtaint::report {

nlohmann::ordered_json mergedJson(const ReportContext &C) {
  using nlohmann::ordered_json;
  ordered_json Findings = ordered_json::array();
  size_t New = 0, InBaseline = 0, Suppressed = 0;
  for (const Finding *F : C.Set->sorted()) {
    ordered_json J = recordToJson(F->First, /*WithOccurrence=*/false);
    J["occurrences"] = F->Occurrences;
    J["tests"] = F->Tests;
    J["binaries"] = F->Binaries;
    J["detectors"] = F->Detectors;
    J["first_seen"] = F->FirstSeen;
    J["last_seen"] = F->LastSeen;
    J["baseline_state"] = C.hasBaseline() ? ordered_json(C.baselineState(*F))
                                          : ordered_json();
    if (F->Suppressed)
      J["suppressed"] = {{"type", F->Suppressed->Type},
                         {"pattern", F->Suppressed->Pattern},
                         {"file", F->Suppressed->File},
                         {"line", F->Suppressed->Line}};
    else
      J["suppressed"] = nullptr;
    J["fails_gate"] = C.fails(*F);
    Findings.push_back(std::move(J));
    New += !F->InBaseline && !F->Suppressed;
    InBaseline += F->InBaseline && !F->Suppressed;
    Suppressed += bool(F->Suppressed);
  }
  ordered_json Gate = {
      {"fail_on", C.FailOn ? ordered_json(severityName(*C.FailOn)) : ordered_json()},
      {"failing", C.failing()},
      {"failed", C.gateFailed()}};
  return {{"version", 1},
          {"tool", {{"name", "credtaint-report"}, {"version", CREDTAINT_VERSION}}},
          {"created", isoTimeNow()},
          {"run", runInfoJson(C.Run)},
          {"inputs",
           {{"log_files", C.Stats.LogFiles},
            {"sidecars", C.Stats.Sidecars},
            {"object_sidecars", C.Stats.ObjectSidecars},
            {"records", C.Stats.Records},
            {"skipped", C.Stats.Skipped}}},
          {"counts",
           {{"findings", C.Set->size()},
            {"occurrences", C.Set->occurrences()},
            {"new", New},
            {"in_baseline", InBaseline},
            {"suppressed", Suppressed},
            {"baseline_not_seen", C.BaselineNotSeen}}},
          {"gate", Gate},
          {"warnings", C.Warnings},
          {"findings", Findings}};
}

} // namespace credtaint::report
