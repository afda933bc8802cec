//===- Outgoing.h - judge bytes as they leave the process -------*- C++ -*-===//
//
// The interposed output functions (Interpose.cpp) hand their bytes here.
// The fast path loads the current value snapshot and scans: no lock, no
// allocation, nothing when no credential is registered or none matched.
// Only when a credential's value (or an encoding of it) is found does the
// slow path run: it works out where the bytes go (a log: fd 1/2, a tty,
// syslog, a *.log file; a file; a network peer; a child's command line),
// judges them like the flow judges do, and reports with detector "match".
// That path allocates and locks (the reporter does); a signal handler that
// writes a credential takes it too, which is unavoidable if it is to be
// reported at all.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_OUTGOING_H
#define CREDTAINT_RUNTIME_MATCH_OUTGOING_H

#include "sinks/Format.h"

#include <cstddef>
#include <cstdint>

namespace credtaint::rt::match {

enum class Channel {
  Fd,      // Fd is the descriptor written to
  Stream,  // Handle is the FILE* written to
  Syslog,  // the system log
  Tls,     // Handle is the SSL*
  Command, // Handle is the program (const char *); the parts are argv
  Environment, // one "NAME=value" part: of a child's envp when Handle is
               // its program, else of the process's own (setenv, putenv)
};

struct OutgoingCall {
  const char *Function; // the interposed function, as reports name it
  Channel Via = Channel::Fd;
  int Fd = -1;
  const void *Handle = nullptr;
  bool Formatted = false; // the bytes were formatted by the interposer
  // One character of a run a stream writes a character at a time from what
  // one flow hook judged (libstdc++'s wide streams call fputwc for each).
  bool Character = false;
};

/// Judges Parts (the bytes of one call) and reports what matched.
void inspectOutgoing(const OutgoingCall &Call, const Span *Parts, size_t NParts);

/// Whether value matching is on: something is registered and the
/// value_matching option allows it (cheap: one atomic load).
bool matchingActive();

} // namespace credtaint::rt::match

#endif
