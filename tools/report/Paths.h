//===- Paths.h - source paths in reports, and writing report files -*- C++ -*-===//
#ifndef CREDTAINT_REPORT_PATHS_H
#define CREDTAINT_REPORT_PATHS_H

#include <string>

namespace credtaint::report {

/// Root made absolute and lexically normal, without a trailing slash
/// (empty stays empty).
std::string normalizeRoot(const std::string &Root);

/// File relative to Root when it lies under it (Rel set, true); Root must
/// be normalized.
bool relativeTo(const std::string &File, const std::string &Root,
                std::string &Rel);

/// File relative to Root when under it, else File unchanged.
std::string displayPath(const std::string &File, const std::string &Root);

/// Percent-encodes what an RFC 3986 path may not hold ('/' is kept).
std::string uriPath(const std::string &Path);

/// "file:///abs/path" for an absolute path.
std::string fileUri(const std::string &AbsolutePath);

/// Writes Text to Path through a temporary file in the same directory and a
/// rename, so a reader never sees half a report. False with Error.
bool writeFileAtomically(const std::string &Path, const std::string &Text,
                         std::string &Error);

} // namespace credtaint::report

#endif
