//===- Export.h - credtaint-report export: token, batches, outcome -*- C++ -*-===//
//
// The parts of `credtaint-report export` around the HTTP client: where the
// bearer token comes from (a file or an environment variable, never the
// command line), and sending the batches in order with one exit code for
// the whole export.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_EXPORT_H
#define CREDTAINT_REPORT_EXPORT_H

#include "CycloneDxWriter.h"
#include "InventoryClient.h"

#include <functional>
#include <string>
#include <vector>

namespace credtaint::report {

/// Exit codes of `credtaint-report export` (also in --help and README).
enum ExportExit {
  kExportSent = 0,        // every batch accepted (or --dry-run printed them)
  kExportRejected = 1,    // the server refused a batch or the token (4xx)
  kExportUsage = 2,       // usage or input error; nothing sent
  kExportUnreachable = 3, // server unreachable, TLS failed, or 5xx/429 after retries
};

/// The token from File (first line, surrounding whitespace trimmed) when
/// File is given, else from the environment variable EnvName. False with a
/// one-line Error that names the file or variable, never the token.
bool loadToken(const std::string &File, const std::string &EnvName,
               std::string &Token, std::string &Error);

struct ExportLog {
  std::function<void(const std::string &)> Info, Warn, Error;
};

/// Sends Batches in order. A rejected batch (400, 413, 422) does not stop
/// the others; a refused token (401/403) or an unreachable server does, as
/// no later batch could fare better. Returns the ExportExit.
int sendBatches(const std::vector<BomBatch> &Batches, InventoryClient &Client,
                const ExportLog &Log);

} // namespace credtaint::report

#endif
