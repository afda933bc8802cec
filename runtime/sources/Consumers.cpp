//===- Consumers.cpp - credentials known by the API that takes them -------===//
//
// The pass calls __credtaint_source_consumed before each call of a
// consumers.def row: mysql_real_connect's password, HMAC's key, PQconnectdb's
// conninfo. Whatever the program called the variable, those bytes are a
// credential from here on:
//   - bytes that carry no credential label yet are labelled and registered
//     as "<parameter> of <function>" (kind from the row), their source this
//     call ("used as passwd of mysql_real_connect"), so a later leak of them
//     anywhere is reported with that trace;
//   - bytes that are a literal's (the value stands, NUL-terminated for a
//     string, in a read-only segment of the program or one of its own
//     libraries: a literal passed directly or copied with strcpy, memcpy or
//     std::string on the way) are hardcoded-credential, whatever their
//     entropy ("ABCD1234!" given to a login call is hardcoded);
//   - bytes of a credential read from a plaintext file that is no
//     credential store (a config file: SourceLocation::PlaintextFile) are
//     plaintext-stored-credential;
//   - bytes that are a digest of a credential (Derived.h) become the key
//     material "derived(<source>)".
//
//===----------------------------------------------------------------------===//

#include "core/Registry.h"
#include "core/Runtime.h"
#include "report/Attribution.h"
#include "report/Reporter.h"
#include "sources/Derived.h"
#include "sinks/Crypto.h"
#include "sinks/Deferred.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/catalog/names.h"
#include "credtaint/runtime_abi.h"

#include <sanitizer/dfsan_interface.h>

#include <cstring>
#include <elf.h>
#include <link.h>
#include <mutex>
#include <string>
#include <unordered_map>

