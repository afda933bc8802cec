// An unknown key or a bad value in CREDTAINT_OPTIONS stops the program at
// start with one line that names it; valid options are accepted.
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: env CREDTAINT_OPTIONS=log_dir=%t.logs:verbosty=1 not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=UNKNOWN %s < %t.err
// RUN: count 1 < %t.err
// RUN: count 0 < %t.out
// RUN: env CREDTAINT_OPTIONS=min_secret_len=eight not %t 2> %t.err2
// RUN: FileCheck --check-prefix=BADVALUE %s < %t.err2
// RUN: env CREDTAINT_OPTIONS=exitcode not %t 2> %t.err3
// RUN: FileCheck --check-prefix=MALFORMED %s < %t.err3
// RUN: env CREDTAINT_OPTIONS=%ctopts:verbosity=0:halt_on_error=0 %t | FileCheck --check-prefix=OK %s
// A process that registers no credential creates no fingerprint key.
// RUN: rm -rf %t.home && mkdir -p %t.home
// RUN: env HOME=%t.home CREDTAINT_OPTIONS=log_dir=%t.logs %t | FileCheck --check-prefix=OK %s
// RUN: not ls %t.home/.config/credtaint
// A bad key file stops the program at start.
// RUN: echo "k1:nothex" > %t.badkey
// RUN: env CREDTAINT_OPTIONS=fingerprint_key=%t.badkey not %t 2>&1 | FileCheck --check-prefix=BADKEY %s
#include <cstdio>
int main() { std::puts("main ran"); }
// UNKNOWN: ==[[PID:[0-9]+]]==CREDTAINT: ERROR: CREDTAINT_OPTIONS: unknown option 'verbosty'
// BADVALUE: CREDTAINT: ERROR: CREDTAINT_OPTIONS: bad value 'eight' for option 'min_secret_len': expected a non-negative integer
// MALFORMED: CREDTAINT: ERROR: CREDTAINT_OPTIONS: malformed option 'exitcode': expected key=value
// OK: main ran
// BADKEY: CREDTAINT: ERROR: fingerprint key file '{{.*}}.badkey' is malformed
