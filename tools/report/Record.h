//===- Record.h - one finding record, as the runtime writes it --*- C++ -*-===//
//
// The report tool never passes a record's JSON through: it reads the fields
// it knows into a Record and writes only those back. A record from an older
// or newer credtaint, or a damaged one, therefore cannot smuggle anything
// else (say, a raw value in an unknown field) into a report, and every
// field has one type however the input spelled it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_RECORD_H
#define CREDTAINT_REPORT_RECORD_H

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::report {

enum class Severity : uint8_t { Low, Medium, High, Critical };

/// "low", "medium", "high" or "critical" (case-insensitive) into S.
bool parseSeverity(std::string_view Text, Severity &S);
const char *severityName(Severity S);

struct Site {
  std::string File, Function;
  unsigned Line = 0, Column = 0;
};

struct TraceStep {
  std::string Step; // "source", "propagation" or "sink"
  Site At;
};

/// A record's "credential" object: what a finding and a credential-seen
/// record (SeenRecord.h) say about the credential, never its value.
struct CredentialFields {
  std::string Kind, Name, Fingerprint, Preview, Scope, How;
  uint64_t Length = 0;
  Site Source;
};

struct Record {
  std::string Fingerprint; // "credtaint/v1:<32 hex>"
  std::string Rule, Detector, Message;
  std::string SecretRule; // static findings: the secret rule that matched
  unsigned Cwe = 0;
  Severity Sev = Severity::Medium;

  CredentialFields Credential;

  struct {
    std::string Category, Function, Stream, Algorithm;
    std::string Transport, Host, Url, Path, Part; // network and exec sinks
    bool Inbound = false; // network: received ("direction": "inbound")
    std::string Variable; // environment: the variable that holds it
    Site At; // At.Function is the calling function ("caller")
    uint64_t Bytes = 0;
    std::optional<int64_t> Fd, Port;
  } Sink;

  std::vector<TraceStep> Trace;
  std::optional<std::string> Test;
  std::string Binary, Time;
  int64_t Pid = 0;
};

/// Reads the record in J. False, with a short reason that quotes no input,
/// when J is not a finding record (not an object, or no rule id). Missing or
/// mistyped optional fields take their defaults; severity, CWE and message
/// default to the rule catalog's; a missing fingerprint is recomputed.
bool recordFromJson(const nlohmann::json &J, Record &R, std::string &Why);

/// Whether T is an ISO 8601 UTC or offset date-time such as the runtime
/// writes ("2026-11-23T10:17:46.131Z"); anything else (a damaged record)
/// is not put into a date field.
bool isIsoTime(const std::string &T);

/// The "credential" object Cred (anything but an object gives empty
/// fields; mistyped fields take their defaults).
CredentialFields credentialFromJson(const nlohmann::json &Cred);

/// The record's fields as the runtime names them (per-occurrence fields
/// test, binary, pid and time only when WithOccurrence).
nlohmann::ordered_json recordToJson(const Record &R, bool WithOccurrence);

/// The finding fingerprint exactly as runtime/report/Reporter.cpp computes it:
/// rule, credential fingerprint (the declaration's name for a credential
/// made from weak randomness), sink site and function, source site.
std::string computeFingerprint(const Record &R);

/// The test a record is attributed to: its "test", else the binary's file
/// name, else "static" for a static finding, else "unknown".
std::string testNameOf(const Record &R);

} // namespace credtaint::report

#endif
