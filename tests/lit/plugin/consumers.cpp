// Credentials known by their use, at compile time: a literal or a constant
// array whose bytes reach an API parameter that takes a secret
// (consumers.def) is a hardcoded credential whatever its entropy and
// whatever the variable on the way is called: passed directly, or stored
// into a local (initialised, assigned, strcpy/strncpy/wcscpy/memcpy'd,
// std::string built or assigned) before the call in the same function. The
// kind and the name come from the row; the warning and the sidecar never
// hold the literal. Clean twins: literals passed to parameters that take no
// secret (host, user, database, salt), a map key, "", nullptr, pam_set_item
// of another item than PAM_AUTHTOK, a conninfo without a password, a buffer
// zeroed and filled at run time, a literal stored after the call or only
// part of what the call is given, a method that only shares a consumer's
// name.
// SECRET: ABCD1234!
// SECRET: k3y-material
// SECRET: Pq-LowPass1
// SECRET: CStrPassw0rd-in-conninfo
// SECRET: letmein-pam1
// SECRET: crypt-Pass-1
// SECRET: Buf-Pass-ssh1
// SECRET: Ncpy-Pass-12
// SECRET: Mc9-Key-0011aabb
// SECRET: Str-Pass-mysql1
// SECRET: Assigned-Key-hmac1
// SECRET: Ptr-Pass-ldap1
// SECRET: Arr-Key-sqlite1
// SECRET: Global-Pass-mysql1
// SECRET: Lit-PBKDF2-pass1
// SECRET: Wide-Key-hmac1
// SECRET: u8-Pass-crypt1
// SECRET: Tmpl-Pass-1
// SECRET: Tmpl-Part-1
// RUN: %clangxx -std=c++17 -I/usr/include/postgresql -c %s -o %t.o -fplugin=%plugin 2> %t.err
// RUN: FileCheck --implicit-check-not=warning: %s < %t.err
// RUN: FileCheck --check-prefix=SIDECAR %s < %t.o.credtaint.json
// RUN: not grep -F -e ABCD1234! -e k3y-material -e Pq-LowPass1 -e letmein-pam1 -e Global-Pass-mysql1 %t.err %t.o.credtaint.json
#include <crypt.h>
#include <cstring>
#include <cstdlib>
#include <libpq-fe.h>
#include <map>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string>

// The libraries without headers here, declared as their headers do.
extern "C" {
struct MYSQL;
MYSQL *mysql_real_connect(MYSQL *, const char *host, const char *user,
                          const char *passwd, const char *db, unsigned port,
                          const char *unix_socket, unsigned long flags);
bool mysql_change_user(MYSQL *, const char *user, const char *passwd,
                       const char *db);
struct pam_handle;
int pam_set_item(pam_handle *, int item_type, const void *item);
struct ssh_session_struct;
int ssh_userauth_password(ssh_session_struct *, const char *username,
                          const char *password);
struct LDAP;
int ldap_simple_bind_s(LDAP *, const char *who, const char *passwd);
struct sqlite3;
int sqlite3_key(sqlite3 *, const void *key, int len);
}
#define PAM_USER 2
#define PAM_AUTHTOK 6

static unsigned char out[EVP_MAX_MD_SIZE];
static unsigned outlen;
static const unsigned char msg[] = "msg";

static const char *const kDbPass = "Global-Pass-mysql1";
// CHECK: consumers.cpp:[[@LINE-1]]:36: warning: hardcoded credential: literal passed as passwd of mysql_real_connect (password ****{{.*}}, 18 bytes) [credtaint: consumer-literal]
static const unsigned char kMacKey[] = {0x4b, 0x33, 0x79, 0x21, 0x6d, 0x61, 0x63, 0x4b};
// CHECK: consumers.cpp:[[@LINE-1]]:40: warning: hardcoded credential: literal passed as key of HMAC (generic-secret ****{{.*}}, 8 bytes) [credtaint: consumer-literal]

