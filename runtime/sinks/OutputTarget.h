//===- OutputTarget.h - where bytes written to a descriptor go --*- C++ -*-===//
//
// Both detectors ask the same question of an output call: where do these
// bytes go? The flow hooks (Sinks.cpp) ask it of a FILE*, a descriptor or an
// std::ostream; value matching (match/Outgoing.cpp) of the descriptor the
// interposed call writes to. One answer, so one leak is judged alike:
//   Log              stdout, stderr, a terminal, a *.log file
//   File             any other regular file: secret-in-file, or
//                    credential-in-temp-file in a temporary directory when
//                    its name is predictable or others may read it
//   CredentialStore  a file where credentials are kept (~/.aws/credentials,
//                    *.pem, ...: match/CredentialFiles.h): no finding
//   Network          a socket with a peer (the network rules)
//   Other            a pipe to a child, a Unix socket, /dev/null: no rule
// A file carries its permission bits and whether this process created it
// (its birth time is after the runtime started), because an owner-only
// file the process creates and removes before it exits is the usual way to
// hand a credential to a child (a temporary .pgpass): such a finding waits
// for exit and is dropped when the file is gone (Reporter::reportAtExit).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SINKS_OUTPUTTARGET_H
#define CREDTAINT_RUNTIME_SINKS_OUTPUTTARGET_H

#include "net/Network.h"

#include <cstdint>
#include <iosfwd>
#include <string>

namespace credtaint::rt {

struct Finding;

struct OutputTarget {
  enum Kind { Other, Log, File, CredentialStore, Network } What = Other;
  int Fd = -1;
  std::string Stream;       // Log: "stdout", "stderr", "fd 5", a redacted path
  std::string Path;         // File: redacted, the home directory as "~"
  int Mode = -1;            // File: permission bits
  bool CreatedHere = false; // File: created since this process started
  bool TempDir = false;     // File: in /tmp, /var/tmp, /dev/shm or $TMPDIR
  bool RandomName = false;  // File: made by mkstemp or a sibling
  uint64_t Device = 0, Inode = 0; // File: to tell at exit whether it is gone
  std::string RealPath;           // File: the same, never printed
  Destination Dest;         // Network
};

/// Where bytes written to Fd go.
OutputTarget targetOfFd(int Fd);

/// Where bytes a function writes to the file at Path go (a credtaint.json
/// sink of category file), judged before the call: a file that does not
/// exist yet is one this process creates; a null Path is a file of unknown
/// name.
OutputTarget targetOfPath(const char *Path);

/// Reports credential bytes written to T, F holding the credential, the
/// detector, the sink frame and the calling function's name (Function,
/// "fputs"): secret-in-log for a Log, secret-in-file for a File (at exit
/// for an owner-only file this process created, and only if it is still
/// there). Nothing for a credential store, another target, or the network
/// (which the network judges take).
void reportOutput(Finding &F, const OutputTarget &T);

/// The path of the file descriptor Fd is open on ("" when unknown).
std::string descriptorPath(int Fd);

/// The descriptor an output stream writes to: 1 or 2 for std::cout,
/// std::cerr and std::clog (std::wcout, std::wcerr, std::wclog), the file's
/// for an std::ofstream or std::wofstream (a filebuf), else -1 (a string
/// stream, a custom streambuf).
int fdOfStream(const std::ostream *O);
int fdOfStream(const std::wostream *O);

/// A program-supplied path as reports show it: credential values redacted,
/// $HOME as "~".
std::string displayPath(const std::string &Path);

/// Records the start of the process, for OutputTarget::CreatedHere.
void noteProcessStart();

} // namespace credtaint::rt

#endif
