// A SIGALRM handler writes a credential while the main thread is blocked
// inside the runtime, in the write of its first report block to a full
// pipe, holding the reporter's lock. The handler's sink must neither
// deadlock on that lock (the timeout fails the test) nor be lost: it is
// captured lock- and allocation-free and reported once the interrupted
// report returns.
// The reader of the pipe starts a second after the program says it is
// about to block (the ready file), never on a fixed clock: on a loaded
// machine a slow start-up would otherwise let the main sink finish, and the
// program exit, before the alarm.
// SECRET: blockedSignalFake-0123456789abcdef
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs %t.ready
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 120 sh -c '%t %t.ready 2>&1 >/dev/null | (while [ ! -e %t.ready ]; do sleep 0.05; done; sleep 1; cat) > %t.err'
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret blockedSignalFake- | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include "credtaint/credtaint.h"

static char Key[] = "blockedSignalFake-0123456789abcdef";
static volatile sig_atomic_t Handled = 0;

static void onAlarm(int) {
  (void)!write(2, Key, sizeof Key - 1); // handler sink
  Handled = 1;
}

int main(int Argc, char **Argv) {
  if (Argc != 2)
    return 2;
  credtaint_mark(Key, sizeof Key - 1, "api-key", "BLOCKED_KEY", "");
  // Fill the pipe to stderr (64 KiB) so that the next write blocks until
  // the reader starts, a second after the ready file appears.
  static char Junk[65536];
  std::memset(Junk, '\n', sizeof Junk);
  (void)!write(2, Junk, sizeof Junk);
  struct sigaction Sa = {};
  Sa.sa_handler = onAlarm;
  sigaction(SIGALRM, &Sa, nullptr);
  close(open(Argv[1], O_WRONLY | O_CREAT, 0600));
  itimerval Once = {{0, 0}, {0, 300000}};
  setitimer(ITIMER_REAL, &Once, nullptr);
  std::fputs(Key, stderr); // main sink: its report blocks on the pipe
  // The alarm is due before the reader starts; never exit before it rang.
  for (int Waited = 0; !Handled && Waited < 60000; ++Waited)
    usleep(1000);
  std::fputs(Handled ? "\nmain done\n" : "\nno alarm\n", stderr);
  return 0;
}
// CHECK: files=1 records=2 distinct=2
// ERR-DAG: reached write(stderr) at {{.*}}stress-signal-blocked.cpp:[[@LINE-27]]
// ERR-DAG: reached fputs(stderr) at {{.*}}stress-signal-blocked.cpp:[[@LINE-9]]
// ERR: main done
