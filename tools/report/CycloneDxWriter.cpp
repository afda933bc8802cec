//===- CycloneDxWriter.cpp - findings as CycloneDX 1.7 BOMs ---------------===//

#include "CycloneDxWriter.h"

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

/// Whether T is an ISO 8601 UTC or offset date-time such as the runtime
/// writes ("2026-11-23T10:17:46.131Z"); anything else (a damaged record)
/// is not put into a date field.
bool isIsoTime(const std::string &T) {
  auto Digits = [&T](size_t At, size_t N) {
    if (At + N > T.size())
      return false;
    for (size_t I = At; I < At + N; ++I)
      if (!std::isdigit(static_cast<unsigned char>(T[I])))
        return false;
    return true;
  };
  if (!(Digits(0, 4) && T.size() > 19 && T[4] == '-' && Digits(5, 2) &&
        T[7] == '-' && Digits(8, 2) && T[10] == 'T' && Digits(11, 2) &&
        T[13] == ':' && Digits(14, 2) && T[16] == ':' && Digits(17, 2)))
    return false;
  size_t I = 19;
  if (T[I] == '.') {
    size_t J = ++I;
    while (I < T.size() && std::isdigit(static_cast<unsigned char>(T[I])))
      ++I;
    if (I == J)
      return false;
  }
  if (I < T.size() && T[I] == 'Z')
    return I + 1 == T.size();
  return I + 6 == T.size() && (T[I] == '+' || T[I] == '-') && Digits(I + 1, 2) &&
         T[I + 3] == ':' && Digits(I + 4, 2);
}

/// What the BOM says about one credential: gathered over every finding of
/// the run, so all batches describe it alike.
struct CredentialInfo {
  const Record *First = nullptr; // name, kind, scope, source
  std::string FirstSeen, LastSeen;
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

ordered_json componentJson(const std::string &Fp, const CredentialInfo &Info,
                           bool Compromised, const std::string &Root) {
  const Record &R = *Info.First;
  ordered_json Related = {{"type", cryptoMaterialType(R.Credential.Kind)},
                          {"id", Fp},
                          {"state", Compromised ? "compromised" : "active"}};
  if (!Info.FirstSeen.empty())
    Related["creationDate"] = Info.FirstSeen;
  if (!Info.LastSeen.empty())
    Related["updateDate"] = Info.LastSeen;
  if (R.Credential.Length && R.Credential.Length < (uint64_t(1) << 52))
    Related["size"] = R.Credential.Length * 8;
  if (std::string Hex = hmacHex(Fp); !Hex.empty())
    Related["fingerprint"] = {{"alg", "SHA-256"}, {"content", Hex}};

  ordered_json Props = ordered_json::array();
  addProperty(Props, "credtaint:kind",
              R.Credential.Kind.empty() ? "generic-secret" : R.Credential.Kind);
  addProperty(Props, "credtaint:fingerprint", Fp);
  addProperty(Props, "credtaint:scope", R.Credential.Scope);
  addProperty(Props, "credtaint:defined-at", siteText(R.Credential.Source, Root));
  addProperty(Props, "credtaint:preview", R.Credential.Preview);
  addProperty(Props, "credtaint:first-seen", Info.FirstSeen);
  addProperty(Props, "credtaint:last-seen", Info.LastSeen);
  return {{"type", "cryptographic-asset"},
          {"bom-ref", "credential:" + Fp},
          {"name", field(R.Credential.Name.empty() ? "(unnamed credential)"
                                                   : R.Credential.Name)},
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
                          size_t Index, size_t Count) {
  ordered_json Props = ordered_json::array(
      {property("credtaint:batch",
                std::to_string(Index + 1) + "/" + std::to_string(Count))});
  const RunInfo &Run = C.Run;
  addProperty(Props, "credtaint:repository", Run.Repository);
  addProperty(Props, "credtaint:repository-uri", Run.RepositoryUri);
  addProperty(Props, "credtaint:branch", Run.Branch);
  addProperty(Props, "credtaint:commit", Run.Commit);
  addProperty(Props, "credtaint:build-id", Run.BuildId);
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

std::vector<BomBatch> cycloneDxBatches(const ReportContext &C,
                                       const BomOptions &Opts,
                                       std::vector<std::string> &Warnings) {
  // Findings to send, and what the run knows of each credential.
  std::vector<const Finding *> Findings;
  std::map<std::string, CredentialInfo> Credentials;
  for (const Finding *F : C.Set->sorted()) {
    if (F->Suppressed && !Opts.IncludeSuppressed)
      continue;
    const std::string &Fp = F->First.Credential.Fingerprint;
    if (!usableFingerprint(Fp)) {
      Warnings.push_back("finding " + validUtf8(F->First.Fingerprint) + " (" +
                         validUtf8(F->First.Rule) +
                         "): its credential has no usable fingerprint; not "
                         "exported");
      continue;
    }
    Findings.push_back(F);
    CredentialInfo &Info = Credentials[Fp];
    if (!Info.First)
      Info.First = &F->First;
    if (isIsoTime(F->FirstSeen) &&
        (Info.FirstSeen.empty() || F->FirstSeen < Info.FirstSeen))
      Info.FirstSeen = F->FirstSeen;
    if (isIsoTime(F->LastSeen))
      Info.LastSeen = std::max(Info.LastSeen, F->LastSeen);
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

  std::string Undated = Opts.UndatedTime.empty() ? undatedTime(*C.Set)
                                                 : Opts.UndatedTime;
  size_t Size = Opts.BatchSize ? Opts.BatchSize : std::max<size_t>(Findings.size(), 1);
  size_t Count = std::max<size_t>((Findings.size() + Size - 1) / Size, 1);
  std::vector<BomBatch> Batches;
  for (size_t Index = 0; Index < Count; ++Index) {
    size_t Begin = Index * Size, End = std::min(Findings.size(), Begin + Size);
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
      Components.push_back(
          componentJson(Fp, Credentials.at(Fp), Compromised, C.SourceRoot));

    BomBatch B;
    B.Findings = End - Begin;
    B.Credentials = Affected.size();
    B.Bom = {{"bomFormat", "CycloneDX"},
             {"specVersion", "1.7"},
             {"serialNumber", Opts.SerialNumber.empty() ? randomUuidUrn()
                                                        : Opts.SerialNumber},
             {"version", 1},
             {"metadata", metadataJson(C, Opts, Index, Count)},
             {"components", Components},
             {"vulnerabilities", Vulns}};
    B.IdempotencyKey = bomIdempotencyKey(B.Bom);
    Batches.push_back(std::move(B));
  }
  return Batches;
}

} // namespace credtaint::report
