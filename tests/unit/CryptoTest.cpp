// Crypto.cpp: which algorithm a crypto sink uses and how it is judged.
#include "sinks/Crypto.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

using namespace credtaint;
using namespace credtaint::rt;

namespace {
const SinkInfo &row(const char *Symbol) {
  for (const SinkInfo &S : kSinks)
    if (std::string(S.symbol) == Symbol)
      return S;
  ADD_FAILURE() << "no sink row " << Symbol;
  return kSinks[0];
}
} // namespace

TEST(CryptoNames, WeakDigests) {
  for (const char *A : {"md4", "MD5", "sha1", "SHA-1", "SHA1", "md5-sha1"})
    EXPECT_TRUE(isWeakDigest(algorithmName(A))) << A;
  for (const char *A : {"sha256", "SHA2-256", "sha3-256", "blake2b512", "ripemd160"})
    EXPECT_FALSE(isWeakDigest(algorithmName(A))) << A;
}

TEST(CryptoNames, FastDigests) {
  for (const char *A : {"sha224", "sha256", "SHA2-256", "SHA2-512/256", "sha384",
                        "SHA512", "SHA3-512", "BLAKE2B-512", "BLAKE2S-256", "SM3",
                        "SHAKE256"})
    EXPECT_TRUE(isFastDigest(algorithmName(A))) << A;
  for (const char *A : {"md5", "sha1", "scrypt", ""})
    EXPECT_FALSE(isFastDigest(algorithmName(A))) << A;
}

TEST(CryptoNames, WeakCiphers) {
  for (const char *A : {"des", "des-cbc", "des-ede3-cbc", "DES-EDE3", "rc4", "RC4-40",
                        "rc2-cbc", "bf-cbc", "BF-ECB", "cast5-cbc", "aes-128-ecb",
                        "AES-256-ECB"})
    EXPECT_TRUE(isWeakCipher(algorithmName(A))) << A;
  for (const char *A : {"aes-256-gcm", "aes-128-cbc", "chacha20-poly1305", "aes-256-ctr"})
    EXPECT_FALSE(isWeakCipher(algorithmName(A))) << A;
}

TEST(CryptoNames, AlgorithmFromOpenSslObjects) {
  EXPECT_EQ(cryptoAlgorithm(row("EVP_Digest"), uint64_t(EVP_md5()), 0), "md5");
  EXPECT_EQ(cryptoAlgorithm(row("MD5_Update"), 0, 0), "md5");
  EVP_MD_CTX *Ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestInit_ex(Ctx, EVP_sha1(), nullptr), 1);
  EXPECT_EQ(cryptoAlgorithm(row("EVP_DigestUpdate"), uint64_t(Ctx), 0), "sha1");
  EVP_MD_CTX_free(Ctx);
  // ECB is named even when the cipher's own name does not say so.
  EXPECT_EQ(cryptoAlgorithm(row("EVP_EncryptInit_ex"), uint64_t(EVP_aes_128_ecb()), 0),
            "aes-128-ecb");
  // A null cipher at init: the context's cipher.
  EVP_CIPHER_CTX *C = EVP_CIPHER_CTX_new();
  unsigned char Key[32] = {0}, Iv[16] = {0};
  ASSERT_EQ(EVP_EncryptInit_ex(C, EVP_aes_256_gcm(), nullptr, Key, Iv), 1);
  EXPECT_EQ(cryptoAlgorithm(row("EVP_EncryptInit_ex"), 0, uint64_t(C)), "aes-256-gcm");
  EXPECT_EQ(cipherKeyLength(0, uint64_t(C)), 32u);
  EXPECT_EQ(cryptoAlgorithm(row("EVP_EncryptUpdate"), uint64_t(C), 0), "aes-256-gcm");
  EVP_CIPHER_CTX_free(C);
  EXPECT_EQ(cipherKeyLength(uint64_t(EVP_des_ede3_cbc()), 0), 24u);
  EXPECT_EQ(cryptoAlgorithm(row("EVP_Q_digest"), uint64_t("SHA1"), 0), "sha1");
}

TEST(CryptoNames, CryptSalts) {
  const SinkInfo &Crypt = row("crypt");
  auto Scheme = [&](const char *Salt) {
    return cryptoAlgorithm(Crypt, uint64_t(Salt), 0);
  };
  EXPECT_EQ(Scheme("ab"), "crypt-des");
  EXPECT_EQ(Scheme("$1$saltsalt$"), "crypt-md5");
  EXPECT_EQ(Scheme("$6$rounds=5000$salt$"), "crypt-6");
  EXPECT_EQ(Scheme("$y$j9T$salt$"), "crypt-y");
  EXPECT_EQ(Scheme("$2b$12$salt"), "crypt-2b");
  EXPECT_TRUE(isWeakCryptScheme(Scheme("ab")));
  EXPECT_TRUE(isWeakCryptScheme(Scheme("$1$x$")));
  EXPECT_FALSE(isWeakCryptScheme(Scheme("$6$x$")));
  EXPECT_FALSE(isWeakCryptScheme(Scheme("$y$x$")));
}

TEST(CryptoNames, Pbkdf2Floors) {
  EXPECT_EQ(pbkdf2Floor("sha256", 600000), 600000u);
  EXPECT_EQ(pbkdf2Floor("SHA2-256", 600000), 600000u);
  EXPECT_EQ(pbkdf2Floor("sha1", 600000), 1300000u);
  EXPECT_EQ(pbkdf2Floor("sha512", 600000), 210000u);
}
