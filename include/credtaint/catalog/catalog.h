//===- catalog.h - the catalogs as C++ tables -------------------*- C++ -*-===//
//
// Every component (Clang plugin, LLVM pass, runtime, tools) reads the rule,
// kind, sink, provider, network-fact, libcurl-option and default-scope
// catalogs through this header, so they cannot drift.
// Header-only and free of LLVM and of allocation, so the runtime can use it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_CATALOG_CATALOG_H
#define CREDTAINT_CATALOG_CATALOG_H

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace credtaint {

enum class Kind : uint8_t {
#define CREDTAINT_KIND(Enum, Name, Bit) Enum = Bit,
#include "credtaint/catalog/kinds.def"
};

struct KindInfo {
  Kind kind;
  const char *name;
  uint8_t bit;
};

inline constexpr KindInfo kKinds[] = {
#define CREDTAINT_KIND(Enum, Name, Bit) {Kind::Enum, Name, Bit},
#include "credtaint/catalog/kinds.def"
};
inline constexpr size_t kNumKinds = sizeof(kKinds) / sizeof(kKinds[0]);

inline const KindInfo *findKind(const char *name) {
  for (const KindInfo &k : kKinds)
    if (std::strcmp(k.name, name) == 0)
      return &k;
  return nullptr;
}
inline const char *kindName(Kind k) { return kKinds[static_cast<size_t>(k)].name; }
inline constexpr uint8_t labelOf(Kind k) { return uint8_t(1u << static_cast<uint8_t>(k)); }
/// All label bits that mean "credential" (everything but weak-random).
inline constexpr uint8_t kCredentialLabels = uint8_t(~labelOf(Kind::WeakRandom));

enum class Rule : uint8_t {
#define CREDTAINT_RULE(Enum, Id, Cwe, Severity, Exposure, Short, Help) Enum,
#include "credtaint/catalog/rules.def"
};

enum class RuleExposure : uint8_t { Rotate, Keep };
struct RuleInfo {
  Rule rule;
  const char *id;
  unsigned cwe;
  const char *severity;
  bool rotates; // a finding exposed the credential (rules.def's Exposure)
  const char *shortDescription;
  const char *help;
};

inline constexpr RuleInfo kRules[] = {
#define CREDTAINT_RULE(Enum, Id, Cwe, Severity, Exposure, Short, Help)          \
  {Rule::Enum, Id, Cwe, Severity, RuleExposure::Exposure == RuleExposure::Rotate, \
   Short, Help},
#include "credtaint/catalog/rules.def"
};
inline constexpr size_t kNumRules = sizeof(kRules) / sizeof(kRules[0]);
inline const RuleInfo &ruleInfo(Rule r) { return kRules[static_cast<size_t>(r)]; }
inline const RuleInfo *findRule(const char *id) {
  for (const RuleInfo &r : kRules)
    if (std::strcmp(r.id, id) == 0)
      return &r;
  return nullptr;
}

enum class SinkCategory : uint8_t {
  Log, Digest, Mac, Cipher, Kdf, Crypt, // logs and crypto
  Net, Tls, Curl,                        // network
  Exec                                   // child processes
};
enum class SinkShape : uint8_t {
  Buf, CStr, Char, Format, VFormat, Iov, String, CipherKey, Kdf, Params,
  Msg, Argv, ArgList, ArgListEnv, CurlOpt, Handle,
  // The wide twins (wchar_t text): the pass calls the narrow shape's hook,
  // and the runtime reads the data as wchar_t by the row's shape.
  WBuf, WCStr, WChar, WFormat, WVFormat, WString
};
/// Bytes of a wchar_t on credtaint's one target (x86_64 Linux: UTF-32).
inline constexpr unsigned kWideCharBytes = 4;
inline constexpr bool isWideShape(SinkShape S) {
  return S >= SinkShape::WBuf;
}
/// The narrow shape whose hook a wide shape's calls go through.
inline constexpr SinkShape narrowShape(SinkShape S) {
  switch (S) {
  case SinkShape::WBuf: return SinkShape::Buf;
  case SinkShape::WCStr: return SinkShape::CStr;
  case SinkShape::WChar: return SinkShape::Char;
  case SinkShape::WFormat: return SinkShape::Format;
  case SinkShape::WVFormat: return SinkShape::VFormat;
  case SinkShape::WString: return SinkShape::String;
  default: return S;
  }
}
enum class SinkTarget : uint8_t {
  Stdout, File, Fd, Ostream, WOstream, Syslog,                   // logs
  Fixed, MdCtx, Md, Cipher, CipherCtx, AlgName, CryptSalt, KdfCtx, // crypto
  Socket, Ssl, CurlHandle,                                       // network
  Program, Shell, Environment,                                   // processes
  Project,                                                       // credtaint.json
  ProjectFile, ProjectUrl, ProjectCommand // credtaint.json, by category
};
inline constexpr bool isNetworkCategory(SinkCategory C) {
  return C == SinkCategory::Net || C == SinkCategory::Tls ||
         C == SinkCategory::Curl;
}

struct SinkInfo {
  const char *symbol;
  const char *display;
  SinkCategory category;
  SinkShape shape;
  SinkTarget target;
  int targetArg, dataArg, lenArg, lenArg2;
  unsigned fixedLen;
  const char *algorithm; // for Target Fixed
};

inline constexpr SinkInfo kSinks[] = {
#define CREDTAINT_SINK(Symbol, Display, Category, Shape, Target, TargetArg,    \
                       DataArg, LenArg, LenArg2, FixedLen, Algorithm)          \
  {#Symbol,          Display,   SinkCategory::Category,   SinkShape::Shape,    \
   SinkTarget::Target, TargetArg, DataArg, LenArg, LenArg2, FixedLen, Algorithm},
#include "credtaint/catalog/sinks.def"
};
inline constexpr size_t kNumSinks = sizeof(kSinks) / sizeof(kSinks[0]);

