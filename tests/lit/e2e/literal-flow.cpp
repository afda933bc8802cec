// A hardcoded key passed straight to a call, bound to no credential name: the
// plugin warns about it, and the pass labels the literal's bytes at start-up
// so that its flow to a log is reported too. The literal in a comment-
// suppressed line or a lookalike placeholder is not labelled.
// SECRET: AKIAZ5E2LITQ7R3XW6PN
// RUN: %credtaint-cxx -O0 %s -o %t 2> %t.build
// RUN: FileCheck --check-prefix=BUILD %s < %t.build
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <cstdio>

static void connect_with(const char *key_material) {
  std::printf("connecting with %s\n", key_material); // line 15
}

int main() {
  connect_with("AKIAZ5E2LITQ7R3XW6PN"); // line 19
  connect_with("AKIAIOSFODNN7EXAMPLE"); // an example value: allowlisted
  return 0;
}
// BUILD: literal-flow.cpp:19:{{[0-9]+}}: warning: hardcoded credential
// CHECK: secret-in-log: cloud-credential literal:aws-access-key-id (AKIA{{.*}}, 20 bytes) reached printf(stdout) at {{.*}}literal-flow.cpp:15
// CHECK-NEXT: #0 source declaration in main {{.*}}literal-flow.cpp:19
