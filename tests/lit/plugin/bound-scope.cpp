// What a literal is bound to is read from the AST's parent map, which the
// plugin builds over the program's own top-level declarations only (not
// over every system header's). Bindings inside namespaces, templates and
// their instantiations, lambdas, extern "C" blocks and default arguments are
// still found; a system header's literals are still not findings, and a
// program literal after one is.
// SECRET: Hq4!vN8#pL2xR7mZ
// SECRET: Jm3#tW9!qK5zX2vB
// SECRET: Vb6#xQ2!mR9kL4wT
// SECRET: Zt5!pK8#wN3qM7xC
// SECRET: Lr2#vB7!kX9mQ4zD
// SECRET: Gw9!mT4#zK7pX2qF
// SECRET: Nd8#qL3!xV6mR9kH
// SECRET: Yc4!kR7#mW2xP8vJ
// SECRET: Ps7#zM2!vK9wQ4xN
// RUN: %clangxx -std=c++17 -c %s -o %t.o -isystem %S/Inputs/system -fplugin=%plugin 2> %t.err
// RUN: FileCheck %s --implicit-check-not=warning: < %t.err
#include <vendor_defaults.h>

#include <string>

namespace app {
void connect() {
  std::string password = "Vb6#xQ2!mR9kL4wT";
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password {{.*}}, 16 bytes) [credtaint: credential-bound-literal]
  (void)password;
}
} // namespace app

struct Conn { std::string password; };

// Judged once, in the template as written, whatever its instantiations.
template <class T> void reset(T &C) {
  std::string password = "Zt5!pK8#wN3qM7xC";
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password {{.*}}, 16 bytes) [credtaint: credential-bound-literal]
  C.password = password;
}
template void reset<Conn>(Conn &);

template <int N> struct Vault {
  std::string client_secret() const { return "Lr2#vB7!kX9mQ4zD"; }
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (generic-secret {{.*}}, 16 bytes) [credtaint: credential-bound-literal]
};
std::string vault_secret() { return Vault<1>{}.client_secret(); }

auto make_key = [] {
  std::string api_key = "Gw9!mT4#zK7pX2qF";
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (api-key {{.*}}, 16 bytes) [credtaint: credential-bound-literal]
  return api_key;
};

extern "C" {
const char *db_password = "Nd8#qL3!xV6mR9kH";
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password {{.*}}, 16 bytes) [credtaint: credential-bound-literal]
}

void open_store(const char *password = "Yc4!kR7#mW2xP8vJ");
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password {{.*}}, 16 bytes) [credtaint: credential-bound-literal]

// The library's settings, used here: still the library's literal.
std::string library_key() { return vendor::Settings{}.api_key; }

std::string access_token = "Ps7#zM2!vK9wQ4xN";
// CHECK: bound-scope.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (token {{.*}}, 16 bytes) [credtaint: credential-bound-literal]
