// SHA-256 and HMAC-SHA256 of common/Sha256.h against FIPS 180-2's and
// RFC 4231's vectors, and against OpenSSL at every length around the block
// and padding boundaries.
#include "Sha256.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

using namespace credtaint::rt;

namespace {

std::string hex(const Sha256Digest &D) {
  static const char Digits[] = "0123456789abcdef";
  std::string S;
  for (uint8_t B : D)
    S += {Digits[B >> 4], Digits[B & 15]};
  return S;
}

std::string hexSha(const std::string &S) { return hex(sha256(S.data(), S.size())); }

std::string hexHmac(const std::string &K, const std::string &D) {
  return hex(hmacSha256(K.data(), K.size(), D.data(), D.size()));
}

} // namespace

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(hexSha(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hexSha("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hexSha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 Million;
  std::string Thousand(1000, 'a');
  for (int I = 0; I < 1000; ++I)
    Million.update(Thousand.data(), Thousand.size());
  EXPECT_EQ(hex(Million.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HmacRfc4231Vectors) {
  EXPECT_EQ(hexHmac(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hexHmac("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than the block is hashed first (test case 6).
  EXPECT_EQ(hexHmac(std::string(131, '\xaa'),
                    "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Sha256, AgreesWithOpenSslAtEveryLengthUpTo200) {
  std::string Data, Key = "k1-" + std::string(40, '\x7f');
  for (size_t Len = 0; Len <= 200; ++Len) {
    unsigned char Want[EVP_MAX_MD_SIZE];
    unsigned WantLen = 0;
    EVP_Digest(Data.data(), Data.size(), Want, &WantLen, EVP_sha256(), nullptr);
    Sha256Digest Got = sha256(Data.data(), Data.size());
    ASSERT_EQ(std::string(reinterpret_cast<char *>(Want), WantLen),
              std::string(Got.begin(), Got.end())) << "length " << Len;
    HMAC(EVP_sha256(), Key.data(), int(Key.size()),
         reinterpret_cast<const unsigned char *>(Data.data()), Data.size(), Want, &WantLen);
    Got = hmacSha256(Key.data(), Key.size(), Data.data(), Data.size());
    ASSERT_EQ(std::string(reinterpret_cast<char *>(Want), WantLen),
              std::string(Got.begin(), Got.end())) << "hmac length " << Len;
    Data.push_back(char(Len * 37 + 11));
  }
}
