// Before each call to a cleansing function of cleansers.def (explicit_bzero,
// OPENSSL_cleanse, CRYPTO_clear_free, sodium_memzero, ...) the pass calls
// __credtaint_source_cleanse with the bytes it overwrites (the row's
// pointer and length arguments), so the runtime clears their labels; the
// functions run uninstrumented and DFSan cannot see them clear anything.
// memset and other calls get no such hook.
// RUN: %clang -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <stddef.h>
#include <string.h>

void OPENSSL_cleanse(void *ptr, size_t len);
void CRYPTO_clear_free(void *ptr, size_t num, const char *file, int line);
void sodium_memzero(void *pnt, size_t len);
int memset_s(void *s, size_t smax, int c, size_t n);

// CHECK-LABEL: define {{.*}}@cleansers(
void cleansers(char *buf, size_t n, unsigned m) {
  // CHECK: call void @__credtaint_source_cleanse({{ptr|i8\*}} %{{[0-9]+}}, i64 %{{[0-9]+}})
  // CHECK-NEXT: call void @explicit_bzero(
  explicit_bzero(buf, n);
  // CHECK: call void @__credtaint_source_cleanse(
  // CHECK-NEXT: call void @OPENSSL_cleanse(
  OPENSSL_cleanse(buf, n);
  // CHECK: call void @__credtaint_source_cleanse(
  // CHECK-NEXT: call void @sodium_memzero(
  sodium_memzero(buf, n);
  // The length is the fourth argument (n, not smax).
  // CHECK: [[N:%[0-9]+]] = zext i32 %{{[0-9]+}} to i64
  // CHECK-NEXT: call void @__credtaint_source_cleanse({{ptr|i8\*}} %{{[0-9]+}}, i64 [[N]])
  // CHECK-NEXT: call i32 @memset_s(
  memset_s(buf, n, 0, m);
  // CHECK: call void @__credtaint_source_cleanse(
  // CHECK-NEXT: call void @CRYPTO_clear_free(
  CRYPTO_clear_free(buf, n, "f.c", 1);
  // CHECK-NOT: __credtaint_source_cleanse
  // CHECK: call void @llvm.memset
  memset(buf, 0, n);
}
