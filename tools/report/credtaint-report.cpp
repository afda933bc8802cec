//===- credtaint-report.cpp - merge, report and gate a test run's findings ===//
//
// After ctest: reads every credtaint.<pid>.jsonl a test run left in its log
// directories and the static sidecars of a build, deduplicates them into
// findings, applies a baseline and suppressions, writes SARIF, JUnit XML and
// JSON, prints a summary, and exits 1 when new findings at or above
// --fail-on remain: the CI gate.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "FindingSet.h"
#include "Paths.h"
#include "RecordReader.h"
#include "Report.h"
#include "RunInfo.h"

#include "Suppressions.h" // runtime

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>

#ifndef CREDTAINT_VERSION
#define CREDTAINT_VERSION "0.0.0"
#endif

namespace {

using namespace credtaint::report;

enum ExitCode { kOk = 0, kGateFailed = 1, kUsageOrInput = 2 };

const char *const kExitCodes =
    "Exit codes:\n"
    "  0  success; with --fail-on, no new finding at or above the threshold\n"
    "  1  gate failed: a new (not in --baseline, not suppressed) finding at or\n"
    "     above --fail-on\n"
    "  2  usage or input error: bad option, unreadable input, baseline or\n"
    "     suppressions file, output that cannot be written\n"
    "Corrupt or truncated record lines are skipped with a warning naming\n"
    "file:line; they are not an error.";

struct Inputs {
  std::vector<std::string> LogDirs, BuildDirs, Files, Suppressions;
  std::string SourceRoot;
  bool Quiet = false;
};

struct MergeOptions {
  std::string Sarif, Junit, Json, Summary, Baseline, FailOn;
  size_t Top = 10;
};

std::shared_ptr<spdlog::logger> Log;

void addInputOptions(CLI::App &Sub, Inputs &In) {
  Sub.add_option("--log-dir", In.LogDirs,
                 "Directory of credtaint.<pid>.jsonl records (searched "
                 "recursively; repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  Sub.add_option("--build-dir", In.BuildDirs,
                 "Build tree to search for static *.credtaint.json sidecars "
                 "(repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  Sub.add_option("--source-root", In.SourceRoot,
                 "Source tree: report paths relative to it; git there gives "
                 "branch and commit when CI variables do not")
      ->type_name("DIR");
  Sub.add_option("--suppressions", In.Suppressions,
                 "Suppressions file in the runtime's sanitizer-style format "
                 "(rule:, src:, fun:, sink:, credential:; repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  Sub.add_flag("-q,--quiet", In.Quiet, "No summary on stdout; warnings only");
  Sub.add_option("files", In.Files,
                 "Record files to read as well (.jsonl, or .json sidecars)")
      ->type_name("FILE");
}

bool readText(const std::string &Path, std::string &Text) {
  std::ifstream F(Path, std::ios::binary);
  if (!F)
    return false;
  std::ostringstream SS;
  SS << F.rdbuf();
  Text = SS.str();
  return !F.bad();
}

/// Reads the inputs and suppressions into Set. False on an input error
/// (already logged).
bool collect(const Inputs &In, RecordReader &Reader, FindingSet &Set,
             ReportContext &Ctx) {
  if (In.LogDirs.empty() && In.BuildDirs.empty() && In.Files.empty()) {
    Log->error("nothing to read: give --log-dir, --build-dir or record files "
               "(--help)");
    return false;
  }
  for (const std::string &D : In.LogDirs)
    Reader.readLogDir(D);
  for (const std::string &D : In.BuildDirs)
    Reader.readBuildDir(D);
  for (const std::string &F : In.Files) {
    std::string Error;
    if (!Reader.readFile(F, Error)) {
      Log->error("{}", Error);
      return false;
    }
  }
  for (const std::string &N : Reader.notes())
    Log->info("{}", N);
  Ctx.Warnings = Reader.warnings();
  Ctx.Stats = Reader.stats();

  for (const std::string &File : In.Suppressions) {
    std::string Text;
    if (!readText(File, Text)) {
      Log->error("cannot read suppressions file '{}'", File);
      return false;
    }
    credtaint::rt::Suppressions S;
    std::vector<std::string> Errors;
    S.parse(File, Text, Errors);
    for (const std::string &E : Errors)
      Ctx.Warnings.push_back(E);
    Set.applySuppressions(S, File, Ctx.Warnings);
    Ctx.SuppressionsFile = File;
  }
  for (const std::string &W : Ctx.Warnings)
    Log->warn("{}", W);
  Ctx.SourceRoot = normalizeRoot(In.SourceRoot);
  Ctx.Run = detectRunInfo(Ctx.SourceRoot);
  return true;
}

bool write(const std::string &Path, const std::string &Text) {
  std::string Error;
  if (writeFileAtomically(Path, Text, Error))
    return true;
  Log->error("{}", Error);
  return false;
}

int runMerge(const Inputs &In, const MergeOptions &M) {
  FindingSet Set;
  RecordReader Reader([&Set](Record &&R) { Set.add(R); });
  ReportContext Ctx;
  Ctx.Set = &Set;
  if (!M.FailOn.empty()) {
    Severity S;
    if (!parseSeverity(M.FailOn, S)) {
      Log->error("--fail-on: '{}' is not low, medium, high or critical", M.FailOn);
      return kUsageOrInput;
    }
    Ctx.FailOn = S;
  }
  if (!collect(In, Reader, Set, Ctx))
    return kUsageOrInput;
  if (!M.Baseline.empty()) {
    std::string Text, Error;
    std::set<std::string> Accepted;
    if (!readText(M.Baseline, Text)) {
      Log->error("cannot read baseline '{}'", M.Baseline);
      return kUsageOrInput;
    }
    if (!parseBaseline(Text, Accepted, Error)) {
      Log->error("baseline '{}': {}", M.Baseline, Error);
      return kUsageOrInput;
    }
    Ctx.BaselineFile = M.Baseline;
    Ctx.BaselineNotSeen = Set.applyBaseline(Accepted);
  }
  if (!M.Sarif.empty() && !write(M.Sarif, dumpJson(sarifReport(Ctx)) + "\n"))
    return kUsageOrInput;
  if (!M.Junit.empty() && !write(M.Junit, junitReport(Ctx)))
    return kUsageOrInput;
  if (!M.Json.empty() && !write(M.Json, dumpJson(mergedJson(Ctx)) + "\n"))
    return kUsageOrInput;
  std::string Summary = summaryText(Ctx, M.Top);
  if (!M.Summary.empty() && !write(M.Summary, Summary))
    return kUsageOrInput;
  if (!In.Quiet)
    std::cout << Summary << std::flush;
  return Ctx.gateFailed() ? kGateFailed : kOk;
}

int runBaseline(const Inputs &In, const std::string &Output) {
  FindingSet Set;
  RecordReader Reader([&Set](Record &&R) { Set.add(R); });
  ReportContext Ctx;
  Ctx.Set = &Set;
  if (!collect(In, Reader, Set, Ctx))
    return kUsageOrInput;
  nlohmann::ordered_json J = baselineJson(Set, Ctx.Run, Ctx.SourceRoot);
  if (!write(Output, dumpJson(J) + "\n"))
    return kUsageOrInput;
  if (!In.Quiet)
    std::cout << "credtaint-report: baseline of " << J["findings"].size()
              << " accepted findings written to " << Output << "\n";
  return kOk;
}

} // namespace

int main(int argc, char **argv) {
  Log = spdlog::stderr_logger_st("credtaint-report");
  Log->set_pattern("credtaint-report: %l: %v");

  CLI::App App{"credtaint-report: merge the findings of a test run into "
               "SARIF, JUnit XML, JSON and a summary, and gate CI on new ones",
               "credtaint-report"};
  App.footer(kExitCodes);
  App.set_version_flag("--version", CREDTAINT_VERSION);
  App.require_subcommand(1);

  Inputs In;
  MergeOptions M;
  CLI::App *Merge = App.add_subcommand(
      "merge", "Merge records, write reports, print the summary, apply the gate");
  addInputOptions(*Merge, In);
  Merge->add_option("--sarif", M.Sarif, "Write SARIF 2.1.0 here")->type_name("FILE");
  Merge->add_option("--junit", M.Junit, "Write JUnit XML here")->type_name("FILE");
  Merge->add_option("--json", M.Json, "Write the merged findings as JSON here")
      ->type_name("FILE");
  Merge->add_option("--summary", M.Summary,
                    "Write the summary here too (ctest prints it after a run)")
      ->type_name("FILE");
  Merge->add_option("--baseline", M.Baseline,
                    "Accepted findings (from `credtaint-report baseline`); "
                    "only findings not in it are new")
      ->type_name("FILE");
  Merge->add_option("--fail-on", M.FailOn,
                    "Exit 1 when a new, unsuppressed finding of this severity "
                    "or higher remains: low, medium, high or critical")
      ->type_name("SEVERITY");
  Merge->add_option("--top", M.Top, "Locations listed in the summary (default 10)")
      ->type_name("N");
  Merge->footer(kExitCodes);

  std::string BaselineOut;
  CLI::App *Base = App.add_subcommand(
      "baseline", "Write a baseline that accepts every current, unsuppressed "
                  "finding");
  addInputOptions(*Base, In);
  Base->add_option("-o,--output", BaselineOut, "Baseline file to write")
      ->type_name("FILE")
      ->required();
  Base->footer(kExitCodes);

  try {
    App.parse(argc, argv);
  } catch (const CLI::ParseError &E) {
    int Code = App.exit(E);
    return Code == 0 ? kOk : kUsageOrInput;
  }
  if (In.Quiet)
    Log->set_level(spdlog::level::warn);
  try {
    if (*Merge)
      return runMerge(In, M);
    return runBaseline(In, BaselineOut);
  } catch (const std::exception &E) {
    Log->error("{}", E.what());
    return kUsageOrInput;
  }
}
