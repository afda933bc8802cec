/* A stand-in for libsodium's sodium_memzero, built with plain clang (the
 * real library may not be installed): it clears as libsodium does, through
 * volatile stores the compiler must keep. Uninstrumented, as libsodium
 * would be, so DFSan cannot see it clear anything. */
#include <stddef.h>

void sodium_memzero(void *const pnt, const size_t len) {
  volatile unsigned char *volatile p = (volatile unsigned char *volatile)pnt;
  for (size_t i = 0; i < len; ++i)
    p[i] = 0;
}
