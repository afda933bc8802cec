//===- TempFiles.h - files in temporary directories -------------*- C++ -*-===//
//
// A credential written to a file in a temporary directory whose name is
// predictable (not made by mkstemp and its siblings) or whose mode lets
// others read it is credential-in-temp-file: another user can read it, or
// plant a symlink where the program will write it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SINKS_TEMPFILES_H
#define CREDTAINT_RUNTIME_SINKS_TEMPFILES_H

#include <cstdint>
#include <string>

namespace credtaint::rt {

/// Whether Path (absolute, resolved) is in /tmp, /var/tmp, /dev/shm or
/// $TMPDIR.
bool isTempPath(const std::string &Path);

/// Whether mkstemp, mkostemp, mkstemps or mkostemps created the file.
bool isRandomlyNamed(uint64_t Device, uint64_t Inode);

} // namespace credtaint::rt

#endif
