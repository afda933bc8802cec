//===- CycloneDxWriter.cpp - findings as CycloneDX 1.7 BOMs ---------------===//

#include "CycloneDxWriter.h"

#include "Owners.h"
#include "Paths.h"

#include "Fingerprint.h" // runtime: sha256Hex
#include "credtaint/catalog/catalog.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#ifndef CREDTAINT_VERSION
#define CREDTAINT_VERSION "0.0.0"
#endif

namespace credtaint::report {
namespace {

using nlohmann::ordered_json;

/// Longest string put into a BOM field: the inventory keeps at most 4096
/// bytes a field, and a C++ function name can be longer than a page.
constexpr size_t kMaxField = 1024;

/// S as valid UTF-8 of at most kMaxField bytes (a cut through a multi-byte
/// character becomes U+FFFD).
std::string field(const std::string &S) {
  if (S.size() <= kMaxField)
    return validUtf8(S);
  return validUtf8(S.substr(0, kMaxField - 3)) + "...";
}

ordered_json property(const char *Name, const std::string &Value) {
  return {{"name", Name}, {"value", field(Value)}};
}

void addProperty(ordered_json &Props, const char *Name, const std::string &Value) {
  if (!Value.empty())
    Props.push_back(property(Name, Value));
}

std::string siteText(const Site &S, const std::string &Root) {
  if (S.File.empty())
    return "";
  std::string T = displayPath(S.File, Root);
  if (S.Line)
    T += ":" + std::to_string(S.Line);
  return T;
}

/// A credential fingerprint the inventory can key on: printable ASCII
/// without spaces or '/', at most 256 characters.
bool usableFingerprint(const std::string &Fp) {
  return !Fp.empty() && Fp.size() <= 256 &&
         std::none_of(Fp.begin(), Fp.end(), [](unsigned char C) {
           return C <= 0x20 || C >= 0x7f || C == '/';
         });
}

/// The HMAC's hex from "hmac-sha256:<key id>:<64 hex>", or empty.
std::string hmacHex(const std::string &Fp) {
  size_t Colon = Fp.rfind(':');
  std::string Hex = Colon == std::string::npos ? Fp : Fp.substr(Colon + 1);
  if (Hex.size() != 64 || !std::all_of(Hex.begin(), Hex.end(), [](unsigned char C) {
        return std::isxdigit(C);
      }))
    return "";
  return Hex;
}

/// What the BOM says about one credential: gathered over every finding and
/// every seen and used record of the run, so all batches describe it alike.
struct CredentialInfo {
  CredentialFields Cred; // name, kind, scope, source: a finding's, else a seen record's
  bool Known = false;    // Cred is set
  bool Seen = false;     // a credential-seen record names it
  std::set<std::string> Hosts;
  std::string FirstSeen, LastSeen;

