//===- Trace.cpp - source-to-sink frames from DFSan origins ---------------===//

#include "Trace.h"

#include "credtaint/support/FunctionName.h"

#include <cstdlib>
#include <sstream>

namespace credtaint::rt {

bool isSystemFile(const std::string &File) {
  // glibc's debug info names its sources relative to its build tree
  // ("./csu/../sysdeps/nptl/libc_start_call_main.h").
  return File.rfind("/usr/", 0) == 0 ||
         File.find("/include/c++/") != std::string::npos ||
         File.find("sysdeps/") != std::string::npos ||
         File.rfind("./csu/", 0) == 0 || File.rfind("../csu/", 0) == 0;
}

namespace {

bool isUserFrame(const Frame &F) {
  if (F.File.empty() || F.Line == 0)
    return false;
  if (isSystemFile(F.File))
    return false;
  return F.Function.rfind("__credtaint", 0) != 0 &&
         F.Function.rfind("credtaint::", 0) != 0 &&
         F.Function.rfind("__dfs", 0) != 0;
}

/// "    #3 0x5608 in make(std::string const&) (.dfsan) /src/a.cpp:6:59"
bool parseFrameLine(const std::string &L, Frame &F) {
  size_t In = L.find(" in ");
  if (L.find('#') == std::string::npos || In == std::string::npos)
    return false;
  std::string Rest = L.substr(In + 4);
  size_t Space = Rest.rfind(' ');
  if (Space == std::string::npos)
    return false;
  std::string Loc = Rest.substr(Space + 1);
  std::string Fn = Rest.substr(0, Space);
  // Loc is file:line:col or file:line.
  size_t C2 = Loc.rfind(':');
  if (C2 == std::string::npos)
    return false;
  size_t C1 = Loc.rfind(':', C2 - 1);
  char *End;
  if (C1 != std::string::npos) {
    F.Line = unsigned(std::strtoul(Loc.c_str() + C1 + 1, &End, 10));
    F.Column = unsigned(std::strtoul(Loc.c_str() + C2 + 1, &End, 10));
    F.File = Loc.substr(0, C1);
  } else {
    F.Line = unsigned(std::strtoul(Loc.c_str() + C2 + 1, &End, 10));
    F.File = Loc.substr(0, C2);
  }
  F.Function = sourceFunctionName(Fn);
  F.Step = "propagation";
  return true;
}

} // namespace

std::vector<Frame> parseOriginTrace(const std::string &Text) {
  std::vector<Frame> NewestFirst;
  std::istringstream In(Text);
  std::string Line;
  bool InCreation = false, TookFrame = true;
  while (std::getline(In, Line)) {
    if (Line.find("Origin value:") != std::string::npos) {
      InCreation = Line.find("created at") != std::string::npos;
      TookFrame = false;
      continue;
    }
    Frame F;
    if (InCreation || TookFrame || !parseFrameLine(Line, F) || !isUserFrame(F))
      continue;
    TookFrame = true;
    if (NewestFirst.empty() || NewestFirst.back().File != F.File ||
        NewestFirst.back().Line != F.Line ||
        NewestFirst.back().Column != F.Column)
      NewestFirst.push_back(F);
  }
  return std::vector<Frame>(NewestFirst.rbegin(), NewestFirst.rend());
}

} // namespace credtaint::rt
