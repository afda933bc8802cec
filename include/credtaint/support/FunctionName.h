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
/// An operator's own characters ("operator()", "operator<<", "operator->")
/// are part of the name, not brackets.
inline std::string withoutParameterList(std::string Name) {
  // Longest first, so "<<=" is not read as "<" and a template bracket.
  static const char *const Ops[] = {
      "->*", "<<=", ">>=", "<=>", "()", "[]", "->", "<<", ">>", "<=", ">=",
      "==", "!=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=",
      "|=", "^=", "+", "-", "*", "/", "%", "^", "&", "|", "~", "!", "=", "<",
      ">", ","};
  int Depth = 0;
  for (size_t I = 0; I < Name.size(); ++I) {
    if (Name.compare(I, 8, "operator") == 0 &&
        (I == 0 || Name[I - 1] == ':' || Name[I - 1] == ' ')) {
      size_t J = I + 8;
      for (const char *Op : Ops)
        if (Name.compare(J, std::char_traits<char>::length(Op), Op) == 0) {
          J += std::char_traits<char>::length(Op);
          break;
        }
      I = J - 1;
      continue;
    }
    if (Name[I] == '<')
      ++Depth;
    else if (Name[I] == '>')
      --Depth;
    else if (Name[I] == '(' && Depth == 0 && I > 0) {
      Name.resize(I);
      break;
    }
  }
  // ABI tags ("auth_header[abi:cxx11]") say nothing to a reader.
  for (size_t P = Name.find("[abi:"); P != std::string::npos; P = Name.find("[abi:", P)) {
    size_t E = Name.find(']', P);
    if (E == std::string::npos)
      break;
    Name.erase(P, E - P + 1);
  }
  return Name;
}

} // namespace credtaint

#endif
