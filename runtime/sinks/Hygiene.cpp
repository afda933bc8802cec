//===- Hygiene.cpp - credential bytes left in freed memory ----------------===//

#include "Hygiene.h"
#include "Deferred.h"
#include "DfsanAllocator.h"
#include "core/Runtime.h"
#include "match/Caller.h"
#include "report/Attribution.h"

#include "credtaint/catalog/catalog.h"

#include <sanitizer/allocator_interface.h>
#include <sanitizer/dfsan_interface.h>

#include <execinfo.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace credtaint::rt {
namespace {
// Written once by the runtime's constructor, before main and before any
// thread the program starts; read on every free.
bool Enabled = false;
} // namespace

void setMemoryHygiene(bool On) { Enabled = On; }

std::mutex &freedStacksMutex() {
  static std::mutex *Mu = new std::mutex; // leaked: frees run until the end
  return *Mu;
}

} // namespace credtaint::rt

using namespace credtaint;
using namespace credtaint::rt;

// The preload runtime has no DFSan allocator to wrap (and no labels).
#ifndef CREDTAINT_PRELOAD
namespace {

// A realloc that moves its block frees the old one inside the allocator;
// should the linker route that free through the wrap too, it is the
// realloc's finding, not a second one.
thread_local bool InRealloc = false;

/// The size of the heap block at P when any of its bytes still carries a
/// credential label, else 0: all that most frees cost.
size_t taintedBlockSize(const void *P) {
  size_t N = __sanitizer_get_allocated_size(P);
  return N && (dfsan_read_label(P, N) & kCredentialLabels) ? N : 0;
}

/// The credentials whose bytes are in the N bytes at P.
Attribution credentialsIn(const void *P, size_t N) {
  return attribute({{static_cast<const char *>(P), N}});
}

/// Whether credential C was already judged freed from this very stack. A
/// loop that frees a credential-bearing block (a request's bearer string)
/// would otherwise symbolize its stack at every iteration before the
/// reporter could tell it is the same finding.
bool seenFrom(const Credential *C) {
  void *Pcs[32];
  int N = backtrace(Pcs, 32);
  uint64_t H = reinterpret_cast<uintptr_t>(C);
  for (int I = 0; I < N; ++I)
    H = (H ^ reinterpret_cast<uintptr_t>(Pcs[I])) * 0x100000001b3ull;
  static std::unordered_set<uint64_t> *Seen = new std::unordered_set<uint64_t>;
  std::lock_guard<std::mutex> L(freedStacksMutex());
  return !Seen->insert(H).second;
}

void reportFreed(const Attribution &Creds, const char *Function) {
  Runtime &R = runtime();
  Frame Sink;
  for (auto &[C, Re] : Creds) {
    if (isMaskedPreview(*C, Re) || seenFrom(C))
      continue;
    // The program's frame that freed the block: past the allocator, and
    // past libstdc++ when a std::string or std::vector released its buffer.
    if (Sink.Step.empty())
      Sink = match::callerFrame();
    Finding F;
    F.RuleId = Rule::CredentialNotZeroized;
    F.Cred = C;
    F.Sink = Sink;
    F.Bytes = Re.Bytes;
    F.TraceOrigin = R.options().symbolize ? Re.Origin : 0;
    F.SinkCategory = "memory";
    F.SinkFunction = Function;
    R.reporter().report(F);
  }
}

__attribute__((noinline)) void checkFree(void *P) {
  size_t N = taintedBlockSize(P);
  // Not while the runtime itself frees (its own memory, as it reports).
  if (!N || insideRuntime())
    return;
  ScopedInRuntime Guard;
  reportFreed(credentialsIn(P, N), "free");
}

} // namespace

#define CT_REAL(Fn) CREDTAINT_CAT(__real_, Fn)
#define CT_WRAP(Fn) CREDTAINT_CAT(__wrap_, Fn)

extern "C" void CT_REAL(CREDTAINT_DFSAN_DEALLOCATE)(void *P);
extern "C" void *CT_REAL(CREDTAINT_DFSAN_REALLOC)(void *P, size_t N);

extern "C" void CT_WRAP(CREDTAINT_DFSAN_DEALLOCATE)(void *P) {
  if (__builtin_expect(Enabled, false) && P && !InRealloc)
    checkFree(P);
  CT_REAL(CREDTAINT_DFSAN_DEALLOCATE)(P);
}

extern "C" void *CT_WRAP(CREDTAINT_DFSAN_REALLOC)(void *P, size_t N) {
  if (__builtin_expect(!Enabled, true) || !P)
    return CT_REAL(CREDTAINT_DFSAN_REALLOC)(P, N);
  // The old block's labels are judged before the call, which moves them;
  // reported only if the block did move (or was freed: realloc(P, 0)).
  Attribution Creds;
  if (size_t Tainted = taintedBlockSize(P); Tainted && !insideRuntime()) {
    ScopedInRuntime Guard;
    Creds = credentialsIn(P, Tainted);
  }
  InRealloc = true;
  void *Q = CT_REAL(CREDTAINT_DFSAN_REALLOC)(P, N);
  InRealloc = false;
  if (!Creds.empty() && Q != P && (Q || !N)) {
    ScopedInRuntime Guard;
    reportFreed(Creds, "realloc");
  }
  return Q;
}
#endif

// Before a call to a function of cleansers.def, from instrumented code: the
// bytes it overwrites hold no credential any more. DFSan cannot see an
// uninstrumented function clear them.
extern "C" void __credtaint_source_cleanse(const void *p, uint64_t n) {
  if (p && n)
    dfsan_set_label(0, const_cast<void *>(p), size_t(n));
}
