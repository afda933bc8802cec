//===- FindingSet.h - deduplicated findings of a run ------------*- C++ -*-===//
//
// Records of the same finding (same fingerprint) from many processes, tests
// and detectors become one Finding with an occurrence count and the set of
// tests that hit it. The set then takes a baseline (accepted fingerprints:
// a finding in it is "unchanged", any other "new") and suppressions (the
// runtime's sanitizer-style file, matched against the merged finding), and
// answers the gate: how many new, unsuppressed findings are at or above a
// severity.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_FINDINGSET_H
#define CREDTAINT_REPORT_FINDINGSET_H

#include "Record.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace credtaint::rt {
class Suppressions;
}

namespace credtaint::report {

struct AppliedSuppression {
  std::string Type, Pattern, File;
  unsigned Line = 0;
};

struct Finding {
  Record First; // the first record seen, in input order
  size_t Occurrences = 0;
  std::set<std::string> Tests, Binaries, Detectors;
  std::string FirstSeen, LastSeen;
  bool InBaseline = false;
  std::optional<AppliedSuppression> Suppressed;

  /// New and not suppressed: what the gate and JUnit failures count.
  bool active() const { return !InBaseline && !Suppressed; }
};

class FindingSet {
public:
  void add(const Record &R);
  void addAll(const std::vector<Record> &Rs);

  /// Marks findings whose fingerprint is in Accepted; returns how many
  /// accepted fingerprints matched no finding of this run.
  size_t applyBaseline(const std::set<std::string> &Accepted);

  /// Matches each finding against S (first matching line wins, as in the
  /// runtime); File names the suppressions file in the results. Adds one
  /// warning per suppression that matched no finding.
  void applySuppressions(rt::Suppressions &S, const std::string &File,
                         std::vector<std::string> &Warnings);

  /// Active findings at or above Threshold.
  size_t gateCount(Severity Threshold) const;

  /// Findings by severity (highest first), rule, sink file and line,
  /// fingerprint: the order of every report.
  std::vector<const Finding *> sorted() const;

  size_t size() const { return ByFingerprint.size(); }
  size_t occurrences() const;

private:
  std::map<std::string, Finding> ByFingerprint;
};

} // namespace credtaint::report

#endif
