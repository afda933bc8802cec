// A wchar_t password and a token widened with mbstowcs reach the wide
// stdio sinks: wprintf (stdout), fwprintf, fputws and a putwc loop
// (stderr), each one secret-in-log finding with the declaration (or
// getenv) as its source; labels survive wcscpy and mbstowcs, and wcstombs
// back to narrow text written with write(2). A masked preview
// ("****" and the last four characters) and a wide string that is no
// credential are no finding.
// SECRET: Wide-Pa55word-e2e-fake
// SECRET: tok_WidePrintfE2e0123456789abcdef
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_WidePrintfE2e0123456789abcdef %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 7
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// The same program built with plain clang, under credtaint-run: value
// matching finds the token (the one credential it knows, from the
// environment) in the wchar_t text wprintf is given.
// RUN: %clang -O1 %s -o %t.plain
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_WidePrintfE2e0123456789abcdef credtaint-run -- %t.plain > %t.out 2> %t.err2
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=MATCH %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

int main(void) {
  wchar_t password[] = L"Wide-Pa55word-e2e-fake"; // source
  wprintf(L"login with %ls\n", password);
// CHECK: ==CREDTAINT: secret-in-log: password password (****{{.*}}, 22 bytes) reached wprintf(stdout) at {{.*}}wide-printf.c:[[@LINE-1]]
// CHECK-NEXT: #0 source declaration in main {{.*}}wide-printf.c:[[@LINE-3]]
// CHECK: #{{[0-9]+}} sink wprintf(stdout) in main {{.*}}wide-printf.c:[[@LINE-3]]
// CHECK: detector flow
  fwprintf(stderr, L"password=%ls\n", password);
// CHECK: ==CREDTAINT: secret-in-log: password password ({{.*}}, 22 bytes) reached fwprintf(stderr) at {{.*}}wide-printf.c:[[@LINE-1]]

  wchar_t copy[64];
  wcscpy(copy, password);
  fputws(copy, stderr);
// CHECK: ==CREDTAINT: secret-in-log: password password ({{.*}}, 22 bytes) reached fputws(stderr) at {{.*}}wide-printf.c:[[@LINE-1]]
  fputwc(L'\n', stderr);

  for (const wchar_t *p = password; *p; ++p)
    putwc(*p, stderr);
// CHECK: ==CREDTAINT: secret-in-log: password password ({{.*}}, 22 bytes) reached putwc(stderr) at {{.*}}wide-printf.c:[[@LINE-1]]
  putwc(L'\n', stderr);

  wchar_t wtoken[128];
  mbstowcs(wtoken, getenv("API_TOKEN"), 128);
  wprintf(L"%ls\n", wtoken);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 33 bytes) reached wprintf(stdout) at {{.*}}wide-printf.c:[[@LINE-1]]
// CHECK: #0 source getenv("API_TOKEN") in main {{.*}}wide-printf.c:[[@LINE-3]]

  char narrow[128];
  size_t n = wcstombs(narrow, password, sizeof narrow);
  (void)!write(2, narrow, n);
// CHECK: ==CREDTAINT: secret-in-log: password password ({{.*}}, 22 bytes) reached write(stderr) at {{.*}}wide-printf.c:[[@LINE-1]]
  (void)!write(2, "\n", 1);

  // A wide %s is still narrow text.
  fwprintf(stderr, L"again %s\n", narrow);
// CHECK: ==CREDTAINT: secret-in-log: password password ({{.*}}, 22 bytes) reached fwprintf(stderr) at {{.*}}wide-printf.c:[[@LINE-1]]

  // No finding: a masked preview, and wide text that is no credential.
  wprintf(L"password ****%ls\n", password + wcslen(password) - 4);
  wchar_t greeting[] = L"hello, wide world of plain text";
  wprintf(L"%ls\n", greeting);
  fputws(greeting, stderr);
  return 0;
}
// JSON: "rule":"secret-in-log"{{.*}}"detector":"flow"{{.*}}"credential":{"kind":"password","name":"password"{{.*}}"length":22{{.*}}"sink":{"category":"log","function":"wprintf(stdout)"
// JSON: "function":"fwprintf(stderr)"
// JSON: "function":"fputws(stderr)"
// JSON: "function":"putwc(stderr)"
// JSON: "name":"API_TOKEN"{{.*}}"function":"wprintf(stdout)"
// JSON: "function":"write(stderr)"
// JSON: "function":"fwprintf(stderr)"
// MATCH: "rule":"secret-in-log"{{.*}}"detector":"match"{{.*}}"name":"API_TOKEN"{{.*}}"function":"wprintf(stdout)"
