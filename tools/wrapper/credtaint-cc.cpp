//===- credtaint-cc.cpp - drop-in compiler wrapper ------------------------===//
//
// credtaint-cc and credtaint-c++ (the same program; argv[0] decides) run the
// clang credtaint was built for with everything credtaint needs added:
//   compile: the Clang plugin, the pass plugin, -fsanitize=dataflow with
//            credtaint's generated ABI list instead of the default one,
//            origin tracking, -D_GLIBCXX_ASSERTIONS (std::string instrumented),
//            line tables for the site table, credtaint's include directory;
//   link:    the DFSan runtime and credtaint's runtime, with the DFSan
//            allocator's frees routed through the runtime (DfsanAllocator.h,
//            for credential-not-zeroized); and when the link
//            fails only because an uninstrumented function the ABI list
//            missed was called as NAME.dfsan, a stub per such symbol that
//            clears the return label and jumps to NAME (discard semantics),
//            then the link again.
// Anything else (-E, --version, no input) is passed through.
//
// Wrapper options, removed before clang sees them:
//   --credtaint-origins=0|1   origin tracking (default 1; CREDTAINT_ORIGINS too)
//   --credtaint-verbose       print the clang command lines
//   --credtaint-dfsan-only    DFSan exactly as credtaint configures it, without
//                             credtaint (no plugin, pass or runtime): the
//                             baseline the performance suite measures against
//   --credtaint-identity      print the identity of what a compile loads (the
//                             plugin, the pass, the ABI list, the default
//                             secret rules) and exit. It is built into the
//                             wrapper, so a compiler cache in front of it,
//                             which hashes only the wrapper, misses when one
//                             of those changes (CompileIdentity.cmake)
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "CompileIdentity.h" // generated
#include "DfsanAllocator.h"
#include "LinkStubs.h"
#include "WrapperPaths.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

using namespace credtaint::wrapper;

namespace {

struct Invocation {
  bool Cxx = false;
  bool CompileOnly = false;  // -c, -S
  bool PreprocessOnly = false;
  bool HasInput = false;
  bool HasSource = false; // an input clang will compile (not only link)
  bool Shared = false;
  bool HasDebug = false;
  bool Origins = true;
  bool Verbose = false;
  bool DfsanOnly = false;
  std::vector<std::string> Args; // the user's arguments, wrapper options removed
};

bool isSourceFile(const std::string &A) {
  static const char *const Exts[] = {".c", ".cc", ".cpp", ".cxx", ".c++", ".C",
                                     ".i", ".ii", ".s", ".S"};
  for (const char *E : Exts) {
    size_t N = std::strlen(E);
    if (A.size() > N && A.compare(A.size() - N, N, E) == 0)
      return true;
  }
  return false;
}

/// Options whose value is the next argument.
bool takesValue(const std::string &A) {
  static const char *const Opts[] = {
      "-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-idirafter",
      "-iquote", "-isysroot", "-x", "-MF", "-MT", "-MQ", "-Xlinker", "-Xclang",
      "-mllvm", "-L", "-T", "-u", "-z", "-target", "-arch", "--param",
      "-Xassembler", "-Xpreprocessor", "-working-directory"};
  for (const char *O : Opts)
    if (A == O)
      return true;
  return false;
}

void classify(Invocation &Inv, const std::vector<std::string> &Args) {
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    if (A == "-c" || A == "-S")
      Inv.CompileOnly = true;
    else if (A == "-E" || A == "-M" || A == "-MM")
      Inv.PreprocessOnly = true;
    else if (A == "-shared")
      Inv.Shared = true;
    else if (A.rfind("-g", 0) == 0 && A != "-g0")
      Inv.HasDebug = true;
    else if (A == "-x" && I + 1 < Args.size())
      Inv.HasSource |= Args[++I] != "none";
    else if (takesValue(A))
      ++I;
    else if (A == "-" || (!A.empty() && A[0] != '-')) {
      Inv.HasInput = true;
      Inv.HasSource |= A == "-" || isSourceFile(A);
    }
  }
}

std::vector<std::string> compileFlags(const Paths &P, const Invocation &Inv,
                                      bool WithPlugins) {
  std::vector<std::string> F = {
      "-fsanitize=dataflow", "-fno-sanitize-ignorelist",
      "-fsanitize-ignorelist=" + P.AbiList, "-D_GLIBCXX_ASSERTIONS",
      "-fno-omit-frame-pointer", "-I" + P.IncludeDir};
  if (WithPlugins) {
    if (!Inv.DfsanOnly) {
      F.push_back("-fplugin=" + P.Plugin);
      F.push_back("-fpass-plugin=" + P.Pass);
    }
    if (Inv.Origins) {
      F.push_back("-mllvm");
      F.push_back("-dfsan-track-origins=1");
    }
    // The C++ personality routine is an uninstrumented vararg function;
    // wrapped like other address-taken ones, every throw would abort
    // ("unsupported indirect call to vararg function __gxx_personality_v0").
    F.push_back("-mllvm");
    F.push_back("-dfsan-ignore-personality-routine");
    if (!Inv.HasDebug)
      F.push_back("-gline-tables-only");
  }
  return F;
}

