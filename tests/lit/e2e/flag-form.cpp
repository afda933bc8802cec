// credtaint as flags, with the clang credtaint was built for and no wrapper:
// `clang --config <file>` and credtaint-config's flags compile and link
// as the wrapper does (no unused-argument warning on either step, even
// under -Werror), the runtime goes into executables and never into shared
// libraries, and a finding crosses from the program into its instrumented
// shared library.
// SECRET: e2e-fake-flagform-pw-61Qx
// RUN: rm -rf %t.dir %t.logs && mkdir -p %t.dir
//
// The configuration file, compile and link as separate steps.
// RUN: %clang --config %cfg -Werror -fPIC -c %S/Inputs/prebuilt.c -o %t.dir/prebuilt.o
// RUN: %clangxx --config %cfg -Werror -fPIC -shared %S/Inputs/service.cpp %t.dir/prebuilt.o -o %t.dir/libservice.so
// RUN: %clangxx --config %cfg -Werror -c %s -o %t.dir/main.o
// RUN: %clangxx --config %cfg -Werror %t.dir/main.o -L%t.dir -lservice -Wl,-rpath,%t.dir -o %t.dir/app
// RUN: llvm-nm --defined-only %t.dir/libservice.so | FileCheck --check-prefix=SHARED --implicit-check-not=' T __credtaint_' --implicit-check-not=' T dfsan_' %s
// RUN: llvm-nm --defined-only %t.dir/app | FileCheck --check-prefix=EXE %s
// RUN: env SERVICE_PASSWORD=e2e-fake-flagform-pw-61Qx CREDTAINT_OPTIONS=%ctopts %t.dir/app 2> %t.err
// RUN: FileCheck %s < %t.err
//
// credtaint-config's flags, as autotools' CFLAGS, LDFLAGS and LIBS.
// RUN: bash -c '%clangxx $(%credtaint-config --cxxflags) -Werror -c %s -o %t.dir/main2.o'
// RUN: bash -c '%clangxx $(%credtaint-config --ldflags) -Werror %t.dir/main2.o -L%t.dir -lservice -Wl,-rpath,%t.dir $(%credtaint-config --libs) -o %t.dir/app2'
// RUN: env SERVICE_PASSWORD=e2e-fake-flagform-pw-61Qx CREDTAINT_OPTIONS=%ctopts %t.dir/app2 2> %t.err2
// RUN: FileCheck %s < %t.err2
//
// credtaint-config's own errors: one line each.
// RUN: not %credtaint-config --bogus 2>&1 | FileCheck --check-prefix=BADOPT %s
// RUN: not %credtaint-config --compiler=%S/Inputs/fake-clang.sh --cflags 2>&1 | FileCheck --check-prefix=WRONGCC %s
// RUN: %credtaint-config --config-file --llvm-version | FileCheck --check-prefix=INFO %s
#include <cstdlib>
#include <string>
void log_login(const std::string &user, const std::string &password);
int main() {
  const char *pw = std::getenv("SERVICE_PASSWORD");
  log_login("svc-backup", pw ? pw : "");
}
// SHARED: _Z9log_loginRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEES6_
// EXE-DAG: T __credtaint_
// EXE-DAG: T dfsan_set_label
// CHECK: CREDTAINT: secret-in-log: {{.*}}SERVICE_PASSWORD{{.*}} reached fprintf(stderr) at {{.*}}service.cpp:6
// BADOPT: credtaint-config: unknown option '--bogus' (--help lists them)
// WRONGCC: credtaint-config: {{.*}}fake-clang.sh is clang 99, but credtaint was built for clang {{[0-9]+}}; use clang-{{[0-9]+}}
// INFO: {{.*}}/share/credtaint/credtaint-{{[0-9]+}}.cfg
// INFO-NEXT: {{[0-9]+}}
