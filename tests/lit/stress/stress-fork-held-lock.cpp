// The main thread forks while another thread's report is blocked writing to
// a full pipe, holding the reporter's lock. The child's own finding needs
// that lock: without the runtime's fork handlers the child would wait for
// it forever (the timeout fails the test). With them fork() waits until the
// lock is free, and the child starts with every runtime lock released.
// The pipe's reader starts a second after the program says it is about to
// fork (the ready file), while the thread is known to be blocked in write.
// SECRET: heldLockForkFake-0123456789abcdef
// RUN: %credtaint-cxx -O1 %s -o %t -pthread
// RUN: rm -rf %t.logs %t.ready
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 timeout 120 sh -c '%t %t.ready 2>&1 >/dev/null | (while [ ! -e %t.ready ]; do sleep 0.05; done; sleep 1; cat) > %t.err'
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret heldLockForkFake- | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "credtaint/credtaint.h"

static char Token[] = "heldLockForkFake-0123456789abcdef";

/// Whether thread Tid of this process is blocked in write(2) (the first
/// field of /proc/self/task/<tid>/syscall is the syscall's number).
static bool blockedInWrite(long Tid) {
  std::string Path = "/proc/self/task/" + std::to_string(Tid) + "/syscall";
  char Buf[64] = {0};
  int Fd = open(Path.c_str(), O_RDONLY);
  if (Fd < 0)
    return false;
  ssize_t N = read(Fd, Buf, sizeof Buf - 1);
  close(Fd);
  return N > 0 && std::atol(Buf) == SYS_write;
}

int main(int Argc, char **Argv) {
  if (Argc != 2)
    return 2;
  credtaint_mark(Token, sizeof Token - 1, "token", "HELD_LOCK_TOKEN", "");
  // Fill the pipe to stderr (64 KiB): the thread's report block then blocks.
  static char Junk[65536];
  std::memset(Junk, '\n', sizeof Junk);
  (void)!write(2, Junk, sizeof Junk);
  std::atomic<long> Tid{0};
  std::thread Writer([&] {
    Tid = syscall(SYS_gettid);
    std::fputs(Token, stderr); // thread sink
  });
  for (int Waited = 0; Waited < 60000; ++Waited) {
    if (Tid && blockedInWrite(Tid))
      break;
    usleep(1000);
  }
  close(open(Argv[1], O_WRONLY | O_CREAT, 0600));
  pid_t Child = fork();
  if (Child == 0) {
    std::fprintf(stderr, "child %s\n", Token); // child sink
    std::exit(0);
  }
  int Status = -1;
  waitpid(Child, &Status, 0);
  Writer.join();
  std::fprintf(stderr, "\nchild exited %d\n",
               WIFEXITED(Status) ? WEXITSTATUS(Status) : -1);
  return 0;
}
// CHECK: files=2 records=2 distinct=2
// ERR-DAG: reached fputs(stderr) at {{.*}}stress-fork-held-lock.cpp:[[@LINE-21]]
// ERR-DAG: reached fprintf(stderr) at {{.*}}stress-fork-held-lock.cpp:[[@LINE-12]]
// ERR: child exited 0
