//===- InventoryIngestFuzz.cpp - libFuzzer target for inventory ingest ----===//
//
// credtaint-inventory accepts CycloneDX BOMs from anyone holding an ingest
// key. Arbitrary bytes must give either a BomError (one line, naming a JSON
// path) or a batch, whose refused entries are one line each; a batch is stored in a real in-memory SQLite inventory
// (the server's own ingest), sent again under the same idempotency key
// (replayed, nothing changes), and hashes the same when parsed twice.
//
//===----------------------------------------------------------------------===//

#include "Bom.h"
#include "Database.h"
#include "Inventory.h"
#include "Migrations.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace credtaint::inventory;

namespace {
void require(bool Ok) {
  if (!Ok)
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Body(reinterpret_cast<const char *>(Data), Size);
  IngestBatch Batch;
  try {
    Batch = parseBom(Body);
  } catch (const BomError &E) {
    std::string Msg = E.what();
    require(!Msg.empty() && Msg.find('\n') == std::string::npos);
    return 0;
  }
  require(Batch.contentHash.size() == 64);
  require(parseBom(Body).contentHash == Batch.contentHash);
  for (const IncomingCredential &C : Batch.credentials)
    require(!C.fingerprint.empty());
  for (const std::string &Refused : Batch.rejected)
    require(!Refused.empty() && Refused.find('\n') == std::string::npos);

  // A fresh inventory per accepted batch, so a crash reproduces from its
  // input alone.
  std::unique_ptr<Database> Db = openDatabase(":memory:");
  migrate(*Db);
  IngestOutcome First = ingest(*Db, Batch, std::string("fuzz-key"), "fuzz");
  if (First.status != 200)
    return 0;
  IngestOutcome Again = ingest(*Db, Batch, std::string("fuzz-key"), "fuzz");
  require(Again.status == 200 && Again.body.value("replayed", false));
  return 0;
}
