//===- credtaint-ld.cpp - the linker credtaint's flags name ---------------===//
//
// clang runs this instead of ld when credtaint's configuration file is in
// the flags (--ld-path=<prefix>/libexec/credtaint/credtaint-ld), with ld's
// own arguments. It does what a configuration file cannot say, since clang
// 14 and 19 put a file's options on compiles and links alike:
//
//   - the runtime group, the arguments between --credtaint-begin-exe and
//     --credtaint-end-exe (the credtaint runtime, the allocator --wrap
//     options, the libraries the runtime needs), is linked into executables
//     and dropped from shared libraries and relocatable links: the runtime
//     lives in the executable, as clang's own sanitizer runtimes do. Only
//     the first group counts, so a build may pass credtaint-config's link
//     flags both as LDFLAGS and as LIBS;
//   - a link that fails only because uninstrumented functions were called as
//     NAME.dfsan is linked again with a discard stub for each (LinkStubs.h);
//   - a link with another clang's DFSan runtime stops with one line.
//
// The linker is $CREDTAINT_LD, else ld from PATH. CREDTAINT_VERBOSE=1
// prints the linker command lines.
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "LinkPlan.h"
#include "LinkStubs.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace credtaint::wrapper;

int main(int argc, char **argv) {
  std::vector<std::string> Given(argv + 1, argv + argc), Args;
  std::string Error;
  if (!expandResponseFiles(Given, Args, Error)) {
    std::fprintf(stderr, "credtaint-ld: %s\n", Error.c_str());
    return 1;
  }
  std::string Runtime = dfsanRuntimeMajor(Args);
  if (!Runtime.empty() && Runtime != CREDTAINT_LLVM_MAJOR) {
    std::fprintf(stderr,
                 "credtaint-ld: this link uses clang %s's DataFlowSanitizer, "
                 "but the flags are for clang " CREDTAINT_LLVM_MAJOR
                 ": link with clang-" CREDTAINT_LLVM_MAJOR ", or use the flags "
                 "of a credtaint built with -DCREDTAINT_LLVM_VERSION=%s\n",
                 Runtime.c_str(), Runtime.c_str());
    return 1;
  }

  const char *Ld = std::getenv("CREDTAINT_LD");
  LinkPlan Plan = planLink(Ld && *Ld ? Ld : "ld", Args);
  if (!Plan.Error.empty()) {
    std::fprintf(stderr, "credtaint-ld: %s\n", Plan.Error.c_str());
    return 1;
  }
  const char *V = std::getenv("CREDTAINT_VERBOSE");
  bool Verbose = V && std::strcmp(V, "0") != 0 && *V;
  if (!Plan.Executable)
    return runCommand(Plan.Cmd, Verbose);
  return linkWithStubs(Plan.Cmd, Plan.StubAt, CREDTAINT_CLANG, Verbose);
}
