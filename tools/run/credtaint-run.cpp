//===- credtaint-run.cpp - run a program that was not rebuilt -------------===//
//
// credtaint-run [--secret-env NAME]... -- CMD ARGS
//
// Runs CMD with libcredtaint_preload.so preloaded (ahead of any LD_PRELOAD
// already set): credentials are registered from its environment and from
// the credential files it opens, and value matching reports them where they
// leave the process (secret-in-log, secret-in-file, cleartext-transmission,
// credential-in-command-line) with the same records and report blocks as an
// instrumented program; CREDTAINT_OPTIONS applies as usual. The exit status
// is CMD's: credtaint-run replaces itself with it.
//
//===----------------------------------------------------------------------===//

#include <CLI/CLI.hpp>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

/// <prefix>/lib/credtaint/libcredtaint_preload.so beside <prefix>/bin.
std::string preloadLibrary(std::string &Error) {
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  if (N <= 0) {
    Error = "cannot find credtaint-run's own location (/proc/self/exe)";
    return "";
  }
  std::string Exe(Buf, size_t(N));
  std::string Prefix = Exe.substr(0, Exe.rfind('/'));
  Prefix = Prefix.substr(0, Prefix.rfind('/'));
  std::string Lib = Prefix + "/" CREDTAINT_LIBDIR "/libcredtaint_preload.so";
  if (access(Lib.c_str(), R_OK) != 0) {
    Error = "missing " + Lib + " (is credtaint fully built or installed?)";
    return "";
  }
  return Lib;
}

bool validEnvName(const std::string &Name) {
  if (Name.empty() || std::isdigit(static_cast<unsigned char>(Name[0])))
    return false;
  for (char C : Name)
    if (!std::isalnum(static_cast<unsigned char>(C)) && C != '_')
      return false;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"Run a program that was not built with credtaint; report the "
               "credentials its output, files, connections and child command "
               "lines carry."};
  App.set_version_flag("--version", "credtaint-run " CREDTAINT_VERSION);
  std::vector<std::string> SecretEnv, Command;
  App.add_option("--secret-env", SecretEnv,
                 "Also treat environment variable NAME as a credential "
                 "(repeatable; names the catalog calls credentials are found "
                 "without it)")
      ->type_name("NAME");
  App.add_option("command", Command, "The program and its arguments, after --")
      ->required();
  App.positionals_at_end();
  try {
    App.parse(argc, argv);
  } catch (const CLI::ParseError &E) {
    return App.exit(E);
  }

  std::string Names;
  for (const std::string &Name : SecretEnv) {
    if (!validEnvName(Name)) {
      std::fprintf(stderr, "credtaint-run: --secret-env: '%s' is not an "
                           "environment variable name; ignored\n", Name.c_str());
      continue;
    }
    if (!std::getenv(Name.c_str()))
      std::fprintf(stderr, "credtaint-run: --secret-env %s: not set in the "
                           "environment\n", Name.c_str());
    Names += (Names.empty() ? "" : ",") + Name;
  }
  std::string Error;
  std::string Lib = preloadLibrary(Error);
  if (Lib.empty()) {
    std::fprintf(stderr, "credtaint-run: %s\n", Error.c_str());
    return 1;
  }
  const char *Old = std::getenv("LD_PRELOAD");
  std::string Preload = Lib + (Old && *Old ? std::string(":") + Old : "");
  setenv("LD_PRELOAD", Preload.c_str(), 1);
  if (!Names.empty())
    setenv("CREDTAINT_SECRET_ENV", Names.c_str(), 1);
  else
    unsetenv("CREDTAINT_SECRET_ENV");

  std::vector<char *> Argv;
  for (std::string &A : Command)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  execvp(Argv[0], Argv.data());
  std::fprintf(stderr, "credtaint-run: cannot run '%s': %s\n", Argv[0],
               std::strerror(errno));
  return 127;
}
