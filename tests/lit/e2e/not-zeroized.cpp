// credential-not-zeroized in C++ (memory_hygiene=1): a std::string holding
// a token and a std::vector<char> copy of it are destroyed without clearing
// (their buffers go back through operator delete; the finding is at the
// program's line that destroyed them, past libstdc++), and a string holding
// a token whose buffer std::getline replaces inside the uninstrumented
// libstdc++.so (the free is seen whoever calls it). Clean twin: a string
// whose allocator clears its buffer with explicit_bzero before releasing it.
// Off by default: the same run without the option reports nothing.
// SECRET: tok_e2eZeroizeCxx0123456789abcdefABCDEF
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:memory_hygiene=1 SERVICE_TOKEN=tok_e2eZeroizeCxx0123456789abcdefABCDEF %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_TOKEN=tok_e2eZeroizeCxx0123456789abcdefABCDEF %t > %t.out 2> %t.default.err
// RUN: FileCheck --allow-empty --implicit-check-not=CREDTAINT --check-prefix=DEFAULT %s < %t.default.err
// RUN: not ls %t.logs/credtaint.*.jsonl
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>
#include <vector>

/// Clears what it releases: the usual way to keep a secret std::string from
/// outliving its use in freed memory.
template <class T> struct ZeroingAllocator {
  using value_type = T;
  ZeroingAllocator() = default;
  template <class U> ZeroingAllocator(const ZeroingAllocator<U> &) {}
  T *allocate(std::size_t n) {
    return static_cast<T *>(::operator new(n * sizeof(T)));
  }
  void deallocate(T *p, std::size_t n) {
    explicit_bzero(p, n * sizeof(T));
    ::operator delete(p);
  }
  bool operator==(const ZeroingAllocator &) const { return true; }
  bool operator!=(const ZeroingAllocator &) const { return false; }
};
using SecretString =
    std::basic_string<char, std::char_traits<char>, ZeroingAllocator<char>>;

static std::size_t useToken(const char *value) {
  std::string token = value;
  return token.size();
}
// CHECK-DAG: ==CREDTAINT: credential-not-zeroized: token SERVICE_TOKEN ({{.*}}, 39 bytes) reached free at {{.*}}not-zeroized.cpp:[[@LINE-1]]:1
// CHECK-DAG: sink free in useToken {{.*}}not-zeroized.cpp:[[@LINE-2]]
// CHECK-DAG: rule credential-not-zeroized (CWE-226, low), detector flow

static std::size_t useCopy(const char *value) {
  std::vector<char> bytes(value, value + std::strlen(value));
  return bytes.size();
}
// CHECK-DAG: ==CREDTAINT: credential-not-zeroized: token SERVICE_TOKEN ({{.*}}) reached free at {{.*}}not-zeroized.cpp:[[@LINE-1]]:1

static std::size_t useGetline(const char *value) {
  std::string line = value;
  std::istringstream in(std::string(200, 'x') + "\n");
  std::getline(in, line);
// CHECK-DAG: ==CREDTAINT: credential-not-zeroized: token SERVICE_TOKEN ({{.*}}) reached free at {{.*}}not-zeroized.cpp:[[@LINE-1]]:3
  return line.size();
}

static std::size_t useSecretString(const char *value) {
  SecretString kept(value);
  return kept.size();
}

int main() {
  const char *env = std::getenv("SERVICE_TOKEN");
  std::size_t n = useToken(env) + useCopy(env) + useGetline(env) +
                  useSecretString(env);
  return n ? 0 : 1;
}
// JSON-DAG: "rule":"credential-not-zeroized"{{.*}}"sink":{"category":"memory","function":"free","file":"{{[^"]*}}not-zeroized.cpp","line":49
// JSON-DAG: "rule":"credential-not-zeroized"{{.*}}"sink":{"category":"memory","function":"free","file":"{{[^"]*}}not-zeroized.cpp","line":57
// JSON-DAG: "rule":"credential-not-zeroized"{{.*}}"sink":{"category":"memory","function":"free","file":"{{[^"]*}}not-zeroized.cpp","line":63
// DEFAULT-NOT: CREDTAINT
