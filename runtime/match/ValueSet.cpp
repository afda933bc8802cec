//===- ValueSet.cpp - the byte values value matching looks for ------------===//

#include "match/ValueSet.h"
#include "match/Encodings.h"

namespace credtaint::rt::match {
namespace {
// The process set's state, constant-initialised: readable before any
// constructor has run.
std::atomic<const ValueSnapshot *> ProcessSnapshot{nullptr};
std::atomic<unsigned> ProcessScans{0};
} // namespace

ValueSet::ValueSet(bool Process) {
  if (Process) {
    Scans = &ProcessScans;
    Published = &ProcessSnapshot;
  }
}

ValueSet::~ValueSet() {
  for (const ValueSnapshot *R : Retired)
    delete R;
  delete Published->load();
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
  auto *New = new ValueSnapshot{Matcher(Patterns), Owners};
  // Sequentially consistent with ScanGuard: a scan that counted itself in
  // after the exchange loads New; one counted in before keeps the count
  // above zero, and its snapshot is freed by a later publication.
  if (const ValueSnapshot *Old = Published->exchange(New, std::memory_order_seq_cst))
    Retired.push_back(Old);
  if (Scans->load(std::memory_order_seq_cst) == 0) {
    for (const ValueSnapshot *R : Retired)
      delete R;
    Retired.clear();
  }
}

ValueSet &values() {
  static ValueSet *V = new ValueSet(true); // leaked: scans run in destructors
  return *V;
}

ScanGuard::ScanGuard() : Count(&ProcessScans) {
  Count->fetch_add(1, std::memory_order_seq_cst);
  Snap = ProcessSnapshot.load(std::memory_order_seq_cst);
}

ScanGuard::ScanGuard(const ValueSet &S) : Count(S.Scans) {
  Count->fetch_add(1, std::memory_order_seq_cst);
  Snap = S.Published->load(std::memory_order_seq_cst);
}

bool processHasValues() {
  return ProcessSnapshot.load(std::memory_order_relaxed) != nullptr;
}

} // namespace credtaint::rt::match
