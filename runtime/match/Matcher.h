//===- Matcher.h - find many byte strings in a buffer at once ---*- C++ -*-===//
//
// Value matching scans every buffer that leaves the process for every form
// of every registered credential, so the scan must cost far less than the
// write it guards. This is Wu-Manber: a table indexed by a hash of the last
// Block bytes of a window of MinLen bytes (MinLen: the shortest pattern, at
// most kMaxWindow) says how far the window can move without skipping the end
// of any pattern's prefix; only a window whose last block ends some prefix
// is compared, first by a 4-byte prefix and then by memcmp. Log text rarely
// shares blocks with random-looking secrets, so most steps skip
// MinLen - Block + 1 bytes. Patterns shorter than 4 bytes are checked with
// memmem. A Matcher is immutable once built, so any number of threads (and
// signal handlers) may scan with it without locks or allocation.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_MATCHER_H
#define CREDTAINT_RUNTIME_MATCH_MATCHER_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace credtaint::rt::match {

struct Pattern {
  std::string Bytes;
  uint32_t Id = 0; // the caller's: which credential and form it is
};

struct Occurrence {
  uint32_t Id;    // the pattern's Id
  size_t Offset;  // where it starts in the scanned buffer
  size_t Length;
};

class Matcher {
public:
  static constexpr size_t kMaxWindow = 16;

  explicit Matcher(std::vector<Pattern> Patterns);

  /// Calls OnMatch(const Occurrence &) for every occurrence of every pattern
  /// in [P, P+N), overlapping ones included, in no particular order. OnMatch
  /// returns false to stop the scan.
  template <class Callback> void scan(const char *P, size_t N, Callback &&OnMatch) const;

  /// Fills Out with at most Max occurrences; returns how many there were in
  /// all (possibly more than Max).
  size_t find(const char *P, size_t N, Occurrence *Out, size_t Max) const;

  size_t size() const { return Patterns.size(); }
  /// The length of the longest pattern (0 when there is none).
  size_t longest() const { return Longest; }
  /// Whether byte C occurs in some pattern.
  bool inSomePattern(unsigned char C) const {
    return PatternBytes[C >> 6] >> (C & 63) & 1;
  }
  bool empty() const { return Patterns.empty(); }

private:
  static constexpr unsigned kHashBits = 15;
  static uint32_t blockHash(const unsigned char *End) { // End: last byte
    uint32_t V = uint32_t(End[-2]) << 16 | uint32_t(End[-1]) << 8 | End[0];
    return (V * 2654435761u) >> (32 - kHashBits);
  }
  static constexpr size_t kBlock = 3;
  static constexpr size_t kLanes = 4;

  template <class Callback>
  bool verify(const unsigned char *T, size_t N, size_t Pos, uint32_t H,
              Callback &OnMatch) const;
  template <class Callback>
  bool scanLane(const unsigned char *T, size_t N, size_t Pos, size_t End,
                Callback &OnMatch) const;

  std::vector<Pattern> Patterns;   // long patterns (>= 4 bytes)
  std::vector<Pattern> Short;      // shorter ones, found with memmem
  size_t Window = 0;               // MinLen of the long patterns, <= kMaxWindow
  size_t Longest = 0;
  uint64_t PatternBytes[4] = {0, 0, 0, 0}; // a bit per byte value
  std::vector<uint8_t> Shift;      // 1 << kHashBits entries
  std::vector<uint32_t> BucketStart; // (1 << kHashBits) + 1 offsets into Bucket
  std::vector<uint32_t> Bucket;    // pattern indices, grouped by hash
  std::vector<uint32_t> Prefix;    // first 4 bytes of each pattern
};

template <class Callback>
bool Matcher::verify(const unsigned char *T, size_t N, size_t Pos, uint32_t H,
                     Callback &OnMatch) const {
  size_t Start = Pos + 1 - Window;
  uint32_t Head;
  std::memcpy(&Head, T + Start, 4);
  for (uint32_t I = BucketStart[H], E = BucketStart[H + 1]; I < E; ++I) {
    uint32_t Idx = Bucket[I];
    const Pattern &Pat = Patterns[Idx];
    if (Prefix[Idx] != Head || Pat.Bytes.size() > N - Start ||
        std::memcmp(T + Start, Pat.Bytes.data(), Pat.Bytes.size()) != 0)
      continue;
    if (!OnMatch(Occurrence{Pat.Id, Start, Pat.Bytes.size()}))
      return false;
  }
  return true;
}

template <class Callback>
bool Matcher::scanLane(const unsigned char *T, size_t N, size_t Pos, size_t End,
                       Callback &OnMatch) const {
  const uint8_t *Sh = Shift.data();
  while (Pos < End) {
    uint32_t H = blockHash(T + Pos);
    if (uint8_t S = Sh[H]) {
      Pos += S;
      continue;
    }
    if (!verify(T, N, Pos, H, OnMatch))
      return false;
    ++Pos;
  }
  return true;
}

template <class Callback>
void Matcher::scan(const char *P, size_t N, Callback &&OnMatch) const {
  if (!P)
    return;
  for (const Pattern &S : Short)
    for (const char *At = P, *End = P + N;
         (At = static_cast<const char *>(
              memmem(At, size_t(End - At), S.Bytes.data(), S.Bytes.size())));
         ++At)
      if (!OnMatch(Occurrence{S.Id, size_t(At - P), S.Bytes.size()}))
        return;
  if (Patterns.empty() || N < Window)
    return;
  const auto *T = reinterpret_cast<const unsigned char *>(P);
  // Windows end at [Window-1, N). Each step of one scan depends on the last
  // (load, hash, table, add), so a long buffer is cut into kLanes ranges of
  // window ends walked in step: the CPU overlaps their chains.
  size_t First = Window - 1, Ends = N - First;
  if (Ends < 256) {
    scanLane(T, N, First, N, OnMatch);
    return;
  }
  size_t Chunk = Ends / kLanes;
  size_t Pos[kLanes], End[kLanes];
  for (size_t K = 0; K < kLanes; ++K) {
    Pos[K] = First + K * Chunk;
    End[K] = K + 1 == kLanes ? N : First + (K + 1) * Chunk;
  }
  const uint8_t *Sh = Shift.data();
  while (Pos[0] < End[0] && Pos[1] < End[1] && Pos[2] < End[2] &&
         Pos[3] < End[3]) {
    uint32_t H[kLanes];
    uint8_t S[kLanes];
    for (size_t K = 0; K < kLanes; ++K) {
      H[K] = blockHash(T + Pos[K]);
      S[K] = Sh[H[K]];
    }
    if (S[0] && S[1] && S[2] && S[3]) {
      for (size_t K = 0; K < kLanes; ++K)
        Pos[K] += S[K];
      continue;
    }
    for (size_t K = 0; K < kLanes; ++K) {
      if (S[K]) {
        Pos[K] += S[K];
        continue;
      }
      if (!verify(T, N, Pos[K], H[K], OnMatch))
        return;
      ++Pos[K];
    }
  }
  for (size_t K = 0; K < kLanes; ++K)
    if (!scanLane(T, N, Pos[K], End[K], OnMatch))
      return;
}

} // namespace credtaint::rt::match

#endif
