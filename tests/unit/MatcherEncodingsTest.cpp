// The encoders value matching uses: base64 (standard, URL-safe, padded,
// unpadded, at each alignment), hex and percent-encoding, against known
// answers (RFC 4648 test vectors) and against each other.
#include "match/Encodings.h"

#include <gtest/gtest.h>

using namespace credtaint::rt::match;

TEST(MatcherEncodings, Base64Rfc4648Vectors) {
  const char *In[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char *Padded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
                          "Zm9vYmFy"};
  const char *Unpadded[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE",
                            "Zm9vYmFy"};
  for (size_t I = 0; I < 7; ++I) {
    EXPECT_EQ(base64(In[I], false, true), Padded[I]) << In[I];
    EXPECT_EQ(base64(In[I], false, false), Unpadded[I]) << In[I];
  }
}

TEST(MatcherEncodings, Base64UrlSafeAlphabet) {
  std::string Bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(base64(Bytes, false, true), "+/+/");
  EXPECT_EQ(base64(Bytes, true, true), "-_-_");
}

TEST(MatcherEncodings, Base64AlignedIsInsideEveryLongerEncoding) {
  // SECRET: s3cr3t-V4lue!
  std::string Secret = "s3cr3t-V4lue!";
  for (std::string Prefix : {"", "u", "us", "user:", "user:x"}) {
    for (bool Url : {false, true}) {
      std::string Whole = base64(Prefix + Secret + "@rest", Url, true);
      std::string Frag = base64Aligned(Secret, Prefix.size() % 3, Url);
      EXPECT_GE(Frag.size(), Secret.size());
      EXPECT_NE(Whole.find(Frag), std::string::npos) << Prefix;
    }
  }
}

TEST(MatcherEncodings, HexBothCases) {
  EXPECT_EQ(hex(std::string("\x00\xab\x7f", 3), false), "00ab7f");
  EXPECT_EQ(hex(std::string("\x00\xab\x7f", 3), true), "00AB7F");
}

TEST(MatcherEncodings, PercentEncodingKeepsUnreserved) {
  EXPECT_EQ(percentEncoded("a-b._~Z9 /+=", true), "a-b._~Z9%20%2F%2B%3D");
  EXPECT_EQ(percentEncoded("a/b", false), "a%2fb");
}

TEST(MatcherEncodings, FormsAreDistinctAndMinimal) {
  // '~~~' is "fn5+" in base64: the URL-safe forms differ.
  // SECRET: ~~~pa55/word~~~with=signs
  std::vector<EncodedForm> Forms = encodedForms("~~~pa55/word~~~with=signs");
  for (size_t I = 0; I < Forms.size(); ++I)
    for (size_t J = 0; J < Forms.size(); ++J)
      if (I != J) {
        EXPECT_NE(Forms[I].Bytes, Forms[J].Bytes);
        EXPECT_EQ(Forms[I].Bytes.find(Forms[J].Bytes), std::string::npos)
            << Forms[I].Name << " contains " << Forms[J].Name;
      }
  auto Has = [&](const char *Name) {
    for (const EncodedForm &F : Forms)
      if (std::string(F.Name) == Name)
        return true;
    return false;
  };
  for (const char *Name : {"raw", "base64", "base64url", "hex", "HEX", "percent"})
    EXPECT_TRUE(Has(Name)) << Name;
}

TEST(MatcherEncodings, NoPercentFormWhenNothingIsEscaped) {
  // SECRET: plainAlnumValue42
  for (const EncodedForm &F : encodedForms("plainAlnumValue42"))
    EXPECT_STRNE(F.Name, "percent");
}
