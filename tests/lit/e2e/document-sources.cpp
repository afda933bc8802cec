// Credentials known by where they come from (issue 15): documents read from
// files, whatever the program's variables are called. A JSON config parsed
// with nlohmann::json and dumped to a log, a dotenv file read with fgets
// into a std::map and printed, a PEM key read whole through an
// std::ifstream and printed, and a YAML file read with read(2) and printed:
// four findings, each naming the file and key it came from, its source the
// line that read it. Only the value is a credential: the line around it is
// not (the finding's length is the value's). The same documents without a
// credential in them: no finding.
// SECRET: JsonCfgPassw0rd-e2e
// SECRET: sk_test_DotenvKeyE2e0123456789
// SECRET: MIIEvQIBADANFAKEpemKEYbodyLINEe2e0123456789abcdef
// SECRET: yamlTok-E2e0123456789abcdef
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %S/Inputs/documents/secret > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 4
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %S/Inputs/documents/clean > %t.clean.out 2> %t.clean.err
// RUN: not grep -F "CREDTAINT:" %t.clean.err
// RUN: not ls %t.logs
// With document_sources=0, none of them is a credential.
// RUN: env CREDTAINT_OPTIONS=%ctopts:document_sources=0 %t %S/Inputs/documents/secret > %t.off.out 2> %t.off.err
// RUN: not grep -F "CREDTAINT:" %t.off.err
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

int main(int, char **argv) {
  std::string dir = argv[1];

  std::ifstream in(dir + "/config.json");
  nlohmann::json cfg = nlohmann::json::parse(in);
  std::cerr << "config: " << cfg.dump() << "\n";
// CHECK-DAG: ==CREDTAINT: secret-in-log: password file:config.json:db_password ({{.*}}, 19 bytes) reached {{.*}} at {{.*}}document-sources.cpp:[[@LINE-1]]

  std::map<std::string, std::string> env;
  FILE *f = std::fopen((dir + "/.env").c_str(), "r");
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    std::string l(line);
    size_t eq = l.find('=');
    if (eq != std::string::npos)
      env[l.substr(0, eq)] = l.substr(eq + 1, l.size() - eq - 2);
  }
  std::fclose(f);
  for (auto &[k, v] : env)
    std::printf("%s -> %s\n", k.c_str(), v.c_str());
// CHECK-DAG: ==CREDTAINT: secret-in-log: api-key file:.env:STRIPE_API_KEY (sk_test_****…, 30 bytes) reached printf(stdout) at {{.*}}document-sources.cpp:[[@LINE-1]]

  std::ifstream key(dir + "/service.pem");
  std::string pem((std::istreambuf_iterator<char>(key)), std::istreambuf_iterator<char>());
  std::cout << pem;
// CHECK-DAG: ==CREDTAINT: secret-in-log: private-key file:service.pem:private key ({{.*}}, 136 bytes) reached {{.*}} at {{.*}}document-sources.cpp:[[@LINE-1]]

  int fd = open((dir + "/app.yaml").c_str(), O_RDONLY);
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  close(fd);
  std::fprintf(stderr, "%s", buf);
// CHECK-DAG: ==CREDTAINT: secret-in-log: token file:app.yaml:auth_token ({{.*}}, 27 bytes) reached fprintf(stderr) at {{.*}}document-sources.cpp:[[@LINE-1]]
  return 0;
}
// The flow detector sees what instrumented code copied (fgets, read); value
// matching what libstdc++ parsed or copied (the JSON, the PEM).
// JSON-DAG: "detector":"flow"{{.*}}"name":"file:.env:STRIPE_API_KEY",{{.*}}"source":{{{.*}}"how":"fgets from {{.*}}.env"}
// JSON-DAG: "detector":"flow"{{.*}}"name":"file:app.yaml:auth_token",{{.*}}"source":{{{.*}}"how":"read from {{.*}}app.yaml"}
// JSON-DAG: "detector":"match"{{.*}}"name":"file:config.json:db_password"
// JSON-DAG: "detector":"match"{{.*}}"name":"file:service.pem:private key"
