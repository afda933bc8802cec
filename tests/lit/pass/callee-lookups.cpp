// The pass decides once per callee whether a call can need a hook (a
// catalog's symbol, a weak-random engine, a credtaint.json function), and
// looks for hand-written crypto in a function's symbol before demangling
// it; what those checks find still gets its hook.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <cstddef>
#include <cstdlib>
#include <random>

unsigned draws(std::mt19937 &gen, std::minstd_rand &lcg) {
  // CHECK-LABEL: define {{.*}}@_Z5drawsRSt23mersenne_twister_engine
  // CHECK: call {{.*}}@_ZNSt23mersenne_twister_engine{{.*}}clEv(
  // CHECK-NOT: call
  // CHECK: call void @__credtaint_source_weak_random(
  unsigned a = gen();
  // CHECK: call {{.*}}@_ZNSt26linear_congruential_engine{{.*}}clEv(
  // CHECK-NOT: call
  // CHECK: call void @__credtaint_source_weak_random(
  unsigned b = lcg();
  // The same engine again: the answer kept for its callee still holds.
  // CHECK: call {{.*}}@_ZNSt23mersenne_twister_engine{{.*}}clEv(
  // CHECK-NOT: call
  // CHECK: call void @__credtaint_source_weak_random(
  unsigned c = gen();
  // CHECK: call {{.*}}@rand(
  // CHECK-NOT: call
  // CHECK: call void @__credtaint_source_weak_random(
  return a + b + c + unsigned(std::rand());
}

namespace crypto {
// CHECK-LABEL: define {{.*}}@_ZN6crypto9Sha1BlockEPKhm(
// CHECK: call void @__credtaint_sink_buf(
// CHECK: ret void
void Sha1Block(const unsigned char *data, size_t len) { (void)data, (void)len; }
} // namespace crypto

// CHECK-LABEL: define {{.*}}@_Z16TripleDesEncryptPKhm(
// CHECK: call void @__credtaint_sink_buf(
// CHECK: ret void
void TripleDesEncrypt(const unsigned char *data, size_t len) { (void)data, (void)len; }

// A symbol holding the letters but no algorithm's name as a word.
// CHECK-LABEL: define {{.*}}@_Z14describe_nodesPKhm(
// CHECK-NOT: __credtaint_sink_buf
// CHECK: ret void
void describe_nodes(const unsigned char *data, size_t len) { (void)data, (void)len; }
