//===- LinkPlan.cpp - what credtaint-ld passes to the linker --------------===//

#include "LinkPlan.h"

namespace credtaint::wrapper {
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

} // namespace

LinkPlan planLink(const std::string &Ld, const std::vector<std::string> &Args) {
  LinkPlan P;
  P.Cmd.push_back(Ld);
  P.Executable = linksExecutable(Args);
  // Only the first group counts, so a build may pass credtaint-config's
  // link flags both as LDFLAGS and as LIBS.
  bool InGroup = false, SawGroup = false, Keep = false;
  for (const std::string &A : Args) {
    if (A == kBegin) {
      Keep = P.Executable && !SawGroup;
      if (Keep)
        P.StubAt = P.Cmd.size(); // before the archives the stubs jump into
      InGroup = SawGroup = true;
    } else if (A == kEnd) {
      InGroup = false;
    } else if (!InGroup || Keep) {
      P.Cmd.push_back(A);
    }
  }
  if (InGroup)
    P.Error = std::string(kBegin) + " without " + kEnd +
              " in the link arguments; the configuration file is damaged";
  return P;
}

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

} // namespace credtaint::wrapper
