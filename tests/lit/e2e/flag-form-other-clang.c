// credtaint's flags given to a clang of another LLVM stop with one line that
// says what to do: at a compile (the version guard plugin, loaded first) and
// at a link (credtaint-ld sees the other clang's DataFlowSanitizer), instead
// of the other clang's failure to load the plugin or a broken program.
// REQUIRES: other-clang
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not %other-clang --config %cfg -c %s -o %t.dir/main.o 2> %t.compile
// RUN: FileCheck --check-prefix=COMPILE --implicit-check-not=error %s < %t.compile
// RUN: %clang -c %s -o %t.dir/plain.o
// RUN: not %other-clang --config %cfg %t.dir/plain.o -o %t.dir/app 2> %t.link
// RUN: FileCheck --check-prefix=LINK %s < %t.link
int main(void) { return 0; }
// COMPILE: credtaint: these flags are for clang {{[0-9]+}}, but this compiler is clang {{[0-9]+}}: compile with clang-{{[0-9]+}}, or use the flags of a credtaint built with -DCREDTAINT_LLVM_VERSION={{[0-9]+}}
// LINK: credtaint-ld: this link uses clang {{[0-9]+}}'s DataFlowSanitizer, but the flags are for clang {{[0-9]+}}: link with clang-{{[0-9]+}}
