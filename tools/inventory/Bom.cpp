#include "Bom.h"

#include "Policy.h"
#include "Time.h"

#include "credtaint/catalog/catalog.h"

#include <nlohmann/json.hpp>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <map>
#include <regex>
#include <set>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

// Longest string the inventory keeps in any field.
constexpr size_t MaxField = 4096;
constexpr const char *CredentialRefPrefix = "credential:";

const std::set<std::string> CryptoMaterialTypes = {
    "password", "token", "private-key", "credential", "secret-key", "key",
    "public-key", "signature", "shared-secret", "initialization-vector", "nonce",
    "seed", "salt", "ciphertext", "digest", "tag", "additional-data", "other", "unknown"};

[[noreturn]] void fail(const std::string &path, const std::string &problem) {
  throw BomError(path + ": " + problem);
}

const json &member(const json &obj, const std::string &path, const char *name) {
  auto it = obj.find(name);
  if (it == obj.end())
    fail(path + "." + name, "missing");
  return *it;
}

std::string text(const json &v, const std::string &path, bool allowEmpty = false) {
  if (!v.is_string())
    fail(path, "expected a string, got " + std::string(v.type_name()));
  const auto &s = v.get_ref<const std::string &>();
  if (s.size() > MaxField)
    fail(path, "string longer than " + std::to_string(MaxField) + " bytes");
  if (!allowEmpty && s.empty())
    fail(path, "must not be empty");
  return s;
}

std::optional<std::string> optionalText(const json &obj, const std::string &path,
                                        const char *name) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null())
    return std::nullopt;
  return text(*it, path + "." + name);
}

std::string isoTime(const std::string &value, const std::string &path) {
  auto normalized = normalizeIso(value);
  if (!normalized)
    fail(path, "expected an ISO-8601 date-time with a time zone");
  return *normalized;
}

const json &array(const json &v, const std::string &path) {
  if (!v.is_array())
    fail(path, "expected an array, got " + std::string(v.type_name()));
  return v;
}

const json &object(const json &v, const std::string &path) {
  if (!v.is_object())
    fail(path, "expected an object, got " + std::string(v.type_name()));
  return v;
}

// credtaint:* properties of a component or vulnerability, by name.
std::map<std::string, std::pair<std::string, std::string>>
properties(const json &obj, const std::string &path) {
  std::map<std::string, std::pair<std::string, std::string>> out; // name -> (value, path)
  auto it = obj.find("properties");
  if (it == obj.end())
    return out;
  std::string base = path + ".properties";
  array(*it, base);
  for (size_t i = 0; i < it->size(); ++i) {
    std::string p = base + "[" + std::to_string(i) + "]";
    const json &prop = object((*it)[i], p);
    std::string name = text(member(prop, p, "name"), p + ".name");
    auto value = prop.find("value");
    if (value == prop.end())
      continue; // CycloneDX allows a property without a value
    out[name] = {text(*value, p + ".value", true), p + ".value"};
  }
  return out;
}

std::string fingerprintFromRef(const std::string &ref, const std::string &path) {
  if (ref.rfind(CredentialRefPrefix, 0) != 0 || ref.size() == std::strlen(CredentialRefPrefix))
    fail(path, "expected \"credential:<fingerprint>\"");
  std::string fp = ref.substr(std::strlen(CredentialRefPrefix));
  if (fp.size() > 256 || std::any_of(fp.begin(), fp.end(), [](unsigned char c) {
        return c <= 0x20 || c >= 0x7f || c == '/';
      }))
    fail(path, "fingerprint must be at most 256 printable ASCII characters without spaces or '/'");
  return fp;
}

// credtaint:hosts: "a.example,b.example" -> sorted, unique, lower case.
std::vector<std::string> hostList(const std::string &value, const std::string &path) {
  constexpr size_t MaxHosts = 256;
  std::set<std::string> hosts;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos)
      end = value.size();
    std::string host = value.substr(start, end - start);
    while (!host.empty() && host.front() == ' ')
      host.erase(0, 1);
    while (!host.empty() && host.back() == ' ')
      host.pop_back();
    if (!host.empty()) {
      bool ok = host.size() <= 255;
      for (char &c : host) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || std::strchr(".-_:[]", c));
      }
      if (!ok)
        fail(path, "expected comma-separated host names (letters, digits, '.', '-', '_', "
                   "':', '[', ']'; at most 255 characters each)");
      hosts.insert(host);
    }
    start = end + 1;
  }
  if (hosts.size() > MaxHosts)
    fail(path, "more than " + std::to_string(MaxHosts) + " hosts");
  return {hosts.begin(), hosts.end()};
}

