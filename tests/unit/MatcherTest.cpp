// The multi-pattern matcher and the value set built on it: every occurrence
// of every pattern, overlapping ones, at buffer boundaries, every encoded
// form of a credential, and 100 credentials at once (checked against a
// naive search).
#include "match/Encodings.h"
#include "match/Matcher.h"
#include "match/ValueSet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <random>
#include <set>
#include <tuple>

using namespace credtaint::rt::match;

namespace {

using Hit = std::tuple<uint32_t, size_t, size_t>; // id, offset, length

std::set<Hit> scanAll(const Matcher &M, const std::string &Text) {
  std::set<Hit> Hits;
  M.scan(Text.data(), Text.size(), [&](const Occurrence &O) {
    Hits.insert({O.Id, O.Offset, O.Length});
    return true;
  });
  return Hits;
}

std::set<Hit> naive(const std::vector<Pattern> &Ps, const std::string &Text) {
  std::set<Hit> Hits;
  for (const Pattern &P : Ps)
    for (size_t At = Text.find(P.Bytes); At != std::string::npos;
         At = Text.find(P.Bytes, At + 1))
      Hits.insert({P.Id, At, P.Bytes.size()});
  return Hits;
}

std::string randomText(std::mt19937 &Rng, size_t N, const char *Alphabet) {
  std::string S;
  size_t A = std::strlen(Alphabet);
  for (size_t I = 0; I < N; ++I)
    S += Alphabet[Rng() % A];
  return S;
}

} // namespace

TEST(Matcher, FindsEachOccurrenceWithItsOffset) {
  // SECRET: tok_9f8e7d6c5b4a
  Matcher M({{"tok_9f8e7d6c5b4a", 7}});
  std::string Text = "a tok_9f8e7d6c5b4a b tok_9f8e7d6c5b4a";
  EXPECT_EQ(scanAll(M, Text),
            (std::set<Hit>{{7, 2, 16}, {7, 21, 16}}));
  EXPECT_TRUE(scanAll(M, "tok_9f8e7d6c5b4 and ok_9f8e7d6c5b4a").empty());
}

TEST(Matcher, AtBufferBoundaries) {
  // SECRET: BoundarySecret12
  Matcher M({{"BoundarySecret12", 1}});
  EXPECT_EQ(scanAll(M, "BoundarySecret12"), (std::set<Hit>{{1, 0, 16}}));
  EXPECT_EQ(scanAll(M, "xBoundarySecret12"), (std::set<Hit>{{1, 1, 16}}));
  EXPECT_EQ(scanAll(M, "BoundarySecret12x"), (std::set<Hit>{{1, 0, 16}}));
  // A buffer cut one byte short must not be read past its end.
  std::string Cut = "BoundarySecret12";
  EXPECT_TRUE(scanAll(M, Cut.substr(0, 15)).empty());
  M.scan(Cut.data(), 15, [](const Occurrence &) { return ADD_FAILURE(), true; });
  EXPECT_TRUE(scanAll(M, "").empty());
  M.scan(nullptr, 0, [](const Occurrence &) { return ADD_FAILURE(), true; });
}

TEST(Matcher, OverlappingAndNestedPatterns) {
  std::vector<Pattern> Ps = {{"abcdabcd", 1}, {"cdabcdab", 2}, {"abcdabcdabcd", 3},
                             {"dabc", 4}};
  Matcher M(Ps);
  std::string Text = "xxabcdabcdabcdxx";
  EXPECT_EQ(scanAll(M, Text), naive(Ps, Text));
  EXPECT_EQ(scanAll(M, Text).size(), 2u + 1u + 1u + 2u);
}

TEST(Matcher, ShortPatternsStillFound) {
  std::vector<Pattern> Ps = {{"ab", 1}, {"xyz", 2}, {"longerpattern", 3}};
  Matcher M(Ps);
  std::string Text = "ab xyz longerpattern abxyz";
  EXPECT_EQ(scanAll(M, Text), naive(Ps, Text));
}

