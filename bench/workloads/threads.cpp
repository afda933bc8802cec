// Many threads: eight workers building and hashing strings, sharing a
// mutex-protected table, each holding its own session token.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char **argv) {
  int per_thread = argc > 1 ? std::atoi(argv[1]) : 40000;
  std::mutex mu;
  std::map<int, size_t> table;
  std::vector<std::thread> workers;
  for (int t = 0; t < 8; ++t)
    workers.emplace_back([&, t] {
      std::string session_token = "sess-" + std::to_string(t) + "-0123456789abcdef0123";
      size_t h = 0;
      for (int i = 0; i < per_thread; ++i) {
        std::string key = "user:" + std::to_string(i % 1000) + ":" + std::to_string(t);
        for (char ch : key)
          h = h * 131 + (unsigned char)ch;
        h ^= (unsigned char)session_token[i % session_token.size()];
        if (i % 64 == 0) {
          std::lock_guard<std::mutex> l(mu);
          table[i % 500] += h;
        }
      }
    });
  for (auto &w : workers)
    w.join();
  size_t sum = 0;
  for (auto &[k, v] : table)
    sum += v;
  std::printf("%zu\n", sum % 1000);
}
