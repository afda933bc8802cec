// Digests are judged by the data that reaches them: MD4/MD5/SHA-1 of a
// credential is weak-hash, a password into a single fast digest is
// fast-password-hash; MD5 of ordinary data, SHA-256 of a token used as a
// fingerprint and HMAC-SHA256 keyed by a token are fine.
// SECRET: e2e-fake-digest-pw-0001
// SECRET: ghp_e2eDigest0123456789abcdefABCDEFGH22
// RUN: %credtaint-cxx -O0 %s -o %t -lcrypto
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eDigest0123456789abcdefABCDEFGH22 %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 9
#define OPENSSL_SUPPRESS_DEPRECATED
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md4.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <string>

int main() {
  std::string password = "e2e-fake-digest-pw-0001";
  const char *token = std::getenv("API_TOKEN");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned outlen = 0;

  MD5((const unsigned char *)password.data(), password.size(), out);
// CHECK: CREDTAINT: weak-hash: password password ({{.*}}) reached MD5 (md5) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  MD5_CTX m5;
  MD5_Init(&m5);
  MD5_Update(&m5, token, strlen(token));
// CHECK: CREDTAINT: weak-hash: token API_TOKEN ({{.*}}) reached MD5_Update (md5) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  MD5_Final(out, &m5);
  MD4((const unsigned char *)token, strlen(token), out);
// CHECK: CREDTAINT: weak-hash: token API_TOKEN ({{.*}}) reached MD4 (md4) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  SHA_CTX s1;
  SHA1_Init(&s1);
  SHA1_Update(&s1, password.data(), password.size());
// CHECK: CREDTAINT: weak-hash: password password ({{.*}}) reached SHA1_Update (sha1) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  SHA1_Final(out, &s1);

  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_MD *sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  EVP_DigestInit_ex(ctx, sha1, nullptr);
  EVP_DigestUpdate(ctx, token, strlen(token));
// CHECK: CREDTAINT: weak-hash: token API_TOKEN ({{.*}}) reached EVP_DigestUpdate (sha1) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  EVP_DigestFinal_ex(ctx, out, &outlen);
  EVP_Digest(token, strlen(token), out, &outlen, EVP_md5(), nullptr);
// CHECK: CREDTAINT: weak-hash: token API_TOKEN ({{.*}}) reached EVP_Digest (md5) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  size_t qlen = 0;
  EVP_Q_digest(nullptr, "MD5", nullptr, password.data(), password.size(), out, &qlen);
// CHECK: CREDTAINT: weak-hash: password password ({{.*}}) reached EVP_Q_digest (md5) at {{.*}}crypto-digests.cpp:[[@LINE-1]]

  // A password into SHA-256 alone: fast-password-hash.
  SHA256((const unsigned char *)password.data(), password.size(), out);
// CHECK: CREDTAINT: fast-password-hash: password password ({{.*}}) reached SHA256 (sha256) at {{.*}}crypto-digests.cpp:[[@LINE-1]]
  // HMAC-MD5 keyed by a token: weak-hash, low severity.
  HMAC(EVP_md5(), token, int(strlen(token)), (const unsigned char *)"msg", 3, out, &outlen);
// CHECK: CREDTAINT: weak-hash: token API_TOKEN ({{.*}}) reached HMAC (md5) at {{.*}}crypto-digests.cpp:[[@LINE-1]]

  // Fine: MD5 of ordinary data, SHA-256 of a token logged as a fingerprint,
  // HMAC-SHA256 keyed by a token.
  const char *body = "{\"items\":[1,2,3]}";
  MD5((const unsigned char *)body, strlen(body), out);
  EVP_Digest(body, strlen(body), out, &outlen, EVP_sha1(), nullptr);
  EVP_Q_digest(nullptr, "MD5", nullptr, body, strlen(body), out, &qlen);
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, token, strlen(token));
  EVP_DigestFinal_ex(ctx, out, &outlen);
  std::fprintf(stderr, "token fingerprint %02x%02x%02x%02x\n", out[0], out[1], out[2], out[3]);
  HMAC(EVP_sha256(), token, int(strlen(token)), (const unsigned char *)"msg", 3, out, &outlen);
  EVP_MD_free(sha1);
  EVP_MD_CTX_free(ctx);
}
// CHECK: rule weak-hash (CWE-328, low)
