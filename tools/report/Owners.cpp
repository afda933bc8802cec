//===- Owners.cpp - who owns a credential: CODEOWNERS, then credtaint.json ===//

#include "Owners.h"

#include "credtaint/support/Text.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace credtaint::report {
namespace {

std::vector<std::string_view> segments(std::string_view S) {
  std::vector<std::string_view> Out;
  for (size_t B = 0; B <= S.size();) {
    size_t E = S.find('/', B);
    if (E == std::string_view::npos)
      E = S.size();
    if (E > B)
      Out.push_back(S.substr(B, E - B));
    B = E + 1;
  }
  return Out;
}

/// Whether pattern segments P match all of path segments T; "**" is any
/// number of segments (none too). Dynamic programming over (pattern,
/// path) positions: no pattern makes it exponential.
bool matchSegments(const std::vector<std::string_view> &P,
                   const std::vector<std::string_view> &T, size_t TLen) {
  size_t N = P.size();
  // Next[j]: P[i+1..] matches T[j..TLen); Cur[j]: P[i..] does.
  std::vector<char> Next(TLen + 1, 0), Cur(TLen + 1, 0);
  Next[TLen] = 1;
  for (size_t I = N; I-- > 0;) {
    for (size_t J = TLen + 1; J-- > 0;) {
      if (P[I] == "**")
        Cur[J] = Next[J] || (J < TLen && Cur[J + 1]);
      else
        Cur[J] = J < TLen && Next[J + 1] && globMatches(P[I], T[J], false);
    }
    std::swap(Cur, Next);
  }
  return Next[0];
}

bool isSpace(char C) { return C == ' ' || C == '\t'; }

/// The line's words: whitespace separates them unless escaped with '\'
/// (GitLab's "path\ with\ space", "\#file"); an unescaped '#' that starts
/// a word starts a comment.
std::vector<std::string> words(std::string_view Line) {
  std::vector<std::string> Out;
  std::string Cur;
  bool InWord = false;
  for (size_t I = 0; I < Line.size(); ++I) {
    char C = Line[I];
    if (isSpace(C)) {
      if (InWord)
        Out.push_back(Cur);
      Cur.clear();
      InWord = false;
      continue;
    }
    if (C == '#' && !InWord)
      break;
    if (C == '\\' && I + 1 < Line.size())
      C = Line[++I];
    Cur.push_back(C);
    InWord = true;
  }
  if (InWord)
    Out.push_back(Cur);
  return Out;
}

bool nameChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '-' ||
         C == '.';
}

/// @user, @org/team (GitLab: @group/subgroup/team, @@role), or an e-mail
/// address.
bool validOwner(const std::string &O) {
  if (O[0] == '@') {
    size_t B = O.size() > 1 && O[1] == '@' ? 2 : 1;
    if (B == O.size() || O[B] == '/' || O.back() == '/')
      return false;
    for (size_t I = B; I < O.size(); ++I)
      if (!(nameChar(O[I]) || (O[I] == '/' && O[I - 1] != '/')))
        return false;
    return true;
  }
  size_t At = O.find('@');
  if (At == std::string::npos || At == 0 || O.find('@', At + 1) != std::string::npos)
    return false;
  std::string Domain = O.substr(At + 1);
  size_t Dot = Domain.find('.');
  return Dot != std::string::npos && Dot > 0 && Dot + 1 < Domain.size();
}

/// At most 64 bytes of S, for a warning.
std::string shown(const std::string &S) {
  return S.size() <= 64 ? S : S.substr(0, 61) + "...";
}

std::string joined(const std::vector<std::string> &Items) {
  std::string S;
  for (const std::string &I : Items)
    S += (S.empty() ? "" : " ") + I;
  return S;
}

/// Characters of a glob that are not wildcards: how specific it is.
size_t specificity(const std::string &Glob) {
  size_t N = 0;
  for (char C : Glob)
    N += C != '*' && C != '?';
  return N;
}

} // namespace

std::string ownerPatternProblem(std::string_view Pattern) {
  if (Pattern.empty())
    return "empty pattern";
  if (Pattern[0] == '!')
    return "negation ('!') is not supported in CODEOWNERS";
  if (Pattern.find_first_of("[]") != std::string_view::npos)
    return "character ranges ('[...]') are not supported in CODEOWNERS";
  if (segments(Pattern).empty())
    return "a pattern of slashes only";
  return "";
}

