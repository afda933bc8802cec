// credential-in-temp-file: a credential written to a file in a temporary
// directory ($TMPDIR here) whose name is predictable (not made by mkstemp)
// or whose mode lets others read it. The record carries the mode and how
// the file was created. Clean twin: mkstemp (0600), written, unlinked
// before exit. A mkstemp file opened up to others (0644) is a finding.
// SECRET: ghp_e2eTempFileToken0123456789abcdefAB
// RUN: rm -rf %t.tmp && mkdir -p %t.tmp
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts TMPDIR=%t.tmp API_TOKEN=ghp_e2eTempFileToken0123456789abcdefAB %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// What the test wrote holds the credential: gone.
// RUN: rm -rf %t.tmp
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  const char *token = getenv("API_TOKEN");
  const char *dir = getenv("TMPDIR");
  char path[4096];
  umask(022);

  // A fixed name, the default mode.
  snprintf(path, sizeof path, "%s/service-token.txt", dir);
  FILE *f = fopen(path, "w");
  fputs(token, f);
// CHECK: ==CREDTAINT: credential-in-temp-file: token API_TOKEN ({{.*}}) reached fputs to {{.*}}service-token.txt (mode 0644, created by this process with open) at {{.*}}exposure-temp-file.c:[[@LINE-1]]
// CHECK: rule credential-in-temp-file (CWE-377, medium)
  fclose(f);

  // A fixed name, owner-only: still predictable (a symlink planted there
  // first takes the write).
  snprintf(path, sizeof path, "%s/handoff.cred", dir);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  (void)!write(fd, token, strlen(token));
// CHECK: ==CREDTAINT: credential-in-temp-file: token API_TOKEN ({{.*}}) reached write to {{.*}}handoff.cred (mode 0600, created by this process with open) at {{.*}}exposure-temp-file.c:[[@LINE-1]]
  close(fd);

  // mkstemp, opened up to others.
  snprintf(path, sizeof path, "%s/shareXXXXXX", dir);
  fd = mkstemp(path);
  fchmod(fd, 0644);
  (void)!write(fd, token, strlen(token));
// CHECK: ==CREDTAINT: credential-in-temp-file: token API_TOKEN ({{.*}}) reached write to {{.*}}share{{.*}} (mode 0644, created by this process with mkstemp) at {{.*}}exposure-temp-file.c:[[@LINE-1]]
  close(fd);

  // Fine: mkstemp, 0600, unlinked before exit.
  snprintf(path, sizeof path, "%s/pgpassXXXXXX", dir);
  fd = mkstemp(path);
  (void)!write(fd, token, strlen(token));
  close(fd);
  unlink(path);
  return 0;
}
// JSON: "rule":"credential-in-temp-file"{{.*}}"sink":{"category":"file","function":"fputs",{{.*}}"mode":"0644","created":true,"created_by":"open"}
// JSON: "rule":"credential-in-temp-file"{{.*}}"mode":"0600","created":true,"created_by":"open"}
// JSON: "rule":"credential-in-temp-file"{{.*}}"mode":"0644","created":true,"created_by":"mkstemp"}
