//===- RecordReaderFuzz.cpp - libFuzzer target for records and sidecars ---===//
//
// credtaint-report reads what crashed, killed or edited test runs leave:
// the runtime's JSONL records and the plugin's sidecars. Arbitrary bytes
// are read both ways; the reader must keep count of what it kept and
// skipped, and every record it keeps must survive its own round trip
// (record -> JSON text -> record gives the same JSON), or the merge would
// change findings each time it rewrites them.
//
//===----------------------------------------------------------------------===//

#include "Record.h"
#include "RecordReader.h"
#include "Report.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace credtaint::report;

namespace {
void roundTrip(const Record &R) {
  nlohmann::ordered_json J = recordToJson(R, true);
  std::string Text = dumpJson(J, -1);
  nlohmann::json Back = nlohmann::json::parse(Text, nullptr, false);
  if (Back.is_discarded())
    std::abort(); // the writer produced text JSON cannot read
  Record R2;
  std::string Why;
  if (!recordFromJson(Back, R2, Why))
    std::abort(); // a record it kept, written back, is no longer one
  if (dumpJson(recordToJson(R2, true), -1) != Text)
    std::abort();
  if (computeFingerprint(R) != computeFingerprint(R2))
    std::abort();
}

void check(RecordReader &Reader, size_t Files) {
  const ReadStats &S = Reader.stats();
  if (S.LogFiles + S.Sidecars != Files || Reader.records().size() != S.Records)
    std::abort();
  for (const std::string &W : Reader.warnings())
    if (W.empty() || W.find('\n') != std::string::npos)
      std::abort();
  for (const Record &R : Reader.records())
    roundTrip(R);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  RecordReader Jsonl;
  Jsonl.readJsonl("fuzz.jsonl", Text);
  check(Jsonl, 1);
  RecordReader Sidecar;
  Sidecar.readSidecar("fuzz.o.credtaint.json", Text);
  check(Sidecar, 1);
  return 0;
}
