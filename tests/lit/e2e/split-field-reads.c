// A document field split across two reads of a pipe is still one field:
// the writer sends an HTTP header block in two pieces, cut inside the
// X-Api-Key value, and the reader writes each piece to stderr as it reads
// it. The first piece ends in the value's first 10 bytes: they are
// labelled as read (the program may use them before it reads more), so
// writing that piece is a leak of them. The piece after the cut is the
// rest of the value, registered whole (26 bytes), so writing it is a leak
// of the whole credential. The clean twin (the
// same block with a header no credential name matches) is no finding.
// SECRET: splitKeyValueE2e0123456789
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t X-Api-Key > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t X-Trace-Id > %t.clean.out 2> %t.clean.err
// RUN: not grep -F "CREDTAINT:" %t.clean.err
// RUN: not ls %t.logs
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int fds[2];
  if (pipe(fds) != 0)
    return 1;
  pid_t child = fork();
  if (child == 0) {
    char first[256];
    snprintf(first, sizeof first, "GET /v1/items HTTP/1.1\r\nHost: api.internal\r\n%s: splitKeyVa", argv[1]);
    write(fds[1], first, strlen(first));
    usleep(100000); // the reader takes the first piece alone
    const char *second = "lueE2e0123456789\r\nAccept: */*\r\n\r\n";
    write(fds[1], second, strlen(second));
    _exit(0);
  }
  close(fds[1]);
  char buf[512];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0)
    fwrite(buf, 1, (size_t)n, stderr);
// CHECK: ==CREDTAINT: secret-in-log: api-key pipe:X-Api-Key ({{.*}}, 10 bytes) reached fwrite(stderr) at {{.*}}split-field-reads.c:[[@LINE-1]]
// CHECK: ==CREDTAINT: secret-in-log: api-key pipe:X-Api-Key ({{.*}}, 26 bytes) reached fwrite(stderr) at {{.*}}split-field-reads.c:[[@LINE-2]]
  waitpid(child, NULL, 0);
  return 0;
}
// JSON: "rule":"secret-in-log"{{.*}}"name":"pipe:X-Api-Key"{{.*}}"length":10
// JSON: "rule":"secret-in-log"{{.*}}"name":"pipe:X-Api-Key"{{.*}}"length":26
