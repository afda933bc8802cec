// Credential files as sources of an instrumented program: each file the
// credential-file catalog knows is read the way programs read it, and the
// whole line is printed; the finding is the secret alone (its length, its
// name file:<base>:<key>, its kind), never the line. Files the catalog
// knows but that hold no secret (a public key) and a private key that is
// opened and read but never written: no finding. Documents that come from
// stdin and from a socket are scanned as they are read too; a credential
// that arrives on a plaintext socket is cleartext-transmission, inbound
// (on loopback only while cleartext_loopback is on, as for what is sent).
// SECRET: awsFakeSecretKeyE2e0123456789abcdef
// SECRET: netrcFakePassE2e012
// SECRET: pgpassFakeE2e0123
// SECRET: ghp_FakeGitCredE2e0123456789
// SECRET: stdinFakePassE2e0123
// SECRET: bearerFakeInboundE2e0123456789
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs %t.home && mkdir -p %t.home/.aws %t.home/.ssh
// RUN: printf '[default]\naws_access_key_id = AKIAFAKEE2E000000000\naws_secret_access_key = awsFakeSecretKeyE2e0123456789abcdef\n' > %t.home/.aws/credentials
// RUN: printf 'machine api.example.test login bot password netrcFakePassE2e012\n' > %t.home/.netrc
// RUN: printf 'db.internal:5432:app:svc:pgpassFakeE2e0123\n' > %t.home/.pgpass
// RUN: printf 'https://bot:ghp_FakeGitCredE2e0123456789@github.com\n' > %t.home/.git-credentials
// RUN: printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakePublicKeyE2e bot@example\n' > %t.home/.ssh/id_ed25519.pub
// RUN: printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQFakeNotLeaked\n-----END OPENSSH PRIVATE KEY-----\n' > %t.home/.ssh/id_ed25519
// RUN: printf 'user: bot\npassword: stdinFakePassE2e0123\n' | env HOME=%t.home CREDTAINT_OPTIONS=%ctopts %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 7
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.logs
// RUN: printf 'user: bot\n' | env HOME=%t.home CREDTAINT_OPTIONS=%ctopts:cleartext_loopback=0 %t > %t.out 2> %t.noloop.err
// RUN: not grep -F cleartext-transmission %t.noloop.err
// What the test wrote holds the credentials: gone.
// RUN: rm -rf %t.home
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *home(const char *name) {
  static char path[4096];
  snprintf(path, sizeof path, "%s/%s", getenv("HOME"), name);
  return path;
}

/// Prints every line of a file, read with fgets.
static void printLines(const char *name) {
  FILE *f = fopen(home(name), "r");
  char line[512];
  while (f && fgets(line, sizeof line, f))
    fprintf(stderr, "%s: %s", name, line);
  if (f)
    fclose(f);
}

/// A request with a bearer token, sent by a child over loopback and read
/// by this process with recv.
static void inbound(void) {
  int srv = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(srv, (struct sockaddr *)&a, sizeof a);
  listen(srv, 1);
  getsockname(srv, (struct sockaddr *)&a, &len);
  if (fork() == 0) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    const char req[] = "GET /v1 HTTP/1.1\r\nHost: svc\r\n"
                       "Authorization: Bearer bearerFakeInboundE2e0123456789\r\n\r\n";
    (void)!write(c, req, sizeof req - 1);
    close(c);
    _exit(0);
  }
  int s = accept(srv, NULL, NULL);
  char req[1024] = {0};
  ssize_t got = 0, n;
  while ((n = recv(s, req + got, sizeof req - 1 - (size_t)got, 0)) > 0)
    got += n;
  wait(NULL);
  fprintf(stderr, "request: %s", req);
  close(s);
  close(srv);
}

int main(void) {
  printLines(".aws/credentials");
// CHECK-DAG: ==CREDTAINT: secret-in-log: cloud-credential file:credentials:aws_secret_access_key ({{.*}}, 35 bytes) reached fprintf(stderr)
  printLines(".netrc");
// CHECK-DAG: ==CREDTAINT: secret-in-log: password file:.netrc:password ({{.*}}, 19 bytes) reached fprintf(stderr)
  printLines(".pgpass");
// CHECK-DAG: ==CREDTAINT: secret-in-log: password file:.pgpass:password ({{.*}}, 17 bytes) reached fprintf(stderr)
  printLines(".git-credentials");
// CHECK-DAG: ==CREDTAINT: secret-in-log: token file:.git-credentials:password (ghp_****…, 28 bytes) reached fprintf(stderr)
  printLines(".ssh/id_ed25519.pub");

  FILE *key = fopen(home(".ssh/id_ed25519"), "r");
  char buf[1024];
  size_t n = fread(buf, 1, sizeof buf, key);
  fclose(key);
  fprintf(stderr, "read a %zu-byte key, printed nothing of it\n", n);

  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0)
    fprintf(stderr, "stdin: %s", line);
// CHECK-DAG: ==CREDTAINT: secret-in-log: password stdin:password ({{.*}}, 20 bytes) reached fprintf(stderr)
  free(line);

  inbound();
// CHECK-DAG: ==CREDTAINT: secret-in-log: token socket:Authorization ({{.*}}, 30 bytes) reached fprintf(stderr)
// CHECK-DAG: ==CREDTAINT: cleartext-transmission: token socket:Authorization ({{.*}}, 30 bytes) arrived through recv from 127.0.0.1:{{[0-9]+}} over tcp
  return 0;
}
// JSON-DAG: "detector":"flow"{{.*}}"name":"file:credentials:aws_secret_access_key",{{.*}}"how":"fgets from {{.*}}.aws/credentials"
// JSON-DAG: "name":"stdin:password",{{.*}}"how":"getline from stdin"
// JSON-DAG: "rule":"secret-in-log"{{.*}}"name":"socket:Authorization",{{.*}}"how":"recv from socket"
// JSON-DAG: "rule":"cleartext-transmission"{{.*}}"sink":{"category":"network","function":"recv",{{.*}}"direction":"inbound"}
