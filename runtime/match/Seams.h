//===- Seams.h - credentials written in pieces ------------------*- C++ -*-===//
//
// A credential can leave the process in two writes: a logger's buffer
// boundary falls inside it, a loop writes it a character at a time, a
// writev puts it in two iovecs. Each descriptor below kSeamFds keeps the
// last kSeamBytes bytes written to it; the start of each write is scanned
// joined to them, for occurrences that begin before the write and end in
// it. Lock- and allocation-free like the scan itself: a descriptor another
// thread (or an interrupted call on this one) is writing at that moment is
// skipped for that write, never waited for. Closing a descriptor (close,
// fclose, dup2 and dup3 onto it) forgets its bytes: the number's next file
// is another stream.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_SEAMS_H
#define CREDTAINT_RUNTIME_MATCH_SEAMS_H

#include "match/Matcher.h"

#include <cstddef>

namespace credtaint::rt::match {

/// Covers a credential form of up to 2 * kSeamBytes bytes split anywhere
/// (hex of a 256-byte secret), and any shorter one split anywhere.
constexpr size_t kSeamBytes = 512;
constexpr int kSeamFds = 1024;

/// An occurrence across a seam: the pattern, its whole length, and the
/// part of it in the current write.
struct SeamHit {
  uint32_t Id;
  size_t Length;
  const char *P; // in the current write
  size_t N;
};

/// Forgets what was written to Fd (it was closed or replaced). Lock-free;
/// safe in signal handlers.
void forgetSeam(int Fd);

/// The carried bytes of one descriptor, held for one write.
class SeamScan {
public:
  /// Holds Fd's slot; holds nothing for a descriptor out of range or busy.
  explicit SeamScan(int Fd);
  ~SeamScan();
  SeamScan(const SeamScan &) = delete;
  SeamScan &operator=(const SeamScan &) = delete;

  /// Scans the carried bytes joined to the start of [P, P+N) and fills Out
  /// with at most Room occurrences that straddle the two; then carries
  /// [P, P+N). Returns how many it filled (0 when nothing is held).
  size_t next(const Matcher &M, const char *P, size_t N, SeamHit *Out,
              size_t Room);

private:
  struct Slot *S = nullptr;
};

} // namespace credtaint::rt::match

#endif
