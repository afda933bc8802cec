// Preload mode, environments: a plain-clang program exports its token under
// another name (setenv: medium) and starts children with it in a built
// envp, renamed (medium) and under its own name (low). A child that
// inherits the environment is no finding.
// SECRET: tok_PreloadEnvE2e0123456789abcdef
// RUN: %clangxx -g -O1 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_PreloadEnvE2e0123456789abcdef credtaint-run -- %t > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *const envp[]) {
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {const_cast<char *>("true"), nullptr};
    if (envp)
      execve("/bin/true", argv, envp);
    else
      execv("/bin/true", argv);
    _exit(127);
  }
  waitpid(pid, nullptr, 0);
}

int main() {
  std::string token = std::getenv("API_TOKEN");
  setenv("UPLOAD_TOKEN", token.c_str(), 1);
  std::string renamed = "GH_TOKEN=" + token, own = "API_TOKEN=" + token;
  char *as_renamed[] = {&renamed[0], nullptr};
  char *as_own[] = {&own[0], nullptr};
  run(as_renamed);
  run(as_own);
  run(nullptr);
  return 0;
}
// CHECK-DAG: ==CREDTAINT: credential-in-environment: token API_TOKEN ({{.*}}) reached setenv as UPLOAD_TOKEN at
// CHECK-DAG: ==CREDTAINT: credential-in-environment: token API_TOKEN ({{.*}}) reached execve(envp) as GH_TOKEN of /bin/true at
// CHECK-DAG: ==CREDTAINT: credential-in-environment: token API_TOKEN ({{.*}}) reached execve(envp) as API_TOKEN of /bin/true at
// JSON-DAG: "rule":"credential-in-environment"{{.*}}"severity":"medium"{{.*}}"detector":"match"{{.*}}"part":"environment","variable":"UPLOAD_TOKEN"
// JSON-DAG: "rule":"credential-in-environment"{{.*}}"severity":"low"{{.*}}"part":"envp","variable":"API_TOKEN"
// JSON-DAG: "rule":"credential-in-environment"{{.*}}"severity":"medium"{{.*}}"part":"envp","variable":"GH_TOKEN"
