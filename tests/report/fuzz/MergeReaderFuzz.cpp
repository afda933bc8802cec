//===- MergeReaderFuzz.cpp - libFuzzer target for the merge reader --------===//
//
// Feeds arbitrary bytes to the record reader as a JSONL log and as a static
// sidecar, then runs what merge does with the result: deduplication, a
// baseline, suppressions, and every output format. Built with
// -fsanitize=fuzzer,address,undefined; a crash, an uncaught exception, a
// leak, a sanitizer report or JUnit text that XML cannot hold fails the run.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "FindingSet.h"
#include "RecordReader.h"
#include "Report.h"

#include "Suppressions.h" // runtime

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace credtaint::report;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  RecordReader Reader;
  Reader.readJsonl("fuzz.jsonl", Text);
  Reader.readSidecar("fuzz.o.credtaint.json", Text);

  FindingSet Set;
  Set.addAll(Reader.records());
  std::set<std::string> Accepted;
  std::string Error;
  if (parseBaseline(Text, Accepted, Error))
    Set.applyBaseline(Accepted);
  credtaint::rt::Suppressions Supp;
  std::vector<std::string> Errors, Warnings;
  Supp.parse("fuzz.supp", std::string(Text.substr(0, 4096)), Errors);
  Set.applySuppressions(Supp, "fuzz.supp", Warnings);

  ReportContext Ctx;
  Ctx.Set = &Set;
  Ctx.SourceRoot = "/src";
  Ctx.BaselineFile = Accepted.empty() ? "" : "fuzz.baseline";
  Ctx.FailOn = Severity::Medium;
  Ctx.Warnings = Reader.warnings();
  Ctx.Stats = Reader.stats();

  // Every output must be produced whatever the input was, and the XML must
  // hold no character XML 1.0 forbids.
  (void)dumpJson(sarifReport(Ctx), -1);
  (void)dumpJson(mergedJson(Ctx), -1);
  std::string Junit = junitReport(Ctx);
  if (Junit.size() < 14 || Junit.compare(Junit.size() - 14, 14, "</testsuites>\n"))
    std::abort();
  for (unsigned char C : Junit)
    if (C < 0x20 && C != '\n')
      std::abort();
  (void)summaryText(Ctx, 5);
  (void)dumpJson(baselineJson(Set, Ctx.Run, Ctx.SourceRoot));
  return 0;
}
