// A token formatted into a std::ostringstream and then printed with
// std::cout: libstdc++'s streams are not instrumented, so the token's labels
// are lost on the way, and only value matching at the process's output sees
// it. The sink is the program's line, found by unwinding through libstdc++.
// A token below min_secret_len is not registered for matching: no finding.
// SECRET: tok_OssMatchE2e0123456789abcdef
// SECRET: shorty7
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_OssMatchE2e0123456789abcdef PIN_TOKEN=shorty7 %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

int main() {
  const char *token = std::getenv("API_TOKEN");
  std::ostringstream os;
  os << "calling the API with " << token << "\n";
  std::cout << os.str();
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 31 bytes) reached fwrite(stdout) at {{.*}}match-ostringstream.cpp:[[@LINE-1]]
// CHECK: rule secret-in-log (CWE-532, high), detector match
  std::cout.flush();

  // Shorter than min_secret_len (8): flow still tracks it, matching does not.
  const char *pin = std::getenv("PIN_TOKEN");
  std::ostringstream short_os;
  short_os << "pin " << pin << "\n";
  std::cout << short_os.str();
  return 0;
}
// JSON: "rule":"secret-in-log"
// JSON-SAME: "detector":"match"
// JSON-SAME: "name":"API_TOKEN"
// JSON-SAME: "sink":{"category":"log","function":"fwrite(stdout)","stream":"stdout"
// JSON-SAME: "fd":1