namespace credtaint::rt {
namespace {

constexpr size_t kMaxConsumed = 16384;

bool systemModule(const char *Path) {
  return Path && (std::strncmp(Path, "/lib", 4) == 0 ||
                  std::strncmp(Path, "/usr/lib", 8) == 0);
}

struct LiteralSearch {
  std::string_view Needle;
  bool Found = false;
};

/// Whether Needle stands in a read-only segment of the executable or one of
/// the program's own libraries (not the system's: their strings say nothing
/// about the program's secrets).
int searchModule(struct dl_phdr_info *Info, size_t, void *Data) {
  auto *S = static_cast<LiteralSearch *>(Data);
  // The executable has an empty name in the list.
  if (Info->dlpi_name && *Info->dlpi_name && systemModule(Info->dlpi_name))
    return 0;
  for (int I = 0; I < Info->dlpi_phnum && !S->Found; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD || (P.p_flags & PF_W) || !(P.p_flags & PF_R) ||
        P.p_filesz < S->Needle.size())
      continue;
    auto *Begin = reinterpret_cast<const char *>(Info->dlpi_addr + P.p_vaddr);
    S->Found = memmem(Begin, P.p_filesz, S->Needle.data(), S->Needle.size());
  }
  return S->Found;
}

/// Whether the value (with its NUL for a string) is a literal of the
/// program's; remembered per value.
bool isLiteral(const char *P, size_t N, bool CString) {
  static std::mutex Mu;
  static auto *Seen = new std::unordered_map<std::string, bool>;
  std::string Key(P, N);
  if (CString)
    Key.push_back('\0');
  std::lock_guard<std::mutex> L(Mu);
  auto It = Seen->find(Key);
  if (It != Seen->end())
    return It->second;
  LiteralSearch S{Key};
  dl_iterate_phdr(searchModule, &S);
  if (Seen->size() < 4096)
    Seen->emplace(std::move(Key), S.Found);
  return S.Found;
}

Finding consumerFinding(Rule R, const Credential *C, const credtaint_site *Site,
                        const ConsumerInfo &Row, size_t Bytes) {
  Finding F;
  F.RuleId = R;
  F.Cred = C;
  F.Sink = siteFrame(Site, "sink");
  F.SinkCategory = "credential";
  F.SinkFunction = std::string(Row.symbol) + "(" + Row.parameter + ")";
  F.Bytes = Bytes;
  return F;
}

/// The row a call of kConsumers[First]'s symbol takes a secret under: the
/// first of the symbol's rows with no condition, or whose AuxValue the call
/// passed (curl_easy_setopt's option); none for a call that takes no secret.
const ConsumerInfo *rowFor(uint32_t First, uint64_t Aux) {
  std::string_view Symbol = kConsumers[First].symbol;
  for (uint32_t I = First; I < kNumConsumers && kConsumers[I].symbol == Symbol;
       ++I) {
    const ConsumerInfo &Row = kConsumers[I];
    if (Row.shape == ConsumerShape::CipherKey || Row.auxArg < 0 ||
        int64_t(Aux) == Row.auxValue)
      return &Row;
  }
  return nullptr;
}

void consumed(const credtaint_site *Site, uint32_t Index, const void *Data,
              uint64_t Len, uint64_t Aux) {
  if (Index >= kNumConsumers || !Data || skipIfReentered())
    return;
  const ConsumerInfo *Found = rowFor(Index, Aux);
  if (!Found)
    return; // pam_set_item of another item than the password
  const ConsumerInfo &Row = *Found;
  auto *P = static_cast<const char *>(Data);
  size_t N = 0;
  switch (Row.shape) {
  case ConsumerShape::CStr:
    N = std::strlen(P);
    break;
  case ConsumerShape::UserPass:
    // "user:password": the user name is no secret; without a ':' there is
    // no password in it.
    if (const char *Colon = std::strchr(P, ':')) {
      P = Colon + 1;
      N = std::strlen(P);
    }
    break;
  case ConsumerShape::Buf:
    N = size_t(Len);
    break;
  case ConsumerShape::CipherKey:
    N = cipherKeyLength(Aux, Len);
    break;
  }
  if (!N || N > kMaxConsumed)
    return;
  // A connection string is a credential only when it holds a password.
  if (Row.kind == Kind::ConnectionString && !connectionStringHasSecret(P))
    return;
  ScopedInRuntime Guard;
  Runtime &R = runtime();
  Attribution Known = attribute({{P, N}});
  for (auto &[C, Re] : Known)
    if (C->Source.PlaintextFile) {
      Finding F = consumerFinding(Rule::PlaintextStoredCredential, C, Site, Row,
                                  Re.Bytes);
      F.TraceOrigin = R.options().symbolize ? Re.Origin : 0;
      R.reporter().report(F);
    }
  if (!Known.empty())
    return; // already a credential, with its own name and trace
  // Labels lost on the way (a config parsed by libstdc++): known by value.
  bool ByValue = false;
  for (const Credential *C : R.registry().containedIn(P, N)) {
    ByValue = true;
    if (C->Source.PlaintextFile) {
      Finding F = consumerFinding(Rule::PlaintextStoredCredential, C, Site, Row,
                                  C->Length);
      F.Detector = "match";
      R.reporter().report(F);
    }
  }
  if (ByValue)
    return;
  // A digest of a credential taken as a key: key material named after it.
  if (derivedKeyAt(const_cast<char *>(P), N))
    return;
  bool Literal = isLiteral(P, N, Row.shape == ConsumerShape::CStr ||
                                     Row.shape == ConsumerShape::UserPass);
  // A credential from here on.
  dfsan_label Label = labelOf(Row.kind);
  dfsan_set_label(Label, const_cast<char *>(P), N);
  dfsan_origin Root =
      dfsan_get_track_origins() ? dfsan_read_origin_of_first_taint(P, N) : 0;
  SourceLocation Src = siteSource(
      Site, std::string("used as ") + Row.parameter + " of " + Row.symbol);
  const Credential &C = R.registry().add(
      P, N, Row.kind, std::string(Row.parameter) + " of " + Row.symbol, "", Src,
      Root, size_t(R.options().min_secret_len));
  if (Literal) {
    Finding F = consumerFinding(Rule::HardcodedCredential, &C, Site, Row, N);
    R.reporter().report(F);
  }
}

} // namespace
} // namespace credtaint::rt

extern "C" void __credtaint_source_consumed(const credtaint_site *Site,
                                            uint32_t Index, const void *Data,
                                            uint64_t Len, uint64_t Aux) {
  credtaint::rt::consumed(Site, Index, Data, Len, Aux);
}
