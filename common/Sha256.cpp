//===- Sha256.cpp - SHA-256 and HMAC-SHA256 without OpenSSL ---------------===//

#include "Sha256.h"

#include <cstring>

namespace credtaint::rt {
namespace {

// FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the cube
// roots of the first 64 primes.
constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t rotr(uint32_t X, unsigned N) { return (X >> N) | (X << (32 - N)); }

uint32_t loadBigEndian(const uint8_t *P) {
  return uint32_t(P[0]) << 24 | uint32_t(P[1]) << 16 | uint32_t(P[2]) << 8 | P[3];
}

} // namespace

Sha256::Sha256()
    // FIPS 180-4, 5.3.3: the fractional parts of the square roots of the
    // first eight primes.
    : State{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f,
            0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::compress(const uint8_t *Block) {
  uint32_t W[64];
  for (int T = 0; T < 16; ++T)
    W[T] = loadBigEndian(Block + 4 * T);
  for (int T = 16; T < 64; ++T) {
    uint32_t S0 = rotr(W[T - 15], 7) ^ rotr(W[T - 15], 18) ^ (W[T - 15] >> 3);
    uint32_t S1 = rotr(W[T - 2], 17) ^ rotr(W[T - 2], 19) ^ (W[T - 2] >> 10);
    W[T] = W[T - 16] + S0 + W[T - 7] + S1;
  }
  uint32_t A = State[0], B = State[1], C = State[2], D = State[3],
           E = State[4], F = State[5], G = State[6], H = State[7];
  for (int T = 0; T < 64; ++T) {
    uint32_t T1 = H + (rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25)) +
                  ((E & F) ^ (~E & G)) + kRound[T] + W[T];
    uint32_t T2 = (rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22)) +
                  ((A & B) ^ (A & C) ^ (B & C));
    H = G, G = F, F = E, E = D + T1, D = C, C = B, B = A, A = T1 + T2;
  }
  State[0] += A, State[1] += B, State[2] += C, State[3] += D;
  State[4] += E, State[5] += F, State[6] += G, State[7] += H;
}

void Sha256::update(const void *Data, size_t Len) {
  const auto *P = static_cast<const uint8_t *>(Data);
  TotalBytes += Len;
  while (Len) {
    size_t Take = std::min(Len, sizeof Buffer - Buffered);
    std::memcpy(Buffer + Buffered, P, Take);
    Buffered += Take, P += Take, Len -= Take;
    if (Buffered == sizeof Buffer) {
      compress(Buffer);
      Buffered = 0;
    }
  }
}

Sha256Digest Sha256::finish() {
  // FIPS 180-4, 5.1.1: a 1 bit, zeros, and the length in bits (64 bits,
  // big-endian) to fill the last block.
  uint64_t Bits = TotalBytes * 8;
  uint8_t Pad[72] = {0x80};
  size_t PadLen = (Buffered < 56 ? 56 : 120) - Buffered;
  for (int I = 0; I < 8; ++I)
    Pad[PadLen + I] = uint8_t(Bits >> (56 - 8 * I));
  update(Pad, PadLen + 8);
  Sha256Digest Out;
  for (int I = 0; I < 8; ++I)
    for (int J = 0; J < 4; ++J)
      Out[4 * I + J] = uint8_t(State[I] >> (24 - 8 * J));
  return Out;
}

Sha256Digest sha256(const void *Data, size_t Len) {
  Sha256 H;
  H.update(Data, Len);
  return H.finish();
}

Sha256Digest hmacSha256(const void *Key, size_t KeyLen, const void *Data,
                        size_t Len) {
  // RFC 2104, section 2: a key longer than the block is hashed first.
  uint8_t Block[64] = {0};
  if (KeyLen > sizeof Block) {
    Sha256Digest K = sha256(Key, KeyLen);
    std::memcpy(Block, K.data(), K.size());
  } else if (KeyLen) {
    std::memcpy(Block, Key, KeyLen);
  }
  uint8_t Pad[64];
  for (size_t I = 0; I < sizeof Pad; ++I)
    Pad[I] = Block[I] ^ 0x36;
  Sha256 Inner;
  Inner.update(Pad, sizeof Pad);
  Inner.update(Data, Len);
  Sha256Digest InnerDigest = Inner.finish();
  for (size_t I = 0; I < sizeof Pad; ++I)
    Pad[I] = Block[I] ^ 0x5c;
  Sha256 Outer;
  Outer.update(Pad, sizeof Pad);
  Outer.update(InnerDigest.data(), InnerDigest.size());
  return Outer.finish();
}

} // namespace credtaint::rt
