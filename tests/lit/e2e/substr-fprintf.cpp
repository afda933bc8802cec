// Half of a token (substr) written with fprintf(stderr): still a leak.
// SECRET: xoxb-e2e-fake-0123456789-abcdefghijklmnop
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SLACK_BOT_TOKEN=xoxb-e2e-fake-0123456789-abcdefghijklmnop %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <cstdio>
#include <cstdlib>
#include <string>

std::string first_half(const std::string &s) { return s.substr(0, s.size() / 2); } // line 12

int main() {
  std::string bot = std::getenv("SLACK_BOT_TOKEN"); // source line 15
  std::string half = first_half(bot);
  std::fprintf(stderr, "token prefix: %s\n", half.c_str()); // sink line 17
}
// CHECK: CREDTAINT: secret-in-log: token SLACK_BOT_TOKEN ({{.*}}, 41 bytes) reached fprintf(stderr) at {{.*}}substr-fprintf.cpp:17
// CHECK-NEXT: #0 source getenv("SLACK_BOT_TOKEN") in main {{.*}}substr-fprintf.cpp:15
// CHECK: through in first_half {{.*}}substr-fprintf.cpp:12
// CHECK: sink fprintf(stderr) in main {{.*}}substr-fprintf.cpp:17
