//===- Registry.cpp - the credentials this process has seen ---------------===//

#include "Registry.h"
#include "Fingerprint.h"
#include "Runtime.h"
#include "net/Scope.h"
#include "net/Url.h"
#include "match/ValueSet.h"

#include <algorithm>
#include <string_view>

namespace credtaint::rt {

const Credential &Registry::add(const void *P, size_t N, Kind K,
                                const std::string &Name,
                                const std::string &Scope,
                                const SourceLocation &Src, uint32_t RootOrigin,
                                size_t MinValueLen) {
  std::string_view Bytes(static_cast<const char *>(P), N);
  {
    std::lock_guard<std::mutex> L(Mu);
    if (Credential *C = knownValue(Bytes, K, Name)) {
      rememberOrigin(RootOrigin, C);
      return *C;
    }
  }
  std::string Fp = fingerprint(runtime().key(), P, N);
  // One record per value under each name: the same secret held by two
  // declarations is one fingerprint (one identity in the inventory) but two
  // things a report must be able to name.
  std::string Key = Fp + "|" + kindName(K) + "|" + Name;
  Credential *C;
  bool New = false;
  {
    std::lock_guard<std::mutex> L(Mu);
    auto It = ByFingerprint.find(Key);
    if (It != ByFingerprint.end()) {
      C = It->second;
    } else {
      New = true;
      auto Made = std::make_unique<Credential>();
      Made->Id = unsigned(Creds.size()) + 1;
      Made->CredKind = K;
      Made->Name = Name;
      Made->Scope = resolveScope(Scope, Name, static_cast<const char *>(P), N,
                                 runtime().scopeRules());
      Made->Fingerprint = Fp;
      Made->Preview = redactedPreview(P, N);
      Made->Length = N;
      Made->Source = Src;
      Made->FirstOrigin = RootOrigin;
      if (N >= MinValueLen) {
        Made->Value.assign(static_cast<const char *>(P), N);
        ByValueHash.emplace(std::hash<std::string_view>{}(Bytes), Made.get());
        // Value matching at the process's output (match/).
        if (runtime().options().value_matching)
          match::values().add(Made.get(), Made->Value);
      }
      C = Made.get();
      ByFingerprint.emplace(Key, C);
      std::atomic<size_t> &Min = Shortest[static_cast<size_t>(K)];
      for (size_t Cur = Min.load();
           N < Cur && !Min.compare_exchange_weak(Cur, N);) {
      }
      Creds.push_back(std::move(Made));
    }
    rememberOrigin(RootOrigin, C);
  }
  // Written with the registry unlocked: the record takes the test name's
  // and the seen log's locks (ForkSafety.cpp's order).
  if (New)
    runtime().seenLog().seen(*C);
  return *C;
}

Credential *Registry::knownValue(std::string_view Value, Kind K,
                                 const std::string &Name) const {
  auto Range = ByValueHash.equal_range(std::hash<std::string_view>{}(Value));
  for (auto I = Range.first; I != Range.second; ++I) {
    Credential *C = I->second;
    if (C->CredKind == K && C->Name == Name && C->Value == Value)
      return C;
  }
  return nullptr;
}

void Registry::rememberOrigin(uint32_t RootOrigin, Credential *C) {
  if (!RootOrigin)
    return;
  auto Range = ByOrigin.equal_range(RootOrigin);
  for (auto I = Range.first; I != Range.second; ++I)
    if (I->second == C)
      return;
  ByOrigin.emplace(RootOrigin, C);
}

const Credential *Registry::findValue(std::string_view Value, Kind K,
                                      const std::string &Name) const {
  std::lock_guard<std::mutex> L(Mu);
  return knownValue(Value, K, Name);
}

const Credential *Registry::lookup(uint32_t RootOrigin, uint8_t Labels,
                                   const char *Run, size_t RunLen) const {
  std::lock_guard<std::mutex> L(Mu);
  const Credential *Latest = nullptr;
  auto Range = ByOrigin.equal_range(RootOrigin);
  for (auto I = Range.first; I != Range.second; ++I) {
    const Credential *C = I->second;
    if (!(Labels & labelOf(C->CredKind)))
      continue;
    if (!C->Value.empty() && RunLen &&
        C->Value.find(std::string_view(Run, RunLen)) != std::string::npos)
      return C;
    if (!Latest || C->Id > Latest->Id)
      Latest = C;
  }
  return Latest;
}

std::vector<const Credential *> Registry::containedIn(const char *P,
                                                     size_t N) const {
  std::vector<const Credential *> Out;
  std::string_view Bytes(P, N);
  std::lock_guard<std::mutex> L(Mu);
  for (const auto &C : Creds)
    if (!C->Value.empty() && C->Value.size() <= N &&
        Bytes.find(C->Value) != std::string_view::npos)
      Out.push_back(C.get());
  return Out;
}

const Credential *Registry::latestWithLabel(uint8_t Labels) const {
  std::lock_guard<std::mutex> L(Mu);
  for (auto It = Creds.rbegin(); It != Creds.rend(); ++It)
    if (Labels & labelOf((*It)->CredKind))
      return It->get();
  return nullptr;
}

std::string Registry::redactValues(std::string Text) const {
  std::lock_guard<std::mutex> L(Mu);
  for (const auto &C : Creds) {
    if (C->Value.empty())
      continue;
    for (const std::string &Form : {C->Value, percentEncode(C->Value)})
      for (size_t P = Text.find(Form); P != std::string::npos;
           P = Text.find(Form, P + C->Preview.size()))
        Text.replace(P, Form.size(), C->Preview);
  }
  return Text;
}

size_t Registry::shortestWithLabel(uint8_t Labels) const {
  size_t Min = SIZE_MAX;
  for (size_t K = 0; K < 8; ++K)
    if (Labels & (1u << K))
      Min = std::min(Min, Shortest[K].load(std::memory_order_relaxed));
  return Min;
}

size_t Registry::size() const {
  std::lock_guard<std::mutex> L(Mu);
  return Creds.size();
}

} // namespace credtaint::rt
