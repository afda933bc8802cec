//===- credtaint-report.cpp - merge, report and gate a test run's findings ===//
//
// After ctest: reads every credtaint.<pid>.jsonl a test run left in its log
// directories and the static sidecars of a build, deduplicates them into
// findings, applies a baseline and suppressions, writes SARIF, JUnit XML and
// JSON, prints a summary, and exits 1 when new findings at or above
// --fail-on remain: the CI gate. `export` sends the findings, and every
// credential the run loaded (credtaint-seen.<pid>.jsonl) with the hosts it
// was sent to and a suggested owner, to an inventory server as CycloneDX
// 1.7 BOMs.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "CycloneDxWriter.h"
#include "Export.h"
#include "FindingSet.h"
#include "Owners.h"
#include "Paths.h"
#include "RecordReader.h"
#include "Report.h"
#include "RunInfo.h"

#include "ProjectConfig.h" // common: credtaint.json's owners
#include "Suppressions.h" // runtime

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
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

const char *const kExportExitCodes =
    "Exit codes:\n"
    "  0  every batch accepted by the server (with --dry-run: printed)\n"
    "  1  the server refused a batch (400 bad BOM, 413 too large, 422 key\n"
    "     reused) or the token (401/403): sending again will not help\n"
    "  2  usage or input error (bad option, unreadable input, no token,\n"
    "     http:// to a non-loopback host); nothing was sent\n"
    "  3  the server could not be reached: connection errors, timeouts, TLS\n"
    "     verification failure, or 5xx/429 until --max-retries ran out\n"
    "The token comes from --token-file or --token-env, never the command line.";

struct Inputs {
  std::vector<std::string> LogDirs, BuildDirs, Files, Suppressions;
  std::string SourceRoot;
  bool Quiet = false;
};

struct MergeOptions {
  std::string Sarif, Junit, Json, Summary, Baseline, FailOn, CycloneDx, Project;
  size_t Top = 10;
};

struct ExportOptions {
  std::string Server, CaCert, TokenFile, TokenEnv = "CREDTAINT_INVENTORY_TOKEN";
  std::string Project, Baseline, RunId, Config;
  std::vector<std::string> TokenOnArgv; // refused: only to say so
  bool TokenGiven = false, RunIdGiven = false;
  size_t BatchSize = 500;
  unsigned MaxRetries = 5;
  double Backoff = 1.0, Timeout = 30.0;
  bool DryRun = false, IncludeSuppressed = false;
};

std::shared_ptr<spdlog::logger> Log;

void addInputOptions(CLI::App &Sub, Inputs &In) {
  Sub.add_option("--log-dir", In.LogDirs,
                 "Directory of credtaint.<pid>.jsonl records and "
                 "credtaint-seen.<pid>.jsonl files (searched recursively; "
                 "repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  Sub.add_option("--build-dir", In.BuildDirs,
                 "Build tree to search for static *.credtaint.json sidecars, "
                 "and objects (*.o) that carry theirs when the file is "
                 "missing (repeatable)")
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
                 "Record files to read as well (.jsonl, .json sidecars, or "
                 ".o objects)")
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

