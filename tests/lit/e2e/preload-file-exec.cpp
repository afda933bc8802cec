// Preload mode, files and child processes: a plain-clang program opens a
// private key (a credential file: its value is registered when it is
// opened) and copies it into another file (secret-in-file), then starts a
// child with its API token on the command line (credential-in-command-line).
// Writing the key back into a credential file is where it belongs: no
// finding.
// SECRET: tok_PreloadExecE2e0123456789abcdef
// SECRET: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDfakeFAKEfake
// SECRET: 0123456789abcdefFAKEkeyMATERIALnotREALxyzXYZ0123456789abcdefgh
// RUN: %clangxx -O1 %s -o %t
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: printf -- '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDfakeFAKEfake\n0123456789abcdefFAKEkeyMATERIALnotREALxyzXYZ0123456789abcdefgh\n-----END PRIVATE KEY-----\n' > %t.dir/service.key
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_PreloadExecE2e0123456789abcdef credtaint-run -- %t %t.dir > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  std::string dir = argv[1];
  FILE *key = std::fopen((dir + "/service.key").c_str(), "r");
  if (!key)
    return 2;
  char buf[4096];
  size_t n = std::fread(buf, 1, sizeof buf, key);
  std::fclose(key);

  FILE *copy = std::fopen((dir + "/backup.txt").c_str(), "w");
  std::fwrite(buf, 1, n, copy);
// CHECK: ==CREDTAINT: secret-in-file: private-key file:service.key:private key ({{.*}}, 180 bytes) reached fwrite to {{.*}}backup.txt (mode {{0[0-7]+}}{{.*}}) at
  std::fclose(copy);
  FILE *again = std::fopen((dir + "/again.pem").c_str(), "w");
  std::fwrite(buf, 1, n, again);
  std::fclose(again);

  const char *token = std::getenv("API_TOKEN");
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/true", "true", "--token", token, static_cast<char *>(nullptr));
    _exit(127);
  }
// CHECK: ==CREDTAINT: credential-in-command-line: token API_TOKEN ({{.*}}) reached execl(argv) of /bin/true at
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
}
// JSON-DAG: "rule":"secret-in-file",{{.*}}"detector":"match",{{.*}}"kind":"private-key","name":"file:service.key:private key",{{.*}}"sink":{"category":"file","function":"fwrite",{{.*}}"path":"{{.*}}backup.txt"
// JSON-DAG: "rule":"credential-in-command-line",{{.*}}"detector":"match",{{.*}}"name":"API_TOKEN",{{.*}}"sink":{"category":"process","function":"execl(argv)",{{.*}}"path":"/bin/true","part":"argv"
