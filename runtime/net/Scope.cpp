//===- Scope.cpp - the hosts a credential is for --------------------------===//

#include "Scope.h"
#include "Suppressions.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/support/Text.h"

#include <arpa/inet.h>
#include <cctype>
#include <cstring>

namespace credtaint::rt {
namespace {

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t"), E = S.find_last_not_of(" \t");
  return B == std::string::npos ? "" : S.substr(B, E - B + 1);
}

bool globAll(const std::string &Pattern, const std::string &Text) {
  return Suppressions::templateMatch("^" + Pattern + "$", Text);
}

} // namespace

std::string canonicalHost(const std::string &H) {
  std::string S = toLower(H);
  if (S.size() > 2 && S.front() == '[' && S.back() == ']')
    S = S.substr(1, S.size() - 2);
  while (!S.empty() && S.back() == '.')
    S.pop_back();
  return S;
}

bool parseScopeRules(const std::string &Text, std::vector<ScopeRule> &Out,
                     std::string &Error) {
  size_t Start = 0;
  while (Start <= Text.size()) {
    size_t End = Text.find(';', Start);
    if (End == std::string::npos)
      End = Text.size();
    std::string Rule = trim(Text.substr(Start, End - Start));
    Start = End + 1;
    if (Rule.empty())
      continue;
    size_t Eq = Rule.find('=');
    std::string Name = Eq == std::string::npos ? "" : trim(Rule.substr(0, Eq));
    std::string Hosts = Eq == std::string::npos ? "" : Rule.substr(Eq + 1);
    for (char &C : Hosts)
      if (C == '|')
        C = ',';
    if (Name.empty() || scopeHosts(Hosts).empty()) {
      Error = "bad scope rule '" + Rule +
              "': expected <credential name>=<host>|<host>...";
      return false;
    }
    Out.push_back({Name, Hosts});
  }
  return true;
}

std::string defaultScope(const std::string &Name, const char *Value, size_t N) {
  // A provider's prefix at the start of the value or of a word in it (a
  // header's "Bearer ghp_...", "Credential=AKIA...").
  for (size_t At = 0; Value && At < N; ++At) {
    if (At && std::isalnum(static_cast<unsigned char>(Value[At - 1])))
      continue;
    for (const DefaultScope &D : kScopesByPrefix) {
      size_t L = std::strlen(D.match);
      if (N - At >= L && std::memcmp(Value + At, D.match, L) == 0)
        return D.hosts;
    }
  }
  std::string LowerName = toLower(Name);
  for (const DefaultScope &D : kScopesByName)
    if (LowerName.find(toLower(D.match)) != std::string::npos)
      return D.hosts;
  return "";
}

std::string resolveScope(const std::string &Declared, const std::string &Name,
                         const char *Value, size_t N,
                         const std::vector<ScopeRule> &Configured) {
  for (const ScopeRule &R : Configured)
    if (globAll(R.NamePattern, Name))
      return R.Hosts;
  if (!scopeHosts(Declared).empty())
    return Declared;
  return defaultScope(Name, Value, N);
}

std::vector<std::string> scopeHosts(const std::string &Scope) {
  std::vector<std::string> Hosts;
  size_t Start = 0;
  while (Start <= Scope.size()) {
    size_t End = Scope.find_first_of(", \t|", Start);
    if (End == std::string::npos)
      End = Scope.size();
    std::string H = canonicalHost(Scope.substr(Start, End - Start));
    if (!H.empty())
      Hosts.push_back(H);
    Start = End + 1;
  }
  return Hosts;
}

bool hostMatches(const std::string &Pattern, const std::string &Host) {
  std::string P = canonicalHost(Pattern), H = canonicalHost(Host);
  if (P.empty() || H.empty())
    return false;
  if (P == "*")
    return true;
  if (P.size() > 2 && P[0] == '*' && P[1] == '.') {
    std::string Domain = P.substr(1); // ".example.com"
    return H.size() > Domain.size() &&
           H.compare(H.size() - Domain.size(), Domain.size(), Domain) == 0;
  }
  return P == H;
}

bool hostInScope(const std::string &Scope, const std::string &Host) {
  for (const std::string &P : scopeHosts(Scope))
    if (hostMatches(P, Host))
      return true;
  return false;
}

bool isLoopbackHost(const std::string &Host) {
  std::string H = canonicalHost(Host);
  if (H == "localhost" || hostMatches("*.localhost", H))
    return true;
  in_addr A4;
  if (inet_pton(AF_INET, H.c_str(), &A4) == 1)
    return (ntohl(A4.s_addr) >> 24) == 127;
  in6_addr A6;
  if (inet_pton(AF_INET6, H.c_str(), &A6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&A6))
      return true;
    return IN6_IS_ADDR_V4MAPPED(&A6) && A6.s6_addr[12] == 127;
  }
  return false;
}

} // namespace credtaint::rt
