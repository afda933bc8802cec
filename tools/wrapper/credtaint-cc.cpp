//===- credtaint-cc.cpp - drop-in compiler wrapper ------------------------===//
//
// credtaint-cc and credtaint-c++ (the same program; argv[0] decides) run the
// clang credtaint was built for as
//
//   clang --config <prefix>/share/credtaint/credtaint-<N>.cfg <arguments>
//
// that is, exactly the flag form: the configuration file (written by
// cmake/WriteClangConfig.cmake) is the one place that says what credtaint
// adds to a compile and a link, and credtaint-ld, the linker it names, links
// the runtime into executables and adds discard stubs. An invocation with no
// input (--version, -print-*) runs clang unchanged.
//
// Wrapper options, removed before clang sees them:
//   --credtaint-origins=0|1   origin tracking (default 1; CREDTAINT_ORIGINS too):
//                             credtaint-<N>-no-origins.cfg
//   --credtaint-verbose       print the clang and linker command lines
//   --credtaint-dfsan-only    DFSan exactly as credtaint configures it, without
//                             credtaint (no plugin, pass or runtime): the
//                             baseline the performance suite measures against
//                             (dfsan-<N>[-no-origins].cfg)
//   --credtaint-identity      print the compile identity (a hash of the plugin,
//                             the pass, the ABI list and the default secret
//                             rules) and exit. It is built into the wrapper,
//                             so a compiler cache in front of it, which hashes
//                             only the wrapper, misses when one of those
//                             changes (CompileIdentity.cmake)
// CREDTAINT_CLANG replaces the clang (it must be clang <N>).
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "CompileIdentity.h" // generated
#include "WrapperPaths.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

using namespace credtaint::wrapper;

namespace {

/// Options whose value is the next argument.
bool takesValue(const std::string &A) {
  static const char *const Opts[] = {
      "-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-idirafter",
      "-iquote", "-isysroot", "-x", "-MF", "-MT", "-MQ", "-Xlinker", "-Xclang",
      "-mllvm", "-L", "-T", "-u", "-z", "-target", "-arch", "--param",
      "-Xassembler", "-Xpreprocessor", "-working-directory", "--config"};
  for (const char *O : Opts)
    if (A == O)
      return true;
  return false;
}

/// Whether clang will compile or link anything: an input file or "-".
bool hasInput(const std::vector<std::string> &Args) {
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    if (takesValue(A))
      ++I;
    else if (A == "-" || (!A.empty() && A[0] != '-'))
      return true;
  }
  return false;
}

} // namespace

int main(int argc, char **argv) {
  std::string Self = argv[0];
  bool Cxx = Self.find("++") != std::string::npos;
  bool Verbose = false;
  ConfigChoice Choice;
  if (const char *O = std::getenv("CREDTAINT_ORIGINS"))
    Choice.Origins = std::strcmp(O, "0") != 0;
  std::vector<std::string> Args;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    if (A == "--credtaint-origins=0")
      Choice.Origins = false;
    else if (A == "--credtaint-origins=1")
      Choice.Origins = true;
    else if (A == "--credtaint-verbose")
      Verbose = true;
    else if (A == "--credtaint-dfsan-only")
      Choice.Credtaint = false;
    else if (A == "--credtaint-identity") {
      std::printf("credtaint for clang %s, compile identity %s\n",
                  CREDTAINT_LLVM_MAJOR, CREDTAINT_COMPILE_IDENTITY);
      return 0;
    }
    else if (A.rfind("--credtaint-", 0) == 0) {
      std::fprintf(stderr, "credtaint: unknown wrapper option '%s'\n", A.c_str());
      return 1;
    } else
      Args.push_back(A);
  }

  std::string Prefix, Error;
  if (!locatePrefix(Prefix, Error)) {
    std::fprintf(stderr, "credtaint: %s\n", Error.c_str());
    return 1;
  }
  std::string Config = configFile(Prefix, Choice);
  if (access(Config.c_str(), R_OK) != 0) {
    std::fprintf(stderr, "credtaint: missing %s (is credtaint fully built or "
                         "installed?)\n", Config.c_str());
    return 1;
  }
  std::string Clang = Cxx ? CREDTAINT_CLANGXX : CREDTAINT_CLANG;
  if (const char *Override = std::getenv("CREDTAINT_CLANG")) {
    Clang = Override;
    std::string Wrong = checkClangVersion(Clang);
    if (!Wrong.empty()) {
      std::fprintf(stderr, "credtaint: %s\n", Wrong.c_str());
      return 1;
    }
  }

  std::vector<std::string> Expanded;
  if (!expandResponseFiles(Args, Expanded, Error)) {
    std::fprintf(stderr, "credtaint: %s\n", Error.c_str());
    return 1;
  }
  std::vector<std::string> Cmd = {Clang};
  if (hasInput(Expanded))
    Cmd.insert(Cmd.end(), {"--config", Config});
  Cmd.insert(Cmd.end(), Args.begin(), Args.end());
  if (Verbose)
    setenv("CREDTAINT_VERBOSE", "1", 1); // for credtaint-ld
  return execCommand(Cmd, Verbose);
}
