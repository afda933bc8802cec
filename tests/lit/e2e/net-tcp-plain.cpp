// A token sent on plaintext sockets to a TCP server on loopback: in a header
// with send(), in a request line's query string with write(), in a datagram
// with sendto(). Each is cleartext-transmission; the request line is also
// credential-in-url. The host is the name the program resolved ("localhost")
// or the address it asked for. A request without secrets is no finding.
// SECRET: ghp_e2eNetPlainSock0123456789abcdefABCDE
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eNetPlainSock0123456789abcdefABCDE python3 %S/Inputs/netserve.py tcp -- %t {tcp} > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 4
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <arpa/inet.h>
#include <cstdlib>
#include <cstring>
#include <netdb.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

static int connectTo(const char *host, const char *port) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *res = nullptr;
  if (getaddrinfo(host, port, &hints, &res) != 0)
    std::exit(2);
  int fd = socket(res->ai_family, res->ai_socktype, 0);
  if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0)
    std::exit(3);
  freeaddrinfo(res);
  return fd;
}

static void finish(int fd) {
  char reply[16];
  (void)!read(fd, reply, sizeof reply);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  const char *port = argv[1];
  const char *token = std::getenv("API_TOKEN");

  int fd = connectTo("localhost", port);
  std::string post = std::string("POST /v1/items HTTP/1.1\r\nHost: localhost\r\n"
                                 "Authorization: Bearer ") + token + "\r\n\r\n";
  send(fd, post.data(), post.size(), 0);
// CHECK: CREDTAINT: cleartext-transmission: token API_TOKEN (ghp_****{{.*}}, 40 bytes) reached send to localhost:{{[0-9]+}} over tcp at {{.*}}net-tcp-plain.cpp:[[@LINE-1]]
// CHECK: rule cleartext-transmission (CWE-319, high)
  finish(fd);

  fd = connectTo("127.0.0.1", port);
  std::string get = std::string("GET /v1/items?access_token=") + token +
                    " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  (void)!write(fd, get.data(), get.size());
// CHECK: CREDTAINT: cleartext-transmission: token API_TOKEN ({{.*}}) reached write to 127.0.0.1:{{[0-9]+}} over tcp at {{.*}}net-tcp-plain.cpp:[[@LINE-1]]
// CHECK-NEXT: url http://127.0.0.1:{{[0-9]+}}/v1/items?access_token=ghp_****{{[^ ]*$}}
// CHECK: CREDTAINT: credential-in-url: token API_TOKEN ({{.*}}) reached write to 127.0.0.1:{{[0-9]+}} over tcp at {{.*}}net-tcp-plain.cpp:[[@LINE-3]]
// CHECK: rule credential-in-url (CWE-598, high)
  finish(fd);

  int udp = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(std::atoi(port)));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  sendto(udp, token, std::strlen(token), 0, reinterpret_cast<sockaddr *>(&to),
         sizeof to);
// CHECK: CREDTAINT: cleartext-transmission: token API_TOKEN ({{.*}}) reached sendto to 127.0.0.1:{{[0-9]+}} over udp at {{.*}}net-tcp-plain.cpp:[[@LINE-2]]
  close(udp);

  // Fine: a request without credentials, and a masked preview of the token.
  fd = connectTo("localhost", port);
  std::string health = std::string("GET /health?client=") +
                       (token + std::strlen(token) - 4) +
                       " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  send(fd, health.data(), health.size(), 0);
  finish(fd);
  return 0;
}
// JSON: "rule":"cleartext-transmission"
// JSON-SAME: "sink":{"category":"network","function":"send",{{.*}}"transport":"tcp","host":"localhost","port":{{[0-9]+}}
// JSON: "rule":"cleartext-transmission"
// JSON-SAME: "function":"write"
// JSON: "rule":"credential-in-url"
// JSON-SAME: "sink":{"category":"network","function":"write",{{.*}}"transport":"tcp","host":"127.0.0.1","port":{{[0-9]+}},"url":"http://127.0.0.1:{{[0-9]+}}/v1/items?access_token=ghp_****
// JSON: "rule":"cleartext-transmission"
// JSON-SAME: "transport":"udp","host":"127.0.0.1"
