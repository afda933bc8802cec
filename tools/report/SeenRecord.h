//===- SeenRecord.h - which credentials a run loaded and used ---*- C++ -*-===//
//
// Besides findings, each test process writes credential-seen records (a
// credential was registered: loaded from the environment, a file, a
// declaration...) and credential-used records (its bytes were sent to a
// network host, in scope or not) to <log_dir>/credtaint-seen.<pid>.jsonl
// (runtime/report/SeenLog.h). They are no findings: `merge` never puts
// them into SARIF, JUnit or the merged JSON; `export` sends every
// credential they name to the inventory, also those without a finding, with
// the hosts it was used with, so rotations can be verified by the next run.
// As for findings, only the fields read here are ever written anywhere.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_SEENRECORD_H
#define CREDTAINT_REPORT_SEENRECORD_H

#include "Record.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace credtaint::report {

struct SeenRecord {
  enum class Type { Seen, Used };
  Type What = Type::Seen;
  CredentialFields Credential; // a used record: name, kind, fingerprint only
  std::string Host;            // used
  bool InScope = false;        // used
  std::optional<std::string> Test;
  std::string Binary, Time;
};

/// Whether J is a seen or used record (its "type" says so) rather than a
/// finding.
bool isSeenRecordJson(const nlohmann::json &J);

/// Reads the seen or used record in J. False, with a short reason that
/// quotes no input, when its type is unknown, it names no credential
/// fingerprint, or a used record names no host.
bool seenRecordFromJson(const nlohmann::json &J, SeenRecord &S,
                        std::string &Why);

/// What a run's seen and used records say about one credential.
struct SeenCredential {
  CredentialFields Credential; // from its first credential-seen record
  bool Seen = false;           // a credential-seen record names it
  std::set<std::string> Hosts; // from credential-used records
  std::string FirstSeen, LastSeen;
};

/// The run's seen and used records by credential fingerprint; the set of
/// (credential, host) pairs of each is bounded by what the runtime wrote.
class SeenSet {
public:
  void add(const SeenRecord &S);
  const std::map<std::string, SeenCredential> &credentials() const {
    return ByFingerprint;
  }
  /// Credentials named by a credential-seen record.
  size_t seenCount() const;
  /// Credentials named by a credential-used record.
  size_t usedCount() const;
  /// The earliest time of any record ("" when none carries one).
  const std::string &earliest() const { return Earliest; }

private:
  std::map<std::string, SeenCredential> ByFingerprint;
  std::string Earliest;
};

} // namespace credtaint::report

#endif