  void sawAt(const std::string &Time) {
    if (!isIsoTime(Time))
      return;
    if (FirstSeen.empty() || Time < FirstSeen)
      FirstSeen = Time;
    LastSeen = std::max(LastSeen, Time);
  }
};

std::string joinLimited(const std::set<std::string> &Items, size_t Max) {
  std::string S;
  size_t N = 0;
  for (const std::string &I : Items) {
    if (N == Max) {
      S += ", +" + std::to_string(Items.size() - Max) + " more";
      break;
    }
    S += (N++ ? ", " : "") + I;
  }
  return S;
}

/// Host as credtaint:hosts lists it: lower-case, at most a DNS name's
/// length of printable ASCII without ',' ("" for anything else: a damaged
/// record).
std::string listedHost(const std::string &Host) {
  if (Host.empty() || Host.size() > 253)
    return "";
  std::string H;
  for (unsigned char C : Host) {
    if (C <= 0x20 || C >= 0x7f || C == ',')
      return "";
    H.push_back(char(std::tolower(C)));
  }
  return H;
}

/// "a.example,b.example": as many hosts as fit in one field, whole.
std::string hostList(const std::set<std::string> &Hosts) {
  std::string S;
  for (const std::string &H : Hosts) {
    if (S.size() + 1 + H.size() > kMaxField)
      break;
    S += (S.empty() ? "" : ",") + H;
  }
  return S;
}

/// The credential's source file as CODEOWNERS sees it: relative to the
/// source root (a relative path is taken as it is); "" when outside it.
std::string ownedPath(const std::string &File, const std::string &Root) {
  if (File.empty())
    return "";
  if (File[0] != '/')
    return File;
  std::string Rel;
  return !Root.empty() && relativeTo(File, Root, Rel) ? Rel : "";
}

ordered_json componentJson(const std::string &Fp, const CredentialInfo &Info,
                           bool Compromised, const std::string &Root,
                           const OwnerResolver *Owners) {
  const CredentialFields &C = Info.Cred;
  ordered_json Related = {{"type", cryptoMaterialType(C.Kind)},
                          {"id", Fp},
                          {"state", Compromised ? "compromised" : "active"}};
  if (!Info.FirstSeen.empty())
    Related["creationDate"] = Info.FirstSeen;
  if (!Info.LastSeen.empty())
    Related["updateDate"] = Info.LastSeen;
  if (C.Length && C.Length < (uint64_t(1) << 52))
    Related["size"] = C.Length * 8;
  if (std::string Hex = hmacHex(Fp); !Hex.empty())
    Related["fingerprint"] = {{"alg", "SHA-256"}, {"content", Hex}};

  ordered_json Props = ordered_json::array();
  addProperty(Props, "credtaint:kind", C.Kind.empty() ? "generic-secret" : C.Kind);
  addProperty(Props, "credtaint:fingerprint", Fp);
  addProperty(Props, "credtaint:scope", C.Scope);
  addProperty(Props, "credtaint:defined-at", siteText(C.Source, Root));
  addProperty(Props, "credtaint:preview", C.Preview);
  addProperty(Props, "credtaint:first-seen", Info.FirstSeen);
  addProperty(Props, "credtaint:last-seen", Info.LastSeen);
  if (Info.Seen)
    addProperty(Props, "credtaint:seen", "true");
  addProperty(Props, "credtaint:hosts", hostList(Info.Hosts));
  if (Owners)
    if (auto O = Owners->resolve(ownedPath(C.Source.File, Root))) {
      addProperty(Props, "credtaint:owner-suggested", O->Owner);
      addProperty(Props, "credtaint:owner-reason", O->Reason);
    }
  return {{"type", "cryptographic-asset"},
          {"bom-ref", "credential:" + Fp},
          {"name", field(C.Name.empty() ? "(unnamed credential)" : C.Name)},
          {"cryptoProperties",
           {{"assetType", "related-crypto-material"},
            {"relatedCryptoMaterialProperties", Related}}},
          {"properties", Props}};
}

ordered_json vulnerabilityJson(const ReportContext &C, const Finding &F,
                               const std::string &Undated) {
  const Record &R = F.First;
  const RuleInfo *Info = findRule(R.Rule.c_str());
  std::string Title = Info ? Info->shortDescription
                           : (R.Message.empty() ? R.Rule : R.Message);
  ordered_json V = {{"bom-ref", "finding:" + field(R.Fingerprint)},
                    {"id", field(R.Fingerprint)},
                    {"source", {{"name", "credtaint"}}}};
  if (R.Cwe)
    V["cwes"] = ordered_json::array({R.Cwe});
  V["ratings"] = ordered_json::array(
      {ordered_json{{"source", {{"name", "credtaint"}}},
                    {"severity", severityName(R.Sev)},
                    {"method", "other"}}});
  V["description"] = field(Title);
  V["detail"] = field(findingHeadline(R, C.SourceRoot));
  V["created"] = isIsoTime(F.FirstSeen) ? F.FirstSeen : Undated;
  V["affects"] = ordered_json::array(
      {ordered_json{{"ref", "credential:" + R.Credential.Fingerprint}}});

  ordered_json Props = ordered_json::array();
  addProperty(Props, "credtaint:rule", R.Rule);
  addProperty(Props, "credtaint:detector", joinLimited(F.Detectors, 8));
  std::string Sink = R.Sink.Function;
  if (std::string At = siteText(R.Sink.At, C.SourceRoot); !At.empty())
    Sink += (Sink.empty() ? "" : " at ") + At;
  addProperty(Props, "credtaint:sink", Sink);
  addProperty(Props, "credtaint:source", siteText(R.Credential.Source, C.SourceRoot));
  addProperty(Props, "credtaint:test", joinLimited(F.Tests, 20));
  addProperty(Props, "credtaint:occurrences", std::to_string(F.Occurrences));
  addProperty(Props, "credtaint:secret-rule", R.SecretRule);
  if (!F.LastSeen.empty())
    addProperty(Props, "credtaint:last-seen", F.LastSeen);
  if (C.hasBaseline())
    addProperty(Props, "credtaint:baseline-state", C.baselineState(F));
  if (F.Suppressed)
    addProperty(Props, "credtaint:suppressed",
                F.Suppressed->Type + ":" + F.Suppressed->Pattern);
  V["properties"] = Props;
  return V;
}

ordered_json metadataJson(const ReportContext &C, const BomOptions &Opts,
                          const std::string &RunStarted, size_t Index,
                          size_t Count) {
  ordered_json Props = ordered_json::array(
      {property("credtaint:batch",
                std::to_string(Index + 1) + "/" + std::to_string(Count))});
  const RunInfo &Run = C.Run;
  addProperty(Props, "credtaint:repository", Run.Repository);
  addProperty(Props, "credtaint:repository-uri", Run.RepositoryUri);
  addProperty(Props, "credtaint:branch", Run.Branch);
  addProperty(Props, "credtaint:commit", Run.Commit);
  addProperty(Props, "credtaint:build-id", Run.BuildId);
  addProperty(Props, "credtaint:run", Opts.RunId);
  addProperty(Props, "credtaint:run-started", RunStarted);
  addProperty(Props, "credtaint:vcs", vcsOf(Run));
  return {{"timestamp", Opts.Timestamp.empty() ? isoTimeNow() : Opts.Timestamp},
          {"tools",
           {{"components",
             ordered_json::array({ordered_json{{"type", "application"},
                                               {"name", "credtaint"},
                                               {"version", CREDTAINT_VERSION}}})}}},
          {"component",
           {{"type", "application"},
            {"bom-ref", "project"},
            {"name", field(Opts.Project.empty() ? "project" : Opts.Project)}}},
          {"properties", Props}};
}

} // namespace

const char *cryptoMaterialType(const std::string &Kind) {
  static const std::map<std::string, const char *> Types = {
      {"password", "password"},
      {"token", "token"},
      {"api-key", "credential"},
      {"private-key", "private-key"},
      {"cloud-credential", "credential"},
      {"connection-string", "credential"},
      {"generic-secret", "other"}};
  auto It = Types.find(Kind);
  return It == Types.end() ? "other" : It->second;
}

bool isExposureRule(const std::string &Rule) {
  const RuleInfo *R = findRule(Rule.c_str()); // rules.def's Exposure column
  return R && R->rotates;
}

std::string undatedTime(const FindingSet &Set) {
  std::string Newest;
  for (const Finding *F : Set.sorted())
    if (isIsoTime(F->LastSeen))
      Newest = std::max(Newest, F->LastSeen);
  return Newest.empty() ? isoTimeNow() : Newest;
}

std::string randomUuidUrn() {
  unsigned char B[16];
  if (RAND_bytes(B, sizeof B) != 1)
    throw std::runtime_error("cannot draw random bytes for the BOM serial number");
  B[6] = (B[6] & 0x0F) | 0x40; // version 4
  B[8] = (B[8] & 0x3F) | 0x80; // RFC 4122 variant
  static const char *Hex = "0123456789abcdef";
  std::string S = "urn:uuid:";
  for (int I = 0; I < 16; ++I) {
    if (I == 4 || I == 6 || I == 8 || I == 10)
      S += '-';
    S += Hex[B[I] >> 4];
    S += Hex[B[I] & 15];
  }
  return S;
}

std::string canonicalBomContent(const nlohmann::ordered_json &Bom) {
  // nlohmann::json (not ordered_json) keeps object keys sorted.
  nlohmann::json Content = nlohmann::json::parse(Bom.dump());
  Content.erase("serialNumber");
  if (Content.contains("metadata") && Content["metadata"].is_object())
    Content["metadata"].erase("timestamp");
  return Content.dump();
}

std::string bomIdempotencyKey(const nlohmann::ordered_json &Bom) {
  return rt::sha256Hex(canonicalBomContent(Bom));
}

std::string defaultRunId(const std::vector<FileRead> &Files,
                         const std::string &BuildId) {
  std::vector<std::string> Lines;
  for (const FileRead &F : Files)
    Lines.push_back(F.Name + "\t" + std::to_string(F.Size) + "\n");
  std::sort(Lines.begin(), Lines.end());
  std::string Text;
  for (const std::string &L : Lines)
    Text += L;
  if (!BuildId.empty())
    Text += "build-id\t" + BuildId + "\n";
  return rt::sha256Hex(Text).substr(0, 32);
}

bool validRunId(const std::string &Id) {
  return !Id.empty() && Id.size() <= 128 &&
         std::all_of(Id.begin(), Id.end(), [](unsigned char C) {
           return std::isalnum(C) || C == '.' || C == '_' || C == '-';
         });
}

std::vector<BomBatch> cycloneDxBatches(const ReportContext &C,
                                       const BomOptions &Opts,
                                       std::vector<std::string> &Warnings) {
  // Findings to send, and what the run knows of each credential.
  std::vector<const Finding *> Findings;
  std::map<std::string, CredentialInfo> Credentials;
  std::string RunStarted;
  auto Started = [&RunStarted](const std::string &T) {
    if (isIsoTime(T) && (RunStarted.empty() || T < RunStarted))
      RunStarted = T;
  };
  for (const Finding *F : C.Set->sorted()) {
    Started(F->FirstSeen);
    const std::string &Fp = F->First.Credential.Fingerprint;
    if (!usableFingerprint(Fp)) {
      if (!F->Suppressed || Opts.IncludeSuppressed)
        Warnings.push_back("finding " + validUtf8(F->First.Fingerprint) + " (" +
                           validUtf8(F->First.Rule) +
                           "): its credential has no usable fingerprint; not "
                           "exported");
      continue;
    }
    // Every finding is evidence of where the credential went, also a
    // suppressed one; only those not suppressed are sent as findings.
    CredentialInfo &Info = Credentials[Fp];
    const Record &R = F->First;
    if (R.Sink.Category == "network" && !R.Sink.Inbound)
      if (std::string H = listedHost(R.Sink.Host); !H.empty())
        Info.Hosts.insert(H);
    if (F->Suppressed && !Opts.IncludeSuppressed)
      continue;
    Findings.push_back(F);
    if (!Info.Known) {
      Info.Cred = R.Credential;
      Info.Known = true;
    }
    Info.sawAt(F->FirstSeen);
    Info.sawAt(F->LastSeen);
  }
  // Credentials the run loaded or used: with their findings, or alone.
  if (C.Seen) {
    Started(C.Seen->earliest());
    for (const auto &[Fp, S] : C.Seen->credentials()) {
      if (!usableFingerprint(Fp))
        continue;
      CredentialInfo &Info = Credentials[Fp];
      if (!Info.Known || (S.Seen && Info.Cred.Source.File.empty())) {
        Info.Cred = S.Credential;
        Info.Known = true;
      }
      Info.Seen = Info.Seen || S.Seen;
      Info.Hosts.insert(S.Hosts.begin(), S.Hosts.end());
      Info.sawAt(S.FirstSeen);
      Info.sawAt(S.LastSeen);
    }
  }
  // Findings of one credential stay together, so a credential is repeated
  // in as few batches as possible and equal runs cut equal batches.
  std::stable_sort(Findings.begin(), Findings.end(),
                   [](const Finding *A, const Finding *B) {
                     return std::tie(A->First.Credential.Fingerprint,
                                     A->First.Fingerprint) <
                            std::tie(B->First.Credential.Fingerprint,
                                     B->First.Fingerprint);
                   });
  // Credentials without a finding to send (seen only, or only suppressed
  // findings) fill the last findings batch up to the batch size, then
  // batches of their own.
  std::set<std::string> WithFindings;
  for (const Finding *F : Findings)
    WithFindings.insert(F->First.Credential.Fingerprint);
  std::vector<std::string> Alone;
  for (const auto &[Fp, Info] : Credentials)
    if (Info.Known && !WithFindings.count(Fp))
      Alone.push_back(Fp);

  std::string Undated = Opts.UndatedTime.empty() ? undatedTime(*C.Set)
                                                 : Opts.UndatedTime;
  size_t Total = Findings.size() + Alone.size();
  size_t Size = Opts.BatchSize ? Opts.BatchSize : std::max<size_t>(Total, 1);
  size_t FindingBatches = (Findings.size() + Size - 1) / Size;
  size_t Room = FindingBatches ? FindingBatches * Size - Findings.size() : 0;
  size_t AloneBatches =
      Alone.size() > Room ? (Alone.size() - Room + Size - 1) / Size : 0;
  size_t Count = std::max<size_t>(FindingBatches + AloneBatches, 1);
  std::vector<BomBatch> Batches;
  size_t NextAlone = 0;
  for (size_t Index = 0; Index < Count; ++Index) {
    size_t Begin = std::min(Findings.size(), Index * Size);
    size_t End = std::min(Findings.size(), Begin + Size);
    std::map<std::string, bool> Affected; // fingerprint -> compromised
    ordered_json Vulns = ordered_json::array();
    for (size_t I = Begin; I < End; ++I) {
      const Finding &F = *Findings[I];
      bool &Compromised = Affected[F.First.Credential.Fingerprint];
      Compromised = Compromised || isExposureRule(F.First.Rule);
      Vulns.push_back(vulnerabilityJson(C, F, Undated));
    }
    ordered_json Components = ordered_json::array();
    for (const auto &[Fp, Compromised] : Affected)
      Components.push_back(componentJson(Fp, Credentials.at(Fp), Compromised,
                                         C.SourceRoot, Opts.Owners));
    size_t Entries = End - Begin;
    for (; NextAlone < Alone.size() && Entries < Size; ++NextAlone, ++Entries)
      Components.push_back(componentJson(Alone[NextAlone],
                                         Credentials.at(Alone[NextAlone]),
                                         false, C.SourceRoot, Opts.Owners));

    BomBatch B;
    B.Findings = End - Begin;
    B.Credentials = Components.size();
    B.Bom = {{"bomFormat", "CycloneDX"},
             {"specVersion", "1.7"},
             {"serialNumber", Opts.SerialNumber.empty() ? randomUuidUrn()
                                                        : Opts.SerialNumber},
             {"version", 1},
             {"metadata", metadataJson(C, Opts, RunStarted, Index, Count)},
             {"components", Components},
             {"vulnerabilities", Vulns}};
    B.IdempotencyKey = bomIdempotencyKey(B.Bom);
    Batches.push_back(std::move(B));
  }
  return Batches;
}

} // namespace credtaint::report
