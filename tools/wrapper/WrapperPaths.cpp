//===- WrapperPaths.cpp - where the installed configuration files are -----===//

#include "WrapperPaths.h"
#include "Command.h"

#include <unistd.h>

namespace credtaint::wrapper {

bool locatePrefix(std::string &Prefix, std::string &Error) {
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  if (N <= 0) {
    Error = "cannot find this program's own location (/proc/self/exe)";
    return false;
  }
  std::string Exe(Buf, size_t(N));
  Prefix = Exe.substr(0, Exe.rfind('/')); // .../bin
  Prefix = Prefix.substr(0, Prefix.rfind('/'));
  return true;
}

std::string configFile(const std::string &Prefix, ConfigChoice C) {
  return Prefix + "/" CREDTAINT_DATADIR "/" +
         (C.Credtaint ? "credtaint-" : "dfsan-") + CREDTAINT_LLVM_MAJOR +
         (C.Origins ? "" : "-no-origins") + ".cfg";
}

std::string checkClangVersion(const std::string &Clang) {
  CommandResult R = runCapture({Clang, "-dumpversion"});
  std::string Major = R.Stdout.substr(0, R.Stdout.find('.'));
  if (R.Status == 0 && Major == CREDTAINT_LLVM_MAJOR)
    return "";
  if (R.Status == 127)
    return "cannot run " + Clang;
  return Clang + " is clang " + (Major.empty() ? "(unknown)" : Major) +
         ", but credtaint was built for clang " CREDTAINT_LLVM_MAJOR
         "; use clang-" CREDTAINT_LLVM_MAJOR ", or a credtaint built with "
         "-DCREDTAINT_LLVM_VERSION=" + (Major.empty() ? "N" : Major);
}

} // namespace credtaint::wrapper
