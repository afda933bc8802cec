// 16 threads each make 1000 sink calls at once: 4 call sites, each thread
// with its own credential. Every distinct finding (16 credentials x 4 sites)
// is recorded exactly once, every record is one well-formed JSON line, and
// the program neither crashes nor deadlocks (timeout).
// SECRET: stressThreadFake-
// RUN: %credtaint-cxx -O1 -g %s -o %t -pthread
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 300 %t > %t.out 2> %t.err
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret stressThreadFake- | FileCheck %s
// RUN: grep -c 'SUMMARY: CREDTAINT: secret-in-log' %t.err | FileCheck --check-prefix=BLOCKS %s
// RUN: grep -c '^worker' %t.out | FileCheck --check-prefix=CALLS %s
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "credtaint/credtaint.h"

constexpr int kThreads = 16, kCalls = 1000;

static void worker(int Id) {
  char Token[40];
  std::snprintf(Token, sizeof Token, "stressThreadFake-%02d-0123456789abcdef", Id);
  credtaint_mark(Token, std::strlen(Token), "token", "THREAD_TOKEN", "");
  char Line[96];
  for (int I = 0; I < kCalls; ++I) {
    switch (I % 4) {
    case 0: std::fprintf(stderr, "t%d %s\n", Id, Token); break;
    case 1: std::fputs(Token, stderr); break;
    case 2: (void)!write(2, Token, std::strlen(Token)); break;
    case 3:
      std::snprintf(Line, sizeof Line, "worker %d call %d\n", Id, I);
      std::fputs(Line, stdout);
      std::fwrite(Token, 1, std::strlen(Token), stderr);
      break;
    }
  }
}

int main() {
  std::vector<std::thread> Threads;
  for (int T = 0; T < kThreads; ++T)
    Threads.emplace_back(worker, T);
  for (std::thread &T : Threads)
    T.join();
  return 0;
}
// CHECK: files=1 records=64 distinct=64
// BLOCKS: 64
// CALLS: 4000
