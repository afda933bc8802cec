/*===- runtime_abi.h - the interface between the pass and the runtime -----===*
 *
 * The LLVM pass emits calls to these hooks and constant tables of these
 * structs; the runtime implements them. Every entry point carries the
 * `__credtaint_` prefix so the boundary reads as this one list, and the
 * generated DFSan ABI list names them by that prefix:
 *   __credtaint_source_*  uninstrumented, discard (they set labels themselves)
 *   __credtaint_sink_*    uninstrumented, custom  (the runtime defines the
 *                         __dfsw_ and __dfso_ wrappers, which see arg labels)
 *
 *===----------------------------------------------------------------------===*/
#ifndef CREDTAINT_RUNTIME_ABI_H
#define CREDTAINT_RUNTIME_ABI_H

#include <stdarg.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a struct or hook below changes. */
#define CREDTAINT_ABI_VERSION 4

/* One row of a module's site table: where a hook call stands in the source. */
typedef struct credtaint_site {
  const char *file;     /* absolute path, or as the compiler saw it */
  const char *function; /* demangled, without parameters */
  uint32_t line;
  uint32_t column;
} credtaint_site;

/* The target of a credtaint.json sink of category file, network or exec
 * (sinks.def's ProjectFile, ProjectUrl, ProjectCommand rows): the project
 * function's name, and the argument the config names as "target_arg" (the
 * file's path or the request's URL, a C string), or null. */
typedef struct credtaint_project_target {
  const char *function;
  const char *value;
} credtaint_project_target;

/* How the bytes of a credential-bearing declaration are laid out. */
enum credtaint_decl_shape {
  CREDTAINT_DECL_CHARS = 0,       /* NUL-terminated chars (at most capacity) */
  CREDTAINT_DECL_BYTES = 1,       /* exactly capacity bytes */
  CREDTAINT_DECL_STRING = 2,      /* libstdc++ std::string: {char *p; size_t n; ...} */
  CREDTAINT_DECL_STRING_VIEW = 3, /* std::string_view: {size_t n; const char *p} */
  CREDTAINT_DECL_VECTOR = 4,      /* std::vector of bytes: {T *begin; T *end; ...} */
  /* The wide twins: wchar_t text (UTF-32 on Linux). Capacity counts wchar_t. */
  CREDTAINT_DECL_WCHARS = 5,      /* NUL-terminated wchar_t (at most capacity) */
  CREDTAINT_DECL_WSTRING = 6,     /* std::wstring: {wchar_t *p; size_t n; ...} */
  CREDTAINT_DECL_WSTRING_VIEW = 7 /* std::wstring_view: {size_t n; const wchar_t *p} */
};

/* A credential-bearing declaration, as the Clang plugin tagged it. */
typedef struct credtaint_decl {
  const char *name;     /* the declaration's (qualified) name */
  const char *scope;    /* declared hosts, comma-separated; "" when none */
  uint8_t kind;         /* credtaint::Kind */
  uint8_t shape;        /* enum credtaint_decl_shape */
  uint8_t indirections; /* pointers to follow from the storage to the object */
  uint8_t reserved;
  uint32_t capacity;    /* bytes for CHARS/BYTES, wchar_t for WCHARS; 0 when unbounded */
} credtaint_decl;

/* Sources: called after the storage of a declaration was (possibly) set. */
void __credtaint_source_decl(const credtaint_site *site,
                             const credtaint_decl *decl, const void *storage);
/* Called after getenv/secure_getenv returned `value` for `name`. */
void __credtaint_source_env(const credtaint_site *site, const char *name,
                            const char *value);

/* Called after a call to a source function named in credtaint.json: the
 * credential is `len` bytes at `storage` when len > 0, else found as for a
 * declaration (`decl`'s shape; a pointer result is passed in a slot). */
void __credtaint_source_result(const credtaint_site *site,
                               const credtaint_decl *decl, const void *storage,
                               uint64_t len);

/* Called after a call to a declassifier named in credtaint.json (redact,
 * mask_token, hash_for_log): the bytes it produced are clean. They are `len`
 * bytes at `storage` when len > 0, else found as for a declaration (`decl`'s
 * shape); a pointer result is passed in a slot, whose own label is cleared
 * too. */
void __credtaint_source_declassify(const credtaint_decl *decl,
                                   const void *storage, uint64_t len);

/* Called after a call listed in sources.def as a reader (read, fgets,
 * getline, ...) returned, with the buffer it read into: labels what the
 * runtime found there again (the DFSan runtime's wrappers of some readers
 * clear the labels of what they read). */
