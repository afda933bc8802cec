//===- Report.h - what every report format is written from -----*- C++ -*-===//
//
// The SARIF, JUnit, JSON and summary writers all read one ReportContext, so
// they agree on which findings are new, suppressed and failing, and all
// carry the same run metadata.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_REPORT_H
#define CREDTAINT_REPORT_REPORT_H

#include "FindingSet.h"
#include "RecordReader.h"
#include "RunInfo.h"
#include "SeenRecord.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace credtaint::report {

struct ReportContext {
  const FindingSet *Set = nullptr;
  /// The credentials the run loaded and used (credential-seen/-used
  /// records): counted in the summary and exported, never findings.
  const SeenSet *Seen = nullptr;
  RunInfo Run;
  std::string SourceRoot; // normalized; empty when not given
  std::string BaselineFile, SuppressionsFile;
  size_t BaselineNotSeen = 0; // accepted fingerprints no finding matched
  std::optional<Severity> FailOn;
  ReadStats Stats;
  std::vector<std::string> Warnings;

  bool hasBaseline() const { return !BaselineFile.empty(); }
  /// Whether F fails the gate: new, not suppressed, and at or above
  /// --fail-on (any severity when --fail-on is not given).
  bool fails(const Finding &F) const;
  /// Number of findings that fail the gate.
  size_t failing() const;
  /// Whether the gate fails: --fail-on given and a finding fails it.
  bool gateFailed() const { return FailOn && failing() > 0; }
  /// "new", "unchanged" (in the baseline) or "" (no baseline given).
  const char *baselineState(const Finding &F) const;
};

/// One line a person reads: "token API_TOKEN (ghp_****…, 40 bytes)
/// reached printf(stdout) at src/a.cpp:16".
std::string findingHeadline(const Record &R, const std::string &SourceRoot);

/// J as text; bytes that are not UTF-8 (a suppressions file may hold
/// anything) become U+FFFD instead of an exception.
std::string dumpJson(const nlohmann::ordered_json &J, int Indent = 2);
/// S with every invalid UTF-8 sequence replaced by U+FFFD.
std::string validUtf8(const std::string &S);

/// SARIF 2.1.0, one run, as GitHub code scanning reads it.
nlohmann::ordered_json sarifReport(const ReportContext &C);
/// JUnit XML: a testcase per test that has findings.
std::string junitReport(const ReportContext &C);
/// The merged, deduplicated findings with run metadata and the gate.
nlohmann::ordered_json mergedJson(const ReportContext &C);
/// The summary for people: counts by rule and severity, top locations,
/// defects per test, and the gate's verdict.
std::string summaryText(const ReportContext &C, size_t TopLocations);

} // namespace credtaint::report

#endif
