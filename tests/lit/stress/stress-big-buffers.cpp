// Very large and binary buffers at sinks: a 64 MiB buffer of NULs, 0xFF and
// invalid UTF-8 with a binary key inside it, and a credential whose name is
// not UTF-8. The records stay valid JSON and hold no raw value.
// SECRET: bigBufFake-0123456789
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 300 %t > /dev/null 2> %t.err
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret bigBufFake- --secret-hex 6269674275664661 --secret-hex 00fffe80c0 | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "credtaint/credtaint.h"

int main() {
  // A binary key: text, then NUL, 0xFF, 0xFE, a lone continuation byte and
  // a truncated two-byte sequence.
  static char Key[] = "bigBufFake-0123456789\0\xff\xfe\x80\xc0key";
  const size_t KeyLen = sizeof Key - 1;
  credtaint_mark(Key, KeyLen, "private-key", "BIN\xff\xfeKEY", "");

  constexpr size_t kBig = size_t(64) << 20;
  unsigned char *Big = static_cast<unsigned char *>(std::malloc(kBig));
  for (size_t I = 0; I < kBig; ++I)
    Big[I] = (unsigned char)((I * 2654435761u) >> 13); // NULs, 0xFF, anything
  std::memcpy(Big + kBig / 2, Key, KeyLen);
  std::fwrite(Big, 1, kBig, stdout);          // sink line 29
  (void)!write(1, Key, KeyLen);               // sink line 30
  std::fprintf(stderr, "wrote %zu bytes\n", kBig);
  std::free(Big);
  return 0;
}
// CHECK: files=1 records=2 distinct=2
// ERR-DAG: reached fwrite(stdout) at {{.*}}stress-big-buffers.cpp:29
// ERR-DAG: reached write(stdout) at {{.*}}stress-big-buffers.cpp:30
// ERR: wrote 67108864 bytes
