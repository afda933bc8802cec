#include "tokens.h"

#include <stdio.h>
#include <stdlib.h>

const char *registry_token(void) { return getenv("REGISTRY_TOKEN"); }

void log_pull(const char *image, const char *token) {
  /* The leak: the whole Authorization header in the log. */
  fprintf(stderr, "pull %s Authorization: Bearer %s\n", image, token);
}
