/* Reads a registry token and logs requests made with it. */
#ifndef TOKENS_H
#define TOKENS_H
const char *registry_token(void);
void log_pull(const char *image, const char *token);
#endif
