//===- OpenAndExec.cpp - credential files and child command lines ---------===//
//
// Preload mode only (an instrumented program has source and exec hooks):
// opening a credential file registers its secrets (Preload.cpp), and a
// child process started with a credential in argv is
// credential-in-command-line, and one in an envp the program built, or
// put into its own environment with setenv or putenv, is
// credential-in-environment. glibc's exec* and posix_spawn* reach execve
// through internal calls, so each entry point is interposed. The
// environment a child inherits is not judged: that is where the
// credentials came from.
//
//===----------------------------------------------------------------------===//

#include "preload/Preload.h"

#include "match/Outgoing.h"
#include "match/NextSymbol.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <unistd.h>

using namespace credtaint::rt;
using namespace credtaint::rt::match;

namespace {


// No real command line has more arguments than this many scanned.
constexpr size_t kMaxArgs = 256;

void scanArgv(const char *Fn, const char *Program, char *const *Argv) {
  if (!matchingActive() || !Argv)
    return;
  Span Parts[kMaxArgs];
  size_t N = 0;
  for (size_t I = 0; Argv[I] && N < kMaxArgs; ++I)
    Parts[N++] = {Argv[I], std::strlen(Argv[I])};
  inspectOutgoing({Fn, Channel::Command, -1, Program, false}, Parts, N);
}

/// A child's environment, one "NAME=value" at a time (Program null: the
/// process's own); inheriting environ itself is not judged.
void scanEnvironment(const char *Fn, const char *Program, char *const *Envp) {
  if (!matchingActive() || !Envp || Envp == environ)
    return;
  for (size_t I = 0; Envp[I] && I < kMaxArgs; ++I) {
    Span Entry{Envp[I], std::strlen(Envp[I])};
    inspectOutgoing({Fn, Channel::Environment, -1, Program, false}, &Entry, 1);
  }
}

void scanShell(const char *Fn, const char *Command) {
  if (!matchingActive() || !Command)
    return;
  Span S{Command, std::strlen(Command)};
  inspectOutgoing({Fn, Channel::Command, -1, "/bin/sh", false}, &S, 1);
}

/// The arguments of execl/execlp/execle, up to the terminating null.
size_t collectArgs(const char *First, va_list &Ap, const char **Out) {
  size_t N = 0;
  Out[N++] = First;
  while (N + 1 < kMaxArgs) {
    const char *A = va_arg(Ap, const char *);
    Out[N++] = A;
    if (!A)
      return N;
  }
  Out[N] = nullptr;
  return N;
}

int modeArg(int Flags, va_list &Ap) {
  return (Flags & O_CREAT) || (Flags & O_TMPFILE) == O_TMPFILE ? va_arg(Ap, int) : 0;
}

} // namespace

#define CT_EXPORT extern "C" __attribute__((visibility("default")))

// --- credential files -------------------------------------------------------