/// Prefix of the sink rows that stand for hand-written algorithms.
inline constexpr const char kHeuristicSinkPrefix[] = "__credtaint_heuristic_";

inline constexpr const char *kEnvSources[] = {
#define CREDTAINT_ENV_SOURCE(Symbol) #Symbol,
#include "credtaint/catalog/sources.def"
};
/// An API parameter that takes a secret (consumers.def).
enum class ConsumerShape : uint8_t { CStr, UserPass, Buf, CipherKey };
struct ConsumerInfo {
  const char *symbol;
  Kind kind;
  ConsumerShape shape;
  int8_t dataArg, lenArg, auxArg;
  int64_t auxValue;
  const char *parameter;
};
inline constexpr ConsumerInfo kConsumers[] = {
#define CREDTAINT_CONSUMER(Symbol, K, Shape, DataArg, LenArg, AuxArg, AuxValue, Param) \
  {#Symbol, Kind::K, ConsumerShape::Shape, DataArg, LenArg, AuxArg, AuxValue, Param},
#include "credtaint/catalog/consumers.def"
};
inline constexpr size_t kNumConsumers = sizeof(kConsumers) / sizeof(kConsumers[0]);

struct ReadSourceInfo {
  const char *symbol;
  int8_t bufArg;
  bool indirect; // the argument points at the buffer's pointer (getline)
};
inline constexpr ReadSourceInfo kReadSources[] = {
#define CREDTAINT_READ_SOURCE(Symbol, BufArg, Indirect) {#Symbol, BufArg, Indirect != 0},
#include "credtaint/catalog/sources.def"
};
/// A function that derives bytes from its input (sources.def).
enum class DerivedProduct : uint8_t { Key, Digest };
struct DerivationInfo {
  const char *symbol;
  DerivedProduct product;
  int8_t inArg, inLenArg, outArg, outLenArg;
  int16_t outLen; // 0: argument outLenArg; -1: the unsigned int it points at
};
inline constexpr DerivationInfo kDerivations[] = {
#define CREDTAINT_DERIVATION(Symbol, Product, InArg, InLenArg, OutArg, OutLenArg, OutLen) \
  {#Symbol, DerivedProduct::Product, InArg, InLenArg, OutArg, OutLenArg, OutLen},
#include "credtaint/catalog/sources.def"
};
inline constexpr size_t kNumDerivations = sizeof(kDerivations) / sizeof(kDerivations[0]);
inline constexpr const char *kMapSources[] = {
#define CREDTAINT_MAP_SOURCE(Symbol) #Symbol,
#include "credtaint/catalog/sources.def"
};
/// A function that clears memory on purpose (cleansers.def).
struct CleanserInfo {
  const char *symbol;
  int8_t ptrArg, lenArg;
};
inline constexpr CleanserInfo kCleansers[] = {
#define CREDTAINT_CLEANSER(Symbol, PtrArg, LenArg) {#Symbol, PtrArg, LenArg},
#include "credtaint/catalog/cleansers.def"
};
inline constexpr const char *kWeakRandomFunctions[] = {
#define CREDTAINT_WEAK_RANDOM(Symbol) #Symbol,
#include "credtaint/catalog/sources.def"
};
inline constexpr const char *kWeakRandomEngines[] = {
#define CREDTAINT_WEAK_RANDOM_ENGINE(Prefix) Prefix,
#include "credtaint/catalog/sources.def"
};

// --- network facts, libcurl options and default scopes --------------------

enum class NetFact : uint8_t {
  AddrInfo, HostEnt, HostEntOut, Connect, Destination, Close, SslFd, SslCtrl,
  SslHost, SslFree, CurlFree, CurlDup, CurlSlistAppend, CurlEscape
};
enum class FactWhen : uint8_t { Before, After };

struct NetFactInfo {
  const char *symbol;
  NetFact fact;
  FactWhen when;
  int args[4];
};

inline constexpr NetFactInfo kNetFacts[] = {
#define CREDTAINT_NET_FACT(Symbol, Fact, When, A0, A1, A2, A3)                 \
  {#Symbol, NetFact::Fact, FactWhen::When, {A0, A1, A2, A3}},
#include "credtaint/catalog/net_facts.def"
};
inline constexpr size_t kNumNetFacts = sizeof(kNetFacts) / sizeof(kNetFacts[0]);

enum class CurlOptionRole : uint8_t { Url, Text, List, Body, CopyBody, BodySize };

struct CurlOptionInfo {
  const char *name;
  long id;
  CurlOptionRole role;
};

inline constexpr CurlOptionInfo kCurlOptions[] = {
#define CREDTAINT_CURL_OPTION(Name, Id, Role) {#Name, Id, CurlOptionRole::Role},
#include "credtaint/catalog/curl_options.def"
};

inline const CurlOptionInfo *findCurlOption(long Id) {
  for (const CurlOptionInfo &O : kCurlOptions)
    if (O.id == Id)
      return &O;
  return nullptr;
}

struct DefaultScope {
  const char *match; // a value prefix, or a part of the name
  const char *hosts;
};

inline constexpr DefaultScope kScopesByPrefix[] = {
#define CREDTAINT_SCOPE_BY_PREFIX(Prefix, Hosts) {Prefix, Hosts},
#include "credtaint/catalog/scopes.def"
};
inline constexpr DefaultScope kScopesByName[] = {
#define CREDTAINT_SCOPE_BY_NAME(Part, Hosts) {Part, Hosts},
#include "credtaint/catalog/scopes.def"
};

inline constexpr const char *kProviderPrefixes[] = {
#define CREDTAINT_PROVIDER_PREFIX(P) P,
#include "credtaint/catalog/providers.def"
};

} // namespace credtaint

#endif
