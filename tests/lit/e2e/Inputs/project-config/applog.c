/* A project's logging library, built with plain clang: credtaint sees
 * nothing inside it. It appends each message to $APPLOG_FILE. */
#include <stdio.h>
#include <stdlib.h>

void applog_write(int level, const char *msg) {
  static FILE *out;
  if (!out) {
    const char *path = getenv("APPLOG_FILE");
    out = fopen(path ? path : "/dev/null", "a");
  }
  if (out) {
    fprintf(out, "[%d] %s\n", level, msg);
    fflush(out);
  }
}