/// Reads the inputs and suppressions into Set, the seen and used records
/// into Seen. False on an input error (already logged).
bool collect(const Inputs &In, RecordReader &Reader, FindingSet &Set,
             SeenSet &Seen, ReportContext &Ctx) {
  Reader.onSeen([&Seen](const SeenRecord &S) { Seen.add(S); });
  Ctx.Seen = &Seen;
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

/// The project a BOM is for: --project, else the first build directory's
/// name, else the current directory's.
std::string projectName(const std::string &Given, const Inputs &In) {
  if (!Given.empty())
    return Given;
  std::filesystem::path P = In.BuildDirs.empty()
                                ? std::filesystem::current_path()
                                : std::filesystem::absolute(In.BuildDirs.front());
  P = P.lexically_normal();
  std::string Name = (P.has_filename() ? P : P.parent_path()).filename().string();
  return Name.empty() ? "project" : Name;
}

bool applyBaseline(const std::string &File, FindingSet &Set, ReportContext &Ctx) {
  std::string Text, Error;
  std::set<std::string> Accepted;
  if (!readText(File, Text)) {
    Log->error("cannot read baseline '{}'", File);
    return false;
  }
  if (!parseBaseline(Text, Accepted, Error)) {
    Log->error("baseline '{}': {}", File, Error);
    return false;
  }
  Ctx.BaselineFile = File;
  Ctx.BaselineNotSeen = Set.applyBaseline(Accepted);
  return true;
}

/// Owners from the CODEOWNERS under the source root (when one is given),
/// then from credtaint.json's "owners": Config, else credtaint.json in the
/// source root. A missing --config file is an input error (false, logged);
/// a malformed CODEOWNERS line or credtaint.json entry is a warning, and the
/// rest is used.
bool ownerResolver(const ReportContext &Ctx, const std::string &Config,
                   OwnerResolver &Out) {
  std::vector<std::string> Warnings;
  CodeOwners Codeowners;
  if (!Ctx.SourceRoot.empty())
    loadCodeOwners(Ctx.SourceRoot, Codeowners, Warnings);
  std::string Path = Config;
  if (Path.empty() && !Ctx.SourceRoot.empty() &&
      std::filesystem::is_regular_file(Ctx.SourceRoot + "/credtaint.json"))
    Path = Ctx.SourceRoot + "/credtaint.json";
  credtaint::ProjectConfig Project;
  if (!Path.empty()) {
    std::error_code EC;
    if (!std::filesystem::is_regular_file(Path, EC)) {
      Log->error("--config: '{}' is not a readable file", Path);
      return false;
    }
    std::vector<std::string> Errors;
    credtaint::loadProjectConfig(Path, Project, Errors);
    // The compiler stops on these; the export goes on with what is valid.
    Warnings.insert(Warnings.end(), Errors.begin(), Errors.end());
  }
  for (const std::string &W : Warnings)
    Log->warn("{}", W);
  std::string Name = std::filesystem::path(Path.empty() ? "credtaint.json" : Path)
                         .filename()
                         .string();
  Out = OwnerResolver(std::move(Codeowners), Project.Owners, Name);
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
  SeenSet Seen;
  if (!collect(In, Reader, Set, Seen, Ctx))
    return kUsageOrInput;
  if (!M.Baseline.empty() && !applyBaseline(M.Baseline, Set, Ctx))
    return kUsageOrInput;
  if (!M.Sarif.empty() && !write(M.Sarif, dumpJson(sarifReport(Ctx)) + "\n"))
    return kUsageOrInput;
  if (!M.Junit.empty() && !write(M.Junit, junitReport(Ctx)))
    return kUsageOrInput;
  if (!M.Json.empty() && !write(M.Json, dumpJson(mergedJson(Ctx)) + "\n"))
    return kUsageOrInput;
  if (!M.CycloneDx.empty()) {
    BomOptions B;
    B.Project = projectName(M.Project, In);
    B.BatchSize = 0; // one BOM with every finding
    B.RunId = defaultRunId(Reader.filesRead(), Ctx.Run.BuildId);
    OwnerResolver Owners;
    if (!ownerResolver(Ctx, "", Owners))
      return kUsageOrInput;
    B.Owners = &Owners;
    std::vector<std::string> Warnings;
    std::vector<BomBatch> Boms = cycloneDxBatches(Ctx, B, Warnings);
    for (const std::string &W : Warnings)
      Log->warn("{}", W);
    if (!write(M.CycloneDx, dumpJson(Boms.front().Bom) + "\n"))
      return kUsageOrInput;
  }
  std::string Summary = summaryText(Ctx, M.Top);
  if (!M.Summary.empty() && !write(M.Summary, Summary))
    return kUsageOrInput;
  if (!In.Quiet)
    std::cout << Summary << std::flush;
  return Ctx.gateFailed() ? kGateFailed : kOk;
}

int runExport(const Inputs &In, const ExportOptions &X) {
  if (X.TokenGiven) {
    Log->error("--token is refused: a token on the command line shows in ps "
               "and shell history; use --token-file FILE or --token-env NAME");
    return kExportUsage;
  }
  if (X.Server.empty() && !X.DryRun) {
    Log->error("--server URL is required (or --dry-run to print the BOMs)");
    return kExportUsage;
  }
  if (X.BatchSize == 0) {
    Log->error("--batch-size: must be at least 1");
    return kExportUsage;
  }
  std::string Error;
  if (!X.Server.empty() && !checkServerUrl(X.Server, Error)) {
    Log->error("{}", Error);
    return kExportUsage;
  }
  if (!X.CaCert.empty() && !std::filesystem::is_regular_file(X.CaCert)) {
    Log->error("--cacert: '{}' is not a readable file", X.CaCert);
    return kExportUsage;
  }
  ClientOptions C;
  if (!X.DryRun && !loadToken(X.TokenFile, X.TokenEnv, C.Token, Error)) {
    Log->error("{}", Error);
    return kExportUsage;
  }

  if (X.RunIdGiven && !validRunId(X.RunId)) {
    Log->error("--run-id: expected 1 to 128 characters of A-Z, a-z, 0-9, "
               "'.', '_' and '-'");
    return kExportUsage;
  }

  FindingSet Set;
  RecordReader Reader([&Set](Record &&R) { Set.add(R); });
  ReportContext Ctx;
  Ctx.Set = &Set;
  SeenSet Seen;
  if (!collect(In, Reader, Set, Seen, Ctx))
    return kExportUsage;
  if (!X.Baseline.empty() && !applyBaseline(X.Baseline, Set, Ctx))
    return kExportUsage;
  OwnerResolver Owners;
  if (!ownerResolver(Ctx, X.Config, Owners))
    return kExportUsage;
  BomOptions B;
  B.Project = projectName(X.Project, In);
  B.BatchSize = X.BatchSize;
  B.IncludeSuppressed = X.IncludeSuppressed;
  B.RunId = X.RunIdGiven ? X.RunId
                         : defaultRunId(Reader.filesRead(), Ctx.Run.BuildId);
  B.Owners = &Owners;
  std::vector<std::string> Warnings;
  std::vector<BomBatch> Batches = cycloneDxBatches(Ctx, B, Warnings);
  for (const std::string &W : Warnings)
    Log->warn("{}", W);

  if (X.DryRun) {
    // One BOM a line: exactly the bodies export would send.
    for (size_t I = 0; I < Batches.size(); ++I) {
      Log->info("batch {}/{}: {} findings, {} credentials, Idempotency-Key {}",
                I + 1, Batches.size(), Batches[I].Findings,
                Batches[I].Credentials, Batches[I].IdempotencyKey);
      std::cout << dumpJson(Batches[I].Bom, -1) << "\n";
    }
    std::cout << std::flush;
    return kExportSent;
  }

  C.Server = X.Server;
  C.CaCert = X.CaCert;
  C.MaxRetries = X.MaxRetries;
  C.BackoffSeconds = X.Backoff;
  C.TimeoutSeconds = X.Timeout;
  C.ConnectTimeoutSeconds = std::min(10.0, X.Timeout);
  InventoryClient Client(C, [](const std::string &S) { Log->warn("{}", S); });
  std::fill(C.Token.begin(), C.Token.end(), '\0');
  ExportLog L{[](const std::string &S) { Log->info("{}", S); },
              [](const std::string &S) { Log->warn("{}", S); },
              [](const std::string &S) { Log->error("{}", S); }};
  return sendBatches(Batches, Client, L);
}

int runBaseline(const Inputs &In, const std::string &Output) {
  FindingSet Set;
  RecordReader Reader([&Set](Record &&R) { Set.add(R); });
  ReportContext Ctx;
  Ctx.Set = &Set;
  SeenSet Seen;
  if (!collect(In, Reader, Set, Seen, Ctx))
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
  Merge->add_option("--cyclonedx", M.CycloneDx,
                    "Write the findings as one CycloneDX 1.7 BOM here (the "
                    "format `export` sends)")
      ->type_name("FILE");
  Merge->add_option("--project", M.Project,
                    "Project name in the BOM (default: the first --build-dir's "
                    "name, else the current directory's)")
      ->type_name("NAME");
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

  ExportOptions X;
  CLI::App *Export = App.add_subcommand(
      "export", "Send the findings and the credentials the run loaded to an "
                "inventory server (credtaint-inventory) as CycloneDX 1.7 BOMs: "
                "POST <server>/v1/ingest");
  addInputOptions(*Export, In);
  Export->add_option("--server", X.Server,
                     "Inventory server base URL: https://, or http:// to "
                     "localhost, 127.0.0.0/8 or [::1] only")
      ->type_name("URL");
  Export->add_option("--token-file", X.TokenFile,
                     "File whose first line is the bearer token (an API key "
                     "with role ingest)")
      ->type_name("FILE");
  Export->add_option("--token-env", X.TokenEnv,
                     "Environment variable holding the bearer token when no "
                     "--token-file is given (default CREDTAINT_INVENTORY_TOKEN)")
      ->type_name("NAME");
  Export->add_option("--token", X.TokenOnArgv, "Refused: use --token-file or --token-env")
      ->group("")
      ->expected(0, 1)
      ->allow_extra_args(false);
  Export->add_option("--cacert", X.CaCert,
                     "PEM file of the CA(s) to verify the server's certificate "
                     "against, instead of the system's (TLS is always verified)")
      ->type_name("FILE");
  Export->add_option("--batch-size", X.BatchSize,
                     "Findings per BOM (default 500); each BOM carries the "
                     "credentials its findings affect")
      ->type_name("N");
  Export->add_option("--max-retries", X.MaxRetries,
                     "Retries of a batch after 5xx, 429, timeouts and "
                     "connection errors (default 5)")
      ->type_name("N");
  Export->add_option("--backoff", X.Backoff,
                     "First retry delay in seconds, doubled each retry (capped "
                     "at 60 s, with jitter); Retry-After wins (default 1)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 3600.0));
  Export->add_option("--timeout", X.Timeout,
                     "Seconds one request may take (default 30)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.1, 3600.0));
  Export->add_option("--project", X.Project,
                     "Project name in the BOM (default: the first --build-dir's "
                     "name, else the current directory's)")
      ->type_name("NAME");
  Export->add_option("--baseline", X.Baseline,
                     "Mark findings in this baseline as unchanged (they are "
                     "still exported: the credential was still exposed)")
      ->type_name("FILE");
  Export->add_option("--run-id", X.RunId,
                     "Id of the test run in the BOM (credtaint:run): 1 to 128 "
                     "of A-Z a-z 0-9 . _ -; default: a hash of the record "
                     "files read and the CI build id, so exporting the same "
                     "records again is the same run")
      ->type_name("ID");
  Export->add_option("--config", X.Config,
                     "credtaint.json whose \"owners\" suggest owners where "
                     "CODEOWNERS names none (default: credtaint.json in "
                     "--source-root)")
      ->type_name("FILE");
  Export->add_flag("--include-suppressed", X.IncludeSuppressed,
                   "Export suppressed findings too (left out by default)");
  Export->add_flag("--dry-run", X.DryRun,
                   "Print the BOMs (one JSON document a line) instead of "
                   "sending them; needs no server or token");
  Export->footer(kExportExitCodes);

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
    if (*Export) {
      X.TokenGiven = Export->get_option("--token")->count() > 0;
      X.RunIdGiven = Export->get_option("--run-id")->count() > 0;
      return runExport(In, X);
    }
    return runBaseline(In, BaselineOut);
  } catch (const std::exception &E) {
    Log->error("{}", E.what());
    return kUsageOrInput;
  }
}
