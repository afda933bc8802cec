// A Basic auth header, base64 of user:password computed in the program,
// written with write(2, ...).
// SECRET: e2e-fake-Pa55word!
// RUN: %credtaint-cxx -O2 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 1
#include <cstring>
#include <string>
#include <unistd.h>

static std::string base64(const std::string &in) {
  static const char tbl[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 |
                 (unsigned char)in[i + 2];
    out += tbl[v >> 18], out += tbl[(v >> 12) & 63], out += tbl[(v >> 6) & 63],
        out += tbl[v & 63];
  }
  if (i < in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    if (i + 1 < in.size())
      v |= (unsigned char)in[i + 1] << 8;
    out += tbl[v >> 18], out += tbl[(v >> 12) & 63];
    out += i + 1 < in.size() ? tbl[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

int main() {
  std::string user = "svc-reporting";
  std::string password = "e2e-fake-Pa55word!"; // source line 37
  std::string header = "Authorization: Basic " + base64(user + ":" + password) + "\n";
  (void)!write(2, header.data(), header.size()); // sink line 39
}
// CHECK: CREDTAINT: secret-in-log: password password (****{{.*}}, 18 bytes) reached write(stderr) at {{.*}}basic-auth-write.cpp:39
// CHECK-NEXT: #0 source declaration in main {{.*}}basic-auth-write.cpp:37
// CHECK: sink write(stderr) in main {{.*}}basic-auth-write.cpp:39
