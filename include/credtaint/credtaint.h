/*===- credtaint.h - credtaint's public C API and annotations -------------===*
 *
 * Include this header to mark credentials explicitly. Every macro and function
 * here compiles to nothing when the translation unit is not built with
 * credtaint (no DataFlowSanitizer), so the header can stay in production code.
 *
 *===----------------------------------------------------------------------===*/
#ifndef CREDTAINT_CREDTAINT_H
#define CREDTAINT_CREDTAINT_H

#include <stddef.h>

/* Marks a declaration (variable, field, parameter, function result) as
 * credential-bearing, whatever its name says.
 *   kind:  "password", "api-key", "token", "private-key", "cloud-credential",
 *          "connection-string" or "generic-secret"
 *   scope: the hosts the credential may be sent to, comma-separated globs
 *          ("api.github.com,*.githubusercontent.com"), or "" for none.
 * Both must be string literals. Example:
 *   CREDTAINT_SECRET("token", "api.github.com") std::string gh;            */
#define CREDTAINT_SECRET(kind, scope)                                          \
  __attribute__((annotate("credtaint.secret:" kind ":" scope)))

/* Declared for real in instrumented code (and in the runtime itself, which
 * defines CREDTAINT_ENABLED); inline no-ops everywhere else. */
#if !defined(CREDTAINT_ENABLED) && defined(__has_feature)
#if __has_feature(dataflow_sanitizer)
#define CREDTAINT_ENABLED 1
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifdef CREDTAINT_ENABLED
/* Registers len bytes at ptr as a credential of `kind` named `name` (shown in
 * reports; never the value) with the given scope ("" for none). Unknown
 * kinds are reported once on stderr and treated as "generic-secret". */
void credtaint_mark(const void *ptr, size_t len, const char *kind,
                    const char *name, const char *scope);
/* credtaint_mark with the caller's location, which reports show as the
 * credential's source; the macro below passes it. */
void credtaint_mark_at(const void *ptr, size_t len, const char *kind,
                       const char *name, const char *scope, const char *file,
                       unsigned line, const char *function);
#define credtaint_mark(ptr, len, kind, name, scope)                            \
  credtaint_mark_at((ptr), (len), (kind), (name), (scope), __FILE__, __LINE__, \
                    __func__)
/* Names the test that is running, for attribution of findings (the GoogleTest
 * listener in credtaint/gtest.h calls this). NULL clears it. */
void credtaint_set_test_name(const char *name);
/* Returns the credential kinds whose bytes are among [ptr, ptr+len), as a
 * bit set over the kinds listed above in that order (bit 0: password). */
unsigned credtaint_taint_kinds(const void *ptr, size_t len);
#else
static inline void credtaint_mark(const void *ptr, size_t len, const char *kind,
                                  const char *name, const char *scope) {
  (void)ptr; (void)len; (void)kind; (void)name; (void)scope;
}
static inline void credtaint_set_test_name(const char *name) { (void)name; }
static inline unsigned credtaint_taint_kinds(const void *ptr, size_t len) {
  (void)ptr; (void)len;
  return 0;
}
#endif

#ifdef __cplusplus
}
#endif

#endif
