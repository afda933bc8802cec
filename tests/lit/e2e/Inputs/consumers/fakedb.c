/* A stand-in for a database client library (mysql_real_connect's
 * signature), built with plain clang: it connects nowhere and keeps
 * nothing; credtaint judges the call from consumers.def. */
#include <stddef.h>

typedef struct MYSQL { int connected; } MYSQL;

MYSQL *mysql_real_connect(MYSQL *m, const char *host, const char *user,
                          const char *passwd, const char *db, unsigned port,
                          const char *unix_socket, unsigned long flags) {
  (void)host, (void)user, (void)db, (void)port, (void)unix_socket, (void)flags;
  if (!m || !passwd)
    return NULL;
  m->connected = 1;
  return m;
}
