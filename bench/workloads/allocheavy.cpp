// An allocation-heavy workload for the cost of memory_hygiene (bench/HYGIENE.md):
// maps of strings and byte vectors built and torn down in a loop, a small
// malloc/free per iteration, and now and then a request header built from a
// token of the environment and freed uncleared (one credential-not-zeroized
// finding, from the same stack every time).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  const char *env = std::getenv("BENCH_TOKEN");
  std::string token = env ? env : "";
  size_t sum = 0;
  for (int i = 0; i < n; ++i) {
    std::map<std::string, std::vector<char>> fields;
    for (int j = 0; j < 16; ++j) {
      std::string key = "field-" + std::to_string(i * 16 + j) + std::string(24, 'k');
      std::vector<char> value(64 + (j * 37) % 448, char('a' + j));
      fields.emplace(std::move(key), std::move(value));
    }
    if (i % 64 == 0) {
      std::string header = "Authorization: Bearer " + token;
      sum += header.size();
    }
    char *line = static_cast<char *>(std::malloc(256));
    std::snprintf(line, 256, "row %d", i);
    sum += std::strlen(line);
    std::free(line);
    for (auto &F : fields)
      sum += F.first.size() + F.second.size();
  }
  std::printf("%zu\n", sum);
  return 0;
}