IncomingCredential readCredential(const json &c, const std::string &path) {
  IncomingCredential cred;
  cred.fingerprint =
      fingerprintFromRef(text(member(c, path, "bom-ref"), path + ".bom-ref"), path + ".bom-ref");
  cred.name = text(member(c, path, "name"), path + ".name");

  std::string cp = path + ".cryptoProperties";
  const json &crypto = object(member(c, path, "cryptoProperties"), cp);
  if (text(member(crypto, cp, "assetType"), cp + ".assetType") != "related-crypto-material")
    fail(cp + ".assetType", "expected \"related-crypto-material\"");
  std::string rp = cp + ".relatedCryptoMaterialProperties";
  const json &related = object(member(crypto, cp, "relatedCryptoMaterialProperties"), rp);
  cred.type = text(member(related, rp, "type"), rp + ".type");
  if (!CryptoMaterialTypes.count(cred.type))
    fail(rp + ".type", "not a CycloneDX related-crypto-material type");
  if (auto id = optionalText(related, rp, "id"); id && *id != cred.fingerprint)
    fail(rp + ".id", "does not match the fingerprint in bom-ref");
  if (auto size = related.find("size"); size != related.end()) {
    if (!size->is_number_integer() || size->get<long long>() < 0)
      fail(rp + ".size", "expected a non-negative integer");
    cred.sizeBits = size->get<long long>();
  }
  if (auto d = optionalText(related, rp, "creationDate"))
    cred.firstSeen = isoTime(*d, rp + ".creationDate");
  if (auto d = optionalText(related, rp, "updateDate"))
    cred.lastSeen = isoTime(*d, rp + ".updateDate");

  auto props = properties(c, path);
  auto prop = [&](const char *name) -> const std::pair<std::string, std::string> * {
    auto it = props.find(name);
    return it == props.end() ? nullptr : &it->second;
  };
  if (auto *fp = prop("credtaint:fingerprint"); fp && fp->first != cred.fingerprint)
    fail(fp->second, "does not match the fingerprint in bom-ref");
  cred.kind = cred.type;
  if (auto *kind = prop("credtaint:kind")) {
    if (kind->first.empty())
      fail(kind->second, "must not be empty");
    cred.kind = kind->first;
  }
  if (auto *scope = prop("credtaint:scope"); scope && !scope->first.empty())
    cred.scope = scope->first;
  if (auto *at = prop("credtaint:defined-at"); at && !at->first.empty())
    cred.definedAt = at->first;
  if (auto *seen = prop("credtaint:first-seen"))
    cred.firstSeen = isoTime(seen->first, seen->second);
  if (auto *seen = prop("credtaint:last-seen"))
    cred.lastSeen = isoTime(seen->first, seen->second);
  if (auto *seen = prop("credtaint:seen")) {
    if (seen->first != "true" && seen->first != "false")
      fail(seen->second, "expected \"true\" or \"false\"");
    cred.seen = seen->first == "true";
  }
  if (auto *hosts = prop("credtaint:hosts"))
    cred.hosts = hostList(hosts->first, hosts->second);
  if (auto *owner = prop("credtaint:owner-suggested"); owner && !owner->first.empty()) {
    cred.ownerSuggested = owner->first;
    if (auto *reason = prop("credtaint:owner-reason"); reason && !reason->first.empty())
      cred.ownerReason = reason->first;
  }
  return cred;
}