std::vector<std::string> linkFlags(const Paths &P, const Invocation &Inv) {
  std::vector<std::string> F = {"-fsanitize=dataflow"};
  if (Inv.Shared || Inv.DfsanOnly)
    return F; // the runtimes live in the executable
  // "-x none": a user's "-x c" must not apply to the runtime archive.
  F.insert(F.end(), {"-x", "none", "-Wl,--whole-archive", P.Runtime,
                     "-Wl,--no-whole-archive", CREDTAINT_DFSAN_WRAP_FLAGS,
                     "-lcrypto", "-lstdc++", "-lm", "-lpthread"});
  return F;
}

int checkClangVersion(const std::string &Clang) {
  CommandResult R = runCapture({Clang, "-dumpversion"});
  std::string Major = R.Stdout.substr(0, R.Stdout.find('.'));
  if (R.Status != 0 || Major != CREDTAINT_LLVM_MAJOR) {
    std::fprintf(stderr,
                 "credtaint: %s is clang %s, but credtaint was built for clang "
                 "%s; unset CREDTAINT_CLANG or build credtaint with "
                 "-DCREDTAINT_LLVM_VERSION=%s\n",
                 Clang.c_str(), Major.empty() ? "(unknown)" : Major.c_str(),
                 CREDTAINT_LLVM_MAJOR, Major.empty() ? "N" : Major.c_str());
    return 1;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  Invocation Inv;
  std::string Self = argv[0];
  Inv.Cxx = Self.find("++") != std::string::npos;
  if (const char *O = std::getenv("CREDTAINT_ORIGINS"))
    Inv.Origins = std::strcmp(O, "0") != 0;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    if (A == "--credtaint-origins=0")
      Inv.Origins = false;
    else if (A == "--credtaint-origins=1")
      Inv.Origins = true;
    else if (A == "--credtaint-verbose")
      Inv.Verbose = true;
    else if (A == "--credtaint-dfsan-only")
      Inv.DfsanOnly = true;
    else if (A == "--credtaint-identity") {
      std::printf("credtaint for clang %s, compile identity %s\n",
                  CREDTAINT_LLVM_MAJOR, CREDTAINT_COMPILE_IDENTITY);
      return 0;
    }
    else if (A.rfind("--credtaint-", 0) == 0) {
      std::fprintf(stderr, "credtaint: unknown wrapper option '%s'\n", A.c_str());
      return 1;
    } else
      Inv.Args.push_back(A);
  }

  Paths P;
  std::string Error;
  if (!locatePaths(P, Error)) {
    std::fprintf(stderr, "credtaint: %s\n", Error.c_str());
    return 1;
  }
  std::string Clang = Inv.Cxx ? P.ClangXX : P.Clang;
  if (const char *Override = std::getenv("CREDTAINT_CLANG")) {
    Clang = Override;
    if (int Rc = checkClangVersion(Clang))
      return Rc;
  }

  std::vector<std::string> Expanded;
  if (!expandResponseFiles(Inv.Args, Expanded, Error)) {
    std::fprintf(stderr, "credtaint: %s\n", Error.c_str());
    return 1;
  }
  classify(Inv, Expanded);

  std::vector<std::string> Cmd = {Clang};
  if (!Inv.HasInput) {
    Cmd.insert(Cmd.end(), Inv.Args.begin(), Inv.Args.end());
    return execCommand(Cmd, Inv.Verbose);
  }
  // Compile flags only where something is compiled: on a link of objects
  // they are unused arguments, which -Werror builds reject.
  if (Inv.HasSource) {
    std::vector<std::string> Compile =
        compileFlags(P, Inv, /*WithPlugins=*/!Inv.PreprocessOnly);
    Cmd.insert(Cmd.end(), Compile.begin(), Compile.end());
  }
  Cmd.insert(Cmd.end(), Inv.Args.begin(), Inv.Args.end());
  if (Inv.CompileOnly || Inv.PreprocessOnly)
    return execCommand(Cmd, Inv.Verbose);

  std::vector<std::string> Link = linkFlags(P, Inv);
  Cmd.insert(Cmd.end(), Link.begin(), Link.end());
  if (Inv.Shared)
    return execCommand(Cmd, Inv.Verbose);
  return linkWithStubs(Cmd, Clang, Inv.Verbose);
}
