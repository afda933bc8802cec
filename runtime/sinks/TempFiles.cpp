//===- TempFiles.cpp - files in temporary directories ---------------------===//
//
// credential-in-temp-file (CWE-377/379) needs two facts about a file a
// credential is written to: whether it is in a temporary directory (/tmp,
// /var/tmp, /dev/shm, $TMPDIR), and whether its name is one nobody could
// guess, i.e. mkstemp and its siblings made it. Those are interposed here,
// as the readers are (sources/ReadInterpose.cpp), for every caller: each
// calls libc's and remembers the file it created by device and inode.
//
//===----------------------------------------------------------------------===//

#include "sinks/TempFiles.h"

#include "match/NextSymbol.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <utility>

namespace credtaint::rt {
namespace {

constexpr size_t kMaxRemembered = 4096;

struct RandomNames {
  std::mutex Mu;
  std::set<std::pair<uint64_t, uint64_t>> Files; // device, inode
};

RandomNames &randomNames() {
  static RandomNames *R = new RandomNames(); // leaked: hooks run at exit
  return *R;
}

bool under(const std::string &Path, const char *Dir) {
  size_t N = std::strlen(Dir);
  while (N > 1 && Dir[N - 1] == '/')
    --N;
  return N > 0 && Path.size() > N && Path.compare(0, N, Dir, N) == 0 &&
         Path[N] == '/';
}

/// After a mkstemp-family call returned Fd.
int remember(int Fd) {
  struct stat St;
  if (Fd >= 0 && fstat(Fd, &St) == 0) {
    RandomNames &R = randomNames();
    std::lock_guard<std::mutex> L(R.Mu);
    if (R.Files.size() < kMaxRemembered)
      R.Files.insert({uint64_t(St.st_dev), uint64_t(St.st_ino)});
  }
  return Fd;
}

} // namespace

bool isTempPath(const std::string &Path) {
  if (under(Path, "/tmp") || under(Path, "/var/tmp") || under(Path, "/dev/shm"))
    return true;
  const char *TmpDir = std::getenv("TMPDIR");
  return TmpDir && *TmpDir == '/' && under(Path, TmpDir);
}

bool isRandomlyNamed(uint64_t Device, uint64_t Inode) {
  RandomNames &R = randomNames();
  std::lock_guard<std::mutex> L(R.Mu);
  return R.Files.count({Device, Inode}) != 0;
}

} // namespace credtaint::rt

using namespace credtaint::rt;

#define CT_EXPORT extern "C" __attribute__((visibility("default")))

CT_EXPORT int mkstemp(char *Template) {
  return remember(CT_NEXT(mkstemp, decltype(::mkstemp))(Template));
}

CT_EXPORT int mkstemp64(char *Template) {
  return remember(CT_NEXT(mkstemp64, decltype(::mkstemp64))(Template));
}

CT_EXPORT int mkostemp(char *Template, int Flags) {
  return remember(CT_NEXT(mkostemp, decltype(::mkostemp))(Template, Flags));
}

CT_EXPORT int mkstemps(char *Template, int SuffixLen) {
  return remember(CT_NEXT(mkstemps, decltype(::mkstemps))(Template, SuffixLen));
}

CT_EXPORT int mkostemps(char *Template, int SuffixLen, int Flags) {
  return remember(
      CT_NEXT(mkostemps, decltype(::mkostemps))(Template, SuffixLen, Flags));
}
