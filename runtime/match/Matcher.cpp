//===- Matcher.cpp - find many byte strings in a buffer at once -----------===//

#include "match/Matcher.h"

#include <algorithm>

namespace credtaint::rt::match {

Matcher::Matcher(std::vector<Pattern> All) {
  for (Pattern &P : All) {
    Longest = std::max(Longest, P.Bytes.size());
    for (unsigned char C : P.Bytes)
      PatternBytes[C >> 6] |= uint64_t(1) << (C & 63);
    (P.Bytes.size() >= 4 ? Patterns : Short).push_back(std::move(P));
  }
  if (Patterns.empty())
    return;
  Window = kMaxWindow;
  for (const Pattern &P : Patterns)
    Window = std::min(Window, P.Bytes.size());
  const size_t Slots = size_t(1) << kHashBits;
  // Shifts are stored in a byte: Window <= kMaxWindow keeps them small.
  Shift.assign(Slots, uint8_t(Window - kBlock + 1));
  std::vector<uint32_t> Count(Slots + 1, 0);
  Prefix.resize(Patterns.size());
  for (size_t I = 0; I < Patterns.size(); ++I) {
    const auto *B = reinterpret_cast<const unsigned char *>(Patterns[I].Bytes.data());
    std::memcpy(&Prefix[I], B, 4);
    for (size_t Q = kBlock - 1; Q < Window; ++Q) {
      uint32_t H = blockHash(B + Q);
      Shift[H] = std::min<uint8_t>(Shift[H], uint8_t(Window - 1 - Q));
    }
    ++Count[blockHash(B + Window - 1)];
  }
  BucketStart.assign(Slots + 1, 0);
  for (size_t H = 0; H < Slots; ++H)
    BucketStart[H + 1] = BucketStart[H] + Count[H];
  Bucket.resize(Patterns.size());
  std::vector<uint32_t> Fill(BucketStart.begin(), BucketStart.end() - 1);
  for (size_t I = 0; I < Patterns.size(); ++I) {
    const auto *B = reinterpret_cast<const unsigned char *>(Patterns[I].Bytes.data());
    Bucket[Fill[blockHash(B + Window - 1)]++] = uint32_t(I);
  }
}

size_t Matcher::find(const char *P, size_t N, Occurrence *Out, size_t Max) const {
  size_t Found = 0;
  scan(P, N, [&](const Occurrence &O) {
    if (Found < Max)
      Out[Found] = O;
    ++Found;
    return true;
  });
  return Found;
}

} // namespace credtaint::rt::match
