// credential-dumpable from C, with a private key: reported once at exit
// while the process may dump core, not after prctl(PR_SET_DUMPABLE, 0).
// SECRET: e2eDumpPrivKeyMaterial0123456789abcdef
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_PRIVATE_KEY=e2eDumpPrivKeyMaterial0123456789abcdef sh -c 'ulimit -c unlimited && exec "$0"' %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_PRIVATE_KEY=e2eDumpPrivKeyMaterial0123456789abcdef sh -c 'ulimit -c unlimited && exec "$0" protect' %t > %t.out 2> %t.protected.err
// RUN: not grep -F "CREDTAINT:" %t.protected.err
// RUN: not ls %t.logs/credtaint.*.jsonl
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "protect") == 0)
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  const char *private_key = getenv("SERVICE_PRIVATE_KEY");
  return private_key == NULL;
}
// CHECK: ==CREDTAINT: credential-dumpable: private-key SERVICE_PRIVATE_KEY ({{.*}}) reached core dump at {{.*}}exposure-dumpable.c:[[@LINE-3]]
