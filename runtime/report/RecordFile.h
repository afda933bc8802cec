//===- RecordFile.h - one process's JSONL record file -----------*- C++ -*-===//
//
// <log_dir>/<prefix>.<pid>.jsonl, created on the first record, so a process
// that has nothing to say leaves no file: 0600 whatever the umask, never
// through a symlink someone planted in a shared directory, one write(2)
// per record (O_APPEND), so a test that crashes afterwards loses nothing
// and concurrent writers never interleave within a line. A forked child
// opens its own file under its own pid. The findings (Reporter.h) and the
// seen and used records (SeenLog.h) each keep one; the owner's lock guards
// it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_RECORDFILE_H
#define CREDTAINT_RUNTIME_RECORDFILE_H

#include <string>

namespace credtaint::rt {

class RecordFile {
public:
  /// Files named "<Prefix>.<pid>.jsonl".
  explicit RecordFile(const char *Prefix) : Prefix(Prefix) {}
  void setDir(const std::string &Dir) { LogDir = Dir; }
  /// Appends Line and a newline; a directory or file that cannot be made is
  /// said on stderr and the record is lost (the program goes on).
  void append(const std::string &Line);

private:
  const char *Prefix;
  std::string LogDir;
  int Fd = -1, FdPid = 0;
};

} // namespace credtaint::rt

#endif
