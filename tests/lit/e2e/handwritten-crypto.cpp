// Hand-written digests in instrumented code are judged by their name and the
// data they receive: a password into md5_update is weak-hash, file data into
// it is not. The heuristic_crypto_sinks option turns the heuristic off.
// SECRET: e2e-fake-handwritten-pw-9
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: env CREDTAINT_OPTIONS=%ctopts:heuristic_crypto_sinks=0 %t > %t.out 2> %t.err2
// RUN: FileCheck --allow-empty --implicit-check-not="==CREDTAINT:" --check-prefix=OFF %s < %t.err2
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

struct Md5State { uint32_t acc = 0; };

// Stands in for a hand-rolled MD5: the name is what the heuristic reads.
// The finding is reported at the function, which is where the bytes arrive.
void md5_update(Md5State *st, const unsigned char *data, size_t len) {
// CHECK: CREDTAINT: weak-hash: password password ({{.*}}) reached hand-written MD5 (md5) at {{.*}}handwritten-crypto.cpp:[[@LINE-1]]
  for (size_t i = 0; i < len; ++i)
    st->acc = st->acc * 31 + data[i];
}

// A name that only contains the letters is not an algorithm.
void describe_nodes(const unsigned char *data, size_t len) { (void)data, (void)len; }

int main() {
  std::string password = "e2e-fake-handwritten-pw-9";
  Md5State st;
  const char *file_data = "plain file contents, not a secret";
  md5_update(&st, (const unsigned char *)file_data, std::strlen(file_data));
  md5_update(&st, (const unsigned char *)password.data(), password.size());
  describe_nodes((const unsigned char *)password.data(), password.size());
  std::printf("%u\n", st.acc);
}
// OFF-NOT: weak-hash
