// Before each call to a sink-catalog function the pass inserts the hook for
// that row's shape, passing the site, the row, the target and the data.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <cstdio>
#include <iostream>
#include <string>
#include <syslog.h>
#include <unistd.h>
#include <cwchar>

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

// The wide sinks go through the narrow shapes' hooks, with their rows; a
// wide buffer's length is counted in bytes (4 a wchar_t).
void wideSinks(const wchar_t *w, const std::wstring &ws, long n) {
  // CHECK-LABEL: define {{.*}}@_Z9wideSinksPKwRKNSt7__cxx1112basic_stringIwSt11char_traitsIwESaIwEEEl(
  // CHECK: call void {{.*}}@__credtaint_sink_format(
  // CHECK-NEXT: call {{.*}}@fwprintf(
  fwprintf(stderr, L"%ls\n", w);
  // CHECK: call void @__credtaint_sink_cstr(
  // CHECK-NEXT: call {{.*}}@fputws(
  fputws(w, stderr);
  // CHECK: call void @__credtaint_sink_char(
  // CHECK-NEXT: call {{.*}}@putwc(
  putwc(w[0], stderr);
  // CHECK: call void @__credtaint_sink_string({{.*}}@_ZSt5wcerr
  std::wcerr << ws;
  // CHECK: [[WMUL:%.*]] = mul i64 {{.*}}, 4
  // CHECK: call void @__credtaint_sink_buf({{.*}}@_ZSt5wcout{{.*}}, i64 [[WMUL]])
  // CHECK-NEXT: call {{.*}}@_ZNSt13basic_ostreamIwSt11char_traitsIwEE5writeEPKwl(
  std::wcout.write(w, n);
}

// Calls that are not sinks get no hook.
// CHECK-LABEL: define {{.*}}@_Z5quietPKc(
// CHECK-NOT: __credtaint_sink
// CHECK: ret
unsigned long quiet(const char *s) { char b[8]; snprintf(b, sizeof b, "%s", s); return sizeof b; }
