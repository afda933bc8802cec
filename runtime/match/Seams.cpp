//===- Seams.cpp - credentials written in pieces --------------------------===//

#include "match/Seams.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace credtaint::rt::match {

struct Slot {
  std::atomic_flag Busy = ATOMIC_FLAG_INIT;
  // Bumped at each close; Bytes belong to the file of closing Seen.
  std::atomic<uint32_t> Closed{0};
  uint32_t Seen = 0;
  size_t N = 0;
  // Initialized too, so that the constructor is constexpr: the array below
  // is then zero bytes in .bss, not a loop at start-up that touched every
  // page (548 KB resident in every program).
  char Bytes[kSeamBytes] = {};
};

namespace {
// Static storage: a page becomes resident only when its descriptors write.
Slot Slots[kSeamFds];
} // namespace

void forgetSeam(int Fd) {
  if (Fd >= 0 && Fd < kSeamFds)
    Slots[Fd].Closed.fetch_add(1, std::memory_order_release);
}

SeamScan::SeamScan(int Fd) {
  if (Fd < 0 || Fd >= kSeamFds)
    return;
  Slot &Candidate = Slots[Fd];
  if (!Candidate.Busy.test_and_set(std::memory_order_acquire))
    S = &Candidate;
}

SeamScan::~SeamScan() {
  if (S)
    S->Busy.clear(std::memory_order_release);
}

size_t SeamScan::next(const Matcher &M, const char *P, size_t N, SeamHit *Out,
                      size_t Room) {
  if (!S || !P || !N)
    return 0;
  if (uint32_t Closed = S->Closed.load(std::memory_order_acquire);
      Closed != S->Seen) {
    S->Seen = Closed;
    S->N = 0;
  }
  size_t Filled = 0;
  // A straddling form has at most longest() - 1 bytes on either side, all
  // of them bytes some pattern has: a log line's closing newline usually
  // ends the search before any scan.
  size_t Reach = std::min(M.longest() ? M.longest() - 1 : 0, kSeamBytes);
  size_t Tail = 0, Head = 0;
  while (Tail < std::min(S->N, Reach) &&
         M.inSomePattern(static_cast<unsigned char>(S->Bytes[S->N - 1 - Tail])))
    ++Tail;
  while (Tail && Head < std::min(N, Reach) &&
         M.inSomePattern(static_cast<unsigned char>(P[Head])))
    ++Head;
  if (Tail && Head) {
    char Joined[2 * kSeamBytes];
    std::memcpy(Joined, S->Bytes + S->N - Tail, Tail);
    std::memcpy(Joined + Tail, P, Head);
    M.scan(Joined, Tail + Head, [&](const Occurrence &O) {
      if (O.Offset < Tail && O.Offset + O.Length > Tail && Filled < Room)
        Out[Filled++] = {O.Id, O.Length, P, O.Offset + O.Length - Tail};
      return Filled < Room;
    });
  }
  // Carry the last kSeamBytes of what was carried followed by this write.
  if (N >= kSeamBytes) {
    std::memcpy(S->Bytes, P + N - kSeamBytes, kSeamBytes);
    S->N = kSeamBytes;
  } else {
    size_t Keep = S->N + N > kSeamBytes ? kSeamBytes - N : S->N;
    std::memmove(S->Bytes, S->Bytes + S->N - Keep, Keep);
    std::memcpy(S->Bytes + Keep, P, N);
    S->N = Keep + N;
  }
  return Filled;
}

} // namespace credtaint::rt::match