int findingLevel(const std::optional<std::string> &severity, const std::string &rule) {
  if (severity) {
    std::string s = *severity;
    for (char &c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (int rank = severityRank(s))
      return rank;
    if (s == "info" || s == "none")
      return 1;
  }
  const credtaint::RuleInfo *info = credtaint::findRule(rule.c_str());
  int rank = info ? severityRank(info->severity) : 0;
  return rank ? rank : severityRank("high");
}

/// Reads one vulnerability: a finding for each credential it affects. An
/// `affects` entry naming no valid credential of this BOM is refused alone.
void readFinding(const json &v, const std::string &path, const std::set<std::string> &known,
                 const std::set<std::string> &refusedRefs, std::vector<IncomingFinding> &out,
                 std::vector<std::string> &rejected) {
  IncomingFinding f;
  f.fingerprint = text(member(v, path, "id"), path + ".id");
  if (f.fingerprint.size() > 256)
    fail(path + ".id", "longer than 256 characters");
  f.created = isoTime(text(member(v, path, "created"), path + ".created"), path + ".created");
  f.description = optionalText(v, path, "description");
  f.detail = optionalText(v, path, "detail");
  if (auto cwes = v.find("cwes"); cwes != v.end()) {
    array(*cwes, path + ".cwes");
    for (size_t i = 0; i < cwes->size(); ++i)
      if (!(*cwes)[i].is_number_integer())
        fail(path + ".cwes[" + std::to_string(i) + "]", "expected an integer");
    if (!cwes->empty())
      f.cwe = (*cwes)[0].get<long long>();
  }
  if (auto ratings = v.find("ratings"); ratings != v.end()) {
    array(*ratings, path + ".ratings");
    if (!ratings->empty()) {
      std::string rp = path + ".ratings[0]";
      f.severity = optionalText(object((*ratings)[0], rp), rp, "severity");
    }
  }
  auto props = properties(v, path);
  auto rule = props.find("credtaint:rule");
  if (rule == props.end())
    fail(path + ".properties", "no \"credtaint:rule\" property");
  if (rule->second.first.empty())
    fail(rule->second.second, "must not be empty");
  f.rule = rule->second.first;
  auto get = [&](const char *name) -> std::optional<std::string> {
    auto it = props.find(name);
    if (it == props.end() || it->second.first.empty())
      return std::nullopt;
    return it->second.first;
  };
  f.level = findingLevel(f.severity, f.rule);
  f.detector = get("credtaint:detector");
  f.sink = get("credtaint:sink");
  f.source = get("credtaint:source");
  f.test = get("credtaint:test");

  std::string ap = path + ".affects";
  const json &affects = array(member(v, path, "affects"), ap);
  if (affects.empty())
    fail(ap, "must name at least one credential");
  for (size_t i = 0; i < affects.size(); ++i) {
    std::string p = ap + "[" + std::to_string(i) + "]";
    try {
      std::string ref = text(member(object(affects[i], p), p, "ref"), p + ".ref");
      IncomingFinding one = f;
      one.credential = fingerprintFromRef(ref, p + ".ref");
      if (!known.count(one.credential))
        fail(p + ".ref", refusedRefs.count(ref)
                             ? "its credential was refused (see that component)"
                             : "credential is not among this BOM's components");
      out.push_back(std::move(one));
    } catch (const BomError &e) {
      rejected.push_back(e.what());
    }
  }
}

// credtaint:vcs "<https URL>@<40-hex commit>"; nullopt if malformed. A URL
// with user information is refused: it could hold a token.
std::optional<Vcs> parseVcs(const std::string &value) {
  static const std::regex shape(R"((https://([^/@\s]+)(/[^@\s"'<>\\]*)?)@([0-9a-fA-F]{40}))");
  std::smatch m;
  if (value.size() > 2048 || !std::regex_match(value, m, shape))
    return std::nullopt;
  for (unsigned char c : value)
    if (c < 0x21 || c >= 0x7f)
      return std::nullopt;
  Vcs vcs{m[1].str(), m[4].str()};
  while (!vcs.url.empty() && vcs.url.back() == '/')
    vcs.url.pop_back();
  if (vcs.url.size() > 4 && vcs.url.compare(vcs.url.size() - 4, 4, ".git") == 0)
    vcs.url.erase(vcs.url.size() - 4);
  for (char &c : vcs.commit)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return vcs;
}

// The run properties of metadata. A bad run id refuses the batch (its
// credentials could not be counted in the right run); a bad start time or
// VCS reference is listed as refused and left out.
void readRunProperties(const std::map<std::string, std::pair<std::string, std::string>> &props,
                       IngestBatch &batch) {
  auto prop = [&](const char *name) -> const std::pair<std::string, std::string> * {
    auto it = props.find(name);
    return it == props.end() ? nullptr : &it->second;
  };
  if (auto *run = prop("credtaint:run")) {
    if (run->first.empty() || run->first.size() > 256 ||
        std::any_of(run->first.begin(), run->first.end(),
                    [](unsigned char c) { return c < 0x20 || c >= 0x7f; }))
      fail(run->second, "expected a run id of 1 to 256 printable ASCII characters");
    batch.run = run->first;
  }
  if (auto *started = prop("credtaint:run-started")) {
    if (auto iso = normalizeIso(started->first))
      batch.runStarted = *iso;
    else
      batch.rejected.push_back(started->second +
                               ": expected an ISO-8601 date-time with a time zone");
  }
  if (auto *vcs = prop("credtaint:vcs")) {
    if (auto parsed = parseVcs(vcs->first))
      batch.vcs = *parsed;
    else
      batch.rejected.push_back(vcs->second + ": expected \"<https URL without user "
                                             "information>@<40-hex commit>\"");
  }
  if (auto *label = prop("credtaint:batch")) {
    static const std::regex shape("([1-9][0-9]{0,8})/([1-9][0-9]{0,8})");
    std::smatch m;
    if (std::regex_match(label->first, m, shape) && std::stoll(m[1]) <= std::stoll(m[2]))
      batch.batchOf = std::make_pair(std::stoll(m[1]), std::stoll(m[2]));
  }
}

} // namespace

std::string sha256Hex(const std::string &data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char *>(data.data()), data.size(), digest.data());
  static const char *hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

bool isExposureRule(const std::string &rule) {
  // rules.def says which rules expose a credential; a rule this server does
  // not know (a newer credtaint's) exposes nothing until it is upgraded.
  const credtaint::RuleInfo *info = credtaint::findRule(rule.c_str());
  return info && info->rotates;
}

IngestBatch parseBom(const std::string &body) {
  json bom;
  try {
    bom = json::parse(body);
  } catch (const json::parse_error &e) {
    // e.what() quotes the input near the error; name only the offset.
    throw BomError("$: not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception &) {
    // A number no double holds (1e999999) is out_of_range, not parse_error;
    // uncaught it became a 500 whose log line quoted the input.
    throw BomError("$: not valid JSON (a number out of range)");
  }
  object(bom, "$");
  if (text(member(bom, "$", "bomFormat"), "$.bomFormat") != "CycloneDX")
    fail("$.bomFormat", "expected \"CycloneDX\"");
  if (text(member(bom, "$", "specVersion"), "$.specVersion") != "1.7")
    fail("$.specVersion", "expected \"1.7\"");

  IngestBatch batch;
  if (auto meta = bom.find("metadata"); meta != bom.end()) {
    object(*meta, "$.metadata");
    if (auto comp = meta->find("component"); comp != meta->end())
      batch.project = optionalText(object(*comp, "$.metadata.component"),
                                   "$.metadata.component", "name");
    readRunProperties(properties(*meta, "$.metadata"), batch);
  }

  // Fingerprints of the valid credentials, and the bom-refs of refused ones
  // (their findings are refused with them, saying why).
  std::set<std::string> known, refusedRefs;
  if (auto comps = bom.find("components"); comps != bom.end()) {
    array(*comps, "$.components");
    for (size_t i = 0; i < comps->size(); ++i) {
      std::string p = "$.components[" + std::to_string(i) + "]";
      const json &raw = (*comps)[i];
      try {
        const json &c = object(raw, p);
        // Other component types (libraries, files) may ride along in a BOM;
        // only credentials are inventoried.
        if (text(member(c, p, "type"), p + ".type") != "cryptographic-asset")
          continue;
        IncomingCredential cred = readCredential(c, p);
        if (known.count(cred.fingerprint))
          fail(p + ".bom-ref", "the same credential appears twice in this BOM");
        known.insert(cred.fingerprint);
        batch.credentials.push_back(std::move(cred));
      } catch (const BomError &e) {
        batch.rejected.push_back(e.what());
        if (auto ref = raw.is_object() ? raw.find("bom-ref") : raw.end();
            ref != raw.end() && ref->is_string())
          refusedRefs.insert(ref->get<std::string>());
      }
    }
  }
  if (auto vulns = bom.find("vulnerabilities"); vulns != bom.end()) {
    array(*vulns, "$.vulnerabilities");
    for (size_t i = 0; i < vulns->size(); ++i) {
      std::string p = "$.vulnerabilities[" + std::to_string(i) + "]";
      try {
        readFinding(object((*vulns)[i], p), p, known, refusedRefs, batch.findings,
                    batch.rejected);
      } catch (const BomError &e) {
        batch.rejected.push_back(e.what());
      }
    }
  }

  json content = bom;
  content.erase("serialNumber");
  if (content.contains("metadata") && content["metadata"].is_object())
    content["metadata"].erase("timestamp");
  batch.contentHash = sha256Hex(content.dump());
  return batch;
}

} // namespace credtaint::inventory
