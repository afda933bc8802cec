// Key material derived from a credential (issue 15): a digest of a password
// used as a cipher key, and a PBKDF2 output, are the private key
// derived(DB_PASSWORD) from then on (sources.def's derivations), so keying
// a broken cipher or ECB mode with them is weak-cipher, its trace starting
// at the derivation; a derived key written to a log is a leak. The same
// digest only logged as a fingerprint stays clean.
// SECRET: DerivedKeyPassw0rd-e2e
// RUN: %credtaint-cxx -O0 %s -o %t -lcrypto
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts DB_PASSWORD=DerivedKeyPassw0rd-e2e %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <openssl/evp.h>
#include <openssl/sha.h>

int main() {
  const char *password = std::getenv("DB_PASSWORD");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char *>(password), std::strlen(password), digest);
// A password through one fast digest is a finding of its own:
// CHECK: CREDTAINT: fast-password-hash: password DB_PASSWORD ({{.*}}) reached SHA256 (sha256) at {{.*}}derived-keys.cpp:[[@LINE-2]]

  // A fingerprint in a log is fine.
  for (unsigned char b : digest)
    std::fprintf(stderr, "%02x", b);
  std::fprintf(stderr, "\n");

  // SHA-256(password) as the key of AES in ECB mode.
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr, digest, nullptr);
// CHECK: CREDTAINT: weak-cipher: private-key derived(DB_PASSWORD) ({{.*}}, 32 bytes) reached EVP_EncryptInit_ex (aes-256-ecb) at {{.*}}derived-keys.cpp:[[@LINE-1]]
// CHECK-NEXT: #0 source derived by SHA256 from DB_PASSWORD in main {{.*}}derived-keys.cpp:[[@LINE-13]]
  EVP_CIPHER_CTX_reset(ctx);

  // A PBKDF2 output (enough iterations) as the key of 3DES.
  unsigned char derived[24];
  PKCS5_PBKDF2_HMAC(password, int(std::strlen(password)),
                    reinterpret_cast<const unsigned char *>("salt-e2e"), 8, 600000,
                    EVP_sha256(), sizeof derived, derived);
  unsigned char iv[8] = {0};
  EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), nullptr, derived, iv);
// CHECK: CREDTAINT: weak-cipher: private-key derived(DB_PASSWORD) ({{.*}}, 24 bytes) reached EVP_EncryptInit_ex (des-ede3-cbc) at {{.*}}derived-keys.cpp:[[@LINE-1]]
// CHECK-NEXT: #0 source derived by PKCS5_PBKDF2_HMAC from DB_PASSWORD in main {{.*}}derived-keys.cpp:[[@LINE-6]]
  EVP_CIPHER_CTX_free(ctx);

  // The derived key itself in a log.
  std::fwrite(derived, 1, sizeof derived, stderr);
// CHECK: CREDTAINT: secret-in-log: private-key derived(DB_PASSWORD) ({{.*}}, 24 bytes) reached fwrite(stderr) at {{.*}}derived-keys.cpp:[[@LINE-1]]
  return 0;
}
