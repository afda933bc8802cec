// std::ofstream: the flow hook at operator<< finds the stream's file and
// judges it (secret-in-file for state.json, secret-in-log for a *.log
// file); the bytes reach write(2) only when the stream flushes, at the end
// of the block, where value matching sees them again: still one finding
// per leak, the flow detector's, at the line that wrote the credential. A
// std::ostringstream is no sink (its bytes are judged where they go).
// SECRET: tok_OfstreamE2e0123456789abcdefABCD
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_OfstreamE2e0123456789abcdefABCD %t %t.dir > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// What the program wrote holds its credential (the leak under test): gone.
// RUN: rm -rf %t.dir
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

int main(int, char **argv) {
  std::string dir = argv[1];
  std::string token = std::getenv("API_TOKEN");
  {
    std::ofstream state(dir + "/state.json");
    state << "{\"token\":\"" << token << "\"}\n";
// CHECK: ==CREDTAINT: secret-in-file: token API_TOKEN {{.*}} reached std::ostream<< to {{.*}}state.json (mode {{0[0-7]+}}, created by this process) at {{.*}}file-sinks-iostream.cpp:[[@LINE-1]]
// CHECK: detector flow
  }
  {
    std::ofstream log(dir + "/client.log");
    log << "token " << token << std::endl;
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN {{.*}} reached std::ostream<<({{.*}}client.log) at {{.*}}file-sinks-iostream.cpp:[[@LINE-1]]
// CHECK: detector flow
  }
  std::ostringstream os;
  os << token;
  return os.str().size() == token.size() ? 0 : 1;
}
// JSON: "rule":"secret-in-file"{{.*}}"detector":"flow"{{.*}}"category":"file"{{.*}}"path":"{{[^"]*}}state.json"
// JSON: "rule":"secret-in-log"{{.*}}"detector":"flow"{{.*}}"category":"log"
