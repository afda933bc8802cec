// The runtime exposure rules from C++: a token in an std::string exported
// under another name and then given to a shell (popen), and written with
// an std::ofstream to a fixed name in $TMPDIR. Clean twins: a token kept in
// memory, and a popen before anything was exported.
// SECRET: ghp_e2eExposureCxxToken0123456789abcd
// RUN: rm -rf %t.tmp && mkdir -p %t.tmp
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts TMPDIR=%t.tmp API_TOKEN=ghp_e2eExposureCxxToken0123456789abcd %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: rm -rf %t.tmp
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

static void shell(const char *command) {
  if (FILE *p = popen(command, "r"))
    pclose(p);
}

int main() {
  std::string token = std::getenv("API_TOKEN");
  shell("true"); // nothing exported yet

  setenv("GH_TOKEN", token.c_str(), 1);
// CHECK: ==CREDTAINT: credential-in-environment: token API_TOKEN ({{.*}}) reached setenv as GH_TOKEN at {{.*}}exposure-cxx.cpp:[[@LINE-1]]
  shell("true");
// CHECK: ==CREDTAINT: credential-in-environment: token API_TOKEN ({{.*}}) reached popen(environment) as GH_TOKEN of /bin/sh at {{.*}}exposure-cxx.cpp:{{[0-9]+}}

  std::ofstream cache(std::string(std::getenv("TMPDIR")) + "/gh-cache.json");
  cache << "{\"token\": \"" << token << "\"}\n";
// CHECK: ==CREDTAINT: credential-in-temp-file: token API_TOKEN ({{.*}}) reached {{.*}} to {{.*}}gh-cache.json (mode 0{{[0-7]+}}, created by this process with open) at {{.*}}exposure-cxx.cpp:[[@LINE-1]]
  return 0;
}
