#include "tokens.h"

#include <stdio.h>

int main(int argc, char **argv) {
  const char *token = registry_token();
  if (argc > 1 && token)
    log_pull(argv[1], token);
  return 0;
}
