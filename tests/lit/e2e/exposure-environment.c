// credential-in-environment: a credential exported into the process's own
// environment under another name (setenv, putenv) is medium, set again
// under the variable it came from is low; in a child's envp, passed down
// unchanged under its own variable it is low, renamed it is medium; a shell
// started after the export (system) inherits it: medium, known by value.
// Clean twins: a child that inherits the environment (execv, environ) gets
// AWS_SECRET_ACCESS_KEY legitimately, and a variable without a credential
// is nothing.
// SECRET: e2eEnvAwsSecretKey0123456789abcdefABCD
// RUN: %credtaint-cc -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts AWS_SECRET_ACCESS_KEY=e2eEnvAwsSecretKey0123456789abcdefABCD %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 6
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void run(char *const envp[]) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {"true", NULL};
    if (envp)
      execve("/bin/true", argv, envp);
    else
      execv("/bin/true", argv);
    _exit(127);
  }
  waitpid(pid, NULL, 0);
}

int main(void) {
  const char *secret = getenv("AWS_SECRET_ACCESS_KEY");

  setenv("BACKUP_KEY", secret, 1);
// CHECK: ==CREDTAINT: credential-in-environment: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached setenv as BACKUP_KEY at {{.*}}exposure-environment.c:[[@LINE-1]]
// CHECK: rule credential-in-environment (CWE-526, medium)
  setenv("AWS_SECRET_ACCESS_KEY", secret, 1);
// CHECK: ==CREDTAINT: credential-in-environment: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached setenv as AWS_SECRET_ACCESS_KEY at {{.*}}exposure-environment.c:[[@LINE-1]]
// CHECK: rule credential-in-environment (CWE-526, low)
  static char entry[128];
  snprintf(entry, sizeof entry, "S3_SECRET=%s", secret);
  putenv(entry);
// CHECK: ==CREDTAINT: credential-in-environment: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached putenv as S3_SECRET at {{.*}}exposure-environment.c:[[@LINE-1]]

  // A child's own environment.
  char own[128], renamed[128];
  snprintf(own, sizeof own, "AWS_SECRET_ACCESS_KEY=%s", secret);
  snprintf(renamed, sizeof renamed, "UPLOAD_TOKEN=%s", secret);
  char *as_own[] = {own, "LANG=C", NULL};
  run(as_own);
// CHECK: ==CREDTAINT: credential-in-environment: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached execve(envp) as AWS_SECRET_ACCESS_KEY of /bin/true at {{.*}}exposure-environment.c:{{[0-9]+}}
// CHECK: rule credential-in-environment (CWE-526, low)
  char *as_renamed[] = {renamed, NULL};
  run(as_renamed);
// CHECK: ==CREDTAINT: credential-in-environment: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached execve(envp) as UPLOAD_TOKEN of /bin/true at {{.*}}exposure-environment.c:{{[0-9]+}}
// CHECK: rule credential-in-environment (CWE-526, medium)

  // Inherited: the environment the process was given (no finding).
  run(NULL);
  char *plain[] = {"LANG=C", NULL};
  run(plain);

  // A shell gets what was exported.
  printf("system: %d\n", system("true"));
// CHECK: ==CREDTAINT: credential-in-environment: cloud-credential AWS_SECRET_ACCESS_KEY ({{.*}}) reached system(environment) as {{BACKUP_KEY|S3_SECRET}} of /bin/sh at {{.*}}exposure-environment.c:[[@LINE-1]]
  return 0;
}
// JSON-DAG: "rule":"credential-in-environment"{{.*}}"severity":"medium"{{.*}}"function":"setenv"{{.*}}"part":"environment","variable":"BACKUP_KEY"
// JSON-DAG: "rule":"credential-in-environment"{{.*}}"severity":"low"{{.*}}"function":"execve(envp)"{{.*}}"path":"/bin/true","part":"envp","variable":"AWS_SECRET_ACCESS_KEY"
// JSON-DAG: "rule":"credential-in-environment"{{.*}}"detector":"match"{{.*}}"function":"system(environment)"
