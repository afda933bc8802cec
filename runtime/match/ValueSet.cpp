//===- ValueSet.cpp - the byte values value matching looks for ------------===//

#include "match/ValueSet.h"
#include "match/Encodings.h"

namespace credtaint::rt::match {
namespace {
std::atomic<const ValueSnapshot *> ProcessSnapshot{nullptr};
}

void ValueSet::add(const Credential *C, std::string_view Value) {
  addAll({{C, Value}});
}

void ValueSet::addAll(
    const std::vector<std::pair<const Credential *, std::string_view>> &Values) {
  std::lock_guard<std::mutex> L(Mu);
  bool Changed = false;
  for (auto &[C, Value] : Values) {
    if (Value.empty())
      continue;
    for (EncodedForm &F : encodedForms(Value)) {
      Patterns.push_back({std::move(F.Bytes), uint32_t(Owners.size())});
      Owners.push_back({C, F.Name});
      Changed = true;
    }
  }
  if (Changed && Batches)
    Dirty = true;
  else if (Changed)
    publishLocked();
}

void ValueSet::publishLocked() {
  Dirty = false;
  auto *S = new ValueSnapshot{Matcher(Patterns), Owners};
  // The previous snapshot is leaked on purpose (see the header).
  Current.store(S, std::memory_order_release);
  if (Process)
    ProcessSnapshot.store(S, std::memory_order_release);
}

ValueSet &values() {
  static ValueSet *V = new ValueSet(true); // leaked: scans run in destructors
  return *V;
}

const ValueSnapshot *processSnapshot() {
  return ProcessSnapshot.load(std::memory_order_acquire);
}

} // namespace credtaint::rt::match
