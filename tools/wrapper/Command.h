//===- Command.h - run clang, expand response files -------------*- C++ -*-===//
#ifndef CREDTAINT_WRAPPER_COMMAND_H
#define CREDTAINT_WRAPPER_COMMAND_H

#include <string>
#include <vector>

namespace credtaint::wrapper {

struct CommandResult {
  int Status = -1; // exit status, or 128+signal
  std::string Stdout, Stderr;
};

/// Prints Argv to stderr as "credtaint: ARG ARG ...".
void printCommand(const std::vector<std::string> &Argv);

/// Runs Argv and captures its output.
CommandResult runCapture(const std::vector<std::string> &Argv);
/// Replaces this process with Argv (returns only on failure, with 127).
int execCommand(const std::vector<std::string> &Argv, bool Verbose);
/// Runs Argv with inherited stdio and returns its status.
int runCommand(const std::vector<std::string> &Argv, bool Verbose);

/// Replaces each @file argument by the arguments in it (GNU quoting rules,
/// nested files allowed), for inspection only: clang still gets @file.
bool expandResponseFiles(const std::vector<std::string> &In,
                         std::vector<std::string> &Out, std::string &Error);

} // namespace credtaint::wrapper

#endif
