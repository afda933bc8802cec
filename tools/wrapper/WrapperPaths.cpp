//===- WrapperPaths.cpp - where the wrapper finds credtaint ---------------===//

#include "WrapperPaths.h"

#include <unistd.h>

namespace credtaint::wrapper {

bool locatePaths(Paths &P, std::string &Error) {
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  if (N <= 0) {
    Error = "cannot find the wrapper's own location (/proc/self/exe)";
    return false;
  }
  std::string Exe(Buf, size_t(N));
  std::string Prefix = Exe.substr(0, Exe.rfind('/')); // .../bin
  Prefix = Prefix.substr(0, Prefix.rfind('/'));
  P.Clang = CREDTAINT_CLANG;
  P.ClangXX = CREDTAINT_CLANGXX;
  P.Plugin = Prefix + "/" CREDTAINT_LIBDIR "/CredTaintPlugin.so";
  P.Pass = Prefix + "/" CREDTAINT_LIBDIR "/CredTaintPass.so";
  P.Runtime = Prefix + "/" CREDTAINT_LIBDIR "/libcredtaint_rt.a";
  P.AbiList = Prefix + "/" CREDTAINT_DATADIR "/abilist.txt";
  P.IncludeDir = Prefix + "/" CREDTAINT_INCLUDEDIR;
  for (const std::string *F : {&P.Plugin, &P.Pass, &P.Runtime, &P.AbiList,
                               &P.IncludeDir})
    if (access(F->c_str(), R_OK) != 0) {
      Error = "missing " + *F + " (is credtaint fully built or installed?)";
      return false;
    }
  return true;
}

} // namespace credtaint::wrapper
