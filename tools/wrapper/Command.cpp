//===- Command.cpp - run clang, expand response files ---------------------===//

#include "Command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace credtaint::wrapper {
namespace {

std::vector<char *> toArgv(const std::vector<std::string> &Argv) {
  std::vector<char *> V;
  for (const std::string &A : Argv)
    V.push_back(const_cast<char *>(A.c_str()));
  V.push_back(nullptr);
  return V;
}

int statusOf(int W) {
  if (WIFEXITED(W))
    return WEXITSTATUS(W);
  if (WIFSIGNALED(W))
    return 128 + WTERMSIG(W);
  return 1;
}

bool tokenize(const std::string &Text, std::vector<std::string> &Out) {
  std::string Cur;
  bool InToken = false;
  char Quote = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      else if (C == '\\' && I + 1 < Text.size()) // clang escapes in both quotes
        Cur += Text[++I];
      else
        Cur += C;
    } else if (C == '\'' || C == '"') {
      Quote = C;
      InToken = true;
    } else if (C == '\\' && I + 1 < Text.size()) {
      Cur += Text[++I];
      InToken = true;
    } else if (std::isspace(static_cast<unsigned char>(C))) {
      if (InToken)
        Out.push_back(Cur);
      Cur.clear();
      InToken = false;
    } else {
      Cur += C;
      InToken = true;
    }
  }
  if (InToken)
    Out.push_back(Cur);
  return Quote == 0;
}

bool expand(const std::vector<std::string> &In, std::vector<std::string> &Out,
            std::string &Error, int Depth) {
  for (const std::string &A : In) {
    if (A.size() < 2 || A[0] != '@') {
      Out.push_back(A);
      continue;
    }
    if (Depth > 20) {
      Error = "response files nested too deeply at '" + A + "'";
      return false;
    }
    std::ifstream F(A.substr(1));
    if (!F) { // clang treats an unreadable @arg as a plain argument too
      Out.push_back(A);
      continue;
    }
    std::stringstream SS;
    SS << F.rdbuf();
    std::vector<std::string> Inner;
    if (!tokenize(SS.str(), Inner)) {
      Error = "unterminated quote in response file '" + A.substr(1) + "'";
      return false;
    }
    if (!expand(Inner, Out, Error, Depth + 1))
      return false;
  }
  return true;
}

} // namespace

void printCommand(const std::vector<std::string> &Argv) {
  std::string S = "credtaint:";
  for (const std::string &A : Argv)
    S += " " + A;
  std::fprintf(stderr, "%s\n", S.c_str());
}

CommandResult runCapture(const std::vector<std::string> &Argv) {
  CommandResult R;
  int OutPipe[2], ErrPipe[2];
  if (pipe2(OutPipe, O_CLOEXEC) || pipe2(ErrPipe, O_CLOEXEC))
    return R;
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_adddup2(&Actions, OutPipe[1], 1);
  posix_spawn_file_actions_adddup2(&Actions, ErrPipe[1], 2);
  pid_t Pid;
  std::vector<char *> V = toArgv(Argv);
  int Rc = posix_spawnp(&Pid, V[0], &Actions, nullptr, V.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  close(OutPipe[1]);
  close(ErrPipe[1]);
  if (Rc != 0) {
    close(OutPipe[0]);
    close(ErrPipe[0]);
    R.Stderr = "cannot run " + Argv[0] + ": " + std::strerror(Rc) + "\n";
    R.Status = 127;
    return R;
  }
  pollfd Fds[2] = {{OutPipe[0], POLLIN, 0}, {ErrPipe[0], POLLIN, 0}};
  std::string *Bufs[2] = {&R.Stdout, &R.Stderr};
  int Open = 2;
  while (Open > 0) {
    if (poll(Fds, 2, -1) < 0 && errno != EINTR)
      break;
    for (int I = 0; I < 2; ++I) {
      if (Fds[I].fd < 0 || !(Fds[I].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      char Buf[8192];
      ssize_t N = read(Fds[I].fd, Buf, sizeof Buf);
      if (N > 0) {
        Bufs[I]->append(Buf, size_t(N));
      } else if (N == 0 || errno != EINTR) {
        close(Fds[I].fd);
        Fds[I].fd = -1;
        --Open;
      }
    }
  }
  int W = 0;
  while (waitpid(Pid, &W, 0) < 0 && errno == EINTR) {
  }
  R.Status = statusOf(W);
  return R;
}

int execCommand(const std::vector<std::string> &Argv, bool Verbose) {
  if (Verbose)
    printCommand(Argv);
  std::vector<char *> V = toArgv(Argv);
  execvp(V[0], V.data());
  std::fprintf(stderr, "credtaint: cannot run %s: %s\n", V[0],
               std::strerror(errno));
  return 127;
}

int runCommand(const std::vector<std::string> &Argv, bool Verbose) {
  if (Verbose)
    printCommand(Argv);
  pid_t Pid;
  std::vector<char *> V = toArgv(Argv);
  int Rc = posix_spawnp(&Pid, V[0], nullptr, nullptr, V.data(), environ);
  if (Rc != 0) {
    std::fprintf(stderr, "credtaint: cannot run %s: %s\n", V[0],
                 std::strerror(Rc));
    return 127;
  }
  int W = 0;
  while (waitpid(Pid, &W, 0) < 0 && errno == EINTR) {
  }
  return statusOf(W);
}

bool expandResponseFiles(const std::vector<std::string> &In,
                         std::vector<std::string> &Out, std::string &Error) {
  return expand(In, Out, Error, 0);
}

} // namespace credtaint::wrapper
