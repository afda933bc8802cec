//===- CharRuns.cpp - a credential written one character at a time --------===//

#include "sinks/CharRuns.h"
#include "core/DfsanEntryPoints.h"

#include "credtaint/catalog/catalog.h"

#include <atomic>

namespace credtaint::rt {
namespace {

// Longer credentials are judged in pieces of this size; each piece is still
// far above the partial-leak threshold.
constexpr size_t kRunBytes = 512;
constexpr size_t kStreams = 4;

struct Run {
  const credtaint_site *Site = nullptr;
  uint32_t Row = 0;
  uint64_t Target = 0;
  size_t N = 0;
  char Bytes[kRunBytes];
};

struct Runs {
  Run Slot[kStreams];
  unsigned Open = 0; // slots with N > 0
};

__attribute__((tls_model("initial-exec"))) thread_local Runs This;
std::atomic<CharRunJudge> LastJudge{nullptr};

CharRun view(const Run &R) {
  return {R.Site, R.Row, R.Target, {R.Bytes, R.N}};
}

void close(Run &R, CharRunJudge Judge) {
  if (!R.N)
    return;
  Judge(view(R), false);
  R.N = 0;
  --This.Open;
}

} // namespace

bool charRunsOpen() { return This.Open != 0; }

void charWritten(const credtaint_site *Site, uint32_t Row, uint64_t Target,
                 char C, dfsan_label Label, dfsan_origin Origin,
                 CharRunJudge Judge) {
  bool Credential = Label & kCredentialLabels;
  LastJudge.store(Judge, std::memory_order_relaxed);
  Run *Mine = nullptr, *Free = nullptr;
  for (Run &R : This.Slot) {
    if (R.N && R.Target == Target && R.Row == Row)
      Mine = &R;
    else if (!R.N && !Free)
      Free = &R;
  }
  if (Mine && (!Credential || Mine->Site != Site || Mine->N == kRunBytes)) {
    close(*Mine, Judge);
    Free = Mine;
    Mine = nullptr;
  }
  if (!Credential)
    return;
  if (!Mine) {
    if (!Free) { // more streams than slots: the oldest slot's run ends
      Free = &This.Slot[0];
      close(*Free, Judge);
    }
    Mine = Free;
    Mine->Site = Site, Mine->Row = Row, Mine->Target = Target;
    ++This.Open;
  }
  char *P = &Mine->Bytes[Mine->N++];
  *P = C;
  __dfsan_set_label(Label, Origin, P, 1);
  if (Judge(view(*Mine), true)) {
    Mine->N = 0;
    --This.Open;
  }
}

void flushCharRuns() {
  if (CharRunJudge Judge = LastJudge.load(std::memory_order_relaxed))
    for (Run &R : This.Slot)
      close(R, Judge);
}

} // namespace credtaint::rt
