//===- FunctionName.h - readable function names -----------------*- C++ -*-===//
//
// Reports name a function without its parameter list ("ns::Cls::fn"), both
// when the pass writes the site table and when the runtime reads DFSan's
// symbolized origin stacks.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_SUPPORT_FUNCTIONNAME_H
#define CREDTAINT_SUPPORT_FUNCTIONNAME_H

#include <string>

namespace credtaint {

/// Cuts a demangled name at the first '(' outside template arguments.
inline std::string withoutParameterList(std::string Name) {
  int Depth = 0;
  for (size_t I = 0; I < Name.size(); ++I) {
    if (Name[I] == '<')
      ++Depth;
    else if (Name[I] == '>')
      --Depth;
    else if (Name[I] == '(' && Depth == 0 && I > 0) {
      Name.resize(I);
      break;
    }
  }
  return Name;
}

} // namespace credtaint

#endif
