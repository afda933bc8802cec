// A secret logged by a forked child: the child writes its own record file,
// and the record survives the child's _exit.
// SECRET: glpat-e2eFake0123456789ab
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts GITLAB_TOKEN=glpat-e2eFake0123456789ab %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
// RUN: ls %t.logs/credtaint.*.jsonl | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

int main() {
  const char *token = std::getenv("GITLAB_TOKEN"); // source line 17
  pid_t child = fork();
  if (child == 0) {
    std::fprintf(stderr, "child sees %s\n", token); // sink line 20
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  std::printf("parent %d done\n", (int)getpid());
  return WEXITSTATUS(status);
}
// CHECK: CREDTAINT: secret-in-log: token GITLAB_TOKEN (glpat-****{{.*}}, 25 bytes) reached fprintf(stderr) at {{.*}}fork-child.cpp:20
// JSON: "sink":{"category":"log","function":"fprintf(stderr)"
// The parent loaded the token: its file has the one credential-seen record.
// RUN: cat %t.logs/credtaint-seen.*.jsonl | count 1
