// After mmap (sources.def's map sources) the pass calls
// __credtaint_source_mapped with the mapping and mmap's length, descriptor
// and offset; after a derivation row (a KDF, a digest) it calls
// __credtaint_source_derived with the row's input, its length (an int's -1
// kept as -1), the output and the output's length (the row's fixed size, or
// the argument it names). Other calls get neither.
// RUN: %clang -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sys/mman.h>
#include <unistd.h>

// CHECK-LABEL: define {{.*}}@mapper(
void *mapper(int fd, size_t n) {
  // CHECK: [[M:%.+]] = call {{.*}}@mmap{{(64)?}}(
  // CHECK: call void @__credtaint_source_mapped({{ptr|i8\*}} [[M]], i64 %{{.+}}, i64 %{{.+}}, i64 0)
  return mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);
}

// CHECK-LABEL: define {{.*}}@derivers(
void derivers(const char *pw, int len, unsigned char *out) {
  // CHECK: call {{.*}}@SHA256(
  // CHECK: call void @__credtaint_source_derived({{.*}}, i32 [[SHA:[0-9]+]], {{.*}}, i64 32)
  SHA256((const unsigned char *)pw, (size_t)len, out);
  // CHECK: call {{.*}}@PKCS5_PBKDF2_HMAC(
  // CHECK: [[L:%.+]] = sext i32 {{.*}} to i64
  // CHECK: call void @__credtaint_source_derived({{.*}}, i64 [[L]], {{ptr|i8\*}} %{{.+}}, i64 32)
  PKCS5_PBKDF2_HMAC(pw, len, (const unsigned char *)"salt", 4, 600000, EVP_sha256(), 32, out);
  // CHECK: call {{.*}}@write(
  // CHECK-NOT: __credtaint_source_derived
  // CHECK: ret void
  (void)!write(1, out, 32);
}
