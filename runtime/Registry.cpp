//===- Registry.cpp - the credentials this process has seen ---------------===//

#include "Registry.h"
#include "Fingerprint.h"
#include "Runtime.h"

namespace credtaint::rt {

const Credential &Registry::add(const void *P, size_t N, Kind K,
                                const std::string &Name,
                                const std::string &Scope,
                                const SourceLocation &Src, uint32_t RootOrigin,
                                size_t MinValueLen) {
  std::string Fp = fingerprint(runtime().key(), P, N);
  std::lock_guard<std::mutex> L(Mu);
  auto It = ByFingerprint.find(Fp);
  Credential *C;
  if (It != ByFingerprint.end()) {
    C = It->second;
  } else {
    auto New = std::make_unique<Credential>();
    New->Id = unsigned(Creds.size()) + 1;
    New->CredKind = K;
    New->Name = Name;
    New->Scope = Scope;
    New->Fingerprint = Fp;
    New->Preview = redactedPreview(P, N);
    New->Length = N;
    New->Source = Src;
    if (N >= MinValueLen)
      New->Value.assign(static_cast<const char *>(P), N);
    C = New.get();
    ByFingerprint.emplace(Fp, C);
    Creds.push_back(std::move(New));
  }
  if (RootOrigin)
    ByOrigin[RootOrigin] = C;
  return *C;
}

const Credential *Registry::byOrigin(uint32_t RootOrigin) const {
  std::lock_guard<std::mutex> L(Mu);
  auto It = ByOrigin.find(RootOrigin);
  return It == ByOrigin.end() ? nullptr : It->second;
}

const Credential *Registry::latestWithLabel(uint8_t Labels) const {
  std::lock_guard<std::mutex> L(Mu);
  for (auto It = Creds.rbegin(); It != Creds.rend(); ++It)
    if (Labels & labelOf((*It)->CredKind))
      return It->get();
  return nullptr;
}

size_t Registry::size() const {
  std::lock_guard<std::mutex> L(Mu);
  return Creds.size();
}

} // namespace credtaint::rt
