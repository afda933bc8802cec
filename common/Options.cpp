//===- Options.cpp - CREDTAINT_OPTIONS ------------------------------------===//

#include "Options.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace credtaint::rt {
namespace {

bool parseValue(const std::string &V, bool &Out) {
  if (V == "1" || V == "true" || V == "yes") {
    Out = true;
    return true;
  }
  if (V == "0" || V == "false" || V == "no") {
    Out = false;
    return true;
  }
  return false;
}

bool parseValue(const std::string &V, long &Out) {
  if (V.empty())
    return false;
  errno = 0;
  char *End = nullptr;
  long N = std::strtol(V.c_str(), &End, 10);
  if (errno || *End || N < 0)
    return false;
  Out = N;
  return true;
}

bool parseValue(const std::string &V, std::string &Out) {
  Out = V;
  return true;
}

const char *expected(bool) { return "expected true/false/1/0"; }
const char *expected(long) { return "expected a non-negative integer"; }
const char *expected(const std::string &) { return ""; }

bool setOption(Options &O, const std::string &Key, const std::string &Val,
               std::string &Error) {
#define CREDTAINT_OPTION(Type, Name, Default, Description)                     \
  if (Key == #Name) {                                                          \
    if (parseValue(Val, O.Name))                                               \
      return true;                                                             \
    Error = "bad value '" + Val + "' for option '" #Name "': " +               \
            expected(O.Name);                                                  \
    return false;                                                              \
  }
#include "options.inc"
  Error = "unknown option '" + Key + "' (CREDTAINT_OPTIONS=help=1 lists them)";
  return false;
}

} // namespace

bool parseOptions(const char *Text, Options &Out, std::string &Error) {
  if (!Text)
    return true;
  const char *P = Text;
  auto IsSep = [](char C) {
    return C == ':' || C == ',' || C == ' ' || C == '\t' || C == '\n';
  };
  while (*P) {
    while (*P && IsSep(*P))
      ++P;
    if (!*P)
      break;
    const char *Start = P;
    while (*P && !IsSep(*P))
      ++P;
    std::string Pair(Start, P);
    size_t Eq = Pair.find('=');
    if (Eq == std::string::npos || Eq == 0) {
      Error = "malformed option '" + Pair + "': expected key=value";
      return false;
    }
    if (!setOption(Out, Pair.substr(0, Eq), Pair.substr(Eq + 1), Error))
      return false;
  }
  return true;
}

std::string optionsHelp() {
  std::string S = "Available CREDTAINT_OPTIONS (key=value, ':'-separated):\n";
#define CREDTAINT_OPTION(Type, Name, Default, Description)                     \
  S += "  " #Name " (" #Type ", default " #Default ")\n      " Description "\n";
#include "options.inc"
  return S;
}

} // namespace credtaint::rt
