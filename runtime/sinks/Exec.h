//===- Exec.h - credentials on a child process's command line ---*- C++ -*-===//
//
// A credential in argv is visible to every user of the machine (ps,
// /proc/PID/cmdline) and often ends up in shell history and audit logs:
// credential-in-command-line. In envp it is credential-in-environment
// (Environment.h). The exec*, posix_spawn*, system, popen, setenv and
// putenv rows of the sink catalog come here.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_EXEC_H
#define CREDTAINT_RUNTIME_EXEC_H

#include "Format.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/runtime_abi.h"

#include <cstdint>
#include <vector>

namespace credtaint::rt {

/// Judges and reports the strings of a command line (Argv) and environment
/// (Envp) given to a child process by sink row S; Target is the program (a
/// string) for Program rows, unused for Shell rows.
void inspectCommand(const credtaint_site *Site, const SinkInfo &S,
                    uint64_t Target, SpanRange Argv, SpanRange Envp);

/// Before sink row S starts a process, whatever its arguments hold: a shell
/// (system, popen, an exec of a shell that inherits the environment: when
/// InheritsEnvironment) gets the credentials this process exported.
void inspectShellStart(const credtaint_site *Site, const SinkInfo &S,
                       uint64_t Target, bool InheritsEnvironment);

} // namespace credtaint::rt

#endif
