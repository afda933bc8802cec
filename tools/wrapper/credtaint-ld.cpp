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
#include "LinkStubs.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace credtaint::wrapper;

namespace {

const char *const kBegin = "--credtaint-begin-exe";
const char *const kEnd = "--credtaint-end-exe";

bool linksExecutable(const std::vector<std::string> &Args) {
  for (const std::string &A : Args)
    if (A == "-shared" || A == "--shared" || A == "-Bshareable" || A == "-r" ||
        A == "--relocatable" || A == "-i")
      return false;
  return true;
}

/// The major version in ".../clang/<N>[.x.y]/lib/.../libclang_rt.dfsan*",
/// or "" when no DFSan runtime is linked.
std::string dfsanRuntimeMajor(const std::vector<std::string> &Args) {
  for (const std::string &A : Args) {
    if (A.find("libclang_rt.dfsan") == std::string::npos)
      continue;
    size_t At = A.find("/clang/");
    if (At == std::string::npos)
      return "";
    At += 7;
    size_t End = At;
    while (End < A.size() && A[End] >= '0' && A[End] <= '9')
      ++End;
    return A.substr(At, End - At);
  }
  return "";
}

} // namespace

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
  std::vector<std::string> Cmd = {Ld && *Ld ? Ld : "ld"};
  bool Exe = linksExecutable(Args);
  size_t StubAt = 1; // with no runtime group: first of all
  bool InGroup = false, SawGroup = false, Keep = false;
  for (const std::string &A : Args) {
    if (A == kBegin) {
      Keep = Exe && !SawGroup;
      if (Keep)
        StubAt = Cmd.size();
      InGroup = SawGroup = true;
    } else if (A == kEnd) {
      InGroup = false;
    } else if (!InGroup || Keep) {
      Cmd.push_back(A);
    }
  }
  if (InGroup) {
    std::fprintf(stderr, "credtaint-ld: %s without %s in the link "
                         "arguments; the configuration file is damaged\n",
                 kBegin, kEnd);
    return 1;
  }
  const char *V = std::getenv("CREDTAINT_VERBOSE");
  bool Verbose = V && std::strcmp(V, "0") != 0 && *V;
  if (!Exe)
    return runCommand(Cmd, Verbose);
  return linkWithStubs(Cmd, StubAt, CREDTAINT_CLANG, Verbose);
}
