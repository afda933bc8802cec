//===- Crypto.h - what algorithm a crypto sink uses -------------*- C++ -*-===//
//
// A crypto sink is judged by the algorithm the data meets, not by the call:
// MD5 of a file is fine, MD5 of a password is not. The algorithm comes from
// the catalog row (MD5_Update) or from the OpenSSL object the call receives
// (an EVP_MD_CTX, EVP_MD, EVP_CIPHER(_CTX), a digest name, a crypt salt).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_CRYPTO_H
#define CREDTAINT_RUNTIME_CRYPTO_H

#include "credtaint/catalog/catalog.h"

#include <cstdint>
#include <string>

namespace credtaint::rt {

/// Lower-case algorithm name ("md5", "sha256", "des-ede3-cbc", "aes-256-gcm",
/// "crypt-des"), or "" when it cannot be told. Extra is the row's second
/// object (the EVP_CIPHER_CTX of a CipherKey row), or 0.
std::string cryptoAlgorithm(const SinkInfo &S, uint64_t Target, uint64_t Extra);

/// An OpenSSL algorithm name as cryptoAlgorithm reports it ("SHA256" ->
/// "sha256").
std::string algorithmName(const char *OpenSslName);

bool isWeakDigest(const std::string &Algorithm);   // md4, md5, sha1
bool isFastDigest(const std::string &Algorithm);   // sha2, sha3, blake2, sm3
bool isWeakCipher(const std::string &Algorithm);   // des, rc2, rc4, bf, cast5, ecb
bool isWeakCryptScheme(const std::string &Algorithm); // crypt-des, crypt-md5

/// Key length in bytes of the cipher of a CipherKey row (0 when unknown).
size_t cipherKeyLength(uint64_t Cipher, uint64_t CipherCtx);

/// The PBKDF2 iteration floor for a digest, from the SHA-256 floor (OWASP's
/// ratios: SHA-1 needs 13/6 of it, SHA-512 7/20).
uint64_t pbkdf2Floor(const std::string &Digest, uint64_t Sha256Floor);

} // namespace credtaint::rt

#endif
