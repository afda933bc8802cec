// A document mapped with mmap is a source as a document read is: the JSON
// config is mapped whole and written to stderr, and the finding is its
// password field alone (19 bytes), named file:config.json:db_password, its
// source the line that mapped it. The clean twin (the same config with no
// credential in it, mapped and written the same way) is no finding; nor is
// a mapping that is not a file's (anonymous memory).
// SECRET: JsonCfgPassw0rd-e2e
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %S/Inputs/documents/secret/config.json > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %S/Inputs/documents/clean/config.json > %t.clean.out 2> %t.clean.err
// RUN: not grep -F "CREDTAINT:" %t.clean.err
// RUN: not ls %t.logs
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0)
    return 1;
  const char *text = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (text == MAP_FAILED)
    return 1;
  close(fd);
  fwrite(text, 1, (size_t)st.st_size, stderr);
// CHECK: ==CREDTAINT: secret-in-log: password file:config.json:db_password ({{.*}}, 19 bytes) reached fwrite(stderr) at {{.*}}mmap-sources.c:[[@LINE-1]]
// CHECK: #0 source mmap from {{.*}}config.json in main {{.*}}mmap-sources.c:[[@LINE-6]]
  munmap((void *)text, (size_t)st.st_size);

  char *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(anon, "{\"note\": \"anonymous memory\"}\n");
  fputs(anon, stderr);
  munmap(anon, 4096);
  return 0;
}
// JSON: "rule":"secret-in-log"{{.*}}"name":"file:config.json:db_password"{{.*}}"how":"mmap from
