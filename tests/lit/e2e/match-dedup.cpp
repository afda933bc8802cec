// The same leak seen by both detectors is one finding: at std::cerr, at
// fprintf (formatted by the interposer, so no byte in common with the
// hook's arguments) and at write(2), the pass's hook (flow) reports and the
// interposed call that follows (match) recognises the same bytes. A leak
// only match sees (through std::ostringstream) is reported by match.
// SECRET: tok_DedupE2e0123456789abcdefABCD
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_DedupE2e0123456789abcdefABCD %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 4
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <unistd.h>

int main() {
  const char *token = std::getenv("API_TOKEN");
  std::cerr << token << "\n";
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} at {{.*}}match-dedup.cpp:[[@LINE-1]]
// CHECK: detector flow
  std::fprintf(stderr, "token=%s\n", token);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} at {{.*}}match-dedup.cpp:[[@LINE-1]]
// CHECK: detector flow
  (void)!write(2, token, std::strlen(token));
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} at {{.*}}match-dedup.cpp:[[@LINE-1]]
// CHECK: detector flow
  std::ostringstream os;
  os << token;
  std::cout << os.str() << std::endl;
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} at {{.*}}match-dedup.cpp:[[@LINE-1]]
// CHECK: detector match
  return 0;
}
// JSON: "detector":"flow"
// JSON: "detector":"flow"
// JSON: "detector":"flow"
// JSON: "detector":"match"
