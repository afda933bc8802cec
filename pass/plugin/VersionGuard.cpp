//===- VersionGuard.cpp - one line when the flags meet another clang -------===//
//
// CredTaintGuard.so is the first -fplugin of credtaint's flags (the clang
// configuration files, credtaint-config, credtaint.pc). The plugin and the
// pass are built against one LLVM; loaded into another clang they fail with
// pages of undefined symbols, or worse, load and miscompile. This library
// uses no LLVM or clang symbol at link time, so any clang loads it, and its
// constructor stops the compile with one line that says what to do when the
// clang is not the one credtaint was built for.
//
// The clang's version comes from clang::getClangFullVersion() (exported by
// libclang-cpp, looked up by name, so that its absence is no load error),
// else from the executable's path (/usr/lib/llvm-N/bin/clang). When neither
// tells, the compile goes on.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>
#include <unistd.h>

namespace {

/// The first number after "version " in S, or after "llvm-" in a path.
std::string majorAfter(const std::string &S, const char *Marker) {
  size_t At = S.find(Marker);
  if (At == std::string::npos)
    return "";
  At += std::char_traits<char>::length(Marker);
  size_t End = At;
  while (End < S.size() && S[End] >= '0' && S[End] <= '9')
    ++End;
  return S.substr(At, End - At);
}

std::string hostClangMajor() {
  // clang::getClangFullVersion[abi:cxx11]()
  using VersionFn = std::string (*)();
  if (auto *F = reinterpret_cast<VersionFn>(
          dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev"))) {
    std::string Major = majorAfter(F(), "version ");
    if (!Major.empty())
      return Major;
  }
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  return N > 0 ? majorAfter(std::string(Buf, size_t(N)), "/llvm-") : "";
}

__attribute__((constructor)) void checkHostClang() {
  std::string Host = hostClangMajor();
  if (Host.empty() || Host == CREDTAINT_LLVM_MAJOR)
    return;
  std::fprintf(stderr,
               "credtaint: these flags are for clang " CREDTAINT_LLVM_MAJOR
               ", but this compiler is clang %s: compile with clang-"
               CREDTAINT_LLVM_MAJOR ", or use the flags of a credtaint built "
               "with -DCREDTAINT_LLVM_VERSION=%s\n",
               Host.c_str(), Host.c_str());
  std::fflush(stderr);
  _exit(1);
}

} // namespace
