//===- ReadInterpose.cpp - the input functions, for every caller ----------===//
//
// As match/Interpose.cpp does for output, these definitions take the place
// of libc's for the whole process, so what libstdc++'s streams, a compiled
// JSON library or the program itself reads is seen: each calls the next
// definition (dlsym(RTLD_NEXT)) and hands what it read to bytesRead
// (Incoming.h). glibc's stdio reads its buffer with internal calls nobody
// can interpose, so its entry points (fread, fgets, getline, getdelim) are
// here too, with the stream's offset (ftello) telling where in a file the
// bytes were.
//
//===----------------------------------------------------------------------===//

// glibc's headers define some of these (getline) as extern inline when
// optimizing; this file defines them for real.
#define __NO_INLINE__ 1

#include "sources/Incoming.h"

#include "match/NextSymbol.h"

#include <cstdio>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

using namespace credtaint::rt;

namespace {

/// After a stdio read of N bytes into Buf (where they were in the file is
/// asked of the stream only if the file holds a credential).
void fromStream(const char *Fn, FILE *F, char *Buf, size_t N) {
  if (F && Buf && N)
    bytesRead(Fn, fileno(F), -1, Buf, N, F);
}

} // namespace

#define CT_EXPORT extern "C" __attribute__((visibility("default")))

// --- descriptors ------------------------------------------------------------

CT_EXPORT ssize_t read(int Fd, void *Buf, size_t N) {
  ssize_t R = CT_NEXT(read, decltype(::read))(Fd, Buf, N);
  if (R > 0)
    bytesRead("read", Fd, -1, static_cast<char *>(Buf), size_t(R));
  return R;
}

CT_EXPORT ssize_t __read_chk(int Fd, void *Buf, size_t N, size_t) {
  return read(Fd, Buf, N);
}

CT_EXPORT ssize_t pread(int Fd, void *Buf, size_t N, off_t Off) {
  ssize_t R = CT_NEXT(pread, decltype(::pread))(Fd, Buf, N, Off);
  if (R > 0)
    bytesRead("pread", Fd, Off, static_cast<char *>(Buf), size_t(R));
  return R;
}

CT_EXPORT ssize_t pread64(int Fd, void *Buf, size_t N, off64_t Off) {
  ssize_t R = CT_NEXT(pread64, decltype(::pread64))(Fd, Buf, N, Off);
  if (R > 0)
    bytesRead("pread", Fd, Off, static_cast<char *>(Buf), size_t(R));
  return R;
}

CT_EXPORT ssize_t recv(int Fd, void *Buf, size_t N, int Flags) {
  ssize_t R = CT_NEXT(recv, decltype(::recv))(Fd, Buf, N, Flags);
  if (R > 0 && !(Flags & MSG_PEEK))
    bytesRead("recv", Fd, -1, static_cast<char *>(Buf), size_t(R));
  return R;
}

CT_EXPORT ssize_t recvfrom(int Fd, void *Buf, size_t N, int Flags,
                           struct sockaddr *From, socklen_t *FromLen) {
  ssize_t R =
      CT_NEXT(recvfrom, decltype(::recvfrom))(Fd, Buf, N, Flags, From, FromLen);
  if (R > 0 && !(Flags & MSG_PEEK))
    bytesRead("recvfrom", Fd, -1, static_cast<char *>(Buf), size_t(R));
  return R;
}

// --- stdio ------------------------------------------------------------------

CT_EXPORT size_t fread(void *Buf, size_t Size, size_t N, FILE *F) {
  size_t R = CT_NEXT(fread, decltype(::fread))(Buf, Size, N, F);
  fromStream("fread", F, static_cast<char *>(Buf), R * Size);
  return R;
}

CT_EXPORT size_t fread_unlocked(void *Buf, size_t Size, size_t N, FILE *F) {
  size_t R = CT_NEXT(fread_unlocked, decltype(::fread))(Buf, Size, N, F);
  fromStream("fread", F, static_cast<char *>(Buf), R * Size);
  return R;
}

CT_EXPORT char *fgets(char *S, int N, FILE *F) {
  char *R = CT_NEXT(fgets, decltype(::fgets))(S, N, F);
  if (R)
    fromStream("fgets", F, R, __builtin_strlen(R));
  return R;
}

CT_EXPORT char *fgets_unlocked(char *S, int N, FILE *F) {
  char *R = CT_NEXT(fgets_unlocked, decltype(::fgets))(S, N, F);
  if (R)
    fromStream("fgets", F, R, __builtin_strlen(R));
  return R;
}

CT_EXPORT char *__fgets_chk(char *S, size_t, int N, FILE *F) {
  return fgets(S, N, F);
}

CT_EXPORT ssize_t getdelim(char **Line, size_t *Cap, int Delim, FILE *F) {
  ssize_t R = CT_NEXT(getdelim, decltype(::getdelim))(Line, Cap, Delim, F);
  if (R > 0 && Line)
    fromStream("getline", F, *Line, size_t(R));
  return R;
}

CT_EXPORT ssize_t __getdelim(char **Line, size_t *Cap, int Delim, FILE *F) {
  return getdelim(Line, Cap, Delim, F);
}

CT_EXPORT ssize_t getline(char **Line, size_t *Cap, FILE *F) {
  return getdelim(Line, Cap, '\n', F);
}
