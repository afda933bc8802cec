//===- ObjectSidecarFuzz.cpp - libFuzzer target for embedded sidecars -----===//
//
// Feeds arbitrary bytes to the object reader of credtaint-report as an
// object file that may carry sidecars (tools/report/ObjectSidecar.h), and
// the documents it finds to the sidecar reader. The seeds are real objects
// (tests/report/objects), so mutations reach the section header table and
// the section. ASan catches a read past the input; the invariants below
// catch an answer that does not hold together.
//
//===----------------------------------------------------------------------===//

#include "ObjectSidecar.h"
#include "RecordReader.h"

#include "credtaint/support/Sidecar.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace credtaint::report;

namespace {
void require(bool Holds) {
  if (!Holds)
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using Status = SectionLookup::Status;
  std::string_view Bytes(reinterpret_cast<const char *>(Data), Size);
  SectionLookup L = findElfSection(Bytes, credtaint::kSidecarSection);

  // A problem is one line, given exactly when something is wrong.
  bool Wrong = L.Result == Status::Malformed || L.Result == Status::Unsupported;
  require(Wrong != L.Problem.empty());
  require(L.Problem.find('\n') == std::string::npos);
  // Memory input is never unreadable; contents come only with a section,
  // and from the input.
  require(L.Result != Status::Unreadable);
  require(L.Result == Status::Found || L.Contents.empty());
  require(L.Contents.size() <= Size);

  RecordReader Reader;
  for (std::string_view Doc : sidecarDocuments(L.Contents)) {
    require(!Doc.empty() && Doc.find('\0') == std::string_view::npos);
    Reader.readSidecar("fuzz.o[.credtaint.sidecar]", Doc);
  }
  for (const std::string &W : Reader.warnings())
    require(!W.empty() && W.find('\n') == std::string::npos);
  return 0;
}
