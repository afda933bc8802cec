//===- LinkStubs.h - link past uninstrumented functions ---------*- C++ -*-===//
//
// DFSan renames every function it believes instrumented to NAME.dfsan, so a
// call into a prebuilt library the ABI list does not name fails to link.
// linkWithStubs links once; if the only trouble is such NAME.dfsan symbols,
// it writes one stub per symbol that clears DFSan's return label and origin
// (the ABI list's "discard") and tail-calls NAME, then links again.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_WRAPPER_LINKSTUBS_H
#define CREDTAINT_WRAPPER_LINKSTUBS_H

#include <set>
#include <string>
#include <vector>

namespace credtaint::wrapper {

/// NAME for every "NAME.dfsan" the linker said was undefined (GNU ld, gold
/// and lld message formats).
std::set<std::string> undefinedDfsanSymbols(const std::string &LinkerOutput);

/// x86-64 assembly defining NAME.dfsan for each NAME.
std::string stubAssembly(const std::set<std::string> &Names);

/// Runs the linker command LdCmd (the linker and its own options, as clang
/// passes them), with stubs if needed: the stub object goes in at argument
/// StubAt (before the archives whose functions it jumps to), assembled by
/// Clang. Returns the linker's status.
int linkWithStubs(std::vector<std::string> LdCmd, size_t StubAt,
                  const std::string &Clang, bool Verbose);

} // namespace credtaint::wrapper

#endif
