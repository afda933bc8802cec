// The object carries its static findings: a compiler cache restores the
// object but not the sidecar file beside it, and credtaint-report still
// reports the hardcoded credential from the object's .credtaint.sidecar
// section. The section holds what the file holds (never the literal) and is
// SHF_EXCLUDE: the linked program has none.
// SECRET: ghp_Cc7sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL9q
// RUN: rm -rf %t.dir && mkdir -p %t.dir/build
// RUN: env CREDTAINT_OPTIONS=fingerprint_key=%inputs/fingerprint.key %credtaint-cxx -c %s -o %t.dir/build/app.o 2> %t.dir/compile.err
// RUN: FileCheck --check-prefix=WARN %s < %t.dir/compile.err
// RUN: llvm-readelf -S -W %t.dir/build/app.o | FileCheck --check-prefix=OBJECT %s
// RUN: llvm-objcopy --dump-section .credtaint.sidecar=%t.dir/embedded.json %t.dir/build/app.o %t.dir/scratch.o
// RUN: python3 %S/Inputs/embedded_sidecar.py %t.dir/embedded.json %t.dir/build/app.o.credtaint.json | FileCheck --check-prefix=SAME %s
// RUN: not grep -F ghp_Cc7sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL9q %t.dir/embedded.json
//
// Without the file the object's own copy is read, counted as a sidecar.
// RUN: rm %t.dir/build/app.o.credtaint.json
// RUN: credtaint-report merge --build-dir %t.dir/build --json %t.dir/report.json > %t.dir/summary.txt 2> %t.dir/report.err
// RUN: FileCheck --check-prefix=REPORT %s < %t.dir/summary.txt
// RUN: FileCheck --check-prefix=JSON %s < %t.dir/report.json
// RUN: not grep -i warning %t.dir/report.err
//
// The linker drops the section from the program.
// RUN: %credtaint-cxx %t.dir/build/app.o -o %t.dir/app
// RUN: llvm-readelf -S -W %t.dir/app > %t.dir/app.sections
// RUN: FileCheck --check-prefix=PROGRAM --implicit-check-not=.credtaint.sidecar %s < %t.dir/app.sections
#include <cstdio>

const char *deploy_token = "ghp_Cc7sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL9q";

int main() { return deploy_token[0] == 'x'; }

// WARN: sidecar-in-object.cpp:[[@LINE-4]]:{{[0-9]+}}: warning: hardcoded credential: GitHub {{.*}} (token ghp_****{{.*}}, 40 bytes) [credtaint: github-token]
// OBJECT: .credtaint.sidecar PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} E {{ *}}0 {{ *}}0 {{ *}}1
// SAME: embedded: 1 findings, same as the file
// REPORT: credtaint-report: 1 distinct finding (1 occurrence) from 0 log files and 1 sidecar (1 embedded in an object)
// REPORT: hardcoded-credential
// REPORT: [high] hardcoded-credential: token deploy_token (ghp_****{{.*}}, 40 bytes) written in the source at {{.*}}.cpp:{{[0-9]+}}
// JSON: "sidecars": 1
// JSON: "object_sidecars": 1
// JSON: "rule": "hardcoded-credential"
// JSON: "detector"{{.*}}static
// PROGRAM: .text
