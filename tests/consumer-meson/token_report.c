/* Reads the deploy service's API token from the environment and, in its
 * debug output, logs it: the finding credtaint must report. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char *token = getenv("DEPLOY_API_TOKEN");
  if (!token) {
    fprintf(stderr, "DEPLOY_API_TOKEN is not set\n");
    return 2;
  }
  fprintf(stderr, "deploy: using token %s\n", token);
  return 0;
}
