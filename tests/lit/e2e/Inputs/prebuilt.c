/* Built with plain clang: an uninstrumented library the ABI list knows
 * nothing about, like a vendor SDK. */
#include <string.h>
int prebuilt_checksum(const char *s) {
  int sum = 0;
  for (size_t i = 0; i < strlen(s); ++i)
    sum += (unsigned char)s[i];
  return sum;
}
