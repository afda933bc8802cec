//===- Deferred.cpp - sinks reached from a signal handler -----------------===//

#include "Deferred.h"
#include "core/Registry.h"
#include "core/Runtime.h"

#include "credtaint/catalog/catalog.h"

#include <atomic>
#include <cstring>

namespace credtaint::rt {
namespace {

constexpr unsigned kRing = 8, kRuns = 4, kTextBytes = 40;

/// One run of bytes with one credential label, as captured in the handler.
struct CapturedRun {
  dfsan_label Label;
  dfsan_origin Origin; // of the first byte, for the trace
  dfsan_origin Root;   // its root: which labelling (credential) it came from
  size_t Bytes;
  unsigned TextLen;
  char Text[kTextBytes]; // the run's first bytes, to tell credentials apart
};

struct CapturedSink {
  const credtaint_site *Site;
  uint32_t Row;
  uint64_t Target;
  unsigned NRuns;
  CapturedRun Runs[kRuns];
  std::atomic<bool> Ready;
};

// Trivially constructible, so no TLS initializer runs in a handler.
thread_local CapturedSink Ring[kRing];
thread_local std::atomic<unsigned> Claimed;
std::atomic<size_t> Unjudged{0};

/// Adds the runs of [P, P+N) with credential labels to S (at most kRuns).
void captureRuns(CapturedSink &S, const char *P, size_t N, bool Origins) {
  for (size_t I = 0; I < N && S.NRuns < kRuns; ++I) {
    dfsan_label L = dfsan_read_label(P + I, 1) & kCredentialLabels;
    if (!L)
      continue;
    size_t End = I + 1;
    while (End < N && (dfsan_read_label(P + End, 1) & kCredentialLabels) == L)
      ++End;
    CapturedRun &R = S.Runs[S.NRuns++];
    R.Label = L;
    R.Bytes = End - I;
    R.Origin = Origins ? dfsan_read_origin_of_first_taint(P + I, 1) : 0;
    R.Root = Origins ? dfsan_get_init_origin(P + I) : 0;
    R.TextLen = unsigned(R.Bytes < kTextBytes ? R.Bytes : kTextBytes);
    std::memcpy(R.Text, P + I, R.TextLen);
    I = End - 1;
  }
}

/// A free slot of this thread's ring, or null (counted) when it is full.
CapturedSink *claim() {
  unsigned I = Claimed.fetch_add(1);
  if (I >= kRing) {
    Claimed.fetch_sub(1);
    Unjudged.fetch_add(1);
    return nullptr;
  }
  CapturedSink &S = Ring[I];
  S.Ready.store(false, std::memory_order_relaxed);
  S.NRuns = 0;
  return &S;
}

/// A slot for a sink of catalog row Row, its site filled in; nullptr (the
/// sink counted as unjudged) for a row that is not a log or a full ring.
CapturedSink *claimFor(const credtaint_site *Site, uint32_t Row,
                       uint64_t Target) {
  if (Row >= kNumSinks || kSinks[Row].category != SinkCategory::Log) {
    Unjudged.fetch_add(1);
    return nullptr;
  }
  CapturedSink *S = claim();
  if (S)
    S->Site = Site, S->Row = Row, S->Target = Target;
  return S;
}

} // namespace

bool deferIfReentered(const credtaint_site *Site, uint32_t Row,
                      uint64_t Target, const char *P, size_t N) {
  if (!insideRuntime())
    return false;
  if (!P || !N || !(dfsan_read_label(P, N) & kCredentialLabels))
    return true;
  if (CapturedSink *S = claimFor(Site, Row, Target)) {
    captureRuns(*S, P, N, dfsan_get_track_origins());
    S->Ready.store(true, std::memory_order_release);
  }
  return true;
}

bool deferCharIfReentered(const credtaint_site *Site, uint32_t Row,
                          uint64_t Target, char C, dfsan_label Label,
                          dfsan_origin Origin) {
  if (!insideRuntime())
    return false;
  if (!(Label & kCredentialLabels))
    return true;
  if (CapturedSink *S = claimFor(Site, Row, Target)) {
    CapturedRun &R = S->Runs[S->NRuns++];
    R.Label = Label & kCredentialLabels;
    R.Bytes = 1;
    R.Origin = Origin;
    // The character's origin is the root's descendant, but only the bytes'
    // shadow can be walked; attribution falls back to the latest
    // credential with this label.
    R.Root = 0;
    R.TextLen = 1;
    R.Text[0] = C;
    S->Ready.store(true, std::memory_order_release);
  }
  return true;
}

bool skipIfReentered() {
  if (!insideRuntime())
    return false;
  Unjudged.fetch_add(1);
  return true;
}

bool haveDeferred() { return Claimed.load(std::memory_order_relaxed) != 0; }

void drainDeferred() {
  Registry &Reg = runtime().registry();
  unsigned Done = 0;
  for (;;) {
    unsigned N = Claimed.load(std::memory_order_acquire);
    for (; Done < N && Done < kRing; ++Done) {
      CapturedSink &S = Ring[Done];
      if (!S.Ready.load(std::memory_order_acquire))
        continue; // claimed by a handler this one interrupted: lost
      Attribution ByCredential;
      for (unsigned I = 0; I < S.NRuns; ++I) {
        const CapturedRun &R = S.Runs[I];
        const Credential *C =
            R.Root ? Reg.lookup(R.Root, R.Label, R.Text, R.TextLen) : nullptr;
        if (!C)
          C = Reg.latestWithLabel(R.Label);
        if (!C)
          continue;
        Reached &Re = ByCredential[C];
        if (!Re.Bytes)
          Re.Origin = R.Origin;
        Re.Bytes += R.Bytes;
      }
      if (!ByCredential.empty())
        judgeDeferredLog(S.Site, S.Row, S.Target, ByCredential);
    }
    // Nothing was claimed meanwhile: the ring is empty again.
    if (Claimed.compare_exchange_strong(N, 0))
      return;
  }
}

size_t unjudgedInSignalHandlers() { return Unjudged.load(); }

} // namespace credtaint::rt
