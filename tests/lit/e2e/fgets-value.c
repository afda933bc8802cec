// A password read with fgets is the line without its terminator: the
// credential's length leaves the "\n" out, and value matching finds the
// password written without it (here through a copy whose labels were lost,
// as in uninstrumented code), once.
// SECRET: pw-FgetsE2e-0123456789abcdef
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs && printf 'pw-FgetsE2e-0123456789abcdef\n' > %t.pw
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %t.pw > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <sanitizer/dfsan_interface.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char db_password[128] = {0};
  FILE *f = fopen(argv[1], "r");
  if (!f || !fgets(db_password, sizeof db_password, f))
    return 1;
  fclose(f);
  char copy[128];
  memcpy(copy, db_password, strcspn(db_password, "\n"));
  copy[strcspn(db_password, "\n")] = '\0';
  dfsan_set_label(0, copy, sizeof copy);
  fwrite(copy, 1, strlen(copy), stderr);
// CHECK: ==CREDTAINT: secret-in-log: password db_password ({{.*}}, 28 bytes) reached fwrite(stderr) at {{.*}}fgets-value.c:[[@LINE-1]]
// CHECK: detector match
  return 0;
}
// JSON: "detector":"match"{{.*}}"credential":{"kind":"password","name":"db_password",{{.*}}"length":28
