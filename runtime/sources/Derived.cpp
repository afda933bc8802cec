//===- Derived.cpp - key material derived from a credential ---------------===//
//
// The pass calls __credtaint_source_derived after each call of a
// derivation row of sources.def (a KDF, a digest). OpenSSL is not
// instrumented, so what it writes carries no label of its input; this puts
// the credential back where it belongs:
//   - a KDF's output (PBKDF2, scrypt) is key material at once: labelled and
//     registered as a private-key named "derived(<source>)", its source the
//     call, so keying a broken cipher with it is weak-cipher under that name
//     and its leak is a finding;
//   - a digest's output is remembered by value only: a fingerprint that is
//     logged or compared stays clean, and the digest becomes key material,
//     named so, where a consumer (consumers.def) takes it as a key
//     (derivedKeyAt, called by Consumers.cpp).
//
//===----------------------------------------------------------------------===//

#include "sources/Derived.h"

#include "core/Registry.h"
#include "core/Runtime.h"
#include "report/Attribution.h"
#include "sinks/Deferred.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/runtime_abi.h"

#include <sanitizer/dfsan_interface.h>

#include <cstring>
#include <deque>
#include <mutex>

namespace credtaint::rt {
namespace {

constexpr size_t kMaxInput = 1 << 20;
constexpr size_t kMaxOutput = 1024;
constexpr size_t kMaxRemembered = 64;

/// A digest of a credential, remembered until a key is made of it.
struct DigestOfCredential {
  std::string Bytes;
  std::string SourceName;
  SourceLocation Site;
};

struct DigestMemory {
  std::mutex Mu;
  std::deque<DigestOfCredential> Recent; // newest last
};

DigestMemory &digests() {
  static DigestMemory *M = new DigestMemory(); // leaked: hooks run at exit
  return *M;
}

/// The credential most of In's labelled bytes belong to, if any.
const Credential *inputCredential(const char *In, size_t N) {
  const Credential *Best = nullptr;
  size_t Most = 0;
  for (auto &[C, Re] : attribute({{In, N}}))
    if (Re.Bytes > Most) {
      Best = C;
      Most = Re.Bytes;
    }
  return Best;
}

const Credential &registerKey(char *P, size_t N, const std::string &SourceName,
                              const SourceLocation &Src) {
  Runtime &R = runtime();
  dfsan_set_label(labelOf(Kind::PrivateKey), P, N);
  dfsan_origin Root =
      dfsan_get_track_origins() ? dfsan_read_origin_of_first_taint(P, N) : 0;
  return R.registry().add(P, N, Kind::PrivateKey, "derived(" + SourceName + ")",
                          "", Src, Root, size_t(R.options().min_secret_len));
}

void derived(const credtaint_site *Site, uint32_t Row, const void *In,
             int64_t InLen, void *Out, uint64_t OutLen) {
  if (Row >= kNumDerivations || !In || !Out || skipIfReentered())
    return;
  const DerivationInfo &D = kDerivations[Row];
  if (D.outLen < 0) // the length is the unsigned int OutLen points at
    OutLen = OutLen ? *reinterpret_cast<const unsigned *>(uintptr_t(OutLen)) : 0;
  auto *I = static_cast<const char *>(In);
  size_t N = InLen < 0 ? std::strlen(I) : size_t(InLen);
  if (!N || N > kMaxInput || !OutLen || OutLen > kMaxOutput)
    return;
  ScopedInRuntime Guard;
  const Credential *From = inputCredential(I, N);
  if (!From)
    return;
  auto *O = static_cast<char *>(Out);
  SourceLocation Src =
      siteSource(Site, std::string("derived by ") + D.symbol + " from " + From->Name);
  if (D.product == DerivedProduct::Key) {
    registerKey(O, size_t(OutLen), From->Name, Src);
    return;
  }
  DigestMemory &M = digests();
  std::lock_guard<std::mutex> L(M.Mu);
  if (M.Recent.size() >= kMaxRemembered)
    M.Recent.pop_front();
  M.Recent.push_back({std::string(O, size_t(OutLen)), From->Name, std::move(Src)});
}

} // namespace

const Credential *derivedKeyAt(char *P, size_t N) {
  if (!P || !N)
    return nullptr;
  DigestMemory &M = digests();
  std::unique_lock<std::mutex> L(M.Mu);
  // Newest first; a key may be the digest's first bytes (AES-128 keyed with
  // half a SHA-256) or the whole digest.
  for (auto It = M.Recent.rbegin(); It != M.Recent.rend(); ++It) {
    size_t Common = std::min(N, It->Bytes.size());
    if (Common < 16 || std::memcmp(P, It->Bytes.data(), Common) != 0)
      continue;
    DigestOfCredential Found = *It;
    L.unlock();
    return &registerKey(P, N, Found.SourceName, Found.Site);
  }
  return nullptr;
}

} // namespace credtaint::rt

extern "C" void __credtaint_source_derived(const credtaint_site *Site,
                                           uint32_t Row, const void *In,
                                           int64_t InLen, void *Out,
                                           uint64_t OutLen) {
  credtaint::rt::derived(Site, Row, In, InLen, Out, OutLen);
}
