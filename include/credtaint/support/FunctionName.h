//===- FunctionName.h - readable function names -----------------*- C++ -*-===//
//
// Reports name a function as its source says it ("ns::Cls::fn"): without
// its parameter list, and without the suffixes compilers give the copies
// they make of it: DFSan renames every instrumented function NAME.dfsan (C
// names keep it as is, demangled C++ names show " (.dfsan)"), and GCC and
// LLVM name their clones NAME.cold, NAME.isra.0, NAME.part.1,
// NAME.constprop.0, NAME.llvm.123 (demangled: " [clone .cold]"). One name
// per source function, both when the pass writes the site table and when
// the runtime reads symbolized stacks, so one leak is one finding.
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

/// Strips the clone and DFSan suffixes described above, in any order and
/// number ("f.dfsan", "f.isra.0.cold", "g() (.dfsan)", "h() [clone .cold]").
inline std::string withoutCloneSuffixes(std::string Name) {
  static const char *const Clones[] = {".dfsan", ".cold", ".isra", ".part",
                                       ".constprop", ".llvm", ".lto_priv",
                                       ".localalias"};
  for (bool Again = true; Again;) {
    Again = false;
    // Demangled forms: " (.dfsan)" and " [clone .cold]" at the end.
    for (const char *Tail : {" (.dfsan)", "]"}) {
      size_t L = std::char_traits<char>::length(Tail);
      if (Name.size() <= L || Name.compare(Name.size() - L, L, Tail) != 0)
        continue;
      size_t Cut = Name.size() - L;
      if (Tail[0] == ']') {
        Cut = Name.rfind(" [clone .");
        if (Cut == std::string::npos)
          continue;
      }
      Name.resize(Cut);
      Again = true;
    }
    // Mangled or C forms: a clone suffix, maybe with a number after it.
    size_t End = Name.size();
    while (End > 0 && Name[End - 1] >= '0' && Name[End - 1] <= '9')
      --End;
    if (End < Name.size() && End > 0 && Name[End - 1] == '.')
      --End; // ".123"
    else
      End = Name.size();
    for (const char *Clone : Clones) {
      size_t L = std::char_traits<char>::length(Clone);
      if (End > L && Name.compare(End - L, L, Clone) == 0) {
        Name.resize(End - L);
        Again = true;
        break;
      }
    }
  }
  return Name;
}

/// The name reports print and fingerprint: no clone suffix, no parameters.
inline std::string sourceFunctionName(const std::string &Name) {
  return withoutParameterList(withoutCloneSuffixes(Name));
}

} // namespace credtaint

#endif
