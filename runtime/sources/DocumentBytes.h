//===- DocumentBytes.h - byte classes of a document, 16 at a time -*- C++ -*-===//
//
// The document scanner (Documents.cpp) looks at every byte of what a
// program reads for a ':' or '=', and from each one back over the key
// before it. Both are asked of 16 bytes at once, as bit masks (bit I for
// byte I), with SSE2 where there is SSE2 (every x86-64) and a byte loop
// elsewhere: a byte at a time, a dense config (a key every ~20 bytes) costs
// a mispredicted branch at the end of every key and of every run of bytes
// without a separator.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SOURCES_DOCUMENTBYTES_H
#define CREDTAINT_RUNTIME_SOURCES_DOCUMENTBYTES_H

#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credtaint::rt::bytes {

/// What may be in a bare key: letters, digits, '_', '-' and '.'.
constexpr bool keyChar(unsigned char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
         (C >= '0' && C <= '9') || C == '_' || C == '-' || C == '.';
}

#if defined(__SSE2__)

/// The bytes of P[0..16) that are ':' or '='.
inline uint32_t separators16(const unsigned char *P) {
  __m128i V = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  __m128i S = _mm_or_si128(_mm_cmpeq_epi8(V, _mm_set1_epi8(':')),
                           _mm_cmpeq_epi8(V, _mm_set1_epi8('=')));
  return uint32_t(_mm_movemask_epi8(S));
}

/// The bytes of P[0..16) that cannot be in a bare key. Signed compares: a
/// byte from 0x80 up is negative, so outside every range below.
inline uint32_t nonKey16(const unsigned char *P) {
  __m128i V = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  auto In = [](__m128i X, char Lo, char Hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(X, _mm_set1_epi8(char(Lo - 1))),
                         _mm_cmpgt_epi8(_mm_set1_epi8(char(Hi + 1)), X));
  };
  __m128i Folded = _mm_or_si128(V, _mm_set1_epi8(0x20)); // 'A'..'Z' -> 'a'..'z'
  __m128i Key = _mm_or_si128(In(Folded, 'a', 'z'), In(V, '0', '9'));
  Key = _mm_or_si128(Key, _mm_cmpeq_epi8(V, _mm_set1_epi8('_')));
  // '-' and '.' are neighbours (0x2d, 0x2e).
  Key = _mm_or_si128(Key, In(V, '-', '.'));
  return ~uint32_t(_mm_movemask_epi8(Key)) & 0xffffu;
}

/// The bytes of P[0..16) that are not ' ' or '\t'.
inline uint32_t nonBlank16(const unsigned char *P) {
  __m128i V = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  __m128i S = _mm_or_si128(_mm_cmpeq_epi8(V, _mm_set1_epi8(' ')),
                           _mm_cmpeq_epi8(V, _mm_set1_epi8('\t')));
  return ~uint32_t(_mm_movemask_epi8(S)) & 0xffffu;
}

/// The bytes of P[0..16) that are one of A to E (repeat one to ask for
/// fewer).
inline uint32_t anyOf16(const unsigned char *P, char A, char B, char C, char D,
                        char E) {
  __m128i V = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  __m128i S = _mm_or_si128(_mm_cmpeq_epi8(V, _mm_set1_epi8(A)),
                           _mm_cmpeq_epi8(V, _mm_set1_epi8(B)));
  S = _mm_or_si128(S, _mm_cmpeq_epi8(V, _mm_set1_epi8(C)));
  S = _mm_or_si128(S, _mm_cmpeq_epi8(V, _mm_set1_epi8(D)));
  S = _mm_or_si128(S, _mm_cmpeq_epi8(V, _mm_set1_epi8(E)));
  return uint32_t(_mm_movemask_epi8(S));
}

/// The bytes of P[0..16) that are Quote or a newline.
inline uint32_t quoteOrNewline16(const unsigned char *P, char Quote) {
  __m128i V = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  __m128i S = _mm_or_si128(_mm_cmpeq_epi8(V, _mm_set1_epi8(Quote)),
                           _mm_cmpeq_epi8(V, _mm_set1_epi8('\n')));
  return uint32_t(_mm_movemask_epi8(S));
}

/// The I in [0, 16) where P[I] is A and P[I + 1] is B (reads P[0..17)).
inline uint32_t pairs16(const unsigned char *P, char A, char B) {
  __m128i V0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  __m128i V1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P + 1));
  __m128i S = _mm_and_si128(_mm_cmpeq_epi8(V0, _mm_set1_epi8(A)),
                            _mm_cmpeq_epi8(V1, _mm_set1_epi8(B)));
  return uint32_t(_mm_movemask_epi8(S));
}

#else

inline uint32_t separators16(const unsigned char *P) {
  uint32_t M = 0;
  for (int I = 0; I < 16; ++I)
    M |= uint32_t(P[I] == ':' || P[I] == '=') << I;
  return M;
}

inline uint32_t nonKey16(const unsigned char *P) {
  uint32_t M = 0;
  for (int I = 0; I < 16; ++I)
    M |= uint32_t(!keyChar(P[I])) << I;
  return M;
}

inline uint32_t nonBlank16(const unsigned char *P) {
  uint32_t M = 0;
  for (int I = 0; I < 16; ++I)
    M |= uint32_t(P[I] != ' ' && P[I] != '\t') << I;
  return M;
}

inline uint32_t anyOf16(const unsigned char *P, char A, char B, char C, char D,
                        char E) {
  uint32_t M = 0;
  for (int I = 0; I < 16; ++I) {
    char X = char(P[I]);
    M |= uint32_t(X == A || X == B || X == C || X == D || X == E) << I;
  }
  return M;
}

inline uint32_t quoteOrNewline16(const unsigned char *P, char Quote) {
  uint32_t M = 0;
  for (int I = 0; I < 16; ++I)
    M |= uint32_t(P[I] == static_cast<unsigned char>(Quote) || P[I] == '\n') << I;
  return M;
}

inline uint32_t pairs16(const unsigned char *P, char A, char B) {
  uint32_t M = 0;
  for (int I = 0; I < 16; ++I)
    M |= uint32_t(P[I] == static_cast<unsigned char>(A) &&
                  P[I + 1] == static_cast<unsigned char>(B)) << I;
  return M;
}

#endif

/// separators16 over 64 bytes: one branch per 64 bytes where a loop over
/// 16 has four, and a separator every ~20 bytes makes each of them a coin.
inline uint64_t separators64(const unsigned char *P) {
  return uint64_t(separators16(P)) | uint64_t(separators16(P + 16)) << 16 |
         uint64_t(separators16(P + 32)) << 32 |
         uint64_t(separators16(P + 48)) << 48;
}

/// pairs16 over 64 bytes (reads P[0..65)).
inline uint64_t pairs64(const unsigned char *P, char A, char B) {
  return uint64_t(pairs16(P, A, B)) | uint64_t(pairs16(P + 16, A, B)) << 16 |
         uint64_t(pairs16(P + 32, A, B)) << 32 |
         uint64_t(pairs16(P + 48, A, B)) << 48;
}

} // namespace credtaint::rt::bytes

#endif
