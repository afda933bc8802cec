// A credential written one character at a time is one finding at the
// loop's line, with the credential's whole length: putchar, fputc and putc,
// each judged by the flow detector (value matching, which joins the same
// characters through the stream's seam, adds no second finding). A loop
// that prints only the last four characters (a masked preview) is none.
// SECRET: tok_CharLoopE2e0123456789abcdefABCD
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_CharLoopE2e0123456789abcdefABCD %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// The same program built with plain clang, under credtaint-run: value
// matching alone finds each loop once.
// RUN: %clang -O1 %s -o %t.plain
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_CharLoopE2e0123456789abcdefABCD credtaint-run -- %t.plain > %t.out 2> %t.err2
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=MATCH %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  const char *token = getenv("API_TOKEN");
  for (const char *p = token; *p; ++p) putchar(*p);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 35 bytes) reached putchar(stdout) at {{.*}}char-loop.c:[[@LINE-1]]
// CHECK: detector flow
  putchar('\n');
  for (size_t i = 0; token[i]; ++i)
    fputc(token[i], stderr);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 35 bytes) reached fputc(stderr) at {{.*}}char-loop.c:[[@LINE-1]]
  fputc('\n', stderr);
  for (size_t i = strlen(token) - 4; token[i]; ++i)
    putc(token[i], stdout);
  putc('\n', stdout);
  fprintf(stderr, "%s\n", "and once more, at exit:");
  for (const char *p = token; *p; ++p) putc(*p, stderr);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 35 bytes) reached putc(stderr) at {{.*}}char-loop.c:[[@LINE-1]]
  return 0;
}
// JSON: "rule":"secret-in-log"{{.*}}"detector":"flow"{{.*}}"function":"putchar(stdout)"{{.*}}"bytes":35
// JSON: "rule":"secret-in-log"{{.*}}"detector":"flow"{{.*}}"function":"fputc(stderr)"{{.*}}"bytes":35
// JSON: "rule":"secret-in-log"{{.*}}"detector":"flow"{{.*}}"function":"putc(stderr)"{{.*}}"bytes":35
// MATCH: "rule":"secret-in-log"{{.*}}"detector":"match"{{.*}}"function":"{{putc|putchar}}(stdout)"{{.*}}"bytes":35
// MATCH: "rule":"secret-in-log"{{.*}}"detector":"match"{{.*}}"function":"fputc(stderr)"{{.*}}"bytes":35
// MATCH: "rule":"secret-in-log"{{.*}}"detector":"match"{{.*}}"function":"putc(stderr)"{{.*}}"bytes":35
