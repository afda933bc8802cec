// The loopback policy and the scopes option, on a key with no scope sent in
// cleartext to 127.0.0.1: by default that is cleartext-transmission only
// (loopback is in every scope); cleartext_loopback=0 drops it;
// loopback_in_scope=0 adds unscoped-network-use (low: no scope), unless
// the scopes option gives the key a scope that holds the host. A malformed
// scopes option stops the program at start.
// SECRET: e2e-fake-opts-api-key-9a7b3c
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_API_KEY=e2e-fake-opts-api-key-9a7b3c python3 %S/Inputs/netserve.py tcp -- %t {tcp} 2> %t.default.err
// RUN: FileCheck --check-prefix=DEFAULT --implicit-check-not="==CREDTAINT:" %s < %t.default.err
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:cleartext_loopback=0 SERVICE_API_KEY=e2e-fake-opts-api-key-9a7b3c python3 %S/Inputs/netserve.py tcp -- %t {tcp} 2> %t.quiet.err
// RUN: FileCheck --allow-empty --check-prefix=QUIET --implicit-check-not="==CREDTAINT:" %s < %t.quiet.err
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:loopback_in_scope=0 SERVICE_API_KEY=e2e-fake-opts-api-key-9a7b3c python3 %S/Inputs/netserve.py tcp -- %t {tcp} 2> %t.strict.err
// RUN: FileCheck --check-prefix=STRICT --implicit-check-not="==CREDTAINT:" %s < %t.strict.err
// RUN: rm -rf %t.logs
// RUN: env "CREDTAINT_OPTIONS=%ctopts:loopback_in_scope=0:scopes=OTHER=x.test;SERVICE_*=localhost|127.0.0.1" SERVICE_API_KEY=e2e-fake-opts-api-key-9a7b3c python3 %S/Inputs/netserve.py tcp -- %t {tcp} 2> %t.scoped.err
// RUN: FileCheck --check-prefix=DEFAULT --implicit-check-not="==CREDTAINT:" %s < %t.scoped.err
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: env CREDTAINT_OPTIONS=%ctopts:scopes=SERVICE_API_KEY not %t 1 2> %t.bad.err
// RUN: FileCheck --check-prefix=BAD %s < %t.bad.err
#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  const char *api_key = std::getenv("SERVICE_API_KEY");
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(std::atoi(argv[1])));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0)
    return 3;
  std::string line = std::string("AUTH ") + api_key + "\n";
  send(fd, line.data(), line.size(), 0);
  char reply[8];
  (void)!read(fd, reply, sizeof reply);
  close(fd);
  std::puts("sent");
  return 0;
}
// DEFAULT: CREDTAINT: cleartext-transmission: api-key SERVICE_API_KEY ({{.*}}) reached send to 127.0.0.1:{{[0-9]+}} over tcp at {{.*}}net-loopback-options.cpp:[[@LINE-7]]
// QUIET-NOT: CREDTAINT
// STRICT: CREDTAINT: cleartext-transmission: api-key SERVICE_API_KEY
// STRICT: CREDTAINT: unscoped-network-use: api-key SERVICE_API_KEY ({{.*}}) reached send to 127.0.0.1:{{[0-9]+}} over tcp
// STRICT: rule unscoped-network-use (CWE-668, low)
// JSON: "rule":"cleartext-transmission"
// JSON-SAME: "scope":"localhost,127.0.0.1"
// BAD: CREDTAINT: ERROR: CREDTAINT_OPTIONS: option 'scopes': bad scope rule 'SERVICE_API_KEY': expected <credential name>=<host>|<host>...
