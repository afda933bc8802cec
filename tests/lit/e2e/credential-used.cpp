// A credential sent to a host in its scope is a use without a finding: one
// credential-used record per (credential, host) with in_scope true, however
// many requests (issue 17). Here a service token, scoped to localhost, goes
// in an Authorization header to a real HTTP server on loopback, twice, as
// the program resolved it (getaddrinfo("localhost")); plaintext to loopback
// is allowed (cleartext_loopback=0) and loopback is in no scope by itself
// (loopback_in_scope=0). Sent to 127.0.0.1, the same token is outside its
// scope: unscoped-network-use, and a record with in_scope false.
// SECRET: e2e-used-svc-token-7Qx2mPz9LbW4
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env "CREDTAINT_OPTIONS=%ctopts:cleartext_loopback=0:loopback_in_scope=0:scopes=SERVICE_TOKEN=localhost" SERVICE_TOKEN=e2e-used-svc-token-7Qx2mPz9LbW4 python3 %S/Inputs/netserve.py http -- %t {http} localhost > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: FileCheck --allow-empty --check-prefix=QUIET --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: not ls %t.logs/credtaint.*.jsonl
// RUN: cat %t.logs/credtaint-seen.*.jsonl | count 2
// RUN: cat %t.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=INSCOPE %s
// RUN: rm -rf %t.outside.logs
// RUN: env "CREDTAINT_OPTIONS=%ctopts:log_dir=%t.outside.logs:cleartext_loopback=0:loopback_in_scope=0:scopes=SERVICE_TOKEN=localhost" SERVICE_TOKEN=e2e-used-svc-token-7Qx2mPz9LbW4 python3 %S/Inputs/netserve.py http -- %t {http} 127.0.0.1 > %t.out2 2> %t.err2
// RUN: FileCheck --check-prefix=OUTSIDE --implicit-check-not="==CREDTAINT:" %s < %t.err2
// RUN: cat %t.outside.logs/credtaint.*.jsonl | count 1
// RUN: cat %t.outside.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=OUTREC %s
// RUN: not grep -F e2e-used-svc-token-7Qx2mPz9LbW4 %t.logs/credtaint-seen.*.jsonl %t.outside.logs/credtaint-seen.*.jsonl %t.outside.logs/credtaint.*.jsonl
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netdb.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

// One GET with the token in a header; true on "200".
static bool request(const char *host, const char *port, const std::string &value) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &res) != 0)
    return false;
  int fd = socket(res->ai_family, res->ai_socktype, 0);
  bool ok = connect(fd, res->ai_addr, res->ai_addrlen) == 0;
  freeaddrinfo(res);
  if (ok) {
    std::string req = std::string("GET /status HTTP/1.1\r\nHost: ") + host +
                      "\r\nAuthorization: Bearer " + value +
                      "\r\nConnection: close\r\n\r\n";
    send(fd, req.data(), req.size(), 0);
    char reply[256] = {0};
    ok = read(fd, reply, sizeof reply - 1) > 0 && std::strstr(reply, " 200 ");
  }
  close(fd);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  const char *svc = std::getenv("SERVICE_TOKEN");
  if (!svc)
    return 2;
  bool ok = request(argv[2], argv[1], svc) && request(argv[2], argv[1], svc);
  std::printf("%s\n", ok ? "200 twice" : "failed");
  return ok ? 0 : 1;
}
// OUT: 200 twice
// QUIET-NOT: CREDTAINT
// INSCOPE: {"version":1,"type":"credential-seen",{{.*}}"name":"SERVICE_TOKEN",{{.*}}"scope":"localhost",
// INSCOPE-NEXT: {"version":1,"type":"credential-used","time":"{{[^"]+}}","test":null,"binary":"{{[^"]+}}","credential":{"name":"SERVICE_TOKEN","kind":"token","fingerprint":"hmac-sha256:test-k1:{{[0-9a-f]+}}"},"host":"localhost","in_scope":true}
// OUTSIDE: ==CREDTAINT: unscoped-network-use: token SERVICE_TOKEN ({{.*}}) reached send to 127.0.0.1:{{[0-9]+}} over tcp
// OUTREC: "type":"credential-seen"
// OUTREC-NEXT: "type":"credential-used",{{.*}}"host":"127.0.0.1","in_scope":false}
