// A finding, then execve: the record and the report block are on disk
// before the process image is replaced (no buffered state is lost).
// SECRET: stressExecFake-0123456789abcdef
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts STRESS_API_TOKEN=stressExecFake-0123456789abcdef %t > %t.out 2> %t.err
// RUN: python3 %S/Inputs/check_records.py %t.logs --secret stressExecFake- | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

int main() {
  const char *Token = std::getenv("STRESS_API_TOKEN");
  std::fprintf(stderr, "using %s\n", Token); // sink line 15
  char *const Argv[] = {const_cast<char *>("/bin/true"), nullptr};
  execv("/bin/true", Argv);
  std::perror("execv");
  return 1;
}
// CHECK: files=1 records=1 distinct=1
// ERR: CREDTAINT: secret-in-log: token STRESS_API_TOKEN {{.*}} at {{.*}}stress-exec.cpp:15
// ERR: SUMMARY: CREDTAINT: secret-in-log
