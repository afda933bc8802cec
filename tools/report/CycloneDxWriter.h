//===- CycloneDxWriter.h - findings as CycloneDX 1.7 BOMs -------*- C++ -*-===//
//
// The wire format of `credtaint-report export` and of `merge --cyclonedx`
// (docs/inventory.md "Export to the inventory"): every credential a finding
// names or a credential-seen/-used record names is a cryptographic-asset
// component (related-crypto-material, its keyed fingerprint, type, state,
// first/last seen, whether the run loaded it, the hosts it was sent to, a
// suggested owner from CODEOWNERS or credtaint.json); every finding is a
// vulnerability with its CWE, rating and an `affects` entry pointing at the
// credential. The metadata names the run (credtaint:run, run-started,
// vcs). A BOM is built only from record fields that are already redacted
// (names, previews, keyed fingerprints, sites, hosts): no raw value can
// reach it.
//
// A run is cut into batches of at most N findings, each a complete BOM that
// carries every credential its findings affect; credentials without a
// finding fill the last batch up to N entries, then batches of their own.
// A batch's idempotency key is the SHA-256 of its canonical content, so a
// retried or re-run export of the same records sends the same key.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_CYCLONEDXWRITER_H
#define CREDTAINT_REPORT_CYCLONEDXWRITER_H

#include "FindingSet.h"
#include "Report.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace credtaint::report {

class OwnerResolver;

struct BomOptions {
  /// metadata.component.name: the project the findings belong to.
  std::string Project = "project";
  /// metadata.timestamp; the current time when empty.
  std::string Timestamp;
  /// serialNumber ("urn:uuid:..."); a random version 4 UUID when empty.
  std::string SerialNumber;
  /// `created` of a finding that carries no time (static findings from the
  /// plugin's sidecars); see undatedTime().
  std::string UndatedTime;
  /// Findings per BOM; 0 means all in one.
  size_t BatchSize = 500;
  /// Suppressed findings are declared not to be findings: left out unless
  /// this is set.
  bool IncludeSuppressed = false;
  /// metadata credtaint:run, the same in every batch (defaultRunId); left
  /// out when empty.
  std::string RunId;
  /// Suggests each credential's owner; none when null.
  const OwnerResolver *Owners = nullptr;
};

/// One BOM to send, with what it holds.
struct BomBatch {
  nlohmann::ordered_json Bom;
  std::string IdempotencyKey; // 64 hex
  size_t Findings = 0, Credentials = 0;
};

/// The BOMs for the findings of C (sorted by credential, then finding
/// fingerprint, so the same findings always make the same batches).
/// Findings whose credential has no usable fingerprint cannot be
/// inventoried: they are left out with one warning each in Warnings.
std::vector<BomBatch> cycloneDxBatches(const ReportContext &C,
                                       const BomOptions &Opts,
                                       std::vector<std::string> &Warnings);

/// The run id when --run-id is not given: the first 32 hex digits of the
/// SHA-256 of the sorted base names and sizes of the record files read,
/// and the build id when known. Exporting the same records again is the
/// same run.
std::string defaultRunId(const std::vector<FileRead> &Files,
                         const std::string &BuildId);

/// Whether Id may be given to --run-id: 1 to 128 of [A-Za-z0-9._-].
bool validRunId(const std::string &Id);

/// The canonical content of a BOM: all of it except serialNumber and
/// metadata.timestamp (which differ between runs of the same batch), keys
/// sorted, no whitespace.
std::string canonicalBomContent(const nlohmann::ordered_json &Bom);

/// Hex SHA-256 of canonicalBomContent(Bom): the Idempotency-Key.
std::string bomIdempotencyKey(const nlohmann::ordered_json &Bom);

/// The credtaint kind as a CycloneDX related-crypto-material type
/// (api-key → credential, generic-secret → other, ...).
const char *cryptoMaterialType(const std::string &Kind);

/// Whether a finding of Rule means the credential left the process (log,
/// file, cleartext network, URL, command line, source code): such a finding
/// marks its credential "compromised" in the BOM.
bool isExposureRule(const std::string &Rule);

/// The `created` time for findings without one: the newest time any
/// finding of the set was seen (the end of the test run), or the current
/// time when no finding carries one.
std::string undatedTime(const FindingSet &Set);

/// A random version 4 UUID as "urn:uuid:...".
std::string randomUuidUrn();

} // namespace credtaint::report

#endif
