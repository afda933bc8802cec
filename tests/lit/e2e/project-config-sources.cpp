// credtaint.json adds credential names (and excludes one the catalog would
// take) and declares the functions of an uninstrumented secrets client
// sources: their result, or the buffer they fill, is a credential.
// SECRET: vault-e2e-4c1f9a7b3d2e8f60a5b4c3d2e1f0
// SECRET: sigil-e2e-Pw-9d8c7b6a5f4e3d2c1b0a
// SECRET: sigil-env-e2e-Pw-77c6b5a4f3e2d1c0
// SECRET: hint-e2e-notasecret-but-long-enough
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -shared -fPIC %S/Inputs/project-config/vault.c -o %t.dir/libvault.so
// RUN: env CREDTAINT_CONFIG=%S/Inputs/project-config/sources-and-names.json \
// RUN:   %credtaint-cxx -O0 %s -L%t.dir -lvault -Wl,-rpath,%t.dir -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts VAULT_E2E_VALUE=vault-e2e-4c1f9a7b3d2e8f60a5b4c3d2e1f0 E2E_INPUT_A=sigil-e2e-Pw-9d8c7b6a5f4e3d2c1b0a BUILD_SIGIL=sigil-env-e2e-Pw-77c6b5a4f3e2d1c0 HINT_E2E=hint-e2e-notasecret-but-long-enough %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: cat %records | count 4
//
// Without the config none of them is a credential.
// RUN: env CREDTAINT_CONFIG=/dev/null not %credtaint-cxx -O0 %s -L%t.dir -lvault -Wl,-rpath,%t.dir -o %t.plain 2>&1 | FileCheck --check-prefix=EMPTY %s
// RUN: %credtaint-cxx -O0 %s -L%t.dir -lvault -Wl,-rpath,%t.dir -o %t.plain
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts VAULT_E2E_VALUE=vault-e2e-4c1f9a7b3d2e8f60a5b4c3d2e1f0 E2E_INPUT_A=sigil-e2e-Pw-9d8c7b6a5f4e3d2c1b0a BUILD_SIGIL=sigil-env-e2e-Pw-77c6b5a4f3e2d1c0 HINT_E2E=hint-e2e-notasecret-but-long-enough %t.plain > %t.out 2> %t.plain.err
// RUN: not ls %t.logs/credtaint.*.jsonl
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

extern "C" const char *vault_fetch(const char *path);
extern "C" int vault_read_into(const char *path, char *out, size_t n);

int main() {
  const char *fetched = vault_fetch("kv/app/token");
  std::printf("fetched %s\n", fetched); // line 33
  char buf[64];
  if (vault_read_into("kv/app/key", buf, sizeof buf) == 0)
    std::puts(buf); // line 36
  std::string svc_sigil = std::getenv("E2E_INPUT_A");
  std::cerr << "sigil " << svc_sigil << "\n"; // line 38
  std::string session_token_hint = std::getenv("HINT_E2E");
  std::cerr << "hint " << session_token_hint << "\n"; // excluded by name
  std::printf("%s\n", std::getenv("BUILD_SIGIL")); // line 41: the runtime's names
  return 0;
}
// CHECK-DAG: secret-in-log: token vault_fetch() ({{.*}}, 38 bytes) reached printf(stdout) at {{.*}}project-config-sources.cpp:33
// CHECK-DAG: secret-in-log: api-key vault_read_into(arg 1) ({{.*}}, 38 bytes) reached puts(stdout) at {{.*}}project-config-sources.cpp:36
// CHECK-DAG: #0 source vault_read_into(arg 1) in main {{.*}}project-config-sources.cpp:35
// CHECK-DAG: secret-in-log: password svc_sigil ({{.*}}, 33 bytes) reached {{.*}}(std::cerr) at {{.*}}project-config-sources.cpp:38
// CHECK-DAG: secret-in-log: password BUILD_SIGIL ({{.*}}, 33 bytes) reached printf(stdout) at {{.*}}project-config-sources.cpp:41
// EMPTY: /dev/null: $: not valid JSON
