//===- credtaint-config.cpp - credtaint's flags, for any build system -----===//
//
// Like llvm-config: prints what a build adds to use credtaint, one line per
// option asked, read from the clang configuration file the wrappers and
// `clang --config` use (WriteClangConfig.cmake writes it: the one list), so
// the three forms cannot drift apart.
//
//   credtaint-config [--no-origins] [--compiler=CC] --cflags|--cxxflags|
//                    --ldflags|--libs|--config-file|--version|--llvm-version|
//                    --prefix ...
//
//   --cflags, --cxxflags  the file's compile and shared groups
//   --ldflags, --libs     the shared and link groups: the linker
//                         (--ld-path) and the runtime group, which
//                         credtaint-ld links into executables only and once,
//                         so LDFLAGS, LIBS or both may carry them (CMake's
//                         compiler check, for one, links without LIBS)
//   --config-file         the file itself, for `clang --config FILE`
//   --no-origins          the file without origin tracking
//   --compiler=CC         first check that CC is the clang credtaint was
//                         built for; one line and status 1 when it is not
//
//===----------------------------------------------------------------------===//

#include "WrapperPaths.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace credtaint::wrapper;

namespace {

struct Groups {
  std::vector<std::string> Both, Compile, Link;
};

bool readConfig(const std::string &Path, Groups &G, std::string &Error) {
  std::ifstream In(Path);
  if (!In) {
    Error = "cannot read " + Path + " (is credtaint fully built or installed?)";
    return false;
  }
  std::string Line, Group;
  while (std::getline(In, Line)) {
    if (Line.rfind("# [", 0) == 0) {
      Group = Line.substr(3, Line.find(']') - 3);
      continue;
    }
    if (Line.empty() || Line[0] == '#' ||
        Line.find("-no-unused-arguments") != std::string::npos)
      continue;
    if (Group == "both")
      G.Both.push_back(Line);
    else if (Group == "compile")
      G.Compile.push_back(Line);
    else if (Group == "link")
      G.Link.push_back(Line);
    else {
      Error = Path + ": '" + Line + "' is outside the [both], [compile] and "
              "[link] groups";
      return false;
    }
  }
  if (G.Both.empty() || G.Compile.empty() || G.Link.empty()) {
    Error = Path + ": a group is missing; the file is damaged";
    return false;
  }
  return true;
}

/// The lines, bracketed so that a compile flag on a link (and the reverse)
/// does not warn: -Werror builds pass CFLAGS to links too.
std::string flags(std::initializer_list<const std::vector<std::string> *> Parts) {
  std::string S = "--start-no-unused-arguments";
  for (const auto *P : Parts)
    for (const std::string &L : *P)
      S += " " + L;
  return S + " --end-no-unused-arguments";
}

int usage(FILE *To) {
  std::fputs(
      "usage: credtaint-config [--no-origins] [--compiler=CC] OPTION...\n"
      "  --cflags, --cxxflags  compile flags\n"
      "  --ldflags, --libs     link flags, for LDFLAGS or LIBS or both\n"
      "  --config-file         the clang configuration file (clang --config FILE)\n"
      "  --prefix              where credtaint is installed\n"
      "  --version             credtaint's version\n"
      "  --llvm-version        the clang major version credtaint is built for\n"
      "  --no-origins          flags without origin tracking\n"
      "  --compiler=CC         fail with one line unless CC is that clang\n",
      To);
  return To == stderr ? 2 : 0;
}

} // namespace

int main(int argc, char **argv) {
  ConfigChoice Choice;
  std::vector<std::string> Asked;
  std::string Compiler;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    if (A == "--no-origins")
      Choice.Origins = false;
    else if (A.rfind("--compiler=", 0) == 0)
      Compiler = A.substr(11);
    else if (A == "--compiler" && I + 1 < argc)
      Compiler = argv[++I];
    else if (A == "--help" || A == "-h")
      return usage(stdout);
    else if (A == "--cflags" || A == "--cxxflags" || A == "--ldflags" ||
             A == "--libs" || A == "--config-file" || A == "--version" ||
             A == "--llvm-version" || A == "--prefix")
      Asked.push_back(A);
    else {
      std::fprintf(stderr, "credtaint-config: unknown option '%s' (--help "
                           "lists them)\n", A.c_str());
      return 2;
    }
  }
  if (Asked.empty())
    return usage(stderr);
  if (!Compiler.empty()) {
    std::string Wrong = checkClangVersion(Compiler);
    if (!Wrong.empty()) {
      std::fprintf(stderr, "credtaint-config: %s\n", Wrong.c_str());
      return 1;
    }
  }
  std::string Prefix, Error;
  if (!locatePrefix(Prefix, Error)) {
    std::fprintf(stderr, "credtaint-config: %s\n", Error.c_str());
    return 1;
  }
  std::string Config = configFile(Prefix, Choice);
  Groups G;
  bool NeedsFile = false;
  for (const std::string &A : Asked)
    NeedsFile |= A != "--version" && A != "--llvm-version" && A != "--prefix";
  if (NeedsFile && !readConfig(Config, G, Error)) {
    std::fprintf(stderr, "credtaint-config: %s\n", Error.c_str());
    return 1;
  }
  for (const std::string &A : Asked) {
    std::string Out;
    if (A == "--cflags" || A == "--cxxflags")
      Out = flags({&G.Both, &G.Compile});
    else if (A == "--ldflags" || A == "--libs")
      Out = flags({&G.Both, &G.Link});
    else if (A == "--config-file")
      Out = Config;
    else if (A == "--prefix")
      Out = Prefix;
    else if (A == "--version")
      Out = CREDTAINT_VERSION;
    else
      Out = CREDTAINT_LLVM_MAJOR;
    std::printf("%s\n", Out.c_str());
  }
  return 0;
}
