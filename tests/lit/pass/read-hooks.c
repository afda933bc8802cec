// After each reader of sources.def (read, pread, fread, fgets, getline,
// recv, ...) the pass calls __credtaint_source_read with the buffer it read
// into (for getline, the pointer the call left in *line), so the runtime can
// label the credentials it found there again after the DFSan runtime's
// wrappers cleared them. Other calls get no such hook.
// RUN: %clang -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

// CHECK-LABEL: define {{.*}}@readers(
void readers(int fd, FILE *f, char *buf, unsigned long n, char **line, size_t *cap) {
  // CHECK: call {{.*}}@read(
  // CHECK-NEXT: call void @__credtaint_source_read({{ptr|i8\*}} %
  (void)!read(fd, buf, n);
  // CHECK: call {{.*}}@fgets(
  // CHECK-NEXT: call void @__credtaint_source_read(
  fgets(buf, (int)n, f);
  // CHECK: call {{.*}}@fread(
  // CHECK-NEXT: call void @__credtaint_source_read(
  fread(buf, 1, n, f);
  // CHECK: call {{.*}}@getline(
  // CHECK: [[P:%[0-9]+]] = load {{ptr|i8\*}}, {{ptr|i8\*\*}}
  // CHECK-NEXT: call void @__credtaint_source_read({{ptr|i8\*}} [[P]])
  getline(line, cap, f);
  // CHECK: call {{.*}}@recv(
  // CHECK-NEXT: call void @__credtaint_source_read(
  recv(fd, buf, n, 0);
  // CHECK: call {{.*}}@write(
  // CHECK-NOT: __credtaint_source_read
  // CHECK: ret void
  (void)!write(fd, buf, n);
}
