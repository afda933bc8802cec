//===- Text.h - small string helpers shared by every component --*- C++ -*-===//
//
// Lower-casing and '*'/'?' globs: the plugin, the pass, the runtime
// and the tools all need them, and they must agree (a name pattern in
// credtaint.json means the same at compile time and at run time).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_SUPPORT_TEXT_H
#define CREDTAINT_SUPPORT_TEXT_H

#include <cctype>
#include <string>
#include <string_view>

namespace credtaint {

/// S in ASCII lower case.
inline std::string toLower(std::string_view S) {
  std::string R(S);
  for (char &C : R)
    C = char(std::tolower(static_cast<unsigned char>(C)));
  return R;
}

/// Whether the whole of Text matches Pattern, where '*' is any run of
/// characters and '?' any one character; ASCII case is ignored when
/// IgnoreCase. Linear backtracking over the last '*', so a hostile pattern
/// cannot make it exponential.
inline bool globMatches(std::string_view Pattern, std::string_view Text,
                        bool IgnoreCase = true) {
  auto Same = [&](char A, char B) {
    return IgnoreCase ? std::tolower(static_cast<unsigned char>(A)) ==
                            std::tolower(static_cast<unsigned char>(B))
                      : A == B;
  };
  size_t P = 0, T = 0, Star = std::string_view::npos, Resume = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Resume = T;
    } else if (P < Pattern.size() &&
               (Pattern[P] == '?' || Same(Pattern[P], Text[T]))) {
      ++P, ++T;
    } else if (Star != std::string_view::npos) {
      P = Star + 1;
      T = ++Resume;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

} // namespace credtaint

#endif
