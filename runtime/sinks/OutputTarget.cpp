//===- OutputTarget.cpp - where bytes written to a descriptor go ----------===//

#include "sinks/OutputTarget.h"
#include "sinks/TempFiles.h"

#include "core/Registry.h"
#include "core/Runtime.h"
#include "match/CredentialFiles.h"
#include "report/Reporter.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace credtaint::rt {
namespace {

std::atomic<int64_t> StartNs{0};


// The clock the kernel stamps files with: a file created after this moment
// never has an earlier birth time (with the fine clock, a file created in the
// same tick could).
int64_t nowNs() {
  timespec T;
  clock_gettime(CLOCK_REALTIME_COARSE, &T);
  return int64_t(T.tv_sec) * 1000000000 + T.tv_nsec;
}

/// Whether the file (Fd, or Path relative to it) was born after the process
/// started; false where the file system keeps no birth time.
bool createdSinceStart(int Fd, const char *Path = "") {
  struct statx X;
  if (statx(Fd, Path, *Path ? 0 : AT_EMPTY_PATH, STATX_BTIME, &X) != 0 ||
      !(X.stx_mask & STATX_BTIME))
    return false;
  int64_t Born = int64_t(X.stx_btime.tv_sec) * 1000000000 + X.stx_btime.tv_nsec;
  int64_t Start = StartNs.load(std::memory_order_relaxed);
  return Start && Born >= Start;
}

/// std::filebuf keeps its file in a protected member; a class derived from
/// it may name that member for any filebuf.
template <class Ch> struct FilebufPeek : std::basic_filebuf<Ch> {
  static int fd(std::basic_filebuf<Ch> *B) {
    return (B->*(&FilebufPeek::_M_file)).fd();
  }
};

/// The descriptor of a file stream's file (std::ofstream, std::wofstream),
/// else -1.
template <class Ch> int fdOfFileStream(const std::basic_ostream<Ch> *O) {
  if (auto *B = dynamic_cast<std::basic_filebuf<Ch> *>(O->rdbuf()))
    return B->is_open() ? FilebufPeek<Ch>::fd(B) : -1;
  return -1;
}

/// T as the regular file at Path (St: its status, null when it does not
/// exist yet).
OutputTarget &regularFile(OutputTarget &T, const std::string &Path,
                          const struct stat *St, bool CreatedHere) {
  if (match::classifyCredentialPath(Path)) {
    T.What = OutputTarget::CredentialStore;
  } else if (match::isLogPath(Path)) {
    T.What = OutputTarget::Log;
    T.Stream = displayPath(Path);
  } else {
    T.What = OutputTarget::File;
    T.Path = displayPath(Path);
    T.CreatedHere = CreatedHere;
    T.TempDir = isTempPath(Path);
    if (St) {
      T.RandomName = isRandomlyNamed(uint64_t(St->st_dev), uint64_t(St->st_ino));
      T.Mode = int(St->st_mode & 07777);
      T.Device = uint64_t(St->st_dev);
      T.Inode = uint64_t(St->st_ino);
      T.RealPath = Path;
    }
  }
  return T;
}

} // namespace

std::string descriptorPath(int Fd) {
  char Link[64], Buf[4096];
  std::snprintf(Link, sizeof Link, "/proc/self/fd/%d", Fd);
  ssize_t N = readlink(Link, Buf, sizeof Buf - 1);
  return N > 0 ? std::string(Buf, size_t(N)) : std::string();
}

void noteProcessStart() {
  int64_t Zero = 0;
  StartNs.compare_exchange_strong(Zero, nowNs());
}

std::string displayPath(const std::string &Path) {
  std::string P = Path;
  const char *Home = std::getenv("HOME");
  size_t H = Home ? std::char_traits<char>::length(Home) : 0;
  if (H > 1 && P.compare(0, H, Home) == 0 && (P.size() == H || P[H] == '/'))
    P = "~" + P.substr(H);
  return runtime().registry().redactValues(P);
}

int fdOfStream(const std::ostream *O) {
  if (!O)
    return -1;
  if (O == &std::cout)
    return 1;
  if (O == &std::cerr || O == &std::clog)
    return 2;
  return fdOfFileStream(O);
}

int fdOfStream(const std::wostream *O) {
  if (!O)
    return -1;
  if (O == &std::wcout)
    return 1;
  if (O == &std::wcerr || O == &std::wclog)
    return 2;
  return fdOfFileStream(O);
}

OutputTarget targetOfFd(int Fd) {
  OutputTarget T;
  T.Fd = Fd;
  if (Fd == 1 || Fd == 2) {
    T.What = OutputTarget::Log;
    T.Stream = Fd == 1 ? "stdout" : "stderr";
    return T;
  }
  struct stat St;
  if (Fd < 0 || fstat(Fd, &St) != 0)
    return T;
  if (S_ISSOCK(St.st_mode)) {
    if (destinationOfSocket(Fd, T.Dest))
      T.What = OutputTarget::Network;
    return T; // a Unix socket: another process on this machine
  }
  if (S_ISCHR(St.st_mode) && isatty(Fd)) {
    T.What = OutputTarget::Log;
    T.Stream = "fd " + std::to_string(Fd);
    return T;
  }
  if (!S_ISREG(St.st_mode))
    return T; // pipes to children, /dev/null
  return regularFile(T, descriptorPath(Fd), &St, createdSinceStart(Fd));
}

OutputTarget targetOfPath(const char *Path) {
  OutputTarget T;
  if (!Path) {
    T.What = OutputTarget::File;
    return T;
  }
  struct stat St;
  if (stat(Path, &St) != 0) // not there yet: the call creates it
    return regularFile(T, Path, nullptr, true);
  if (!S_ISREG(St.st_mode))
    return T; // a device, a FIFO
  char Real[4096];
  return regularFile(T, realpath(Path, Real) ? Real : Path, &St,
                     createdSinceStart(AT_FDCWD, Path));
}

void reportOutput(Finding &F, const OutputTarget &T) {
  Reporter &Rep = runtime().reporter();
  F.Fd = T.Fd;
  switch (T.What) {
  case OutputTarget::Log:
    F.RuleId = Rule::SecretInLog;
    F.SinkCategory = "log";
    F.Stream = T.Stream;
    F.SinkFunction += "(" + T.Stream + ")";
    Rep.report(F);
    return;
  case OutputTarget::File:
    F.RuleId = Rule::SecretInFile;
    F.SinkCategory = "file";
    F.Path = T.Path;
    F.Mode = T.Mode;
    F.Created = T.Path.empty() ? -1 : T.CreatedHere ? 1 : 0;
    if (T.TempDir) {
      F.CreatedBy = T.RandomName ? "mkstemp" : T.CreatedHere ? "open" : "";
      // Only mkstemp's unguessable name with an owner-only mode is a
      // temporary file nobody else can read or redirect: judged as any file.
      if (!T.RandomName || T.Mode < 0 || (T.Mode & 077) != 0) {
        F.RuleId = Rule::CredentialInTempFile;
        Rep.report(F);
        return;
      }
    }
    if (T.CreatedHere && T.Mode >= 0 && (T.Mode & 077) == 0)
      Rep.reportAtExit(F, T.Device, T.Inode, T.RealPath);
    else
      Rep.report(F);
    return;
  default: // a credential store, a pipe, /dev/null, the network: no rule here
    return;
  }
}

} // namespace credtaint::rt
