//===- Crypto.cpp - what algorithm a crypto sink uses ---------------------===//

#include "Crypto.h"
#include "credtaint/support/Text.h"

#include "Libcrypto.h"

#include <algorithm>
#include <cctype>

namespace credtaint::rt {
namespace {


/// "SHA2-256" and "sha-256" -> "sha256"; "SHA1" -> "sha1".
std::string compact(std::string S) {
  S.erase(std::remove_if(S.begin(), S.end(), [](char C) { return C == '-' || C == '_'; }),
          S.end());
  // OpenSSL's "SHA2-256" compacts to "sha2256": drop the family digit.
  for (const char *Bits : {"224", "256", "384", "512"})
    if (S.rfind(std::string("sha2") + Bits, 0) == 0)
      return "sha" + S.substr(4);
  return S;
}

const EVP_CIPHER *cipherOf(uint64_t Cipher, uint64_t Ctx) {
  if (Cipher)
    return reinterpret_cast<const EVP_CIPHER *>(Cipher);
  if (Ctx)
    return libcrypto::EVP_CIPHER_CTX_get0_cipher(reinterpret_cast<const EVP_CIPHER_CTX *>(Ctx));
  return nullptr;
}

std::string cipherName(const EVP_CIPHER *C) {
  if (!C)
    return "";
  std::string N = algorithmName(libcrypto::EVP_CIPHER_get0_name(C));
  if (libcrypto::EVP_CIPHER_get_mode(C) == EVP_CIPH_ECB_MODE && N.find("ecb") == std::string::npos)
    N += "-ecb";
  return N;
}

std::string cryptScheme(const char *Salt) {
  if (!Salt || !*Salt)
    return "";
  if (Salt[0] != '$' && Salt[0] != '_')
    return "crypt-des";
  if (Salt[0] == '_')
    return "crypt-bsdi-des";
  if (Salt[1] == '1' && Salt[2] == '$')
    return "crypt-md5";
  std::string Id;
  for (const char *P = Salt + 1; *P && *P != '$'; ++P)
    Id += *P;
  return "crypt-" + Id; // 5: sha256-crypt, 6: sha512-crypt, y: yescrypt, 2b: bcrypt
}

} // namespace

std::string algorithmName(const char *S) {
  return toLower(S ? S : "");
}

std::string cryptoAlgorithm(const SinkInfo &S, uint64_t Target, uint64_t Extra) {
  switch (S.target) {
  case SinkTarget::Fixed:
    return S.algorithm;
  case SinkTarget::MdCtx:
    return Target ? algorithmName(libcrypto::EVP_MD_get0_name(libcrypto::EVP_MD_CTX_get0_md(
                        reinterpret_cast<const EVP_MD_CTX *>(Target))))
                  : "";
  case SinkTarget::Md:
    return Target ? algorithmName(libcrypto::EVP_MD_get0_name(reinterpret_cast<const EVP_MD *>(Target))) : "";
  case SinkTarget::Cipher:
  case SinkTarget::CipherCtx:
    return S.target == SinkTarget::Cipher ? cipherName(cipherOf(Target, Extra))
                                          : cipherName(cipherOf(0, Target));
  case SinkTarget::AlgName:
    return algorithmName(reinterpret_cast<const char *>(Target));
  case SinkTarget::CryptSalt:
    return cryptScheme(reinterpret_cast<const char *>(Target));
  default:
    return "";
  }
}

bool isWeakDigest(const std::string &A) {
  std::string C = compact(A);
  return C == "md4" || C == "md5" || C == "sha1" || C == "md2" || C == "md5sha1";
}

bool isFastDigest(const std::string &A) {
  std::string C = compact(A);
  for (const char *P : {"sha224", "sha256", "sha384", "sha512", "sha3", "blake2", "sm3", "shake"})
    if (C.rfind(P, 0) == 0)
      return true;
  return false;
}

bool isWeakCipher(const std::string &A) {
  std::string C = compact(A);
  for (const char *P : {"des", "rc2", "rc4", "bf", "blowfish", "cast"})
    if (C.rfind(P, 0) == 0)
      return true;
  return A.size() >= 3 && A.compare(A.size() - 3, 3, "ecb") == 0;
}

bool isWeakCryptScheme(const std::string &A) {
  return A == "crypt-des" || A == "crypt-bsdi-des" || A == "crypt-md5";
}

size_t cipherKeyLength(uint64_t Cipher, uint64_t Ctx) {
  const EVP_CIPHER *C = cipherOf(Cipher, Ctx);
  int N = C ? libcrypto::EVP_CIPHER_get_key_length(C) : 0;
  return N > 0 ? size_t(N) : 0;
}

uint64_t pbkdf2Floor(const std::string &Digest, uint64_t Sha256Floor) {
  std::string C = compact(Digest);
  if (C == "sha1")
    return Sha256Floor * 13 / 6;
  if (C == "sha512")
    return Sha256Floor * 7 / 20;
  return Sha256Floor;
}

} // namespace credtaint::rt
