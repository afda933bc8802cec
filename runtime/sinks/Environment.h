//===- Environment.h - credentials in an environment ------------*- C++ -*-===//
//
// credential-in-environment (CWE-526): the environment is readable by
// every process of the same user (/proc/PID/environ) and inherited by every
// child. A credential handed to the one child that needs it, unchanged
// under its own variable (AWS_SECRET_ACCESS_KEY to the aws CLI), is low;
// exported into the process's own environment under another name, copied
// into a child's under another name, or given to a shell (which passes it
// to every command it runs) is medium.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SINKS_ENVIRONMENT_H
#define CREDTAINT_RUNTIME_SINKS_ENVIRONMENT_H

#include "Format.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/runtime_abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace credtaint::rt {

struct Credential;

/// setenv(Name, value) or putenv("NAME=value") (Name null: read from the
/// string) of the bytes in Spans, by sink row S.
void inspectExport(const credtaint_site *Site, const SinkInfo &S,
                   const char *Name, SpanRange Spans);

/// The "NAME=value" strings of a child's environment, given by sink row S to
/// Program; credentials already reported in its argv (SkipArgv) are not
/// reported again.
void inspectChildEnvironment(const credtaint_site *Site, const SinkInfo &S,
                             const std::string &Program,
                             SpanRange Envp,
                             const std::vector<const Credential *> &SkipArgv);

/// A shell started by sink row S (system, popen, an exec of /bin/sh)
/// inherits the process's environment: the credentials this process
/// exported into it are given to the shell.
void inspectShellInheritance(const credtaint_site *Site, const SinkInfo &S,
                             const std::string &Program);

/// Whether Program (a path) is a shell.
bool isShell(const std::string &Program);

/// NAME of an environment entry "NAME=value" (all of it when there is no
/// '='), redacted as reports show program text.
std::string environmentVariable(const char *Entry, size_t N);

/// Whether C, found in Variable of the environment of Program (empty: the
/// process's own), is passed down unchanged under its own name to a
/// program that is not a shell, or set again where it came from: low;
/// anything else is medium.
bool underItsOwnName(const Credential &C, const std::string &Variable,
                     const std::string &Program);

} // namespace credtaint::rt

#endif