TEST(Matcher, StopsWhenAsked) {
  Matcher M({{"repeated", 1}});
  int Calls = 0;
  M.scan("repeated repeated repeated", 26, [&](const Occurrence &) {
    ++Calls;
    return false;
  });
  EXPECT_EQ(Calls, 1);
  Occurrence Out[2];
  EXPECT_EQ(M.find("repeated repeated repeated", 26, Out, 2), 3u);
  EXPECT_EQ(Out[1].Offset, 9u);
}

TEST(Matcher, HundredCredentialsInAllFormsAgreeWithNaiveSearch) {
  std::mt19937 Rng(42);
  std::vector<Pattern> Ps;
  std::vector<std::string> Secrets;
  for (uint32_t I = 0; I < 100; ++I) {
    std::string S = randomText(Rng, 8 + Rng() % 40,
                               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789/+=_-");
    Secrets.push_back(S);
    for (EncodedForm &F : encodedForms(S))
      Ps.push_back({F.Bytes, uint32_t(Ps.size())});
  }
  Matcher M(Ps);
  // Text made of the same alphabet, so shifts are short and buckets hit,
  // with forms of some secrets planted in it.
  std::string Text = randomText(Rng, 20000, "abcdefghij0123456789 =/+");
  for (size_t I = 0; I < 60; ++I) {
    const Pattern &P = Ps[Rng() % Ps.size()];
    Text.insert(Rng() % Text.size(), P.Bytes);
  }
  std::set<Hit> Want = naive(Ps, Text);
  EXPECT_GE(Want.size(), 40u); // a later plant may split an earlier one
  EXPECT_EQ(scanAll(M, Text), Want);
}

TEST(Matcher, OccurrencesAcrossTheRangesScannedTogether) {
  // A long buffer is scanned in four ranges at once: an occurrence that
  // straddles a range's end must still be found, once.
  std::vector<Pattern> Ps = {{"straddling-token-0123", 1}, {"q9w8e7r6", 2}};
  Matcher M(Ps);
  for (size_t N : {300u, 1001u, 4096u})
    for (size_t Frac = 1; Frac < 4; ++Frac)
      for (int Delta = -25; Delta <= 5; ++Delta) {
        std::string Text(N, '.');
        size_t At = size_t(int(N * Frac / 4) + Delta);
        Text.replace(At, Ps[0].Bytes.size(), Ps[0].Bytes);
        Text.replace(N - 8, 8, Ps[1].Bytes);
        ASSERT_EQ(scanAll(M, Text), naive(Ps, Text)) << N << " " << At;
        ASSERT_EQ(scanAll(M, Text).size(), 2u);
      }
}

TEST(Matcher, EveryEncodedFormOfACredentialIsFound) {
  // SECRET: Xq7/pL+2mN=vR8sT-wY_
  std::string Secret = "Xq7/pL+2mN=vR8sT-wY_";
  std::vector<Pattern> Ps;
  for (EncodedForm &F : encodedForms(Secret))
    Ps.push_back({F.Bytes, 1});
  Matcher M(Ps);
  std::vector<std::string> Carriers = {
      "Authorization: Basic " + base64("svc:" + Secret, false, true),
      "{\"k\":\"" + base64(Secret, true, false) + "\"}",
      "dump " + hex(Secret, false) + " end",
      "DUMP " + hex(Secret, true),
      "GET /?key=" + percentEncoded(Secret, true) + " HTTP/1.1",
      "GET /?key=" + percentEncoded(Secret, false) + " HTTP/1.1",
      "raw " + Secret,
  };
  for (size_t Shift = 0; Shift < 3; ++Shift)
    Carriers.push_back(base64(std::string(Shift, 'x') + Secret + "tail", false, true));
  for (const std::string &C : Carriers)
    EXPECT_FALSE(scanAll(M, C).empty()) << "carrier #" << (&C - &Carriers[0]);
}

TEST(MatcherValueSet, SnapshotsGrowAndOwnersNameTheForm) {
  ValueSet Set;
  EXPECT_EQ(ScanGuard(Set).snapshot(), nullptr);
  auto *A = reinterpret_cast<const credtaint::rt::Credential *>(0x10);
  auto *B = reinterpret_cast<const credtaint::rt::Credential *>(0x20);
  // SECRET: first-secret-value
  // SECRET: second-secret-value
  Set.add(A, "first-secret-value");
  ScanGuard G1(Set); // a scan still running on the first snapshot
  const ValueSnapshot *S1 = G1.snapshot();
  ASSERT_NE(S1, nullptr);
  Set.addAll({{B, "second-secret-value"}, {B, ""}});
  ScanGuard G2(Set);
  const ValueSnapshot *S2 = G2.snapshot();
  ASSERT_NE(S2, S1);
  EXPECT_GT(S2->Match.size(), S1->Match.size());
  std::string Text = "x " + hex("second-secret-value", true) + " y";
  Occurrence O[4];
  ASSERT_EQ(S2->Match.find(Text.data(), Text.size(), O, 4), 1u);
  EXPECT_EQ(S2->Owners[O[0].Id].Cred, B);
  EXPECT_STREQ(S2->Owners[O[0].Id].Form, "HEX");
  // The replaced snapshot stays valid for the scan that still holds it.
  EXPECT_EQ(S1->Match.find(Text.data(), Text.size(), O, 4), 0u);
  EXPECT_EQ(S1->Match.find("first-secret-value", 18, O, 4), 1u);
}

TEST(MatcherValueSet, ManyRegistrationsWhileScanning) {
  // Registrations racing with scans on other threads: every scan sees a
  // whole snapshot (run under ASan/TSan to see more than a crash).
  ValueSet Set;
  static const credtaint::rt::Credential *Creds[200];
  std::vector<std::string> Values;
  for (int I = 0; I < 200; ++I)
    Values.push_back("concurrent-value-" + std::to_string(1000 + I));
  std::atomic<bool> Done{false};
  std::atomic<size_t> Found{0};
  std::vector<std::thread> Scanners;
  for (int T = 0; T < 2; ++T)
    Scanners.emplace_back([&] {
      std::string Text = "log line concurrent-value-1000 end";
      while (!Done.load()) {
        ScanGuard G(Set);
        if (const ValueSnapshot *S = G.snapshot())
          S->Match.scan(Text.data(), Text.size(), [&](const Occurrence &) {
            return Found.fetch_add(1), true;
          });
      }
    });
  for (int I = 0; I < 200; ++I)
    Set.add(reinterpret_cast<const credtaint::rt::Credential *>(&Creds[I]), Values[I]);
  Done = true;
  for (std::thread &T : Scanners)
    T.join();
  ScanGuard G(Set);
  Occurrence O[4];
  EXPECT_EQ(G.snapshot()->Match.find("concurrent-value-1199", 21, O, 4), 1u);
}

TEST(MatcherValueSet, ABatchPublishesOnceWhenItEnds) {
  ValueSet Set;
  auto *A = reinterpret_cast<const credtaint::rt::Credential *>(0x10);
  {
    ValueSet::Batch B(Set);
    // SECRET: batched-secret-one
    // SECRET: batched-secret-two
    Set.add(A, "batched-secret-one");
    Set.add(A, "batched-secret-two");
    EXPECT_EQ(ScanGuard(Set).snapshot(), nullptr);
  }
  ScanGuard G(Set);
  const ValueSnapshot *S = G.snapshot();
  ASSERT_NE(S, nullptr);
  Occurrence O[2];
  EXPECT_EQ(S->Match.find("batched-secret-two", 18, O, 2), 1u);
}
