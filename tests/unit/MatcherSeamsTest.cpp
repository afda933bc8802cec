// Credentials written in pieces (match/Seams): split at every position,
// a character at a time, a form longer than one carry, a slot another
// write holds, descriptors that do not share their carried bytes, and a
// closed descriptor whose number is reused.
#include "match/Matcher.h"
#include "match/Seams.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace credtaint::rt::match;

namespace {

// SECRET: seamTokenFake-0123456789abcdef
const std::string kToken = "seamTokenFake-0123456789abcdef";

Matcher tokenMatcher() { return Matcher({{kToken, 7}}); }

/// Writes Pieces to Fd in turn; returns the straddling hits of each write.
std::vector<std::vector<SeamHit>> writeInPieces(const Matcher &M, int Fd,
                                                const std::vector<std::string> &Pieces) {
  std::vector<std::vector<SeamHit>> All;
  for (const std::string &P : Pieces) {
    SeamScan Seam(Fd);
    SeamHit Out[8];
    size_t N = Seam.next(M, P.data(), P.size(), Out, 8);
    All.emplace_back(Out, Out + N);
  }
  return All;
}

TEST(MatcherSeamsTest, SplitAtEveryPosition) {
  Matcher M = tokenMatcher();
  const std::string Line = "log: token=" + kToken + " done\n";
  size_t Begin = Line.find(kToken);
  for (size_t Cut = 1; Cut < Line.size(); ++Cut) {
    // A fresh descriptor number per cut: nothing carried from the last one.
    auto Hits = writeInPieces(M, 100 + int(Cut), {Line.substr(0, Cut), Line.substr(Cut)});
    bool Straddles = Cut > Begin && Cut < Begin + kToken.size();
    ASSERT_EQ(Hits[0].size(), 0u) << Cut;
    ASSERT_EQ(Hits[1].size(), Straddles ? 1u : 0u) << "cut at " << Cut;
    if (Straddles) {
      EXPECT_EQ(Hits[1][0].Id, 7u);
      EXPECT_EQ(Hits[1][0].Length, kToken.size());
      // The part in the second write: from its start to the token's end.
      EXPECT_EQ(Hits[1][0].N, Begin + kToken.size() - Cut);
    }
  }
}

TEST(MatcherSeamsTest, ACharacterAtATime) {
  Matcher M = tokenMatcher();
  std::vector<std::string> Chars;
  for (char C : "Bearer " + kToken + "\n")
    Chars.push_back(std::string(1, C));
  auto Hits = writeInPieces(M, 200, Chars);
  size_t Total = 0, At = 0;
  for (size_t I = 0; I < Hits.size(); ++I)
    if (!Hits[I].empty())
      Total += Hits[I].size(), At = I;
  EXPECT_EQ(Total, 1u);
  EXPECT_EQ(At, std::string("Bearer ").size() + kToken.size() - 1); // its last byte
}

TEST(MatcherSeamsTest, FormsUpToTwoCarries) {
  // A 1000-byte form (hex of a 500-byte secret) split in the middle, and
  // after a long write that is carried only by its end.
  std::string Long;
  for (int I = 0; I < 1000; ++I)
    Long += "0123456789abcdef"[(I * 7 + I / 16) % 16];
  Matcher M({{Long, 1}});
  std::string Filler(5000, '.');
  auto Hits = writeInPieces(M, 300, {Filler + Long.substr(0, 500), Long.substr(500) + Filler});
  ASSERT_EQ(Hits[1].size(), 1u);
  EXPECT_EQ(Hits[1][0].Length, Long.size());
  // Beyond 2 * kSeamBytes a split form is not seen (stated in Seams.h).
  std::string TooLong = Long + Long.substr(0, 100);
  Matcher M2({{TooLong, 2}});
  auto Missed = writeInPieces(M2, 301, {TooLong.substr(0, 550), TooLong.substr(550)});
  EXPECT_EQ(Missed[1].size(), 0u);
}

TEST(MatcherSeamsTest, DescriptorsKeepTheirOwnBytes) {
  Matcher M = tokenMatcher();
  std::string A = kToken.substr(0, 10), B = kToken.substr(10);
  writeInPieces(M, 400, {A});
  // The second half on another descriptor joins nothing.
  EXPECT_EQ(writeInPieces(M, 401, {B})[0].size(), 0u);
  EXPECT_EQ(writeInPieces(M, 400, {B})[0].size(), 1u);
  // Out of range: nothing carried, nothing found.
  writeInPieces(M, -1, {A});
  EXPECT_EQ(writeInPieces(M, -1, {B})[0].size(), 0u);
  writeInPieces(M, kSeamFds, {A});
  EXPECT_EQ(writeInPieces(M, kSeamFds, {B})[0].size(), 0u);
}

TEST(MatcherSeamsTest, AClosedDescriptorJoinsNothing) {
  Matcher M = tokenMatcher();
  writeInPieces(M, 450, {kToken.substr(0, 10)});
  forgetSeam(450); // closed; the number's next file starts afresh
  EXPECT_EQ(writeInPieces(M, 450, {kToken.substr(10)})[0].size(), 0u);
  writeInPieces(M, 450, {kToken.substr(0, 10)});
  EXPECT_EQ(writeInPieces(M, 450, {kToken.substr(10)})[0].size(), 1u);
  forgetSeam(-1); // out of range: nothing to forget
  forgetSeam(kSeamFds);
}

TEST(MatcherSeamsTest, ABusySlotIsSkippedNotWaitedFor) {
  Matcher M = tokenMatcher();
  writeInPieces(M, 500, {kToken.substr(0, 10)});
  SeamScan Holder(500); // another write on fd 500, still running
  SeamScan Second(500);
  SeamHit Out[4];
  std::string Rest = kToken.substr(10);
  EXPECT_EQ(Second.next(M, Rest.data(), Rest.size(), Out, 4), 0u);
  // The holder's own write goes on with the carried bytes.
  EXPECT_EQ(Holder.next(M, Rest.data(), Rest.size(), Out, 4), 1u);
}

} // namespace
