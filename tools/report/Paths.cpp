//===- Paths.cpp - source paths in reports, and writing report files ------===//

#include "Paths.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace credtaint::report {

namespace fs = std::filesystem;

std::string normalizeRoot(const std::string &Root) {
  if (Root.empty())
    return "";
  std::error_code EC;
  fs::path P = fs::absolute(Root, EC);
  if (EC)
    P = Root;
  std::string S = P.lexically_normal().string();
  while (S.size() > 1 && S.back() == '/')
    S.pop_back();
  return S;
}

bool relativeTo(const std::string &File, const std::string &Root,
                std::string &Rel) {
  if (Root.empty() || File.size() <= Root.size() + 1 ||
      File.compare(0, Root.size(), Root) != 0 ||
      (Root != "/" && File[Root.size()] != '/'))
    return false;
  Rel = File.substr(Root == "/" ? 1 : Root.size() + 1);
  return true;
}

std::string displayPath(const std::string &File, const std::string &Root) {
  std::string Rel;
  return relativeTo(File, Root, Rel) ? Rel : File;
}

std::string uriPath(const std::string &Path) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || std::strchr("-._~/!$&'()*+,;=:@", C))
      Out.push_back(char(C));
    else {
      Out.push_back('%');
      Out.push_back(Hex[C >> 4]);
      Out.push_back(Hex[C & 15]);
    }
  }
  return Out;
}

std::string fileUri(const std::string &AbsolutePath) {
  return "file://" + uriPath(AbsolutePath);
}

bool writeFileAtomically(const std::string &Path, const std::string &Text,
                         std::string &Error) {
  fs::path Target(Path);
  std::error_code EC;
  if (Target.has_parent_path())
    fs::create_directories(Target.parent_path(), EC);
  std::string Tmp = Path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream Out(Tmp, std::ios::binary | std::ios::trunc);
    if (!Out) {
      Error = "cannot write '" + Path + "': " + std::strerror(errno);
      return false;
    }
    Out << Text;
    Out.flush();
    if (!Out) {
      Error = "cannot write '" + Path + "': " + std::strerror(errno);
      std::remove(Tmp.c_str());
      return false;
    }
  }
  if (std::rename(Tmp.c_str(), Path.c_str()) != 0) {
    Error = "cannot write '" + Path + "': " + std::strerror(errno);
    std::remove(Tmp.c_str());
    return false;
  }
  return true;
}

} // namespace credtaint::report
