#!/usr/bin/env python3
"""Writes a C++ program with N sink sites, one a line, for stress-many-findings.

Each site writes 8 bytes of its argument to stderr: the part that tells
the credentials apart, and enough of one not to be a masked preview. main() marks C credentials (C from argv[1]) and
sends each to every site, so the run holds C x N distinct findings; at the
end it prints its peak RSS in KiB.
"""
import sys

n = int(sys.argv[1])
print('#include <cstdio>\n#include <cstdlib>\n#include <sys/resource.h>\n'
      '#include <unistd.h>\n#include "credtaint/credtaint.h"')
print("typedef void (*Site)(const char *);")
for i in range(n):
    print(f"static void site{i}(const char *T) {{ (void)!write(2, T + 17, 8); }}")
print("static const Site kSites[] = {" + ", ".join(f"site{i}" for i in range(n)) + "};")
print(r'''
int main(int argc, char **argv) {
  int Creds = argc > 1 ? std::atoi(argv[1]) : 1;
  static char Tokens[1000][40];
  for (int C = 0; C < Creds && C < 1000; ++C) {
    // SECRET lines live in the test source: manyFindingsFake-
    std::snprintf(Tokens[C], sizeof Tokens[C], "manyFindingsFake-%04d-0123456789ab", C);
    credtaint_mark(Tokens[C], 34, "token", "MANY_TOKEN", "");
  }
  for (int C = 0; C < Creds && C < 1000; ++C)
    for (Site S : kSites)
      S(Tokens[C]);
  struct rusage U;
  getrusage(RUSAGE_SELF, &U);
  std::printf("maxrss_kb=%ld\n", U.ru_maxrss);
  return 0;
}''')
