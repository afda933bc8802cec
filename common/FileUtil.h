//===- FileUtil.h - the runtime's few file-system helpers -------*- C++ -*-===//
#ifndef CREDTAINT_RUNTIME_FILEUTIL_H
#define CREDTAINT_RUNTIME_FILEUTIL_H

#include <cerrno>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace credtaint::rt {

/// mkdir -p with mode 0700 for each directory it creates: credtaint's
/// directories hold fingerprint keys and findings, for their owner only.
inline bool makeDirs(const std::string &Dir) {
  for (size_t I = 1; I <= Dir.size(); ++I)
    if (I == Dir.size() || Dir[I] == '/') {
      std::string Part = Dir.substr(0, I);
      if (mkdir(Part.c_str(), 0700) != 0 && errno != EEXIST)
        return false;
    }
  return true;
}

/// Writes all of [P, P+N) to Fd: a write to a pipe or terminal may be cut
/// short or interrupted by a signal (EINTR), and a report block or record
/// must not be lost or truncated for that.
inline void writeAll(int Fd, const char *P, size_t N) {
  while (N) {
    ssize_t W = write(Fd, P, N);
    if (W < 0 && errno == EINTR)
      continue;
    if (W <= 0)
      return;
    P += W;
    N -= size_t(W);
  }
}

} // namespace credtaint::rt

#endif
