//===- RecordFile.cpp - one process's JSONL record file -------------------===//

#include "RecordFile.h"
#include "FileUtil.h"
#include "core/Runtime.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace credtaint::rt {
namespace {

/// An existing log_dir that group or others can enter is left as it is (it
/// may be the working directory or a shared one), but said once: the
/// records in it are 0600, the listing of who leaked is not.
void warnIfShared(const std::string &Dir) {
  static std::atomic<bool> Warned{false};
  struct stat St;
  if (Warned.load() || stat(Dir.c_str(), &St) != 0 || !(St.st_mode & 077) ||
      Warned.exchange(true))
    return;
  char Mode[8];
  std::snprintf(Mode, sizeof Mode, "%04o", unsigned(St.st_mode & 07777));
  Runtime::note("WARNING: log_dir '" + Dir + "' has mode " + Mode +
                "; records are created 0600, but a directory for their owner "
                "only (0700) is safer");
}

} // namespace

void RecordFile::append(const std::string &Line) {
  int Pid = getpid();
  if (Fd >= 0 && FdPid != Pid) { // forked: the child keeps its own file
    close(Fd);
    Fd = -1;
  }
  if (Fd < 0) {
    if (!makeDirs(LogDir)) {
      Runtime::note("cannot create log_dir '" + LogDir +
                    "': " + std::strerror(errno));
      return;
    }
    warnIfShared(LogDir);
    std::string Path =
        LogDir + "/" + Prefix + "." + std::to_string(Pid) + ".jsonl";
    // Never through a symlink someone else planted in a shared directory;
    // 0600 whatever the umask, and also for a file left by an earlier
    // process with this pid.
    Fd = open(Path.c_str(),
              O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    FdPid = Pid;
    if (Fd < 0) {
      Runtime::note("cannot open '" + Path + "': " + std::strerror(errno));
      return;
    }
    (void)fchmod(Fd, 0600);
  }
  std::string L = Line + "\n";
  writeAll(Fd, L.data(), L.size());
}

} // namespace credtaint::rt
