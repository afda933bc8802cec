// Reads an ingest batch from a CycloneDX 1.7 BOM as the export sends it
// (see README "The inventory server" for the contract), validating every
// field the inventory uses. Errors name the JSON path and the problem, never
// the value (a value might be a secret someone put in the wrong field). A
// malformed component or vulnerability is refused alone: the valid ones that
// came with it are kept, and the refusals are listed.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace credtaint::inventory {

/// A BOM the server refuses, with a one-line message naming the JSON path.
class BomError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One credential (a cryptographic-asset component).
struct IncomingCredential {
  std::string fingerprint; // credtaint's keyed fingerprint, never a value
  std::string name;        // declaration name
  std::string kind;        // credtaint kind (api-key, password, ...)
  std::string type;        // CycloneDX related-crypto-material type
  std::optional<std::string> scope, definedAt, firstSeen, lastSeen;
  std::optional<long long> sizeBits;
  bool seen = false;               // credtaint:seen: a credential-seen record names it
  std::vector<std::string> hosts;  // credtaint:hosts, lower case, sorted, unique
  std::optional<std::string> ownerSuggested, ownerReason; // credtaint:owner-*
};

/// One finding for one credential (a vulnerability, once per `affects`).
struct IncomingFinding {
  std::string fingerprint;
  std::string credential;
  std::string rule;
  std::string created; // normalized ISO time of the finding
  std::optional<std::string> detector, severity, description, detail, sink, source, test;
  std::optional<long long> cwe;
  /// The severity ranked for deadlines (Policy.h: 1 low .. 4 critical):
  /// ratings[0].severity when it is one of those, "info"/"none" as low,
  /// else the rule's default severity from the rule catalog.
  int level = 0;
};

/// Where the findings of a run can be read: credtaint:vcs.
struct Vcs {
  std::string url;    // https://..., without a trailing "/" or ".git"
  std::string commit; // 40 lower-case hex digits
};

struct IngestBatch {
  std::optional<std::string> project;
  /// credtaint:run: the test run the batch belongs to (its other batches
  /// may arrive separately), with credtaint:run-started and credtaint:vcs.
  std::optional<std::string> run, runStarted;
  std::optional<Vcs> vcs;
  /// credtaint:batch "i/n", when well-formed.
  std::optional<std::pair<long long, long long>> batchOf;
  std::vector<IncomingCredential> credentials;
  std::vector<IncomingFinding> findings;
  /// SHA-256 (hex) of the batch content: the BOM without its serialNumber
  /// and metadata.timestamp, keys sorted, so a re-sent batch hashes the same.
  std::string contentHash;
  /// The entries refused, one "<JSON path>: <problem>" line each.
  std::vector<std::string> rejected;
};

/// Parses and validates `body`. Throws BomError when the document itself is
/// unusable (not JSON, not a CycloneDX 1.7 BOM, a list that is no array);
/// a bad entry is listed in `rejected` and left out.
IngestBatch parseBom(const std::string &body);

/// True for rules whose finding means the credential left the process
/// (log, file, cleartext network, URL, command line, source code).
bool isExposureRule(const std::string &rule);

/// Lower-case hex SHA-256 of `data`.
std::string sha256Hex(const std::string &data);

} // namespace credtaint::inventory
