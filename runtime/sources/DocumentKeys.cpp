//===- DocumentKeys.cpp - which document keys name a credential -----------===//

#include "sources/DocumentKeys.h"

#include "credtaint/catalog/names.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

namespace credtaint::rt {
namespace {

constexpr HeaderRule kHeaders[] = {
    {"authorization", Kind::Token, true},
    {"proxy-authorization", Kind::Token, true},
    {"cookie", Kind::Token, false},
    {"set-cookie", Kind::Token, false},
};

/// The answer without the cache: the header rules, then the catalog.
KeyVerdict classifyUncached(std::string_view Key) {
  KeyVerdict V;
  for (const HeaderRule &H : kHeaders)
    if (equalsLower(Key, H.Name)) {
      V.Header = &H;
      break;
    }
  if (std::optional<Kind> C = classifyCredentialName(Key)) {
    V.Catalog = true;
    V.CatalogKind = *C;
  }
  return V;
}

/// One slot of the cache. The key's bytes are kept whole, so two keys with
/// one hash never share an answer: the cache changes what a scan costs,
/// never what it finds.
struct Slot {
  uint64_t A = 0, B = 0; // the key's words (KeyWords)
  uint8_t Len = 0;    // 0: empty (an empty key is never cached)
  int8_t Header = -1; // index in kHeaders, or -1
  bool Catalog = false;
  Kind CatalogKind = Kind::GenericSecret;
  char Key[kMaxDocumentKey];
};

/// Open addressing, linear probing, at most half full: a hit costs a hash,
/// one or two slots and a compare of two words, and two keys that meet in a slot do not
/// evict each other (a direct-mapped table did, at every field, for
/// "region" and "APP_region"). A config has tens of distinct keys; a
/// document with more than kSlots / 2 starts the cache afresh, as the
/// unordered_map this replaces did at 4096. 96 KiB a thread, allocated on
/// first use.
constexpr size_t kSlots = 1024;
struct KeyCache {
  Slot Slots[kSlots];
  size_t Used = 0;
};

uint64_t load64(const char *P) {
  uint64_t V;
  std::memcpy(&V, P, 8);
  return V;
}

uint64_t load32(const char *P) {
  uint32_t V;
  std::memcpy(&V, P, 4);
  return V;
}

/// Both halves of the 128-bit product: every input bit reaches the low bits
/// the slot is chosen by.
uint64_t mix(uint64_t A, uint64_t B) {
  __uint128_t M = static_cast<__uint128_t>(A) * B;
  return uint64_t(M) ^ uint64_t(M >> 64);
}

/// A key read a word at a time: its first and last 8 bytes (4 bytes, or
/// its first, middle and last byte, when shorter), which overlap and so
/// hold every byte of a key of up to 16 bytes: for those, comparing the
/// words and the length compares the key. Hash mixes in the bytes before
/// the last 16 of a longer key. Keys are mostly 4 to 24 bytes, and a
/// byte-serial hash would cost as much as the rest of a field.
struct KeyWords {
  uint64_t A, B, Hash;
};

KeyWords keyWords(const char *P, size_t N) {
  constexpr uint64_t K1 = 0x9e3779b97f4a7c15ull, K2 = 0xd6e8feb86659fd93ull;
  uint64_t H = N * K1, A, B;
  if (N > 16) {
    const char *End = P + N;
    for (; N > 16; P += 16, N -= 16)
      H = mix(load64(P) ^ H, load64(P + 8) ^ K2);
    A = load64(End - 16);
    B = load64(End - 8);
  } else if (N >= 8) {
    A = load64(P);
    B = load64(P + N - 8);
  } else if (N >= 4) {
    A = load32(P);
    B = load32(P + N - 4);
  } else {
    A = uint64_t(uint8_t(P[0])) << 16 | uint64_t(uint8_t(P[N >> 1])) << 8 |
        uint8_t(P[N - 1]);
    B = 0;
  }
  return {A, B, mix(A ^ H, B ^ K2)};
}

} // namespace

bool equalsLower(std::string_view Key, std::string_view Lower) {
  if (Key.size() != Lower.size())
    return false;
  for (size_t I = 0; I < Lower.size(); ++I)
    if (std::tolower(static_cast<unsigned char>(Key[I])) != Lower[I])
      return false;
  return true;
}

KeyVerdict classifyDocumentKey(std::string_view Key) {
  if (Key.empty() || Key.size() > kMaxDocumentKey)
    return classifyUncached(Key);
  thread_local std::unique_ptr<KeyCache> Cache;
  if (!Cache)
    Cache.reset(new KeyCache);
  KeyWords W = keyWords(Key.data(), Key.size());
  size_t I = W.Hash & (kSlots - 1);
  for (; Cache->Slots[I].Len; I = (I + 1) & (kSlots - 1)) {
    const Slot &S = Cache->Slots[I];
    if (S.A == W.A && S.B == W.B && S.Len == Key.size() &&
        (Key.size() <= 16 ||
         std::memcmp(S.Key, Key.data(), Key.size()) == 0))
      break;
  }
  Slot *S = &Cache->Slots[I];
  if (!S->Len) {
    KeyVerdict V = classifyUncached(Key);
    if (Cache->Used >= kSlots / 2) {
      for (Slot &E : Cache->Slots)
        E.Len = 0;
      Cache->Used = 0;
      S = &Cache->Slots[W.Hash & (kSlots - 1)];
    }
    ++Cache->Used;
    S->A = W.A;
    S->B = W.B;
    S->Len = uint8_t(Key.size());
    std::memcpy(S->Key, Key.data(), Key.size());
    S->Header = V.Header ? int8_t(V.Header - kHeaders) : -1;
    S->Catalog = V.Catalog;
    S->CatalogKind = V.CatalogKind;
    return V;
  }
  const Slot &Hit = *S;
  KeyVerdict V;
  V.Header = Hit.Header < 0 ? nullptr : &kHeaders[Hit.Header];
  V.Catalog = Hit.Catalog;
  V.CatalogKind = Hit.CatalogKind;
  return V;
}

} // namespace credtaint::rt
