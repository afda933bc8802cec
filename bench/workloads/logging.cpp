// String building and logging: request log lines formatted with snprintf and
// std::string, carrying a masked token (the partial-leak rule's case), written
// to stdout (a log sink: every write goes through credtaint's check).
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char **argv) {
  int lines = argc > 1 ? std::atoi(argv[1]) : 200000;
  const char *env = std::getenv("BENCH_API_TOKEN");
  std::string token = env ? env : "ghp_placeholder_placeholder_placeholder00";
  std::string masked = "****" + token.substr(token.size() - 4);
  size_t bytes = 0;
  for (int i = 0; i < lines; ++i) {
    char buf[256];
    int n = std::snprintf(buf, sizeof buf, "GET /v1/items/%d user=svc-%d token=%s status=200",
                          i, i % 17, masked.c_str());
    std::string line = std::string("[info] ") + buf + " latency_ms=" + std::to_string(i % 97);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    bytes += size_t(n);
  }
  std::fprintf(stderr, "%zu\n", bytes);
}
