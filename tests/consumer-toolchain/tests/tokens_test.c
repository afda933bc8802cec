/* SECRET: ct-fake-registry-token-5Jq8Wd2Lx0 */
#include "tokens.h"

#include <stdio.h>

int main(void) {
  const char *token = registry_token();
  if (!token) {
    fprintf(stderr, "REGISTRY_TOKEN is not set\n");
    return 2;
  }
  log_pull("library/app:1.0", token);
  return 0;
}
