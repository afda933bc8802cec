// An API key formatted with snprintf, then sent to syslog.
// SECRET: AIzaE2eFakeKey_0123456789abcdefghijklm
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <cstdio>
#include <string>
#include <syslog.h>

int main() {
  std::string api_key = "AIzaE2eFakeKey_0123456789abcdefghijklm"; // source line 13
  char line[128];
  std::snprintf(line, sizeof line, "maps request key=%s", api_key.c_str());
  syslog(LOG_DEBUG, "%s", line); // sink line 16
}
// CHECK: CREDTAINT: secret-in-log: api-key api_key (AIza****{{.*}}, 38 bytes) reached syslog(syslog) at {{.*}}snprintf-syslog.cpp:16
// CHECK-NEXT: #0 source declaration in main {{.*}}snprintf-syslog.cpp:13
// CHECK: sink syslog(syslog) in main {{.*}}snprintf-syslog.cpp:16
