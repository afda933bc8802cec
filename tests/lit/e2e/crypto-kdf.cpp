// A password through PBKDF2 below the iteration floor, or through crypt(3)
// with a DES or MD5 salt, is a finding; PBKDF2-HMAC-SHA256 at 600000
// iterations and SHA-512 crypt are fine. The floor is an option.
// SECRET: e2e-fake-kdf-password-77
// RUN: %credtaint-cxx -O0 %s -o %t -lcrypto -lcrypt
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// With a floor of 1000 the 10000-iteration derivations pass too.
// RUN: env CREDTAINT_OPTIONS=%ctopts:pbkdf2_min_iterations=1000 %t > %t.out 2> %t.err2
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" --check-prefix=LOWFLOOR %s < %t.err2
#include <crypt.h>
#include <cstring>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <string>

int main() {
  std::string password = "e2e-fake-kdf-password-77";
  unsigned char salt[16] = {3}, key[32];
  PKCS5_PBKDF2_HMAC(password.data(), int(password.size()), salt, sizeof salt,
                    10000, EVP_sha256(), sizeof key, key);
// CHECK: CREDTAINT: fast-password-hash: password password ({{.*}}) reached PKCS5_PBKDF2_HMAC (sha256) at {{.*}}crypto-kdf.cpp:[[@LINE-2]]
  PKCS5_PBKDF2_HMAC_SHA1(password.data(), int(password.size()), salt, sizeof salt,
                         10000, sizeof key, key);
// CHECK: CREDTAINT: fast-password-hash: password password ({{.*}}) reached PKCS5_PBKDF2_HMAC_SHA1 (sha1) at {{.*}}crypto-kdf.cpp:[[@LINE-2]]

  EVP_KDF *kdf = EVP_KDF_fetch(nullptr, "PBKDF2", nullptr);
  EVP_KDF_CTX *kctx = EVP_KDF_CTX_new(kdf);
  unsigned iter = 10000;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, &password[0], password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt, sizeof salt),
      OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &iter),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
      OSSL_PARAM_construct_end()};
  EVP_KDF_derive(kctx, key, sizeof key, params);
// CHECK: CREDTAINT: fast-password-hash: password password ({{.*}}) reached EVP_KDF_derive (sha256) at {{.*}}crypto-kdf.cpp:[[@LINE-1]]

  crypt(password.c_str(), "$1$saltsalt$");
// CHECK: CREDTAINT: weak-hash: password password ({{.*}}) reached crypt (crypt-md5) at {{.*}}crypto-kdf.cpp:[[@LINE-1]]
// LOWFLOOR: CREDTAINT: weak-hash: password password ({{.*}}) reached crypt (crypt-md5) at {{.*}}crypto-kdf.cpp:[[@LINE-2]]
  crypt(password.c_str(), "ab");
// CHECK: CREDTAINT: weak-hash: password password ({{.*}}) reached crypt (crypt-des) at {{.*}}crypto-kdf.cpp:[[@LINE-1]]
// LOWFLOOR: CREDTAINT: weak-hash: password password ({{.*}}) reached crypt (crypt-des) at {{.*}}crypto-kdf.cpp:[[@LINE-2]]

  // Fine: OWASP's work factor, and SHA-512 crypt.
  PKCS5_PBKDF2_HMAC(password.data(), int(password.size()), salt, sizeof salt,
                    600000, EVP_sha256(), sizeof key, key);
  crypt(password.c_str(), "$6$rounds=5000$saltsalt$");
  EVP_KDF_CTX *strong = EVP_KDF_CTX_new(kdf);
  unsigned strong_iter = 600000;
  OSSL_PARAM strong_params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, &password[0], password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt, sizeof salt),
      OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &strong_iter),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
      OSSL_PARAM_construct_end()};
  EVP_KDF_CTX_set_params(strong, strong_params);
  EVP_KDF_derive(strong, key, sizeof key, nullptr);
  EVP_KDF_CTX_free(strong);
  EVP_KDF_CTX_free(kctx);
  EVP_KDF_free(kdf);
}
