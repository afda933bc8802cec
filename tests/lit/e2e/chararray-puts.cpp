// A password in a char array built with strncpy and strcat, then puts.
// SECRET: e2e-fake-hunter2-part2
// RUN: %credtaint-cc -O0 -x c %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <stdio.h>
#include <string.h>

int main(void) {
  char password[64];
  strncpy(password, "e2e-fake-hunter2", sizeof password - 1); // line 13
  password[sizeof password - 1] = 0;
  strcat(password, "-part2"); // source line 15
  puts(password); // sink line 16
  return 0;
}
// CHECK: CREDTAINT: secret-in-log: password password (****{{.*}}, 22 bytes) reached puts(stdout) at {{.*}}chararray-puts.cpp:16
// CHECK-NEXT: #0 source declaration in main {{.*}}chararray-puts.cpp:1{{[35]}}
// CHECK: sink puts(stdout) in main {{.*}}chararray-puts.cpp:16
