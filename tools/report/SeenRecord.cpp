//===- SeenRecord.cpp - which credentials a run loaded and used -----------===//

#include "SeenRecord.h"

#include <algorithm>
#include <cctype>

namespace credtaint::report {
namespace {

using nlohmann::json;

std::string str(const json &O, const char *Key) {
  auto It = O.find(Key);
  return It != O.end() && It->is_string() ? It->get<std::string>() : std::string();
}

/// Hosts as the runtime writes them, lower-case; at most a DNS name's
/// length (253) of printable ASCII, so a damaged record cannot put a
/// paragraph into a BOM property.
bool usableHost(const std::string &H) {
  return !H.empty() && H.size() <= 253 &&
         std::all_of(H.begin(), H.end(), [](unsigned char C) {
           return C > 0x20 && C < 0x7f && C != ',';
         });
}

} // namespace

bool isSeenRecordJson(const json &J) {
  if (!J.is_object())
    return false;
  auto It = J.find("type");
  return It != J.end() && It->is_string() &&
         It->get_ref<const std::string &>().rfind("credential-", 0) == 0;
}

bool seenRecordFromJson(const json &J, SeenRecord &S, std::string &Why) {
  if (!J.is_object()) {
    Why = "not a JSON object";
    return false;
  }
  S = SeenRecord();
  std::string Type = str(J, "type");
  if (Type == "credential-seen")
    S.What = SeenRecord::Type::Seen;
  else if (Type == "credential-used")
    S.What = SeenRecord::Type::Used;
  else {
    Why = "unknown record type (expected credential-seen or credential-used)";
    return false;
  }
  auto C = J.find("credential");
  if (C == J.end() || !C->is_object()) {
    Why = "no \"credential\" object";
    return false;
  }
  S.Credential = credentialFromJson(*C);
  if (S.Credential.Fingerprint.empty()) {
    Why = "the credential has no fingerprint";
    return false;
  }
  if (S.What == SeenRecord::Type::Used) {
    S.Host = str(J, "host");
    std::transform(S.Host.begin(), S.Host.end(), S.Host.begin(),
                   [](unsigned char Ch) { return char(std::tolower(Ch)); });
    if (!usableHost(S.Host)) {
      Why = "no usable \"host\"";
      return false;
    }
    auto In = J.find("in_scope");
    S.InScope = In != J.end() && In->is_boolean() && In->get<bool>();
  }
  if (auto T = J.find("test"); T != J.end() && T->is_string())
    S.Test = T->get<std::string>();
  S.Binary = str(J, "binary");
  S.Time = str(J, "time");
  return true;
}

void SeenSet::add(const SeenRecord &S) {
  SeenCredential &C = ByFingerprint[S.Credential.Fingerprint];
  if (S.What == SeenRecord::Type::Seen && !C.Seen) {
    C.Seen = true;
    C.Credential = S.Credential; // the full object: source, scope, preview
  } else if (!C.Seen && C.Credential.Fingerprint.empty()) {
    C.Credential = S.Credential;
  }
  if (S.What == SeenRecord::Type::Used)
    C.Hosts.insert(S.Host);
  if (isIsoTime(S.Time)) {
    if (C.FirstSeen.empty() || S.Time < C.FirstSeen)
      C.FirstSeen = S.Time;
    C.LastSeen = std::max(C.LastSeen, S.Time);
    if (Earliest.empty() || S.Time < Earliest)
      Earliest = S.Time;
  }
}

size_t SeenSet::seenCount() const {
  return size_t(std::count_if(ByFingerprint.begin(), ByFingerprint.end(),
                              [](const auto &E) { return E.second.Seen; }));
}

size_t SeenSet::usedCount() const {
  return size_t(std::count_if(ByFingerprint.begin(), ByFingerprint.end(),
                              [](const auto &E) { return !E.second.Hosts.empty(); }));
}

} // namespace credtaint::report
