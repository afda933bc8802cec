/* A project's own I/O library, built with plain clang: credtaint sees
 * nothing inside it. write_state_file writes a file; http_post and
 * run_command only stand for a request and a command (they send and run
 * nothing), since credtaint judges the call, from credtaint.json. */
#include <stdio.h>

void write_state_file(const char *path, const char *data) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(data, f);
    fclose(f);
  }
}

int http_post(const char *url, const char *body) {
  return url && body ? 0 : -1;
}

int run_command(const char *command_line) { return command_line ? 0 : -1; }
