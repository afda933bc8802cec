// Every credential a process loads gets one credential-seen record in
// credtaint-seen.<pid>.jsonl (issue 17), leaked or not: a token from getenv
// that is printed (one finding) and a password read from a config file
// that never leaves (no finding). Reading the file twice and using the token
// again still gives one record each. The records carry a finding's redacted
// credential object and never a value; credtaint.<pid>.jsonl holds the
// finding only. A process that loads no credential writes no seen file.
// SECRET: ghp_e2eSeenToken0123456789abcdefABCDEFxy
// SECRET: e2e-seen-DbPassw0rd-5f3a
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: printf 'db_host=db.internal\ndb_password=e2e-seen-DbPassw0rd-5f3a\n' > %t.dir/app.conf
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eSeenToken0123456789abcdefABCDEFxy %t %t.dir/app.conf > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 1
// RUN: cat %records | FileCheck --check-prefix=FINDING %s
// RUN: cat %t.logs/credtaint-seen.*.jsonl | count 2
// RUN: cat %t.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=SEEN %s
// RUN: grep -c '"name":"API_TOKEN"' %t.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=ONE %s
// RUN: grep -c '"name":"file:app.conf:db_password"' %t.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=ONE %s
// RUN: not grep -F -e ghp_e2eSeenToken0123456789abcdefABCDEFxy -e e2e-seen-DbPassw0rd-5f3a %t.logs/credtaint-seen.*.jsonl
// RUN: stat -c '%%a' %t.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=MODE %s
// No credential: no record file of either kind.
// RUN: rm -rf %t.none.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:log_dir=%t.none.logs %t %t.dir/missing.conf > %t.none.out 2> %t.none.err
// RUN: not ls %t.none.logs
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static std::string settingFrom(const char *path, const char *key) {
  std::string found;
  FILE *f = std::fopen(path, "r");
  if (!f)
    return found;
  char line[256];
  size_t n = std::strlen(key);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, key, n) == 0 && line[n] == '=')
      found = line + n + 1;
  std::fclose(f);
  return found;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  const char *api = std::getenv("API_TOKEN");
  std::string conn = settingFrom(argv[1], "db_password");
  std::string again = settingFrom(argv[1], "db_password"); // loaded twice: one record
  if (api) {
    std::printf("calling the API with %s\n", api);
// CHECK: ==CREDTAINT: secret-in-log: token API_TOKEN (ghp_****{{.*}}, 40 bytes) reached printf(stdout) at {{.*}}credential-seen.cpp:[[@LINE-1]]
    char header[128];
    std::snprintf(header, sizeof header, "Bearer %s", api); // used again, no sink
  }
  return conn == again ? 0 : 1;
}
// FINDING: "rule":"secret-in-log"
// FINDING-NOT: "type":
// SEEN: {"version":1,"type":"credential-seen","time":"{{[0-9T:.-]+}}Z","test":null,"binary":"{{[^"]+}}","credential":{"kind":"token","name":"API_TOKEN","fingerprint":"hmac-sha256:test-k1:{{[0-9a-f]+}}","preview":"ghp_****{{[^"]*}}","length":40,"scope":"{{[^"]*}}","source":{"file":"{{[^"]*}}credential-seen.cpp","line":49,"column":{{[0-9]+}},"function":"main","how":"getenv(\"API_TOKEN\")"}}}
// SEEN-NEXT: {"version":1,"type":"credential-seen","time":"{{[^"]+}}","test":null,"binary":"{{[^"]+}}","credential":{"kind":"password","name":"file:app.conf:db_password","fingerprint":"hmac-sha256:test-k1:{{[0-9a-f]+}}","preview":"{{[^"]*}}","length":24,"scope":"","source":{"file":"{{[^"]*}}credential-seen.cpp","line":{{[0-9]+}},{{.*}}"how":"fgets from {{[^"]*}}app.conf"}}}
// ONE: {{^}}1{{$}}
// MODE: {{^}}600{{$}}
