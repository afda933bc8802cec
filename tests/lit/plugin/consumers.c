// Credentials known by their use, in C: a literal copied with strcpy or
// wcscpy, a pointer assigned a literal, or a compound literal reaches a
// parameter that takes a secret; -Werror makes the warning an error, and an inline suppression
// silences it. Clean twins: an item type that is no constant (judged at
// run time), a literal passed to a parameter that takes no secret.
// SECRET: data-Passw0rd
// SECRET: Wide-Copy-1
// SECRET: kept-in-p-1
// RUN: %clang -c %s -o %t.o -fplugin=%plugin 2> %t.err
// RUN: FileCheck --implicit-check-not=warning: %s < %t.err
// RUN: FileCheck --check-prefix=SIDECAR %s < %t.o.credtaint.json
// RUN: not %clang -c %s -o %t.werror.o -fplugin=%plugin -Werror 2>&1 | FileCheck --check-prefix=WERROR %s
// RUN: not grep -F -e data-Passw0rd -e Wide-Copy-1 -e kept-in-p-1 %t.err %t.o.credtaint.json
#include <crypt.h>
#include <openssl/hmac.h>
#include <string.h>
#include <wchar.h>

typedef struct pam_handle pam_handle_t;
int pam_set_item(pam_handle_t *, int item_type, const void *item);
#define PAM_AUTHTOK 6

static unsigned char out[EVP_MAX_MD_SIZE];
static unsigned outlen;

void login(pam_handle_t *pam, int item) {
  char data[32];
  strcpy(data, "data-Passw0rd");
// CHECK: consumers.c:[[@LINE-1]]:16: warning: hardcoded credential: literal passed as key of crypt (password ****{{.*}}, 13 bytes) [credtaint: consumer-literal]
  crypt(data, "$6$saltsalt$");

  wchar_t w[16];
  wcscpy(w, L"Wide-Copy-1");
// CHECK: consumers.c:[[@LINE-1]]:13: warning: hardcoded credential: literal passed as key of HMAC (generic-secret ****{{.*}}, 44 bytes) [credtaint: consumer-literal]
  HMAC(EVP_sha256(), w, (int)(wcslen(w) * sizeof(wchar_t)), (const unsigned char *)"m", 1, out, &outlen);

  const char *p;
  p = "kept-in-p-1";
// CHECK: consumers.c:[[@LINE-1]]:7: warning: hardcoded credential: literal passed as PAM_AUTHTOK of pam_set_item (password ****{{.*}}, 11 bytes) [credtaint: consumer-literal]
  pam_set_item(pam, PAM_AUTHTOK, p);

  pam_set_item(pam, PAM_AUTHTOK, "ignored-pass-1"); // credtaint: ignore[hardcoded-credential]

  HMAC(EVP_sha256(), (const unsigned char[]){0x4b, 0x33, 0x79, 0x21, 0x63, 0x6c}, 6,
// CHECK: consumers.c:[[@LINE-1]]:45: warning: hardcoded credential: literal passed as key of HMAC (generic-secret ****{{.*}}, 6 bytes) [credtaint: consumer-literal]
       (const unsigned char *)"m", 1, out, &outlen);

  // Not findings.
  pam_set_item(pam, item, "item-unknown-1");
  crypt(data, "$6$anothersalt$");
}
// SIDECAR: "secret_rule": "consumer-literal",
// SIDECAR-NEXT: "credential": {
// SIDECAR-NEXT: "kind": "password",
// SIDECAR-NEXT: "name": "key of crypt",
// SIDECAR: "how": "literal used as key of crypt"
// SIDECAR: "name": "key of HMAC",
// SIDECAR: "name": "PAM_AUTHTOK of pam_set_item",
// SIDECAR: "name": "key of HMAC",
// SIDECAR-NOT: "name":
// WERROR: consumers.c:{{[0-9]+}}:16: error: hardcoded credential: literal passed as key of crypt
