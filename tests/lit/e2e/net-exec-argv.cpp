// Credentials on the command line of child processes: a password in execl's
// variadic argv, an API key in posix_spawn's argv and in a system() command
// are credential-in-command-line; an API key only in execle's envp, under
// its own variable, is credential-in-environment at low severity. A command
// line without credentials is fine.
// SECRET: e2e-fake-ExecPa55word!
// SECRET: e2e-fake-exec-api-key-4b8d2e
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_API_KEY=e2e-fake-exec-api-key-4b8d2e %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: cat %records | count 4
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/// Runs Child in a forked process and reports its exit status.
template <typename F> static void inChild(const char *what, F Child) {
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    Child();
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::printf("%s: %d\n", what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main() {
  std::string db_password = "e2e-fake-ExecPa55word!";
  const char *api_key = std::getenv("SERVICE_API_KEY");

  inChild("execl", [&] {
    execl("/bin/true", "true", "--user", "svc", "--password", db_password.c_str(),
          (char *)nullptr);
  });
// CHECK: CREDTAINT: credential-in-command-line: password db_password ({{.*}}, 22 bytes) reached execl(argv) of /bin/true at {{.*}}net-exec-argv.cpp:[[@LINE-3]]
// CHECK: rule credential-in-command-line (CWE-214, medium)

  std::string env_entry = std::string("SERVICE_API_KEY=") + api_key;
  char *envp[] = {const_cast<char *>(env_entry.c_str()), nullptr};
  inChild("execle", [&] {
    execle("/bin/true", "true", "--quiet", (char *)nullptr, envp);
  });
// CHECK: CREDTAINT: credential-in-environment: api-key SERVICE_API_KEY ({{.*}}) reached execle(envp) as SERVICE_API_KEY of /bin/true at {{.*}}net-exec-argv.cpp:[[@LINE-2]]
// CHECK: rule credential-in-environment (CWE-526, low)

  std::string flag = std::string("--api-key=") + api_key;
  char *argv[] = {const_cast<char *>("true"), const_cast<char *>(flag.c_str()), nullptr};
  pid_t pid;
  if (posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) == 0)
    waitpid(pid, nullptr, 0);
// CHECK: CREDTAINT: credential-in-command-line: api-key SERVICE_API_KEY ({{.*}}) reached posix_spawn(argv) of /bin/true at {{.*}}net-exec-argv.cpp:[[@LINE-2]]

  std::string command = "true --password=" + db_password;
  std::printf("system: %d\n", std::system(command.c_str()));
// CHECK: CREDTAINT: credential-in-command-line: password db_password ({{.*}}) reached system(argv) of /bin/sh at {{.*}}net-exec-argv.cpp:[[@LINE-1]]

  // Fine: no credential on the command line.
  inChild("plain", [] { execl("/bin/true", "true", "--check", (char *)nullptr); });
  return 0;
}
// OUT: execl: 0
// OUT-NEXT: execle: 0
// OUT-NEXT: system: 0
// OUT-NEXT: plain: 0
// JSON-DAG: "rule":"credential-in-command-line",{{.*}}"severity":"medium",{{.*}}"sink":{"category":"process","function":"execl(argv)",{{.*}}"path":"/bin/true","part":"argv"}
// JSON-DAG: "rule":"credential-in-environment",{{.*}}"severity":"low",{{.*}}"function":"execle(envp)",{{.*}}"part":"envp","variable":"SERVICE_API_KEY"}
