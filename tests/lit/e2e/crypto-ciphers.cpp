// A credential used as the key of, or encrypted with, a broken cipher or an
// ECB mode is weak-cipher; AES-256-GCM of a token is fine. A constant array
// used as a key is a hardcoded credential.
// SECRET: e2e-fake-cipher-key-0123456789abcdef
// SECRET: ghp_e2eCipher0123456789abcdefABCDEFGH33
// RUN: %credtaint-cxx -O0 %s -o %t -lcrypto
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eCipher0123456789abcdefABCDEFGH33 %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
#define OPENSSL_SUPPRESS_DEPRECATED
#include <cstdlib>
#include <cstring>
#include <openssl/blowfish.h>
#include <openssl/des.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rc4.h>
#include <string>

int main() {
  std::string secret_key = "e2e-fake-cipher-key-0123456789abcdef";
  const char *token = std::getenv("API_TOKEN");
  unsigned char iv[16] = {0}, out[256];
  int outl = 0;

  // 3DES keyed by the secret.
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), nullptr,
                     (const unsigned char *)secret_key.data(), iv);
// CHECK: CREDTAINT: weak-cipher: generic-secret secret_key ({{.*}}) reached EVP_EncryptInit_ex (des-ede3-cbc) at {{.*}}crypto-ciphers.cpp:[[@LINE-2]]
  EVP_CIPHER_CTX_reset(ctx);
  // The token encrypted with AES in ECB mode.
  unsigned char aes_key[32] = {1};
  EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), nullptr, aes_key, nullptr);
// A constant array as a key is a hardcoded one (consumers.def).
// CHECK: CREDTAINT: hardcoded-credential: generic-secret key of EVP_EncryptInit_ex ({{.*}}, 16 bytes) reached EVP_EncryptInit_ex(key) at {{.*}}crypto-ciphers.cpp:[[@LINE-2]]
// CHECK: CREDTAINT: weak-cipher: generic-secret key of EVP_EncryptInit_ex ({{.*}}, 16 bytes) reached EVP_EncryptInit_ex (aes-128-ecb) at {{.*}}crypto-ciphers.cpp:[[@LINE-3]]
  EVP_EncryptUpdate(ctx, out, &outl, (const unsigned char *)token, 16);
// CHECK: CREDTAINT: weak-cipher: token API_TOKEN ({{.*}}) reached EVP_EncryptUpdate (aes-128-ecb) at {{.*}}crypto-ciphers.cpp:[[@LINE-1]]
  EVP_CIPHER_CTX_reset(ctx);
  // A cipher fetched by name.
  EVP_CIPHER *bf = EVP_CIPHER_fetch(nullptr, "BF-CBC", nullptr);
  EVP_CipherInit_ex(ctx, bf ? bf : EVP_bf_cbc(), nullptr,
                    (const unsigned char *)secret_key.data(), iv, 1);
// CHECK: CREDTAINT: weak-cipher: generic-secret secret_key ({{.*}}) reached EVP_CipherInit_ex (bf-cbc) at {{.*}}crypto-ciphers.cpp:[[@LINE-2]]
  EVP_CIPHER_CTX_reset(ctx);
  // Legacy APIs.
  RC4_KEY rc4;
  RC4_set_key(&rc4, 16, (const unsigned char *)secret_key.data());
// CHECK: CREDTAINT: weak-cipher: generic-secret secret_key ({{.*}}) reached RC4_set_key (rc4) at {{.*}}crypto-ciphers.cpp:[[@LINE-1]]
  DES_cblock des_key;
  DES_string_to_key(token, &des_key);
// CHECK: CREDTAINT: weak-cipher: token API_TOKEN ({{.*}}) reached DES_string_to_key (des) at {{.*}}crypto-ciphers.cpp:[[@LINE-1]]
  BF_KEY bfk;
  BF_set_key(&bfk, 16, (const unsigned char *)token);
// CHECK: CREDTAINT: weak-cipher: token API_TOKEN ({{.*}}) reached BF_set_key (bf) at {{.*}}crypto-ciphers.cpp:[[@LINE-1]]

  // Fine: AES-256-GCM of the token with a random key (a credential from
  // this call on, as every key a cipher takes, but no literal).
  unsigned char gcm_key[32];
  RAND_bytes(gcm_key, sizeof gcm_key);
  EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, gcm_key, iv);
  EVP_EncryptUpdate(ctx, out, &outl, (const unsigned char *)token, int(std::strlen(token)));
  // Fine: legacy ciphers over data that is no credential (a cache key).
  unsigned char cache_key[16] = {9, 8, 7};
  RC4_set_key(&rc4, sizeof cache_key, cache_key);
  BF_set_key(&bfk, sizeof cache_key, cache_key);
  DES_cblock plain_key = {1, 2, 3, 4, 5, 6, 7, 8};
  DES_key_schedule ks;
  DES_set_key_unchecked(&plain_key, &ks);
  // That key, being a cipher's key, is a credential: 3DES keyed with it is
  // weak-cipher.
  EVP_CIPHER_CTX_reset(ctx);
  EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), nullptr, gcm_key, iv);
// CHECK: CREDTAINT: weak-cipher: generic-secret key of EVP_EncryptInit_ex ({{.*}}, 32 bytes) reached EVP_EncryptInit_ex (des-ede3-cbc) at {{.*}}crypto-ciphers.cpp:[[@LINE-1]]
  EVP_CIPHER_free(bf);
  EVP_CIPHER_CTX_free(ctx);
}
