//===- LinkPlan.h - what credtaint-ld passes to the linker ------*- C++ -*-===//
//
// credtaint-ld gets ld's arguments from clang, with credtaint's runtime group
// (the arguments between --credtaint-begin-exe and --credtaint-end-exe) where
// the configuration file put it. planLink decides the linker command: the
// first group in executables, no group in shared libraries and relocatable
// links, and where a stub object would go.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_WRAPPER_LINKPLAN_H
#define CREDTAINT_WRAPPER_LINKPLAN_H

#include <string>
#include <vector>

namespace credtaint::wrapper {

struct LinkPlan {
  std::vector<std::string> Cmd; // the linker, then its arguments
  size_t StubAt = 1;            // where a stub object goes in Cmd
  bool Executable = true;       // not -shared, -r
  std::string Error;            // set when the arguments are unusable
};

/// The command for linker Ld over clang's arguments Args (response files
/// already expanded).
LinkPlan planLink(const std::string &Ld, const std::vector<std::string> &Args);

/// The major version of the DFSan runtime in Args (".../clang/<N>[.x.y]/
/// lib/.../libclang_rt.dfsan*"), or "" when none is linked.
std::string dfsanRuntimeMajor(const std::vector<std::string> &Args);

} // namespace credtaint::wrapper

#endif
