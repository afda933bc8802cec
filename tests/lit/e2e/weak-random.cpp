// A credential built from rand() or a std::mt19937-family engine (directly
// or through a distribution) is weak-random-credential, once per
// declaration; rand() used for backoff jitter is not a finding, nor is a
// token built from getrandom().
// RUN: %credtaint-cxx -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <sys/random.h>
#include <unistd.h>

static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::string make_session_token() {
  std::string session_token;
  for (int i = 0; i < 32; ++i)
    session_token += kAlphabet[std::rand() % 62];
// CHECK: CREDTAINT: weak-random-credential: token session_token ({{.*}}) reached store into session_token at {{.*}}weak-random.cpp:[[@LINE-1]]
  return session_token;
}

std::string make_api_key() {
  std::mt19937 gen(42);
  std::uniform_int_distribution<int> pick(0, 61);
  char api_key[33] = {0};
  for (int i = 0; i < 32; ++i)
    api_key[i] = kAlphabet[pick(gen)];
// CHECK: CREDTAINT: weak-random-credential: api-key api_key ({{.*}}) reached store into api_key at {{.*}}weak-random.cpp:[[@LINE-1]]
  return std::string(api_key, 32);
}

std::string make_strong_token() {
  unsigned char raw[24];
  if (getrandom(raw, sizeof raw, 0) != sizeof raw)
    std::abort();
  std::string refresh_token;
  for (unsigned char b : raw)
    refresh_token += kAlphabet[b % 62];
  return refresh_token;
}

int main() {
  std::srand(7);
  std::string a = make_session_token(), b = make_api_key(), c = make_strong_token();
  // Backoff jitter: rand() that never becomes a credential.
  for (int attempt = 0; attempt < 3; ++attempt) {
    int jitter_ms = std::rand() % 50;
    usleep(jitter_ms);
  }
  std::printf("%zu %zu %zu\n", a.size(), b.size(), c.size());
}
