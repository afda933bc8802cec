// A std::string password field streamed to std::cerr.
// SECRET: Tr0ub4dor&3-e2e-fake
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <iostream>
#include <string>

struct DbConfig {
  std::string host;
  std::string password;
};

DbConfig load() { return DbConfig{"db.internal", "Tr0ub4dor&3-e2e-fake"}; } // source line 16

int main() {
  DbConfig cfg = load();
  std::cerr << "connecting to " << cfg.host << " with " << cfg.password << "\n"; // sink line 20
}
// CHECK: CREDTAINT: secret-in-log: password DbConfig::password (****{{.*}}, 20 bytes) reached std::ostream<<(std::cerr) at {{.*}}field-cerr.cpp:20
// CHECK-NEXT: #0 source declaration in load {{.*}}field-cerr.cpp:16
// CHECK: sink std::ostream<<(std::cerr) in main {{.*}}field-cerr.cpp:20
