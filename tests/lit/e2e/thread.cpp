// A secret logged from a std::thread.
// SECRET: sk_live_e2eFake0123456789abcdefgh
// RUN: %credtaint-cxx -O1 %s -o %t -pthread
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <cstdio>
#include <string>
#include <thread>

int main() {
  std::string client_secret = "sk_live_e2eFake0123456789abcdefgh"; // source line 13
  std::thread worker([&] { std::fprintf(stderr, "worker: %s\n", client_secret.c_str()); }); // sink line 14
  worker.join();
}
// CHECK: CREDTAINT: secret-in-log: generic-secret client_secret (sk_live_****{{.*}}, 33 bytes) reached fprintf(stderr) at {{.*}}thread.cpp:14
// CHECK-NEXT: #0 source declaration in main {{.*}}thread.cpp:13
