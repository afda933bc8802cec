// A token logged through Debian's compiled libspdlog (and libfmt): the
// formatting and the write happen in uninstrumented shared libraries, so
// only value matching sees the token, where spdlog's sink calls fwrite.
// SECRET: tok_SpdlogMatchE2e0123456789abcdef
// RUN: %credtaint-cxx -O0 -DSPDLOG_SHARED_LIB -DSPDLOG_COMPILED_LIB -DSPDLOG_FMT_EXTERNAL %s -o %t -lspdlog -lfmt
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_SpdlogMatchE2e0123456789abcdef %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdlib>
#include <spdlog/spdlog.h>

int main() {
  const char *token = std::getenv("API_TOKEN");
  spdlog::info("connecting with token {}", token);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN ({{.*}}, 34 bytes) reached fwrite(stdout) at {{.*}}match-spdlog.cpp:[[@LINE-1]]
// CHECK: detector match
  spdlog::info("connected");
  return 0;
}
// JSON: "rule":"secret-in-log"
// JSON-SAME: "detector":"match"
// JSON-SAME: "sink":{"category":"log","function":"fwrite(stdout)","stream":"stdout"
