//===- Suppressions.cpp - sanitizer-style suppression files ---------------===//

#include "Suppressions.h"

#include <sstream>

namespace credtaint::rt {
namespace {

const char *const kTypes[] = {"rule", "src", "fun", "sink", "credential"};

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\r");
  size_t E = S.find_last_not_of(" \t\r");
  return B == std::string::npos ? "" : S.substr(B, E - B + 1);
}

/// '*' glob over [P, PEnd) against [T, TEnd), anchored at both ends.
bool globMatch(const char *P, const char *PEnd, const char *T, const char *TEnd) {
  const char *Star = nullptr, *Resume = nullptr;
  while (T < TEnd) {
    if (P < PEnd && *P == '*') {
      Star = P++;
      Resume = T;
    } else if (P < PEnd && *P == *T) {
      ++P;
      ++T;
    } else if (Star) {
      P = Star + 1;
      T = ++Resume;
    } else {
      return false;
    }
  }
  while (P < PEnd && *P == '*')
    ++P;
  return P == PEnd;
}

} // namespace

bool Suppressions::templateMatch(const std::string &Pattern,
                                 const std::string &Text) {
  std::string P = Pattern;
  bool AnchorStart = !P.empty() && P.front() == '^';
  if (AnchorStart)
    P.erase(0, 1);
  bool AnchorEnd = !P.empty() && P.back() == '$';
  if (AnchorEnd)
    P.pop_back();
  if (!AnchorStart)
    P.insert(0, "*");
  if (!AnchorEnd)
    P.push_back('*');
  return globMatch(P.data(), P.data() + P.size(), Text.data(),
                   Text.data() + Text.size());
}

void Suppressions::parse(const std::string &File, const std::string &Text,
                         std::vector<std::string> &Errors) {
  std::istringstream In(Text);
  std::string Line;
  unsigned N = 0;
  while (std::getline(In, Line)) {
    ++N;
    std::string L = trim(Line);
    if (L.empty() || L[0] == '#')
      continue;
    size_t Colon = L.find(':');
    std::string Where = File + ":" + std::to_string(N) + ": ";
    if (Colon == std::string::npos) {
      Errors.push_back(Where + "expected type:pattern");
      continue;
    }
    std::string Type = trim(L.substr(0, Colon));
    std::string Pattern = trim(L.substr(Colon + 1));
    bool Known = false;
    for (const char *T : kTypes)
      Known |= Type == T;
    if (!Known) {
      Errors.push_back(Where + "unknown suppression type '" + Type +
                       "' (expected rule, src, fun, sink or credential)");
      continue;
    }
    if (Pattern.empty()) {
      Errors.push_back(Where + "empty pattern");
      continue;
    }
    List.push_back({Type, Pattern, N, 0});
  }
}

Suppression *Suppressions::match(const SuppressionTarget &T) {
  for (Suppression &S : List) {
    bool M = false;
    if (S.Type == "rule")
      M = templateMatch(S.Pattern, T.Rule);
    else if (S.Type == "sink")
      M = templateMatch(S.Pattern, T.Sink);
    else if (S.Type == "credential")
      M = templateMatch(S.Pattern, T.Credential);
    else
      for (const std::string &X : S.Type == "src" ? T.Files : T.Functions)
        M |= templateMatch(S.Pattern, X);
    if (M) {
      ++S.Hits;
      return &S;
    }
  }
  return nullptr;
}

} // namespace credtaint::rt