void direct(MYSQL *db, pam_handle *pam) {
  mysql_real_connect(db, "db.internal", "admin", "ABCD1234!", "app", 3306, nullptr, 0);
// CHECK: consumers.cpp:[[@LINE-1]]:50: warning: hardcoded credential: literal passed as passwd of mysql_real_connect (password ****{{.*}}, 9 bytes) [credtaint: consumer-literal]
  HMAC(EVP_sha256(), "k3y-material", 12, msg, 3, out, &outlen);
// CHECK: consumers.cpp:[[@LINE-1]]:22: warning: hardcoded credential: literal passed as key of HMAC (generic-secret ****{{.*}}, 12 bytes) [credtaint: consumer-literal]
  PQsetdbLogin("db.internal", "5432", nullptr, nullptr, "app", "svc", "Pq-LowPass1");
// CHECK: consumers.cpp:[[@LINE-1]]:71: warning: {{.*}} passed as pwd of PQsetdbLogin (password {{.*}}, 11 bytes) [credtaint: consumer-literal]
  PQconnectdb("host=db.internal user=svc password=CStrPassw0rd-in-conninfo");
// CHECK: consumers.cpp:[[@LINE-1]]:15: warning: {{.*}} passed as conninfo of PQconnectdb (connection-string {{.*}}) [credtaint: consumer-literal]
  pam_set_item(pam, PAM_AUTHTOK, "letmein-pam1");
// CHECK: consumers.cpp:[[@LINE-1]]:34: warning: {{.*}} passed as PAM_AUTHTOK of pam_set_item (password {{.*}}, 12 bytes) [credtaint: consumer-literal]
  crypt("crypt-Pass-1", "$6$saltsalt$");
// CHECK: consumers.cpp:[[@LINE-1]]:9: warning: {{.*}} passed as key of crypt (password {{.*}}, 12 bytes) [credtaint: consumer-literal]
  mysql_real_connect(db, "db.internal", "admin", kDbPass, "app", 3306, nullptr, 0);
  HMAC(EVP_sha256(), kMacKey, sizeof kMacKey, msg, 3, out, &outlen);
  // Wide and u8 literals: the bytes the API is given.
  HMAC(EVP_sha256(), L"Wide-Key-hmac1", int(sizeof(L"Wide-Key-hmac1") - sizeof(wchar_t)), msg, 3, out, &outlen);
// CHECK: consumers.cpp:[[@LINE-1]]:22: warning: {{.*}} passed as key of HMAC (generic-secret {{.*}}, 56 bytes) [credtaint: consumer-literal]
  crypt(u8"u8-Pass-crypt1", "$6$saltsalt$");
// CHECK: consumers.cpp:[[@LINE-1]]:9: warning: {{.*}} passed as key of crypt (password {{.*}}, 14 bytes) [credtaint: consumer-literal]
  crypt("Suppressed-Pass1", "$6$saltsalt$"); // credtaint: ignore[consumer-literal]
}

// Copied into a local on the way; the variables' names say nothing.
void copied(MYSQL *db, ssh_session_struct *ssh, LDAP *ld, sqlite3 *lite,
            EVP_CIPHER_CTX *ctx) {
  char buf[32];
  std::strcpy(buf, "Buf-Pass-ssh1");
// CHECK: consumers.cpp:[[@LINE-1]]:20: warning: {{.*}} passed as password of ssh_userauth_password (password {{.*}}, 13 bytes) [credtaint: consumer-literal]
  ssh_userauth_password(ssh, nullptr, buf);

  char data[16] = {0};
  strncpy(data, "Ncpy-Pass-12-and-more", 12);
// CHECK: consumers.cpp:[[@LINE-1]]:17: warning: {{.*}} passed as password of ssh_userauth_password (password {{.*}}, 12 bytes) [credtaint: consumer-literal]
  ssh_userauth_password(ssh, "svc", &data[0]);

  unsigned char key[16];
  unsigned char iv[16] = {0};
  std::memcpy(key, "Mc9-Key-0011aabb", 16);
// CHECK: consumers.cpp:[[@LINE-1]]:20: warning: {{.*}} passed as key of EVP_EncryptInit_ex (generic-secret {{.*}}, 16 bytes) [credtaint: consumer-literal]
  EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), nullptr, key, iv);

  std::string value = "Str-Pass-mysql1";
// CHECK: consumers.cpp:[[@LINE-1]]:23: warning: {{.*}} passed as passwd of mysql_change_user (password {{.*}}, 15 bytes) [credtaint: consumer-literal]
  mysql_change_user(db, "svc", value.c_str(), "app");

  std::string k;
  k = "Assigned-Key-hmac1";
// CHECK: consumers.cpp:[[@LINE-1]]:7: warning: {{.*}} passed as key of HMAC (generic-secret {{.*}}, 18 bytes) [credtaint: consumer-literal]
  HMAC(EVP_sha256(), k.data(), int(k.size()), msg, 3, out, &outlen);

  const char *p = nullptr;
  p = "Ptr-Pass-ldap1";
