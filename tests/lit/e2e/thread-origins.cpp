// The origin trace of a credential copied in threads: a std::thread (which
// libstdc++ starts, through the runtime's pthread_create), a thread the
// program starts with pthread_create (DFSan's own wrapper), and a
// std::thread started inside that one. Each copies the token with memcpy
// and into a std::string, past copies of bytes that carry no label (the
// runtime hands only labelled copies to DFSan's origin recording), and
// logs it from a helper: the trace names the source, the copy, and the
// sink's caller. A thread set up twice by DFSan would abort.
// SECRET: ghp_e2eFakeToken0123456789abcdefABCDEFxy
// RUN: %credtaint-cxx -O1 %s -o %t -pthread
// RUN: llvm-nm -D %t | FileCheck --check-prefix=EXPORT %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eFakeToken0123456789abcdefABCDEFxy %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 3
#include <pthread.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

static const char *token;

__attribute__((noinline)) static std::string copyToken() {
  std::string plain = "no credential in these bytes";
  char other[64];
  std::memcpy(other, plain.data(), plain.size() + 1);
  char buf[128];
  std::memcpy(buf, token, std::strlen(token) + 1); // copy line 31
  std::string copy(buf);
  return copy + other[0];
}

__attribute__((noinline)) static void logFromStdThread() {
  std::printf("std::thread uses %s\n", copyToken().c_str()); // sink line 37
}

__attribute__((noinline)) static void logFromNested() {
  std::printf("nested std::thread uses %s\n", copyToken().c_str()); // sink line 41
}

__attribute__((noinline)) static void logFromPthread() {
  std::printf("pthread uses %s\n", copyToken().c_str()); // sink line 45
}

static void *pthreadWorker(void *) {
  logFromPthread();
  std::thread nested(logFromNested);
  nested.join();
  return nullptr;
}

int main() {
  token = std::getenv("API_TOKEN"); // source line 56
  std::thread worker(logFromStdThread);
  worker.join();
  pthread_t t;
  if (pthread_create(&t, nullptr, pthreadWorker, nullptr) != 0)
    return 1;
  pthread_join(t, nullptr);
  return 0;
}
// The executable's pthread_create is the one libstdc++ calls.
// EXPORT: T pthread_create

// CHECK: secret-in-log: token API_TOKEN ({{.*}}) reached printf(stdout) at {{.*}}thread-origins.cpp:37
// CHECK-NEXT: #0 source getenv("API_TOKEN") in main {{.*}}thread-origins.cpp:56
// CHECK: through in copyToken {{.*}}thread-origins.cpp:31
// CHECK: sink printf(stdout) in logFromStdThread {{.*}}thread-origins.cpp:37
// CHECK: secret-in-log: token API_TOKEN ({{.*}}) reached printf(stdout) at {{.*}}thread-origins.cpp:45
// CHECK-NEXT: #0 source getenv("API_TOKEN") in main {{.*}}thread-origins.cpp:56
// CHECK: through in copyToken {{.*}}thread-origins.cpp:31
// CHECK: sink printf(stdout) in logFromPthread {{.*}}thread-origins.cpp:45
// CHECK: secret-in-log: token API_TOKEN ({{.*}}) reached printf(stdout) at {{.*}}thread-origins.cpp:41
// CHECK-NEXT: #0 source getenv("API_TOKEN") in main {{.*}}thread-origins.cpp:56
// CHECK: through in copyToken {{.*}}thread-origins.cpp:31
// CHECK: sink printf(stdout) in logFromNested {{.*}}thread-origins.cpp:41
