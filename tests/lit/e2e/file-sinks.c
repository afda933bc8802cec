// A credential written to a regular file is secret-in-file from the flow
// detector, whatever writes it (fputs and fprintf into fopen's FILE*, write
// into a descriptor, fwrite into fdopen(mkstemp())), with the file's path,
// mode and whether this process created it; one finding per leak (the
// interposed call that follows each hook sees the same bytes). A *.log
// file is a log. No finding: /dev/null, a pipe to a child, a credential
// store (~/.aws/credentials), and an owner-only temporary file the process
// creates and removes before it exits (a hand-off to a child); the same
// file left behind is reported at exit.
// SECRET: tok_FileSinksE2e0123456789abcdefAB
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs %t.dir %t.home && mkdir -p %t.dir %t.home/.aws
// RUN: env HOME=%t.home CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_FileSinksE2e0123456789abcdefAB %t %t.dir > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 5
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// What the program wrote holds its credential (the leak under test): gone.
// RUN: rm -rf %t.dir %t.home
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[4096];
static const char *in(const char *dir, const char *name) {
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

int main(int argc, char **argv) {
  const char *dir = argv[1];
  const char *token = getenv("API_TOKEN");
  umask(022);

  FILE *f = fopen(in(dir, "state.json"), "w");
  fputs(token, f);
// CHECK: ==CREDTAINT: secret-in-file: token API_TOKEN {{.*}} reached fputs to {{.*}}state.json (mode 0644, created by this process) at {{.*}}file-sinks.c:[[@LINE-1]]
// CHECK: detector flow
  fprintf(f, "{\"token\":\"%s\"}\n", token);
// CHECK: ==CREDTAINT: secret-in-file: token API_TOKEN {{.*}} reached fprintf to {{.*}}state.json {{.*}} at {{.*}}file-sinks.c:[[@LINE-1]]
  fclose(f);

  int fd = open(in(dir, "state.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0640);
  (void)!write(fd, token, strlen(token));
// CHECK: ==CREDTAINT: secret-in-file: token API_TOKEN {{.*}} reached write to {{.*}}state.bin (mode 0640, created by this process) at {{.*}}file-sinks.c:[[@LINE-1]]
  close(fd);

  FILE *log = fopen(in(dir, "service.log"), "a");
  fprintf(log, "auth %s\n", token);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} reached fprintf({{.*}}service.log) at {{.*}}file-sinks.c:[[@LINE-1]]
  fclose(log);

  FILE *null = fopen("/dev/null", "w");
  fputs(token, null);
  fclose(null);
  FILE *child = popen("cat > /dev/null", "w");
  fputs(token, child);
  pclose(child);
  FILE *store = fopen(in(getenv("HOME"), ".aws/credentials"), "w");
  fprintf(store, "[default]\naws_secret_access_key = %s\n", token);
  fclose(store);

  char handoff[4096];
  snprintf(handoff, sizeof handoff, "%s/pgpassXXXXXX", dir);
  int h = mkstemp(handoff);
  (void)!write(h, token, strlen(token));
  close(h);
  unlink(handoff);

  char kept[4096];
  snprintf(kept, sizeof kept, "%s/keptXXXXXX", dir);
  FILE *k = fdopen(mkstemp(kept), "w");
  fwrite(token, 1, strlen(token), k);
  fclose(k);
  return 0;
}
// The kept file, at exit:
// CHECK: ==CREDTAINT: secret-in-file: token API_TOKEN {{.*}} reached fwrite to {{.*}}kept{{.*}} (mode 0600, created by this process) at {{.*}}file-sinks.c:[[@LINE-5]]

// JSON: "rule":"secret-in-file"{{.*}}"detector":"flow"{{.*}}"sink":{"category":"file","function":"fputs",{{.*}}"path":"{{[^"]*}}state.json","mode":"0644","created":true}
// JSON: "rule":"secret-in-file"{{.*}}"sink":{"category":"file","function":"fprintf",
// JSON: "rule":"secret-in-file"{{.*}}"sink":{"category":"file","function":"write",{{.*}}"mode":"0640","created":true}
// JSON: "rule":"secret-in-log"{{.*}}"sink":{"category":"log","function":"fprintf({{.*}}service.log)","stream":"{{.*}}service.log"
// JSON: "rule":"secret-in-file"{{.*}}"sink":{"category":"file","function":"fwrite",{{.*}}"mode":"0600","created":true}
