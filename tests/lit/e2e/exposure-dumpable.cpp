// credential-dumpable: a process that holds a cloud credential and would
// dump core is reported once, at exit, low. Clean twins: the same process
// after prctl(PR_SET_DUMPABLE, 0), and with the core limit lit sets for
// every test (1 byte: no dump, piped or not).
// SECRET: e2eDumpAwsSecretKey0123456789abcdefABC
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts AWS_SECRET_ACCESS_KEY=e2eDumpAwsSecretKey0123456789abcdefABC sh -c 'ulimit -c unlimited && exec "$0"' %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts AWS_SECRET_ACCESS_KEY=e2eDumpAwsSecretKey0123456789abcdefABC sh -c 'ulimit -c unlimited && exec "$0" protect' %t > %t.out 2> %t.protected.err
// RUN: not grep -F "CREDTAINT:" %t.protected.err
// RUN: env CREDTAINT_OPTIONS=%ctopts AWS_SECRET_ACCESS_KEY=e2eDumpAwsSecretKey0123456789abcdefABC %t > %t.out 2> %t.nolimit.err
// RUN: not grep -F "CREDTAINT:" %t.nolimit.err
// RUN: not ls %t.logs/credtaint.*.jsonl
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/prctl.h>

int main(int argc, char **argv) {
  if (argc > 1 && std::strcmp(argv[1], "protect") == 0)
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  std::string key = std::getenv("AWS_SECRET_ACCESS_KEY");
  return key.empty();
}
// CHECK: ==CREDTAINT: credential-dumpable: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached core dump at {{.*}}exposure-dumpable.cpp:[[@LINE-3]]
// CHECK: rule credential-dumpable (CWE-528, low)
// JSON: "rule":"credential-dumpable","cwe":528,"severity":"low"{{.*}}"sink":{"category":"process","function":"core dump"