void __credtaint_source_read(const void *buf);

/* Called after a call to row `derivation` of sources.def's derivations
 * (a KDF, a digest) returned, with its input and output and their lengths
 * (the arguments the row names; out_len is a pointer's value when the row
 * reads the length through one). */
void __credtaint_source_derived(const credtaint_site *site, uint32_t derivation,
                                const void *in, int64_t in_len, void *out,
                                uint64_t out_len);

/* Called after a call listed in sources.def as mapping a file (mmap)
 * returned, with its result and its length, descriptor and offset
 * arguments: labels the credentials the runtime finds in the mapped file. */
void __credtaint_source_mapped(const void *addr, uint64_t len, int64_t fd,
                               int64_t offset);

/* Called before a call to row `consumer` of consumers.def (an API parameter
 * that takes a secret: mysql_real_connect's password, HMAC's key), with the
 * parameter's bytes, the value of its LenArg and of its AuxArg (0 when the
 * row has none). */
void __credtaint_source_consumed(const credtaint_site *site, uint32_t consumer,
                                 const void *data, uint64_t len, uint64_t aux);

/* Called before a call listed in cleansers.def (explicit_bzero,
 * OPENSSL_cleanse, ...) with the n bytes at p it overwrites: their labels are
 * cleared, as an instrumented memset would clear them, so freeing them later
 * is no credential-not-zeroized finding. */
void __credtaint_source_cleanse(const void *p, uint64_t n);

/* Called after a non-cryptographic PRNG produced the n bytes at p. */
void __credtaint_source_weak_random(void *p, uint64_t n);

/* Called before or after a call listed in net_facts.def (credtaint::kNetFacts
 * row `fact`) with up to four of its arguments and its result (0 before the
 * call or when void): what the call tells about where bytes sent later go.
 * It sets no labels, hence the source prefix (uninstrumented, discard). */
void __credtaint_source_net_fact(uint32_t fact, uint64_t a0, uint64_t a1,
                                 uint64_t a2, uint64_t a3, uint64_t result);

/* Sinks: called before the call to catalog row `sink` (credtaint::kSinks).
 * `target` is that row's target argument (FILE*, fd or std::ostream*), or 0. */
void __credtaint_sink_buf(const credtaint_site *site, uint32_t sink,
                          uint64_t target, const void *data, uint64_t len);
void __credtaint_sink_cstr(const credtaint_site *site, uint32_t sink,
                           uint64_t target, const char *s);
void __credtaint_sink_char(const credtaint_site *site, uint32_t sink,
                           uint64_t target, int c);
void __credtaint_sink_format(const credtaint_site *site, uint32_t sink,
                             uint64_t target, const char *fmt, ...);
void __credtaint_sink_vformat(const credtaint_site *site, uint32_t sink,
                              uint64_t target, const char *fmt, va_list ap);
void __credtaint_sink_string(const credtaint_site *site, uint32_t sink,
                             uint64_t target, const void *str);
void __credtaint_sink_cipher_key(const credtaint_site *site, uint32_t sink,
                                 uint64_t cipher, uint64_t cipher_ctx,
                                 const void *key);
void __credtaint_sink_kdf(const credtaint_site *site, uint32_t sink,
                          uint64_t md, const void *pass, uint64_t len,
                          uint64_t iterations);
void __credtaint_sink_params(const credtaint_site *site, uint32_t sink,
                             uint64_t kdf_ctx, const void *params);
void __credtaint_sink_iov(const credtaint_site *site, uint32_t sink,
                          uint64_t target, const void *iov, uint64_t count);
/* `msg` is a struct msghdr (sendmsg). */
void __credtaint_sink_msg(const credtaint_site *site, uint32_t sink,
                          uint64_t target, const void *msg);
/* A NULL-terminated argv and, if not NULL, an envp; `target` is the program
 * (a path or file name string). For execl* the pass builds argv from the
 * variadic arguments. */
void __credtaint_sink_argv(const credtaint_site *site, uint32_t sink,
                           uint64_t target, const void *argv,
                           const void *envp);
/* curl_easy_setopt(target, option, value): value is the variadic argument as
 * an integer (a pointer for string and list options). */
void __credtaint_sink_curl_opt(const credtaint_site *site, uint32_t sink,
                               uint64_t target, uint64_t option,
                               uint64_t value);
/* A libcurl easy handle is about to send what its options hold. */
void __credtaint_sink_handle(const credtaint_site *site, uint32_t sink,
                             uint64_t target, const void *handle);

#ifdef __cplusplus
}
#endif

#endif