// CHECK: consumers.cpp:[[@LINE-1]]:7: warning: {{.*}} passed as passwd of ldap_simple_bind_s (password {{.*}}, 14 bytes) [credtaint: consumer-literal]
  const char *q = p;
  ldap_simple_bind_s(ld, "cn=admin,dc=example,dc=test", q);

  char arr[] = "Arr-Key-sqlite1";
// CHECK: consumers.cpp:[[@LINE-1]]:16: warning: {{.*}} passed as key of sqlite3_key (generic-secret {{.*}}, 15 bytes) [credtaint: consumer-literal]
  sqlite3_key(lite, arr, 15);

  std::string pass("Lit-PBKDF2-pass1");
// CHECK: consumers.cpp:[[@LINE-1]]:20: warning: {{.*}} passed as pass of PKCS5_PBKDF2_HMAC (password {{.*}}, 16 bytes) [credtaint: consumer-literal]
  PKCS5_PBKDF2_HMAC(pass.data(), int(pass.size()), msg, 3, 600000, EVP_sha256(), 32, out);
}

// In a template, once, whatever its instantiations; the literal copied to
// &part[N] reaches the call whole in in_template<0>.
template <int N> void in_template(MYSQL *db) {
  char part[32];
  std::strcpy(&part[N], "Tmpl-Part-1");
// CHECK: consumers.cpp:[[@LINE-1]]:25: warning: {{.*}} passed as passwd of mysql_real_connect (password {{.*}}, 11 bytes) [credtaint: consumer-literal]
  mysql_real_connect(db, "db.internal", "admin", part, "app", 3306, nullptr, 0);
  mysql_real_connect(db, "db.internal", "admin", "Tmpl-Pass-1", "app", 3306, nullptr, 0);
// CHECK: consumers.cpp:[[@LINE-1]]:50: warning: {{.*}} passed as passwd of mysql_real_connect (password {{.*}}, 11 bytes) [credtaint: consumer-literal]
}
template void in_template<0>(MYSQL *);
template void in_template<4>(MYSQL *);

// Clean twins.
struct Vault { char *crypt(const char *what); };
void clean(MYSQL *db, pam_handle *pam, Vault &v, ssh_session_struct *ssh,
           const char *from_caller) {
  std::map<std::string, std::string> cfg;
  mysql_real_connect(db, "db.internal", "admin", cfg["password"].c_str(), "app", 3306, nullptr, 0);
  mysql_real_connect(db, "db.internal", "admin", cfg.at("db_password").c_str(), "app", 3306, nullptr, 0);
  mysql_real_connect(db, "db.internal", "admin", "", "app", 3306, nullptr, 0);
  mysql_real_connect(db, "db.internal", "admin", nullptr, "app", 3306, nullptr, 0);
  pam_set_item(pam, PAM_USER, "alice-the-user");
  PQconnectdb("host=db.internal user=svc dbname=app");
  unsigned char key[32] = {0};
  std::memcpy(key, std::getenv("MAC_KEY"), sizeof key);
  HMAC(EVP_sha256(), key, sizeof key, msg, 3, out, &outlen);
  char late[32];
  ssh_userauth_password(ssh, "svc", late);
  std::strcpy(late, "After-The-Call-1");
  crypt(from_caller, "$6$saltsalt$");
  v.crypt("not-libcrypt-1");
  // A literal that is only part of what the call is given.
  char salted[64];
  std::strcpy(salted, "pepper-part-1:");
  std::strcat(salted, from_caller);
  crypt(salted, "$6$saltsalt$");
  std::string joined = "pepper-part-2:";
  joined += from_caller;
  crypt(joined.c_str(), "$6$saltsalt$");
  char spliced[64];
  std::strcpy(spliced, "pepper-part-3:");
  std::memcpy(spliced + 4, from_caller, 8);
  crypt(spliced, "$6$saltsalt$");
}

// SIDECAR: "rule": "hardcoded-credential",
// SIDECAR-NEXT: "cwe": 798,
// SIDECAR: "detector": "static",
// SIDECAR-NEXT: "message": "{{.*}}: literal passed as passwd of mysql_real_connect",
// SIDECAR-NEXT: "secret_rule": "consumer-literal",
// SIDECAR-NEXT: "credential": {
// SIDECAR-NEXT: "kind": "password",
// SIDECAR-NEXT: "name": "passwd of mysql_real_connect",
// SIDECAR-NEXT: "fingerprint": "hmac-sha256:
// SIDECAR-NEXT: "preview": "****
// SIDECAR-NEXT: "length": 18,
// SIDECAR: "how": "literal used as passwd of mysql_real_connect"
// SIDECAR: "name": "key of HMAC",
