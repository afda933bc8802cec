// Credentials known by the API that takes them (consumers.def), with the
// real OpenSSL and libpq and a stand-in client library built with plain
// clang: a password in a variable called `data` becomes a credential at
// mysql_real_connect, and its later leak is reported with the trace
// "used as passwd of mysql_real_connect"; an HMAC key and a conninfo that
// are literals (one copied into a buffer on the way) are hardcoded
// credentials at run time; a cipher key read from a config file is
// plaintext-stored-credential. Clean twins: the same calls with values from
// the environment (already credentials, not literals, not stored in plain
// files) add no finding, and PQconnectdb without a password is no
// credential.
// SECRET: DataVarPassw0rd-e2e-consumer
// SECRET: CfgFilePassw0rd-e2e
// SECRET: EnvKeyForHmac-e2e-0123
// SECRET: LiteralPgPass-0
// SECRET: ABCD1234!hmac
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -shared -fPIC %S/Inputs/consumers/fakedb.c -o %t.dir/libfakedb.so
// RUN: %credtaint-cxx -O0 -I/usr/include/postgresql %s -L%t.dir -lfakedb -Wl,-rpath,%t.dir -lcrypto -lpq -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts HMAC_KEY=EnvKeyForHmac-e2e-0123 %t DataVarPassw0rd-e2e-consumer %S/Inputs/consumers/app.json > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 4
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string>

struct MYSQL { int connected; };
extern "C" MYSQL *mysql_real_connect(MYSQL *, const char *, const char *,
                                     const char *, const char *, unsigned,
                                     const char *, unsigned long);

static unsigned char digest[EVP_MAX_MD_SIZE];

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  // A password in a variable no name pattern knows.
  std::string data = argv[1];
  MYSQL m{};
  mysql_real_connect(&m, "db.internal", "svc", data.c_str(), "app", 3306, nullptr, 0);
  std::fprintf(stderr, "connected with %s\n", data.c_str());
// CHECK-DAG: ==CREDTAINT: secret-in-log: password passwd of mysql_real_connect ({{.*}}) reached fprintf(stderr) at {{.*}}consumer-apis.cpp:[[@LINE-1]]
// CHECK-DAG: #0 source used as passwd of mysql_real_connect in main {{.*}}consumer-apis.cpp:[[@LINE-3]]

  // A literal HMAC key, copied into a buffer first.
  char key[32];
  std::strcpy(key, "ABCD1234!hmac");
  unsigned len = 0;
  HMAC(EVP_sha256(), key, int(std::strlen(key)), reinterpret_cast<const unsigned char *>("msg"), 3, digest, &len);
// CHECK-DAG: ==CREDTAINT: hardcoded-credential: generic-secret key of HMAC ({{.*}}, 13 bytes) reached HMAC(key) at {{.*}}consumer-apis.cpp:[[@LINE-1]]

  // A literal conninfo with a password (libpq fails at once: port 1).
  PGconn *c = PQconnectdb("host=127.0.0.1 port=1 user=svc password=LiteralPgPass-0 connect_timeout=1");
  PQfinish(c);
// CHECK-DAG: ==CREDTAINT: hardcoded-credential: connection-string conninfo of PQconnectdb ({{.*}}) reached PQconnectdb(conninfo) at {{.*}}consumer-apis.cpp:[[@LINE-2]]
  // Without a password the conninfo is no credential.
  PGconn *c2 = PQconnectdb("host=127.0.0.1 port=1 user=svc connect_timeout=1");
  PQfinish(c2);

  // A cipher key read from a config file.
  std::ifstream cfg(argv[2]);
  std::string text((std::istreambuf_iterator<char>(cfg)), std::istreambuf_iterator<char>());
  size_t at = text.find("\"password\": \"") + 13;
  std::string stored = text.substr(at, text.find('"', at) - at);
  unsigned char k[32] = {0};
  std::memcpy(k, stored.data(), stored.size() < 32 ? stored.size() : 32);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, k, k + 16);
// CHECK-DAG: ==CREDTAINT: plaintext-stored-credential: password file:app.json:password ({{.*}}, 19 bytes) reached EVP_EncryptInit_ex(key) at {{.*}}consumer-apis.cpp:[[@LINE-1]]
  EVP_CIPHER_CTX_free(ctx);

  // Clean twins: values from the environment.
  const char *env_key = std::getenv("HMAC_KEY");
  HMAC(EVP_sha256(), env_key, int(std::strlen(env_key)), reinterpret_cast<const unsigned char *>("msg"), 3, digest, &len);
  mysql_real_connect(&m, "db.internal", "svc", env_key, "app", 3306, nullptr, 0);
  return 0;
}
// JSON-DAG: "rule":"hardcoded-credential"{{.*}}"detector":"flow"{{.*}}"name":"key of HMAC"{{.*}}"sink":{"category":"credential","function":"HMAC(key)"
// JSON-DAG: "rule":"plaintext-stored-credential","cwe":256,"severity":"medium"{{.*}}"name":"file:app.json:password"
// JSON-DAG: "rule":"secret-in-log"{{.*}}"name":"passwd of mysql_real_connect"{{.*}}"how":"used as passwd of mysql_real_connect"
