// A token read with getenv and printed with printf is one secret-in-log
// finding, with the getenv line as source, the printf line as sink, a trace,
// and a JSONL record that holds no raw credential.
// SECRET: ghp_e2eFakeToken0123456789abcdefABCDEFxy
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eFakeToken0123456789abcdefABCDEFxy %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>

int main() {
  const char *token = std::getenv("API_TOKEN"); // source line 15
  std::printf("calling the API with %s\n", token); // sink line 16
  return 0;
}
// CHECK: ==[[PID:[0-9]+]]==CREDTAINT: secret-in-log: token API_TOKEN (ghp_****{{.*}}, 40 bytes) reached printf(stdout) at {{.*}}getenv-printf.cpp:16:3
// CHECK-NEXT: #0 source getenv("API_TOKEN") in main {{.*}}getenv-printf.cpp:15
// CHECK-NEXT: #1 sink printf(stdout) in main {{.*}}getenv-printf.cpp:16:3
// CHECK-NEXT: rule secret-in-log (CWE-532, high), detector flow, credtaint/v1:{{[0-9a-f]+}}
// CHECK-NEXT: credential hmac-sha256:test-k1:{{[0-9a-f]+}}
// CHECK-NEXT: SUMMARY: CREDTAINT: secret-in-log {{.*}}getenv-printf.cpp:16:3 in main
// JSON: "rule":"secret-in-log"
// JSON-SAME: "cwe":532
// JSON-SAME: "detector":"flow"
// JSON-SAME: "credential":{"kind":"token","name":"API_TOKEN","fingerprint":"hmac-sha256:test-k1:
// JSON-SAME: "preview":"ghp_****
// JSON-SAME: "length":40
// JSON-SAME: "source":{"file":"{{[^"]*}}getenv-printf.cpp","line":15
// JSON-SAME: "sink":{"category":"log","function":"printf(stdout)","stream":"stdout","file":"{{[^"]*}}getenv-printf.cpp","line":16
// JSON-SAME: "trace":[{"step":"source"
// JSON-SAME: {"step":"sink"
