// The wrappers are drop-in compilers: compile-only, link-only, several
// objects, -o, response files; a prebuilt uninstrumented library links
// (through discard stubs) and runs; origins can be turned off; a clang of
// another version is refused with a clear message.
// SECRET: e2e-fake-wrapper-pw-77
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -c %S/Inputs/prebuilt.c -o %t.dir/prebuilt.o
// RUN: llvm-ar rcs %t.dir/libprebuilt.a %t.dir/prebuilt.o
// RUN: %credtaint-cxx -c %S/Inputs/service.cpp -o %t.dir/service.o
// RUN: echo "-c %s -o %t.dir/main.o" > %t.dir/args.rsp
// RUN: %credtaint-cxx @%t.dir/args.rsp
// RUN: %credtaint-cxx --credtaint-verbose %t.dir/main.o %t.dir/service.o -L%t.dir -lprebuilt -o %t.dir/app 2> %t.dir/link.log
// RUN: FileCheck --check-prefix=STUBS %s < %t.dir/link.log
// RUN: env CREDTAINT_OPTIONS=%ctopts %t.dir/app > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
//
// With origins off the finding is still reported, attributed by kind.
// RUN: %credtaint-cxx --credtaint-origins=0 %s %S/Inputs/service.cpp %t.dir/libprebuilt.a -o %t.dir/app-noorigins
// RUN: env CREDTAINT_OPTIONS=%ctopts %t.dir/app-noorigins 2> %t.noorigins.err
// RUN: FileCheck %s < %t.noorigins.err
//
// The performance baseline: DFSan as credtaint configures it, without credtaint.
// RUN: %credtaint-cxx --credtaint-dfsan-only %s %S/Inputs/service.cpp %t.dir/libprebuilt.a -o %t.dir/app-dfsan
// RUN: env CREDTAINT_OPTIONS=%ctopts %t.dir/app-dfsan 2>&1 | FileCheck --check-prefix=OUT --implicit-check-not=CREDTAINT %s
// RUN: llvm-nm %t.dir/app-dfsan | FileCheck --check-prefix=NORT %s
// Its ABI list has none of credtaint's custom wrappers (wmemcpy is one).
// RUN: %credtaint-cxx --credtaint-dfsan-only %S/Inputs/wide-copy.cpp -o %t.dir/wide-dfsan
// RUN: %t.dir/wide-dfsan | FileCheck --check-prefix=WIDE %s
//
// RUN: env CREDTAINT_CLANG=%S/Inputs/fake-clang.sh not %credtaint-cxx -c %s -o %t.dir/x.o 2> %t.version.err
// RUN: FileCheck --check-prefix=VERSION %s < %t.version.err
// RUN: not %credtaint-cxx --credtaint-bogus -c %s 2>&1 | FileCheck --check-prefix=BADOPT %s
#include <string>
void log_login(const std::string &user, const std::string &password);
int main() { log_login("svc-backup", "e2e-fake-wrapper-pw-77"); }
// STUBS: credtaint: {{[0-9]+}} discard stubs for uninstrumented functions
// CHECK: CREDTAINT: secret-in-log: password password ({{.*}}, 22 bytes) reached fprintf(stderr) at {{.*}}service.cpp:6
// OUT: login svc-backup checksum {{[0-9]+}}
// VERSION: credtaint: {{.*}}fake-clang.sh is clang 99, but credtaint was built for clang {{[0-9]+}}
// BADOPT: credtaint: unknown wrapper option '--credtaint-bogus'
// WIDE: wide copy 27
// NORT-NOT: __credtaint_
// NORT: __dfsan_
