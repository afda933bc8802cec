// ccache in front of the wrapper (ccache credtaint-c++, or
// CMAKE_CXX_COMPILER_LAUNCHER=ccache), and in front of plain clang with the
// plugin: the second compile, in a fresh build directory, is a cache hit,
// the compiler never runs and no sidecar file appears, yet the report of
// that build directory still lists the static finding, read from the
// restored object. The wrapper carries the identity of the plugin, pass,
// ABI list and rules it loads, which is how a rebuilt credtaint changes
// what ccache hashes.
// REQUIRES: ccache
// SECRET: ghp_Hh4sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL3w
//
// A cache of the test's own, with no configuration but ccache's defaults
// (compiler_check=mtime, direct mode).
// RUN: rm -rf %t.dir && mkdir -p %t.dir/src %t.dir/build1 %t.dir/build2 %t.dir/build3 %t.dir/build4
// RUN: cp %s %t.dir/src/app.cpp
// RUN: touch %t.dir/ccache.conf
// RUN: export CCACHE_DIR=%t.dir/cache
// RUN: export CCACHE_CONFIGPATH=%t.dir/ccache.conf
// RUN: export CREDTAINT_OPTIONS=fingerprint_key=%inputs/fingerprint.key
//
// RUN: cd %t.dir/build1 && ccache %credtaint-cxx -c ../src/app.cpp -o app.o 2> compile.err
// RUN: ccache --print-stats > %t.dir/stats1
// RUN: FileCheck --check-prefix=MISS %s < %t.dir/stats1
// RUN: cd %t.dir/build2 && ccache %credtaint-cxx -c ../src/app.cpp -o app.o 2> compile.err
// RUN: ccache --print-stats > %t.dir/stats2
// RUN: FileCheck --check-prefix=HIT %s < %t.dir/stats2
//
// The hit replays the warning and restores the object, byte for byte, and
// nothing else: the sidecar file exists only where the compiler ran.
// RUN: FileCheck --check-prefix=WARN %s < %t.dir/build2/compile.err
// RUN: cmp %t.dir/build1/app.o %t.dir/build2/app.o
// RUN: ls %t.dir/build1/app.o.credtaint.json
// RUN: not ls %t.dir/build2/app.o.credtaint.json
// RUN: credtaint-report merge --build-dir %t.dir/build2 > %t.dir/summary2.txt
// RUN: FileCheck --check-prefix=REPORT %s < %t.dir/summary2.txt
// RUN: credtaint-report merge --build-dir %t.dir/build1 > %t.dir/summary1.txt
// RUN: FileCheck --check-prefix=REPORT-FILE %s < %t.dir/summary1.txt
//
// The same in front of plain clang with credtaint's plugin.
// RUN: cd %t.dir/build3 && ccache %clangxx -fplugin=%plugin -c ../src/app.cpp -o app.o 2> compile.err
// RUN: cd %t.dir/build4 && ccache %clangxx -fplugin=%plugin -c ../src/app.cpp -o app.o 2> compile.err
// RUN: ccache --print-stats > %t.dir/stats4
// RUN: FileCheck --check-prefix=HIT2 %s < %t.dir/stats4
// RUN: not ls %t.dir/build4/app.o.credtaint.json
// RUN: credtaint-report merge --build-dir %t.dir/build4 > %t.dir/summary4.txt
// RUN: FileCheck --check-prefix=REPORT %s < %t.dir/summary4.txt
//
// And in front of clang with the configuration file, which ccache is told
// to hash: it carries the wrapper's compile identity in a comment.
// RUN: mkdir -p %t.dir/build5 %t.dir/build6
// RUN: export CCACHE_EXTRAFILES=%cfg
// RUN: cd %t.dir/build5 && ccache %clangxx --config %cfg -c ../src/app.cpp -o app.o 2> compile.err
// RUN: cd %t.dir/build6 && ccache %clangxx --config %cfg -c ../src/app.cpp -o app.o 2> compile.err
// RUN: ccache --print-stats > %t.dir/stats6
// RUN: FileCheck --check-prefix=HIT3 %s < %t.dir/stats6
// RUN: not ls %t.dir/build6/app.o.credtaint.json
// RUN: credtaint-report merge --build-dir %t.dir/build6 > %t.dir/summary6.txt
// RUN: FileCheck --check-prefix=REPORT %s < %t.dir/summary6.txt
// RUN: %credtaint-cxx --credtaint-identity | sed 's/.*compile identity /# Compile identity: /' > %t.dir/identity
// RUN: grep -F -f %t.dir/identity %cfg
//
// ccache hashes the wrapper and not what it loads; the wrapper's compile
// identity is that of the plugin, pass, ABI list and rules beside it.
// RUN: python3 %S/Inputs/compile_identity.py %credtaint-cxx %plugin %pass | FileCheck --check-prefix=IDENTITY %s
#include <cstdio>

static const char *release_token = "ghp_Hh4sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL3w";

int main() { return std::puts(release_token[0] == 'x' ? "x" : "y") < 0; }

// MISS-DAG: {{^}}cache_miss{{[[:space:]]+}}1{{$}}
// MISS-DAG: {{^}}direct_cache_hit{{[[:space:]]+}}0{{$}}
// HIT-DAG: {{^}}cache_miss{{[[:space:]]+}}1{{$}}
// HIT-DAG: {{^}}direct_cache_hit{{[[:space:]]+}}1{{$}}
// HIT2-DAG: {{^}}cache_miss{{[[:space:]]+}}2{{$}}
// HIT2-DAG: {{^}}direct_cache_hit{{[[:space:]]+}}2{{$}}
// HIT3-DAG: {{^}}cache_miss{{[[:space:]]+}}3{{$}}
// HIT3-DAG: {{^}}direct_cache_hit{{[[:space:]]+}}3{{$}}
// WARN: app.cpp:[[@LINE-12]]:{{[0-9]+}}: warning: hardcoded credential: GitHub {{.*}} (token ghp_****{{.*}}, 40 bytes) [credtaint: github-token]
// REPORT: credtaint-report: 1 distinct finding (1 occurrence) from 0 log files and 1 sidecar (1 embedded in an object)
// REPORT: hardcoded-credential
// REPORT: [high] hardcoded-credential: token release_token (ghp_****{{.*}}, 40 bytes) written in the source at {{.*}}.cpp:{{[0-9]+}}
// REPORT-FILE: credtaint-report: 1 distinct finding (1 occurrence) from 0 log files and 1 sidecar{{$}}
// IDENTITY: compile identity: current
