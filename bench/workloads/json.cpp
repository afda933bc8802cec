// JSON parse and serialise with nlohmann/json: a service loading its config
// (one field a credential) and round-tripping request documents.
#include <nlohmann/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

struct ServiceConfig {
  std::string endpoint;
  std::string api_key;
};

int main(int argc, char **argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 300;
  const char *key = std::getenv("BENCH_API_KEY");
  ServiceConfig cfg{"https://api.example.test", key ? key : "bench-key-placeholder"};
  nlohmann::json doc;
  for (int i = 0; i < 200; ++i)
    doc["items"].push_back({{"id", i}, {"name", "item-" + std::to_string(i)},
                            {"price", i * 1.25}, {"tags", {"a", "b", "c"}}});
  doc["service"] = {{"endpoint", cfg.endpoint}, {"key_id", cfg.api_key.substr(0, 4)}};
  size_t total = 0;
  for (int r = 0; r < rounds; ++r) {
    std::string text = doc.dump();
    nlohmann::json back = nlohmann::json::parse(text);
    total += back["items"].size() + text.size();
  }
  std::printf("%zu\n", total);
}
