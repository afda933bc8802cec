// Forks while four threads keep the runtime busy: a child may start while
// another thread held one of the runtime's locks. Every child must still
// report its own finding, in its own record file, and exit (no deadlock:
// the timeout fails the test); the parent keeps its findings in its file.
// SECRET: stressForkFake-0123456789abcdef
// RUN: %credtaint-cxx -O1 %s -o %t -pthread
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 300 %t > %t.out 2> %t.err
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret stressForkFake- | FileCheck %s
// RUN: FileCheck --check-prefix=OUT %s < %t.out
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "credtaint/credtaint.h"

constexpr int kChildren = 24;
static char Token[] = "stressForkFake-0123456789abcdef";
static std::atomic<bool> Stop{false};
static std::atomic<long> Calls{0};

static void busy() {
  while (!Stop) {
    (void)!write(2, Token, sizeof Token - 1); // thread sink
    ++Calls;
  }
}

int main() {
  credtaint_mark(Token, sizeof Token - 1, "token", "FORK_TOKEN", "");
  std::fprintf(stderr, "parent %s\n", Token); // parent sink
  std::vector<std::thread> Threads;
  for (int I = 0; I < 4; ++I)
    Threads.emplace_back(busy);
  while (Calls < 100)
    std::this_thread::yield();
  int Clean = 0;
  for (int I = 0; I < kChildren; ++I) {
    pid_t Child = fork();
    if (Child == 0) {
      std::fputs(Token, stderr); // child sink
      std::exit(0);
    }
    int Status = 0;
    waitpid(Child, &Status, 0);
    Clean += WIFEXITED(Status) && WEXITSTATUS(Status) == 0;
  }
  Stop = true;
  for (std::thread &T : Threads)
    T.join();
  std::printf("children exited cleanly: %d\n", Clean);
  return 0;
}
// Parent: the parent and thread sinks; each child: its own sink only.
// CHECK: files=25 records=26 distinct=3
// OUT: children exited cleanly: 24
