/* Builds a database connection string from the environment and logs it
 * whole, password included: the finding credtaint must report. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char *password = getenv("DB_PASSWORD");
  char conninfo[256];
  if (!password) {
    fprintf(stderr, "DB_PASSWORD is not set\n");
    return 2;
  }
  snprintf(conninfo, sizeof conninfo, "host=db.internal user=svc password=%s",
           password);
  printf("connecting: %s\n", conninfo);
  return 0;
}
