// Report files are created 0600 and the log directory 0700, even under a
// umask of 000; an existing log_dir that group or others can enter is kept
// (it may be shared) with one warning, and the record in it is still 0600.
// SECRET: permFake-0123456789abcdef
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs %t.shared
// RUN: env CREDTAINT_OPTIONS=%ctopts:log_dir=%t.logs/nested PERM_API_TOKEN=permFake-0123456789abcdef sh -c 'umask 000; exec %t' 2> %t.err
// RUN: stat -c '%%a' %t.logs %t.logs/nested | FileCheck --check-prefix=DIRS %s
// RUN: stat -c '%%a' %t.logs/nested/credtaint.*.jsonl | FileCheck --check-prefix=FILE %s
// RUN: mkdir %t.shared
// RUN: chmod 777 %t.shared
// RUN: env CREDTAINT_OPTIONS=%ctopts:log_dir=%t.shared PERM_API_TOKEN=permFake-0123456789abcdef sh -c 'umask 000; exec %t' 2> %t.shared.err
// RUN: FileCheck --check-prefix=SHARED %s < %t.shared.err
// RUN: stat -c '%%a' %t.shared/credtaint.*.jsonl | FileCheck --check-prefix=FILE %s
#include <cstdio>
#include <cstdlib>

int main() {
  std::fprintf(stderr, "token %s\n", std::getenv("PERM_API_TOKEN"));
  return 0;
}
// DIRS: 700
// DIRS-NEXT: 700
// FILE: 600
// SHARED: WARNING: log_dir '{{.*}}.shared' has mode 0777; records are created 0600
