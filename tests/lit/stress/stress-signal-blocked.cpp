// A SIGALRM handler writes a credential while the main thread is blocked
// inside the runtime, in the write of its first report block to a full
// pipe, holding the reporter's lock. The handler's sink must neither
// deadlock on that lock (the timeout fails the test) nor be lost: it is
// captured lock- and allocation-free and reported once the interrupted
// report returns.
// SECRET: blockedSignalFake-0123456789abcdef
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 120 sh -c '%t 2>&1 >/dev/null | (sleep 2; cat) > %t.err'
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret blockedSignalFake- | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/time.h>
#include <unistd.h>

#include "credtaint/credtaint.h"

static char Key[] = "blockedSignalFake-0123456789abcdef";

static void onAlarm(int) {
  (void)!write(2, Key, sizeof Key - 1); // handler sink
}

int main() {
  credtaint_mark(Key, sizeof Key - 1, "api-key", "BLOCKED_KEY", "");
  // Fill the pipe to stderr (64 KiB) so that the next write blocks until
  // the reader starts, two seconds later.
  static char Junk[65536];
  std::memset(Junk, '\n', sizeof Junk);
  (void)!write(2, Junk, sizeof Junk);
  struct sigaction Sa = {};
  Sa.sa_handler = onAlarm;
  sigaction(SIGALRM, &Sa, nullptr);
  itimerval Once = {{0, 0}, {0, 300000}};
  setitimer(ITIMER_REAL, &Once, nullptr);
  std::fputs(Key, stderr); // main sink: its report blocks on the pipe
  std::fputs("\nmain done\n", stderr);
  return 0;
}
// CHECK: files=1 records=2 distinct=2
// ERR-DAG: reached write(stderr) at {{.*}}stress-signal-blocked.cpp:[[@LINE-20]]
// ERR-DAG: reached fputs(stderr) at {{.*}}stress-signal-blocked.cpp:[[@LINE-6]]
// ERR: main done
