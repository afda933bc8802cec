// A logger built on a custom std::streambuf with no put area: libstdc++
// hands it every character through overflow(int), by value from
// uninstrumented code, so no label survives; the logger writes each line to
// stderr with write(2). Flow sees an untainted buffer; value matching sees
// the token.
// SECRET: tok_StreambufE2e0123456789abcdef
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_TOKEN=tok_StreambufE2e0123456789abcdef %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdlib>
#include <ostream>
#include <string>
#include <unistd.h>

class LineLogger : public std::streambuf {
public:
  ~LineLogger() override { emit(); }

protected:
  int_type overflow(int_type c) override {
    if (c == traits_type::eof())
      return traits_type::not_eof(c);
    line_ += char(c);
    if (c == '\n')
      emit();
    return c;
  }

private:
  void emit() {
    if (line_.empty())
      return;
    std::string out = "[app] " + line_;
    (void)!write(2, out.data(), out.size());
// CHECK: ==CREDTAINT: secret-in-log: token SERVICE_TOKEN ({{.*}}, 32 bytes) reached write(stderr) at {{.*}}match-streambuf.cpp:[[@LINE-1]]
// CHECK: detector match
// CHECK: SUMMARY: CREDTAINT: secret-in-log {{.*}} in LineLogger::emit
    line_.clear();
  }
  std::string line_;
};

int main() {
  const char *token = std::getenv("SERVICE_TOKEN");
  LineLogger buf;
  std::ostream log(&buf);
  log << "token is " << token << '\n';
  log << "done\n";
  return 0;
}
// JSON: "rule":"secret-in-log"
// JSON-SAME: "detector":"match"
// JSON-SAME: "sink":{"category":"log","function":"write(stderr)","stream":"stderr"