CT_EXPORT int open(const char *Path, int Flags, ...) {
  va_list Ap;
  va_start(Ap, Flags);
  int Mode = modeArg(Flags, Ap);
  va_end(Ap);
  int Fd = CT_NEXT(open, int(const char *, int, ...))(Path, Flags, Mode);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

CT_EXPORT int open64(const char *Path, int Flags, ...) {
  va_list Ap;
  va_start(Ap, Flags);
  int Mode = modeArg(Flags, Ap);
  va_end(Ap);
  int Fd = CT_NEXT(open64, int(const char *, int, ...))(Path, Flags, Mode);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

CT_EXPORT int openat(int Dir, const char *Path, int Flags, ...) {
  va_list Ap;
  va_start(Ap, Flags);
  int Mode = modeArg(Flags, Ap);
  va_end(Ap);
  int Fd = CT_NEXT(openat, int(int, const char *, int, ...))(Dir, Path, Flags, Mode);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

CT_EXPORT int openat64(int Dir, const char *Path, int Flags, ...) {
  va_list Ap;
  va_start(Ap, Flags);
  int Mode = modeArg(Flags, Ap);
  va_end(Ap);
  int Fd = CT_NEXT(openat64, int(int, const char *, int, ...))(Dir, Path, Flags, Mode);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

// _FORTIFY_SOURCE builds call these when the flags are not constant.
CT_EXPORT int __open_2(const char *Path, int Flags) {
  int Fd = CT_NEXT(__open_2, int(const char *, int))(Path, Flags);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

CT_EXPORT int __open64_2(const char *Path, int Flags) {
  int Fd = CT_NEXT(__open64_2, int(const char *, int))(Path, Flags);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

CT_EXPORT int __openat_2(int Dir, const char *Path, int Flags) {
  int Fd = CT_NEXT(__openat_2, int(int, const char *, int))(Dir, Path, Flags);
  preload::noteOpenedFile(Fd, Path);
  return Fd;
}

CT_EXPORT FILE *fopen(const char *Path, const char *Mode) {
  FILE *F = CT_NEXT(fopen, FILE *(const char *, const char *))(Path, Mode);
  if (F)
    preload::noteOpenedFile(fileno(F), Path);
  return F;
}

CT_EXPORT FILE *fopen64(const char *Path, const char *Mode) {
  FILE *F = CT_NEXT(fopen64, FILE *(const char *, const char *))(Path, Mode);
  if (F)
    preload::noteOpenedFile(fileno(F), Path);
  return F;
}

// --- child processes --------------------------------------------------------

// --- the process's own environment --------------------------------------------

CT_EXPORT int setenv(const char *Name, const char *Value, int Overwrite) {
  if (matchingActive()) {
    std::string Entry = std::string(Name) + "=" + Value;
    char *One[] = {Entry.data(), nullptr};
    scanEnvironment("setenv", nullptr, One);
  }
  return CT_NEXT(setenv, decltype(::setenv))(Name, Value, Overwrite);
}

CT_EXPORT int putenv(char *String) {
  char *One[] = {String, nullptr};
  scanEnvironment("putenv", nullptr, One);
  return CT_NEXT(putenv, decltype(::putenv))(String);
}

CT_EXPORT int execve(const char *Path, char *const Argv[], char *const Envp[]) {
  scanArgv("execve", Path, Argv);
  scanEnvironment("execve", Path, Envp);
  return CT_NEXT(execve, decltype(::execve))(Path, Argv, Envp);
}

CT_EXPORT int execv(const char *Path, char *const Argv[]) {
  scanArgv("execv", Path, Argv);
  return CT_NEXT(execv, decltype(::execv))(Path, Argv);
}

CT_EXPORT int execvp(const char *File, char *const Argv[]) {
  scanArgv("execvp", File, Argv);
  return CT_NEXT(execvp, decltype(::execvp))(File, Argv);
}

CT_EXPORT int execvpe(const char *File, char *const Argv[], char *const Envp[]) {
  scanArgv("execvpe", File, Argv);
  scanEnvironment("execvpe", File, Envp);
  return CT_NEXT(execvpe, decltype(::execvpe))(File, Argv, Envp);
}

CT_EXPORT int execl(const char *Path, const char *Arg, ...) {
  const char *Args[kMaxArgs];
  va_list Ap;
  va_start(Ap, Arg);
  collectArgs(Arg, Ap, Args);
  va_end(Ap);
  auto *Argv = const_cast<char *const *>(Args);
  scanArgv("execl", Path, Argv);
  return CT_NEXT(execv, decltype(::execv))(Path, Argv);
}

CT_EXPORT int execlp(const char *File, const char *Arg, ...) {
  const char *Args[kMaxArgs];
  va_list Ap;
  va_start(Ap, Arg);
  collectArgs(Arg, Ap, Args);
  va_end(Ap);
  auto *Argv = const_cast<char *const *>(Args);
  scanArgv("execlp", File, Argv);
  return CT_NEXT(execvp, decltype(::execvp))(File, Argv);
}

CT_EXPORT int execle(const char *Path, const char *Arg, ...) {
  const char *Args[kMaxArgs];
  va_list Ap;
  va_start(Ap, Arg);
  collectArgs(Arg, Ap, Args);
  char *const *Envp = va_arg(Ap, char *const *);
  va_end(Ap);
  auto *Argv = const_cast<char *const *>(Args);
  scanArgv("execle", Path, Argv);
  scanEnvironment("execle", Path, Envp);
  return CT_NEXT(execve, decltype(::execve))(Path, Argv, Envp);
}

CT_EXPORT int posix_spawn(pid_t *Pid, const char *Path,
                          const posix_spawn_file_actions_t *Actions,
                          const posix_spawnattr_t *Attr, char *const Argv[],
                          char *const Envp[]) {
  scanArgv("posix_spawn", Path, Argv);
  scanEnvironment("posix_spawn", Path, Envp);
  return CT_NEXT(posix_spawn, decltype(::posix_spawn))(Pid, Path, Actions, Attr,
                                                       Argv, Envp);
}

CT_EXPORT int posix_spawnp(pid_t *Pid, const char *File,
                           const posix_spawn_file_actions_t *Actions,
                           const posix_spawnattr_t *Attr, char *const Argv[],
                           char *const Envp[]) {
  scanArgv("posix_spawnp", File, Argv);
  scanEnvironment("posix_spawnp", File, Envp);
  return CT_NEXT(posix_spawnp, decltype(::posix_spawnp))(Pid, File, Actions,
                                                         Attr, Argv, Envp);
}

CT_EXPORT int system(const char *Command) {
  scanShell("system", Command);
  return CT_NEXT(system, decltype(::system))(Command);
}

CT_EXPORT FILE *popen(const char *Command, const char *Mode) {
  scanShell("popen", Command);
  return CT_NEXT(popen, decltype(::popen))(Command, Mode);
}
