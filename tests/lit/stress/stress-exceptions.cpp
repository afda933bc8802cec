// C++ exceptions thrown through instrumented frames carry tainted data: a
// destructor logs the credential while the stack unwinds, and the handler
// logs the exception object it caught. A thousand throws, no crash, and
// each distinct finding recorded once.
// SECRET: stressExcFake-0123456789abcdef
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:symbolize=0 STRESS_PASSWORD=stressExcFake-0123456789abcdef %t > %t.out 2> %t.err
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret stressExcFake- | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

struct AuthError {
  char Detail[96];
};

struct LogOnUnwind {
  const char *Secret;
  ~LogOnUnwind() {
    if (std::uncaught_exceptions())
      std::fprintf(stderr, "unwinding with %s\n", Secret); // sink line 26
  }
};

[[noreturn]] __attribute__((noinline)) void check(const char *Password, int Depth) {
  LogOnUnwind Guard{Password};
  if (Depth > 0)
    check(Password, Depth - 1);
  AuthError E;
  std::snprintf(E.Detail, sizeof E.Detail, "rejected %s", Password);
  throw E;
}

int main() {
  const char *Password = std::getenv("STRESS_PASSWORD");
  int Caught = 0;
  for (int I = 0; I < 1000; ++I) {
    try {
      check(Password, I % 8);
    } catch (const AuthError &E) {
      std::fprintf(stderr, "caught: %s\n", E.Detail); // sink line 46
      ++Caught;
    }
  }
  std::printf("caught %d\n", Caught);
  return 0;
}
// CHECK: files=1 records=2 distinct=2
// ERR-DAG: CREDTAINT: secret-in-log: password STRESS_PASSWORD {{.*}} at {{.*}}stress-exceptions.cpp:26
// ERR-DAG: CREDTAINT: secret-in-log: password STRESS_PASSWORD {{.*}} at {{.*}}stress-exceptions.cpp:46
// OUT: caught 1000
