// C++'s character writers: std::cout.put in a loop and std::copy into an
// std::ostream_iterator<char>: each one finding with the credential's whole
// length, at the program's line (std::copy's own call sits in a libstdc++
// header: the sink is the line that called it).
// SECRET: tok_CharLoopCxx0123456789abcdefABCD
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_CharLoopCxx0123456789abcdefABCD %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 2
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>

int main() {
  std::string token = std::getenv("API_TOKEN");
  for (char c : token) std::cout.put(c);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 35 bytes) reached std::ostream::put(std::cout) at {{.*}}char-loop.cpp:[[@LINE-1]]
// CHECK: detector flow
  std::cout << std::endl;
  std::copy(token.begin(), token.end(), std::ostream_iterator<char>(std::cerr));
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 35 bytes) reached std::ostream<<(std::cerr) at {{.*}}char-loop.cpp:[[@LINE-1]]
// CHECK: detector flow
  std::cerr << "\n";
  return 0;
}
