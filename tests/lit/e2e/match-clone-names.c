// A function's name in a record is its source name: DFSan renames every
// instrumented C function NAME.dfsan, and value matching, which names the
// caller of the interposed call from the stack, must not print that (nor
// may the trace). Here only value matching sees the leak: the copy's labels
// are cleared, as uninstrumented code would lose them.
// SECRET: tok_CloneNamesE2e0123456789abcdef
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_CloneNamesE2e0123456789abcdef %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: not grep -F .dfsan %t.err %records
#include <sanitizer/dfsan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void emit(const char *line) {
  fwrite(line, 1, strlen(line), stderr);
}

int main(void) {
  char copy[128];
  snprintf(copy, sizeof copy, "%s\n", getenv("API_TOKEN"));
  dfsan_set_label(0, copy, sizeof copy);
  emit(copy);
  return 0;
}
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} reached fwrite(stderr) at {{.*}}match-clone-names.c:20
// CHECK: detector match
// CHECK: SUMMARY: CREDTAINT: secret-in-log {{.*}}match-clone-names.c:20:{{[0-9]+}} in emit{{$}}
// JSON: "detector":"match"{{.*}}"caller":"emit"
