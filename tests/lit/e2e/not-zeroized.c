// credential-not-zeroized (memory_hygiene=1): heap blocks still holding a
// token when they are freed are reported once each, at the program's line
// that freed them (free; a realloc that moves the block), with the getenv
// line as source. Clean twins, freed after the bytes were cleared: a memset
// to 0, a volatile store loop, explicit_bzero (glibc's, uninstrumented),
// OPENSSL_cleanse, OPENSSL_clear_free and sodium_memzero (a stand-in
// library). Off by default: the same run without the option reports nothing.
// SECRET: ghp_e2eZeroizeToken0123456789abcdefABCDxy
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -shared -fPIC %S/Inputs/hygiene/sodium.c -o %t.dir/libsodium-standin.so
// RUN: %credtaint-cc -O0 %s -L%t.dir -lsodium-standin -Wl,-rpath,%t.dir -lcrypto -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:memory_hygiene=1 API_TOKEN=ghp_e2eZeroizeToken0123456789abcdefABCDxy %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eZeroizeToken0123456789abcdefABCDxy %t > %t.out 2> %t.default.err
// RUN: FileCheck --allow-empty --implicit-check-not=CREDTAINT --check-prefix=DEFAULT %s < %t.default.err
// RUN: not ls %t.logs/credtaint.*.jsonl
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void sodium_memzero(void *pnt, size_t len);

static char *copyOf(const char *s) {
  char *p = malloc(64);
  strcpy(p, s);
  return p;
}

int main(void) {
  const char *token = getenv("API_TOKEN"); // source line 34
  char *kept = strdup(token);
  free(kept);
// CHECK: ==CREDTAINT: credential-not-zeroized: token API_TOKEN (ghp_****{{.*}}, 41 bytes) reached free at {{.*}}not-zeroized.c:[[@LINE-1]]
// CHECK-NEXT: #0 source getenv("API_TOKEN") in main {{.*}}not-zeroized.c:34
// CHECK: sink free in main {{.*}}not-zeroized.c:[[@LINE-3]]
// CHECK-NEXT: rule credential-not-zeroized (CWE-226, low), detector flow

  // A realloc that moves the block leaves the token behind in the old one.
  char *grown = copyOf(token);
  grown = realloc(grown, 1 << 20);
// CHECK: ==CREDTAINT: credential-not-zeroized: token API_TOKEN ({{.*}}) reached realloc at {{.*}}not-zeroized.c:[[@LINE-1]]
  memset(grown, 0, 64);
  free(grown);

  char *p = copyOf(token);
  for (volatile char *v = p; *v; ++v)
    *v = 0;
  free(p);

  p = copyOf(token);
  explicit_bzero(p, 64);
  free(p);

  p = copyOf(token);
  OPENSSL_cleanse(p, 64);
  free(p);

  p = copyOf(token);
  OPENSSL_clear_free(p, 64);

  p = copyOf(token);
  sodium_memzero(p, 64);
  free(p);
  return 0;
}
// JSON: "rule":"credential-not-zeroized"
// JSON-SAME: "cwe":226
// JSON-SAME: "severity":"low"
// JSON-SAME: "credential":{"kind":"token","name":"API_TOKEN"
// JSON-SAME: "sink":{"category":"memory","function":"free","file":"{{[^"]*}}not-zeroized.c","line":36
// JSON-SAME: "trace":[{"step":"source"
// JSON: "rule":"credential-not-zeroized"
// JSON-SAME: "sink":{"category":"memory","function":"realloc","file":"{{[^"]*}}not-zeroized.c","line":44
// DEFAULT-NOT: CREDTAINT