bool ownerPatternMatches(std::string_view Pattern, std::string_view Path) {
  if (!ownerPatternProblem(Pattern).empty())
    return false;
  bool DirOnly = Pattern.back() == '/';
  while (!Pattern.empty() && Pattern.back() == '/')
    Pattern.remove_suffix(1);
  bool Anchored = Pattern.front() == '/' ||
                  Pattern.find('/') != std::string_view::npos;
  std::vector<std::string_view> P = segments(Pattern);
  if (!Anchored)
    P.insert(P.begin(), "**");
  std::vector<std::string_view> T = segments(Path);
  if (T.empty())
    return false;
  if (!DirOnly && matchSegments(P, T, T.size()))
    return true;
  // A directory the pattern names owns everything under it; "docs/*" owns
  // docs' own files only, as GitHub documents.
  if (!DirOnly && P.back() == "*")
    return false;
  for (size_t K = 1; K < T.size(); ++K)
    if (matchSegments(P, T, K))
      return true;
  return false;
}

void CodeOwners::parse(const std::string &FileName, std::string_view Text,
                       std::vector<std::string> &Warnings) {
  Name = FileName;
  Rules.clear();
  unsigned LineNo = 0;
  for (size_t Pos = 0; Pos <= Text.size();) {
    size_t End = Text.find('\n', Pos);
    if (End == std::string_view::npos)
      End = Text.size();
    std::string_view Line = Text.substr(Pos, End - Pos);
    Pos = End + 1;
    ++LineNo;
    if (!Line.empty() && Line.back() == '\r')
      Line.remove_suffix(1);
    size_t First = Line.find_first_not_of(" \t");
    if (First == std::string_view::npos || Line[First] == '#')
      continue;
    // GitLab sections: "[Name]", "^[Optional]", "[Name][2] @default".
    if (Line[First] == '[' || Line.substr(First, 2) == "^[")
      continue;
    std::vector<std::string> W = words(Line);
    if (W.empty())
      continue;
    auto Skip = [&](const std::string &Why) {
      Warnings.push_back(Name + " line " + std::to_string(LineNo) +
                         ": skipped: " + Why);
    };
    if (std::string Why = ownerPatternProblem(W[0]); !Why.empty()) {
      Skip(Why);
      continue;
    }
    OwnerRule R{W[0], {W.begin() + 1, W.end()}, LineNo};
    bool Ok = true;
    for (const std::string &O : R.Owners)
      if (Ok && !validOwner(O)) {
        Skip("owner '" + shown(O) +
             "' is not @user, @org/team or an e-mail address");
        Ok = false;
      }
    if (Ok)
      Rules.push_back(std::move(R));
  }
}

const OwnerRule *CodeOwners::match(const std::string &Path) const {
  for (auto It = Rules.rbegin(); It != Rules.rend(); ++It)
    if (ownerPatternMatches(It->Pattern, Path))
      return &*It;
  return nullptr;
}

bool loadCodeOwners(const std::string &Root, CodeOwners &Out,
                    std::vector<std::string> &Warnings) {
  for (const char *Rel : {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}) {
    std::string Path = (Root.empty() ? "." : Root) + "/" + Rel;
    std::ifstream In(Path, std::ios::binary);
    if (!In)
      continue;
    std::ostringstream SS;
    SS << In.rdbuf();
    if (In.bad()) {
      Warnings.push_back(Path + ": cannot be read; owners are not taken from it");
      return false;
    }
    Out.parse(Rel, SS.str(), Warnings);
    return true;
  }
  return false;
}

std::optional<OwnerSuggestion> OwnerResolver::resolve(std::string Path) const {
  while (Path.compare(0, 2, "./") == 0)
    Path.erase(0, 2);
  // A file outside the source root is nobody's in this repository.
  if (Path.empty() || Path[0] == '/' || Path == ".." ||
      Path.compare(0, 3, "../") == 0 || Path.find("/../") != std::string::npos)
    return std::nullopt;
  if (const OwnerRule *R = Codeowners.match(Path); R && !R->Owners.empty()) {
    std::string Owners = joined(R->Owners);
    return OwnerSuggestion{Owners, Codeowners.name() + " line " +
                                       std::to_string(R->Line) + ": " +
                                       R->Pattern + " " + Owners};
  }
  const OwnerEntry *Best = nullptr;
  for (const OwnerEntry &E : Config)
    if (ownerPatternMatches(E.Glob, Path) &&
        (!Best || specificity(E.Glob) >= specificity(Best->Glob)))
      Best = &E;
  if (Best)
    return OwnerSuggestion{Best->Owner, ConfigName + " owners: " + Best->Glob +
                                            " -> " + Best->Owner};
  return std::nullopt;
}

} // namespace credtaint::report
