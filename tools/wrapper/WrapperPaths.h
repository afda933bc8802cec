//===- WrapperPaths.h - where the installed configuration files are -*- C++ -*-===//
#ifndef CREDTAINT_WRAPPER_WRAPPERPATHS_H
#define CREDTAINT_WRAPPER_WRAPPERPATHS_H

#include <string>

namespace credtaint::wrapper {

/// Which of the configuration files WriteClangConfig.cmake writes.
struct ConfigChoice {
  bool Credtaint = true; // false: DFSan as credtaint configures it, alone
  bool Origins = true;
};

/// The prefix this program is installed in (<prefix>/bin/<this>), from
/// /proc/self/exe.
bool locatePrefix(std::string &Prefix, std::string &Error);

/// <prefix>/share/credtaint/{credtaint,dfsan}-<N>[-no-origins].cfg.
std::string configFile(const std::string &Prefix, ConfigChoice C);

/// "" when Clang is clang CREDTAINT_LLVM_MAJOR, else a one-line error.
std::string checkClangVersion(const std::string &Clang);

} // namespace credtaint::wrapper

#endif
