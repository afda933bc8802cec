// Preload mode: a program built with plain clang (no credtaint), run under
// credtaint-run. Its deploy token comes from the environment (a name the
// catalog calls a credential); it prints it to stderr and sends it in a
// plaintext request to a TCP server on loopback. A variable named with
// --secret-env is a credential too, whatever its name. The records have the
// instrumented runtime's format, with detector "match".
// SECRET: tok_PreloadE2e0123456789abcdef
// SECRET: opaque-value-4b7e19f2c0
// RUN: %clangxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts DEPLOY_TOKEN=tok_PreloadE2e0123456789abcdef SIGNING_SEED=opaque-value-4b7e19f2c0 python3 %S/Inputs/netserve.py tcp -- credtaint-run --secret-env SIGNING_SEED -- %t {tcp} > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// Without credtaint-run nothing is reported (and no records are written).
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts DEPLOY_TOKEN=tok_PreloadE2e0123456789abcdef SIGNING_SEED=opaque-value-4b7e19f2c0 python3 %S/Inputs/netserve.py tcp -- %t {tcp} 2> %t.plain.err
// RUN: not ls %t.logs
#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  const char *token = std::getenv("DEPLOY_TOKEN");
  std::fprintf(stderr, "deploying with %s\n", token);
// CHECK: ==CREDTAINT: secret-in-log: token DEPLOY_TOKEN ({{.*}}, 30 bytes) reached fprintf(stderr) at {{.*}}preload-env-log-net.cpp.tmp
// CHECK: detector match

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(std::atoi(argv[1])));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0)
    return 3;
  std::string req = std::string("POST /deploy HTTP/1.1\r\nHost: localhost\r\n"
                                "Authorization: Bearer ") + token +
                    "\r\nX-Seed: " + std::getenv("SIGNING_SEED") + "\r\n\r\n";
  send(fd, req.data(), req.size(), 0);
// CHECK: ==CREDTAINT: cleartext-transmission: {{.*}} reached send to 127.0.0.1:{{[0-9]+}} over tcp at
// CHECK: ==CREDTAINT: cleartext-transmission: {{.*}} reached send to 127.0.0.1:{{[0-9]+}} over tcp at
  char reply[16];
  (void)!read(fd, reply, sizeof reply);
  close(fd);
  return 0;
}
// JSON-DAG: "rule":"secret-in-log","cwe":532,{{.*}}"detector":"match",{{.*}}"name":"DEPLOY_TOKEN",{{.*}}"how":"environment variable DEPLOY_TOKEN"{{.*}}"sink":{"category":"log","function":"fprintf(stderr)","stream":"stderr"
// JSON-DAG: "rule":"cleartext-transmission",{{.*}}"detector":"match",{{.*}}"name":"DEPLOY_TOKEN",{{.*}}"sink":{"category":"network","function":"send",{{.*}}"transport":"tcp","host":"127.0.0.1","port":{{[0-9]+}}
// JSON-DAG: "rule":"cleartext-transmission",{{.*}}"kind":"generic-secret","name":"SIGNING_SEED",{{.*}}"sink":{"category":"network","function":"send"
