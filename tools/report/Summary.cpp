//===- Summary.cpp - the report for people --------------------------------===//
//
// What ctest prints after the tests: totals, a rule-by-severity table, the
// locations with most findings, and a per-test defect table in the spirit
// of `ctest -T memcheck`, then the gate's verdict in one line.
//
//===----------------------------------------------------------------------===//

#include "Paths.h"
#include "Report.h"

#include "credtaint/catalog/catalog.h"

#include <algorithm>
#include <map>

namespace credtaint::report {
namespace {

std::string pad(std::string S, size_t Width, bool Right = false) {
  if (S.size() >= Width)
    return S;
  std::string Fill(Width - S.size(), ' ');
  return Right ? Fill + S : S + Fill;
}

constexpr size_t kMaxListed = 50;

std::string plural(size_t N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

} // namespace

std::string summaryText(const ReportContext &C, size_t TopLocations) {
  std::vector<const Finding *> All = C.Set->sorted();
  size_t New = 0, InBaseline = 0, Suppressed = 0;
  for (const Finding *F : All) {
    New += F->active();
    InBaseline += F->InBaseline && !F->Suppressed;
    Suppressed += bool(F->Suppressed);
  }
  std::string S = "credtaint-report: " +
                  plural(All.size(), "distinct finding", "distinct findings") +
                  " (" + plural(C.Set->occurrences(), "occurrence", "occurrences") +
                  ") from " + plural(C.Stats.LogFiles, "log file", "log files") +
                  " and " + plural(C.Stats.Sidecars, "sidecar", "sidecars");
  if (C.Stats.ObjectSidecars)
    S += " (" + std::to_string(C.Stats.ObjectSidecars) + " embedded in " +
         (C.Stats.ObjectSidecars == 1 ? "an object" : "objects") + ")";
  if (C.Stats.Skipped)
    S += "; " + plural(C.Stats.Skipped, "corrupt line", "corrupt lines") +
         " skipped";
  if (C.Seen && !C.Seen->credentials().empty())
    S += "\n  " + plural(C.Seen->seenCount(), "credential", "credentials") +
         " loaded, " + std::to_string(C.Seen->usedCount()) +
         " sent to network hosts (from " +
         plural(C.Stats.SeenFiles, "seen file", "seen files") + ")";
  S += "\n  " + std::to_string(New) + " new";
  if (C.hasBaseline())
    S += ", " + std::to_string(InBaseline) + " in baseline " + C.BaselineFile;
  S += ", " + std::to_string(Suppressed) + " suppressed";
  if (C.BaselineNotSeen)
    S += "; " + plural(C.BaselineNotSeen, "baseline finding", "baseline findings") +
         " no longer seen";
  S += "\n";
  if (!C.Run.Commit.empty() || !C.Run.Repository.empty()) {
    S += "  run:";
    if (!C.Run.Repository.empty())
      S += " " + C.Run.Repository;
    if (!C.Run.Branch.empty())
      S += " " + C.Run.Branch;
    if (!C.Run.Commit.empty())
      S += " @ " + C.Run.Commit.substr(0, 12);
    if (!C.Run.BuildId.empty())
      S += ", build " + C.Run.BuildId;
    S += "\n";
  }
  if (All.empty())
    return S + (C.FailOn ? "Gate (--fail-on " + std::string(severityName(*C.FailOn)) +
                               "): passed\n"
                         : "");

  // Rule x severity, "new/total" per cell.
  static const Severity Order[] = {Severity::Critical, Severity::High,
                                   Severity::Medium, Severity::Low};
  std::map<std::string, std::map<Severity, std::pair<size_t, size_t>>> Table;
  size_t RuleWidth = 4;
  for (const Finding *F : All) {
    auto &Cell = Table[F->First.Rule][F->First.Sev];
    Cell.first += F->active();
    ++Cell.second;
    RuleWidth = std::max(RuleWidth, F->First.Rule.size());
  }
  S += "\nFindings by rule and severity (new/total):\n  " + pad("rule", RuleWidth);
  for (Severity Sev : Order)
    S += pad(severityName(Sev), 10, true);
  S += "\n";
  for (const auto &[Rule, Cells] : Table) {
    S += "  " + pad(Rule, RuleWidth);
    for (Severity Sev : Order) {
      auto It = Cells.find(Sev);
      S += pad(It == Cells.end() ? "-"
                                 : std::to_string(It->second.first) + "/" +
                                       std::to_string(It->second.second),
               10, true);
    }
    S += "\n";
  }

  // Locations: the sink line, with its findings and the tests that hit them.
  struct Loc {
    size_t Findings = 0, New = 0;
    std::set<std::string> Rules, Tests;
  };
  std::map<std::string, Loc> Locs;
  for (const Finding *F : All) {
    const Site &At = F->First.Sink.At.File.empty() ? F->First.Credential.Source
                                                    : F->First.Sink.At;
    Loc &L = Locs[displayPath(At.File.empty() ? "<unknown>" : At.File,
                              C.SourceRoot) +
                  ":" + std::to_string(At.Line)];
    ++L.Findings;
    L.New += F->active();
    L.Rules.insert(F->First.Rule);
    L.Tests.insert(F->Tests.begin(), F->Tests.end());
  }
  std::vector<std::pair<std::string, Loc>> Top(Locs.begin(), Locs.end());
  std::stable_sort(Top.begin(), Top.end(), [](const auto &A, const auto &B) {
    return A.second.Findings > B.second.Findings;
  });
  if (Top.size() > TopLocations)
    Top.resize(TopLocations);
  if (!Top.empty()) {
    S += "\nTop locations:\n";
    for (const auto &[Where, L] : Top) {
      std::string Rules;
      for (const std::string &R : L.Rules)
        Rules += (Rules.empty() ? "" : ",") + R;
      S += "  " + pad(std::to_string(L.Findings), 4, true) + "  " + Where + "  " +
           Rules + " (" + plural(L.Tests.size(), "test", "tests") +
           (L.New ? ", " + std::to_string(L.New) + " new" : "") + ")\n";
    }
  }

  // Per test, as ctest -T memcheck lists defects.
  std::map<std::string, std::pair<size_t, size_t>> ByTest;
  size_t TestWidth = 4;
  for (const Finding *F : All)
    for (const std::string &T : F->Tests) {
      auto &Row = ByTest[T];
      ++Row.first;
      Row.second += C.fails(*F);
      TestWidth = std::max(TestWidth, T.size());
    }
  S += "\nDefects by test:\n  " + pad("test", TestWidth) + pad("defects", 9, true) +
       pad("failing", 9, true) + "\n";
  for (const auto &[Test, Row] : ByTest)
    S += "  " + pad(Test, TestWidth) + pad(std::to_string(Row.first), 9, true) +
         pad(std::to_string(Row.second), 9, true) + "\n";

  // The failing findings themselves, so the ctest log says what to fix.
  size_t Failing = C.failing();
  if (Failing) {
    S += "\n" + std::string(C.FailOn ? "Findings failing the gate:\n"
                                     : "New findings:\n");
    size_t Listed = 0;
    for (const Finding *F : All)
      if (C.fails(*F) && Listed++ < kMaxListed)
        S += "  [" + std::string(severityName(F->First.Sev)) + "] " +
             F->First.Rule + ": " + findingHeadline(F->First, C.SourceRoot) +
             " (" + F->First.Fingerprint + ")\n";
    if (Failing > kMaxListed)
      S += "  ... and " + std::to_string(Failing - kMaxListed) +
           " more (all are in the SARIF, JUnit and JSON reports)\n";
  }
  if (C.FailOn)
    S += "\nGate (--fail-on " + std::string(severityName(*C.FailOn)) + "): " +
         (Failing ? "FAILED, " + plural(Failing, "new finding", "new findings") +
                        " at or above " + severityName(*C.FailOn)
                  : std::string("passed")) +
         "\n";
  return S;
}

} // namespace credtaint::report
