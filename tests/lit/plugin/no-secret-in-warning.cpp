// The warning for a hardcoded credential names it by a redacted preview and
// is printed without the source line under it (which holds the literal), so
// build logs carry no credential; -Werror still turns it into an error.
// SECRET: AKIAZ5E2WARNQ7R3XW6N
// RUN: %clangxx -fsyntax-only -fplugin=%plugin %s 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: not grep -F AKIAZ5E2WARNQ7R3XW6N %t.err
// RUN: not %clangxx -fsyntax-only -Werror -fplugin=%plugin %s 2> %t.werror
// RUN: FileCheck --check-prefix=WERROR %s < %t.werror
// RUN: not grep -F AKIAZ5E2WARNQ7R3XW6N %t.werror
void connect(const char *key_id);
void f() {
  connect("AKIAZ5E2WARNQ7R3XW6N"); // line 13

  int unused_but_warned = 1 / 0; // clang's own warning keeps its source line
}
// CHECK: warning: division by zero
// CHECK-NEXT: int unused_but_warned
// CHECK: no-secret-in-warning.cpp:13:{{[0-9]+}}: warning: hardcoded credential: {{.*}}(cloud-credential AKIA****{{.*}}, 20 bytes) [credtaint: aws-access-key-id]
// CHECK-NEXT: 2 warnings generated.
// WERROR: error: hardcoded credential
// WERROR: 2 errors generated.
