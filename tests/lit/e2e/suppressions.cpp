// A suppressions file silences matching findings and is summarised at exit;
// a malformed line is named with its file and line and skipped, the valid
// lines are kept; a missing file stops the program at start.
// SECRET: e2e-fake-legacy-pw-1234
// SECRET: ghp_e2eSuppr0123456789abcdefABCDEFGH1111
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: printf '# known: the legacy dump prints its password\ncredential:legacy_password\nbogus line\nfrobnicate:x\nsrc:*/no/such/dir/*\n' > %t.supp
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:suppressions=%t.supp GITHUB_TOKEN=ghp_e2eSuppr0123456789abcdefABCDEFGH1111 %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
// RUN: env CREDTAINT_OPTIONS=%ctopts:suppressions=%t.missing not %t 2>&1 | FileCheck --check-prefix=MISSING %s
#include <cstdio>
#include <cstdlib>
#include <string>

int main() {
  std::string legacy_password = "e2e-fake-legacy-pw-1234";
  std::printf("legacy dump: %s\n", legacy_password.c_str());
  const char *token = std::getenv("GITHUB_TOKEN");
  std::fprintf(stderr, "token: %s\n", token);
}
// CHECK: WARNING: {{.*}}.supp:3: expected type:pattern; line ignored
// CHECK: WARNING: {{.*}}.supp:4: unknown suppression type 'frobnicate' (expected rule, src, fun, sink or credential); line ignored
// CHECK-NOT: legacy_password (
// CHECK: CREDTAINT: secret-in-log: token GITHUB_TOKEN
// CHECK: Suppressions used:
// CHECK-NEXT: count type:pattern
// CHECK-NEXT: 1 credential:legacy_password
// MISSING: CREDTAINT: ERROR: cannot read suppressions file '{{.*}}.missing'
