// The wide forms value matching looks for: a credential held or written as
// wchar_t text (UTF-32LE on Linux) or as UTF-16LE, against known answers
// (ASCII, two- and three-byte UTF-8, a character outside the BMP that
// UTF-16 writes as a surrogate pair), and found by the matcher inside the
// bytes a program writes from a std::wstring or a std::u16string.
#include "match/Encodings.h"
#include "match/Matcher.h"

#include <gtest/gtest.h>

#include <string>

using namespace credtaint::rt::match;

namespace {
std::string bytesOf(const std::wstring &W) {
  return std::string(reinterpret_cast<const char *>(W.data()),
                     W.size() * sizeof(wchar_t));
}
std::string bytesOf(const std::u16string &W) {
  return std::string(reinterpret_cast<const char *>(W.data()),
                     W.size() * sizeof(char16_t));
}
} // namespace

TEST(MatcherWideForms, Utf16AndUtf32KnownAnswers) {
  EXPECT_EQ(utf16le("Ab"), std::string("A\0b\0", 4));
  EXPECT_EQ(utf32le("Ab"), std::string("A\0\0\0b\0\0\0", 8));
  // U+00E9 (2 bytes of UTF-8), U+20AC (3), U+1F600 (4: a surrogate pair).
  EXPECT_EQ(utf16le("\xc3\xa9"), std::string("\xe9\x00", 2));
  EXPECT_EQ(utf16le("\xe2\x82\xac"), std::string("\xac\x20", 2));
  EXPECT_EQ(utf16le("\xf0\x9f\x98\x80"), std::string("\x3d\xd8\x00\xde", 4));
  EXPECT_EQ(utf32le("\xf0\x9f\x98\x80"), std::string("\x00\xf6\x01\x00", 4));
}

TEST(MatcherWideForms, NoWideFormOfBytesThatAreNotUtf8) {
  // Binary key material, a truncated sequence, an overlong '/', a surrogate.
  for (std::string Bad : {std::string("\xff\xfe\x01\x02", 4), std::string("ab\xe2\x82"),
                          std::string("\xc0\xaf"), std::string("\xed\xa0\x80")}) {
    EXPECT_EQ(utf16le(Bad), "");
    EXPECT_EQ(utf32le(Bad), "");
  }
  for (const EncodedForm &F : encodedForms(std::string("\xff\xfe\x01\x02xyzw", 8)))
    EXPECT_TRUE(std::string(F.Name).rfind("utf", 0) != 0) << F.Name;
}

TEST(MatcherWideForms, Utf8OfWideRoundTrips) {
  std::wstring W = L"p\u00e9ss\u20ac\U0001F600";
  std::string U = utf8OfWide(W.data(), W.size());
  EXPECT_EQ(U, "p\xc3\xa9ss\xe2\x82\xac\xf0\x9f\x98\x80");
  EXPECT_EQ(utf32le(U), bytesOf(W));
  // A value that is no Unicode scalar (a lone surrogate) is U+FFFD.
  wchar_t Lone[] = {wchar_t(0xD800), L'x'};
  EXPECT_EQ(utf8OfWide(Lone, 2), "\xef\xbf\xbdx");
}

TEST(MatcherWideForms, EveryCredentialHasBothWideForms) {
  // SECRET: wIdE-fOrMs-0123456789abcdef
  const std::string Secret = "wIdE-fOrMs-0123456789abcdef";
  std::vector<EncodedForm> Forms = encodedForms(Secret);
  int Found = 0;
  for (const EncodedForm &F : Forms) {
    if (std::string(F.Name) == "utf16le") {
      EXPECT_EQ(F.Bytes, utf16le(Secret));
      ++Found;
    }
    if (std::string(F.Name) == "utf32le") {
      EXPECT_EQ(F.Bytes, utf32le(Secret));
      ++Found;
    }
  }
  EXPECT_EQ(Found, 2);
}

TEST(MatcherWideForms, MatcherFindsWideTextAmongNarrowForms) {
  // SECRET: ghp_WideMatch0123456789abcdefABCDEF01
  const std::string Secret = "ghp_WideMatch0123456789abcdefABCDEF01";
  std::vector<EncodedForm> Forms = encodedForms(Secret);
  std::vector<Pattern> Patterns;
  for (uint32_t I = 0; I < Forms.size(); ++I)
    Patterns.push_back({Forms[I].Bytes, I});
  Matcher M(Patterns);
  auto FormsFound = [&](const std::string &Buf) {
    std::string Names;
    M.scan(Buf.data(), Buf.size(), [&](const Occurrence &O) {
      Names += std::string(Forms[O.Id].Name) + "@" + std::to_string(O.Offset) + " ";
      return true;
    });
    return Names;
  };
  // What fwrite(w.c_str(), sizeof(wchar_t), w.size(), f) writes.
  std::wstring W = L"token=" + std::wstring(Secret.begin(), Secret.end()) + L"\n";
  EXPECT_EQ(FormsFound(bytesOf(W)), "utf32le@24 ");
  // A UTF-16 protocol field (what a Windows peer or a JSON \u escape has).
  std::u16string U = u"auth:" + std::u16string(Secret.begin(), Secret.end());
  EXPECT_EQ(FormsFound(bytesOf(U)), "utf16le@10 ");
  // Narrow text still matches raw only; wide clean text matches nothing.
  EXPECT_EQ(FormsFound("x " + Secret), "raw@2 ");
  EXPECT_EQ(FormsFound(bytesOf(std::wstring(L"token=not-the-secret-at-all-0123456789"))), "");
}
