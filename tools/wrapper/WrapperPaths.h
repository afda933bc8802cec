//===- WrapperPaths.h - where the wrapper finds credtaint -------*- C++ -*-===//
//
// The build tree and an install share one layout (bin/, lib/credtaint/,
// share/credtaint/, include/), so the wrapper finds everything relative to
// its own executable and works from build/bin/ and from a prefix alike.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_WRAPPER_WRAPPERPATHS_H
#define CREDTAINT_WRAPPER_WRAPPERPATHS_H

#include <string>

namespace credtaint::wrapper {

struct Paths {
  std::string Clang, ClangXX;
  std::string Plugin, Pass, Runtime, AbiList, IncludeDir;
};

/// Fills P from the wrapper's location; false with Error naming the first
/// missing piece.
bool locatePaths(Paths &P, std::string &Error);

} // namespace credtaint::wrapper

#endif
