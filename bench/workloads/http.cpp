// An HTTP client/server round trip on loopback: one server thread, requests
// with an Authorization header (a credential) over a plaintext socket.
#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

static int listen_loopback(int &port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, (sockaddr *)&a, sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, (sockaddr *)&a, &len);
  port = ntohs(a.sin_port);
  listen(s, 16);
  return s;
}

int main(int argc, char **argv) {
  int requests = argc > 1 ? std::atoi(argv[1]) : 3000;
  const char *env = std::getenv("BENCH_API_TOKEN");
  std::string auth_token = env ? env : "ghp_placeholder_placeholder_placeholder00";
  int port = 0, ls = listen_loopback(port);
  std::thread server([&] {
    for (int i = 0; i < requests; ++i) {
      int c = accept(ls, nullptr, nullptr);
      char buf[2048];
      ssize_t n = read(c, buf, sizeof buf);
      (void)n;
      const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
      (void)!write(c, resp, sizeof resp - 1);
      close(c);
    }
  });
  size_t got = 0;
  for (int i = 0; i < requests; ++i) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (sockaddr *)&a, sizeof a) != 0)
      std::abort();
    std::string req = "GET /v1/items/" + std::to_string(i) +
                      " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                      auth_token + "\r\n\r\n";
    (void)!send(s, req.data(), req.size(), 0);
    char buf[256];
    ssize_t n;
    while ((n = read(s, buf, sizeof buf)) > 0)
      got += size_t(n);
    close(s);
  }
  server.join();
  close(ls);
  std::fprintf(stderr, "%zu\n", got);
}
