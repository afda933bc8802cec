// A std::wstring token streamed to std::wcerr and std::wcout, a copy of it
// (std::wstring copies with wmemcpy) and a wchar_t pointer to it, each one
// secret-in-log finding at its line with the declaration as source; the
// same token written to an std::wofstream is secret-in-file. The
// characters libstdc++ then writes one at a time (fputwc), which value
// matching joins, are the same leaks: no second finding. A std::wstring that is no credential, and a
// masked preview, are none.
// SECRET: tok_WideStreamE2e0123456789abcdefAB
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %t.dir > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 4
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// Optimized, the match detector loses the program's frame in libstdc++'s
// fputwc calls: the leak flow judged is still one finding.
// RUN: %credtaint-cxx -O2 %s -o %t.o2
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: env CREDTAINT_OPTIONS=%ctopts %t.o2 %t.dir > %t.out 2> %t.err2
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err2
// RUN: cat %records | count 4
// What the program wrote holds its credential (the leak under test): gone.
// RUN: rm -rf %t.dir
#include <fstream>
#include <iostream>
#include <string>

int main(int, char **argv) {
  std::wstring apiToken = L"tok_WideStreamE2e0123456789abcdefAB"; // source
  std::wcerr << L"calling with " << apiToken << std::endl;
// CHECK: ==CREDTAINT: secret-in-log: token apiToken ({{.*}}, 35 bytes) reached std::wostream<<(std::wcerr) at {{.*}}wide-wcerr.cpp:[[@LINE-1]]
// CHECK-NEXT: #0 source declaration in main {{.*}}wide-wcerr.cpp:[[@LINE-3]]
// CHECK: detector flow

  std::wstring copy = apiToken;
  std::wcout << copy << L'\n';
// CHECK: ==CREDTAINT: secret-in-log: token apiToken ({{.*}}, 35 bytes) reached std::wostream<<(std::wcout) at {{.*}}wide-wcerr.cpp:[[@LINE-1]]

  const wchar_t *raw = apiToken.c_str();
  std::wclog << raw << L'\n';
// CHECK: ==CREDTAINT: secret-in-log: token apiToken ({{.*}}, 35 bytes) reached std::wostream<<(std::wclog) at {{.*}}wide-wcerr.cpp:[[@LINE-1]]

  {
    std::wofstream state(std::string(argv[1]) + "/state.txt");
    state << L"token=" << apiToken << L'\n';
// CHECK: ==CREDTAINT: secret-in-file: token apiToken {{.*}} reached std::wostream<< to {{.*}}state.txt (mode {{0[0-7]+}}, created by this process) at {{.*}}wide-wcerr.cpp:[[@LINE-1]]
  }

  // No finding: wide text that is no credential, and a masked preview.
  std::wstring motd = L"welcome to the wide world of plain text";
  std::wcerr << motd << std::endl;
  std::wcerr << L"token ****" << apiToken.substr(apiToken.size() - 4) << std::endl;
  return 0;
}
// JSON: "rule":"secret-in-log"{{.*}}"detector":"flow"{{.*}}"credential":{"kind":"token","name":"apiToken"{{.*}}"length":35{{.*}}"sink":{"category":"log","function":"std::wostream<<(std::wcerr)"
// JSON: "function":"std::wostream<<(std::wcout)"
// JSON: "function":"std::wostream<<(std::wclog)"
// JSON: "rule":"secret-in-file"{{.*}}"sink":{"category":"file","function":"std::wostream<<"
