/* A secrets client in a library built with plain clang: what it returns is
 * a credential only because credtaint.json says so. */
#include <stdlib.h>
#include <string.h>

const char *vault_fetch(const char *path) {
  (void)path;
  const char *v = getenv("VAULT_E2E_VALUE");
  return v ? v : "";
}

int vault_read_into(const char *path, char *out, size_t n) {
  const char *v = vault_fetch(path);
  if (strlen(v) + 1 > n)
    return -1;
  memcpy(out, v, strlen(v) + 1);
  return 0;
}
