//===- Baseline.h - accepted findings, by fingerprint ----------*- C++ -*-===//
//
// A baseline is the set of finding fingerprints a project has accepted;
// only findings outside it are new and can fail the gate. Fingerprints
// never include time, pid, commit or test name, so a baseline survives
// reruns and refactorings that do not move the source or the sink.
//
// Accepted forms: the file `credtaint-report baseline` writes (an object
// with a "findings" array of objects holding "fingerprint"), an object with
// a "fingerprints" array of strings, or a bare array of either.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_BASELINE_H
#define CREDTAINT_REPORT_BASELINE_H

#include "FindingSet.h"
#include "RunInfo.h"

#include <set>
#include <string>
#include <string_view>

namespace credtaint::report {

/// Parses a baseline; false with a one-line Error (no input quoted).
bool parseBaseline(std::string_view Text, std::set<std::string> &Accepted,
                   std::string &Error);

/// The baseline file for the findings of Set that are not suppressed.
nlohmann::ordered_json baselineJson(const FindingSet &Set, const RunInfo &Run,
                                    const std::string &SourceRoot);

} // namespace credtaint::report

#endif
