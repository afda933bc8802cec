// A credential written from a SIGALRM handler while the main thread is, most
// of the time, inside the runtime (judging a 4 MiB buffer at each call).
// The handler's sink must neither deadlock (lock or allocate in the
// interrupted runtime; the timeout fails the test) nor be lost: the runtime
// defers it, lock-free, and reports it when the interrupted call returns.
// SECRET: stressSignalFake-0123456789abcdef
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 300 %t > /dev/null 2> %t.err
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret stressSignalFake- | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/time.h>
#include <unistd.h>

#include "credtaint/credtaint.h"

static char Token[] = "stressSignalFake-0123456789abcdef";
static volatile sig_atomic_t Handled = 0;

static void onAlarm(int) {
  (void)!write(2, Token, sizeof Token - 1); // handler sink
  Handled = Handled + 1;
}

int main() {
  credtaint_mark(Token, sizeof Token - 1, "token", "SIGNAL_TOKEN", "");
  constexpr size_t kBig = 4 << 20;
  char *Big = static_cast<char *>(std::calloc(kBig, 1));
  std::memcpy(Big + kBig - sizeof Token, Token, sizeof Token - 1);
  struct sigaction Sa = {};
  Sa.sa_handler = onAlarm;
  sigaction(SIGALRM, &Sa, nullptr);
  itimerval Every = {{0, 2000}, {0, 2000}};
  setitimer(ITIMER_REAL, &Every, nullptr);
  long Calls = 0;
  while (Handled < 40) {
    std::fwrite(Big, 1, kBig, stdout); // main sink
    ++Calls;
  }
  itimerval Off = {};
  setitimer(ITIMER_REAL, &Off, nullptr);
  std::fprintf(stderr, "handled %d signals over %ld calls\n", int(Handled), Calls);
  std::free(Big);
  return 0;
}
// CHECK: files=1 records=2 distinct=2
// ERR-DAG: CREDTAINT: secret-in-log: {{.*}} reached write(stderr) at {{.*}}stress-signal.cpp:[[@LINE-26]]
// ERR-DAG: CREDTAINT: secret-in-log: {{.*}} reached fwrite(stdout) at {{.*}}stress-signal.cpp:[[@LINE-11]]
// ERR: handled {{[0-9]+}} signals
