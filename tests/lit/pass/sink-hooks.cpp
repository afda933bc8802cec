// Before each call to a sink-catalog function the pass inserts the hook for
// that row's shape, passing the site, the row, the target and the data.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <cstdio>
#include <iostream>
#include <string>
#include <syslog.h>
#include <unistd.h>

void sinks(const char *s, const std::string &str, int fd, size_t n) {
  // CHECK: call void {{.*}}@__credtaint_sink_format({{.*}}, i32 0, i64 0, {{.*}})
  // CHECK-NEXT: call {{.*}}@printf(
  printf("%s\n", s);
  // CHECK: call void @__credtaint_sink_cstr(
  // CHECK-NEXT: call {{.*}}@puts(
  puts(s);
  // CHECK: [[MUL:%.*]] = mul i64
  // CHECK-NEXT: call void @__credtaint_sink_buf({{.*}}, i64 [[MUL]])
  // CHECK-NEXT: call {{.*}}@fwrite(
  fwrite(s, 1, n, stderr);
  // CHECK: call void @__credtaint_sink_buf(
  // CHECK-NEXT: call {{.*}}@write(
  (void)!write(fd, s, 3);
  // CHECK: call void @__credtaint_sink_char(
  // CHECK-NEXT: call {{.*}}@fputc(
  fputc(s[0], stderr);
  // CHECK: call void {{.*}}@__credtaint_sink_format(
  // CHECK-NEXT: call {{.*}}@syslog(
  syslog(LOG_INFO, "%s", s);
  // CHECK: call void @__credtaint_sink_string({{.*}}@_ZSt4cerr
  std::cerr << str;
}

// Calls that are not sinks get no hook.
// CHECK-LABEL: define {{.*}}@_Z5quietPKc(
// CHECK-NOT: __credtaint_sink
// CHECK: ret
unsigned long quiet(const char *s) { char b[8]; snprintf(b, sizeof b, "%s", s); return sizeof b; }
