// credtaint.json declares the project's logging function (in a library built
// with plain clang, so credtaint sees nothing of what it does with the bytes)
// a sink, and hash_for_log a declassifier.
// SECRET: svc-e2e-Tok-7f3a9c1d2b4e6f80a1b2c3d4
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -shared -fPIC %S/Inputs/project-config/applog.c -o %t.dir/libapplog.so
// RUN: env CREDTAINT_CONFIG=%S/Inputs/project-config/sink-and-declassifier.json \
// RUN:   %credtaint-cxx -O1 %s -L%t.dir -lapplog -Wl,-rpath,%t.dir -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts APPLOG_FILE=%t.dir/app.log SERVICE_TOKEN=svc-e2e-Tok-7f3a9c1d2b4e6f80a1b2c3d4 %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | FileCheck --check-prefix=JSON %s
//
// Without the declassifier, the hash is the token's bytes too.
// RUN: env CREDTAINT_CONFIG=%S/Inputs/project-config/sink-only.json \
// RUN:   %credtaint-cxx -O1 %s -L%t.dir -lapplog -Wl,-rpath,%t.dir -o %t.nodecl
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts APPLOG_FILE=%t.dir/app.log SERVICE_TOKEN=svc-e2e-Tok-7f3a9c1d2b4e6f80a1b2c3d4 %t.nodecl 2> %t.nodecl.err
// RUN: FileCheck --check-prefix=NODECL %s < %t.nodecl.err
//
// Without credtaint.json flow tracking loses the bytes in the library; only
// value matching sees them, where the library writes its file.
// RUN: env CREDTAINT_CONFIG=/dev/null/none not %credtaint-cxx -O1 %s -L%t.dir -lapplog -Wl,-rpath,%t.dir -o %t.noconf 2> %t.noconf.build
// RUN: FileCheck --check-prefix=NOFILE %s < %t.noconf.build
// RUN: %credtaint-cxx -O1 %s -L%t.dir -lapplog -Wl,-rpath,%t.dir -o %t.noconf
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts APPLOG_FILE=%t.dir/app.log SERVICE_TOKEN=svc-e2e-Tok-7f3a9c1d2b4e6f80a1b2c3d4 %t.noconf 2> %t.noconf.err
// RUN: FileCheck --check-prefix=NOCONF %s < %t.noconf.err
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" void applog_write(int level, const char *msg);

// A log-safe fingerprint: FNV-1a in hex. Every output byte depends on every
// input byte, so flow tracking alone would call it the token.
std::string hash_for_log(const std::string &s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s)
    h = (h ^ c) * 1099511628211ull;
  std::string out;
  for (int i = 15; i >= 0; --i) {
    unsigned d = unsigned(h >> (i * 4)) & 15;
    out += char(d < 10 ? '0' + d : 'a' + d - 10);
  }
  return out;
}

int main() {
  const char *token = std::getenv("SERVICE_TOKEN");
  if (!token)
    return 2;
  char line[256];
  std::snprintf(line, sizeof line, "authenticating with %s", token);
  applog_write(1, line); // sink line 56
  std::string fp = "token fingerprint " + hash_for_log(token);
  applog_write(1, fp.c_str()); // declassified line 58
  return 0;
}
// CHECK: CREDTAINT: secret-in-log: token SERVICE_TOKEN ({{.*}}, 36 bytes) reached applog_write(project log) at {{.*}}project-config-sink.cpp:56
// CHECK-NOT: project-config-sink.cpp:58
// JSON: "rule":"secret-in-log"
// JSON-SAME: "function":"applog_write(project log)"
// JSON-NOT: project-config-sink.cpp",{{.*}}"line":58

// NODECL: reached applog_write(project log) at {{.*}}project-config-sink.cpp:56
// NODECL: reached applog_write(project log) at {{.*}}project-config-sink.cpp:58

// NOFILE: /dev/null/none: cannot read the credtaint config file

// NOCONF-NOT: applog_write(project log)
// NOCONF: detector match
// NOCONF-NOT: applog_write(project log)
