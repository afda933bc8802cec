//===- Sha256.h - SHA-256 and HMAC-SHA256 without OpenSSL -------*- C++ -*-===//
//
// The runtime fingerprints every credential it sees (Fingerprint.h). With
// OpenSSL's digests that made every instrumented program load libcrypto,
// about 1.5 MB of resident pages at start-up, most of credtaint's memory over
// DFSan alone in a small test binary (bench/RESULTS.md). These two functions
// are all the runtime needs; they follow FIPS 180-4 and RFC 2104, and the
// unit tests check them against those documents' vectors and OpenSSL.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_COMMON_SHA256_H
#define CREDTAINT_COMMON_SHA256_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace credtaint::rt {

using Sha256Digest = std::array<uint8_t, 32>;

/// Incremental SHA-256 (FIPS 180-4, section 6.2).
class Sha256 {
public:
  Sha256();
  void update(const void *Data, size_t Len);
  Sha256Digest finish();

private:
  void compress(const uint8_t *Block);
  uint32_t State[8];
  uint8_t Buffer[64];
  size_t Buffered = 0;
  uint64_t TotalBytes = 0;
};

Sha256Digest sha256(const void *Data, size_t Len);

/// HMAC-SHA256 (RFC 2104) of Data under Key.
Sha256Digest hmacSha256(const void *Key, size_t KeyLen, const void *Data,
                        size_t Len);

} // namespace credtaint::rt

#endif
