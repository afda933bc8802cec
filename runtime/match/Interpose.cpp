//===- Interpose.cpp - the output functions, for every caller -------------===//
//
// These definitions take the place of libc's (and libssl's) for the whole
// process: in an instrumented program they are linked into the executable,
// which the dynamic linker searches first, so uninstrumented libraries
// (libstdc++'s streams, a compiled spdlog, libcurl) reach them too; in
// preload mode libcredtaint_preload.so is loaded first for the same reason.
// Each hands its bytes to inspectOutgoing and then calls the next
// definition (dlsym(RTLD_NEXT)). DFSan's runtime interposes none of these
// (only allocation and mmap); its __dfsw_write calls write, which is this.
//
// glibc's stdio writes its buffers with internal calls that no definition
// can interpose, so the stdio entry points are covered here: fwrite and
// fputs (libstdc++'s cout/cerr, spdlog and glog end there), puts, and the
// printf family, which is formatted once here, scanned, and written with
// fwrite. The character functions (putc, fputc, putchar) are scanned too:
// no credential fits in one character, but the seams between writes
// (Seams.h) join the characters a loop writes one at a time.
//
// close, fclose, dup2 and dup3 are here only to tell the seams between
// writes (Seams.h), and what the reads of a descriptor came from
// (sources/Incoming.h), that a descriptor number now stands for another
// file.
//
// The runtime's own output runs inside ScopedInRuntime and is not judged.
// The only allocation on the way of an unmatched call is a printf-family
// text longer than 4 KiB (formatted into the heap instead of the stack).
//
//===----------------------------------------------------------------------===//

// glibc's headers define some of these (vprintf) as extern inline when
// optimizing; this file defines them for real.
#define __NO_INLINE__ 1

#include "match/Outgoing.h"
#include "match/NextSymbol.h"
#include "match/Seams.h"

#include "net/Network.h"
#include "sources/Incoming.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <syslog.h>
#include <unistd.h>

using namespace credtaint::rt;
using namespace credtaint::rt::match;

namespace {


void scanFd(const char *Fn, int Fd, const void *P, size_t N) {
  if (!matchingActive() || !P || !N)
    return;
  Span S{static_cast<const char *>(P), N};
  inspectOutgoing({Fn, Channel::Fd, Fd, nullptr, false}, &S, 1);
}

void scanStream(const char *Fn, FILE *F, const void *P, size_t N,
                bool Formatted = false) {
  if (!matchingActive() || !P || !N || !F)
    return;
  Span S{static_cast<const char *>(P), N};
  inspectOutgoing({Fn, Channel::Stream, -1, F, Formatted}, &S, 1);
}

void scanIov(const char *Fn, int Fd, const struct iovec *V, size_t Count) {
  if (!matchingActive() || !V)
    return;
  Span Parts[64];
  size_t N = 0;
  for (size_t I = 0; I < Count && N < 64; ++I)
    if (V[I].iov_base && V[I].iov_len)
      Parts[N++] = {static_cast<const char *>(V[I].iov_base), V[I].iov_len};
  if (N)
    inspectOutgoing({Fn, Channel::Fd, Fd, nullptr, false}, Parts, N);
}

/// Text formatted once for scanning and writing: on the stack up to 4 KiB.
struct Formatted {
  char Stack[4096];
  char *P = nullptr;
  int N = -1;
  Formatted(const char *Fmt, va_list Ap) {
    va_list Copy;
    va_copy(Copy, Ap);
    N = vsnprintf(Stack, sizeof Stack, Fmt, Copy);
    va_end(Copy);
    if (N < 0)
      return;
    if (size_t(N) < sizeof Stack) {
      P = Stack;
      return;
    }
    P = static_cast<char *>(std::malloc(size_t(N) + 1));
    if (!P)
      return;
    va_copy(Copy, Ap);
    vsnprintf(P, size_t(N) + 1, Fmt, Copy);
    va_end(Copy);
  }
  ~Formatted() {
    if (P && P != Stack)
      std::free(P);
  }
  bool ok() const { return P && N >= 0; }
};

using VfprintfFn = int(FILE *, const char *, va_list);
using FwriteFn = size_t(const void *, size_t, size_t, FILE *);

int formattedToStream(const char *Fn, FILE *F, const char *Fmt, va_list Ap) {
  auto *RealVfprintf = CT_NEXT(vfprintf, VfprintfFn);
  if (!matchingActive() || !F || !Fmt)
    return RealVfprintf(F, Fmt, Ap);
  Formatted T(Fmt, Ap);
  if (!T.ok())
    return RealVfprintf(F, Fmt, Ap);
  scanStream(Fn, F, T.P, size_t(T.N), true);
  if (!T.N)
    return 0;
  auto *RealFwrite = CT_NEXT(fwrite, FwriteFn);
  return RealFwrite(T.P, 1, size_t(T.N), F) == size_t(T.N) ? T.N : -1;
}

using WriteFn = ssize_t(int, const void *, size_t);
using VdprintfFn = int(int, const char *, va_list);

int formattedToFd(const char *Fn, int Fd, const char *Fmt, va_list Ap) {
  auto *RealVdprintf = CT_NEXT(vdprintf, VdprintfFn);
  if (!matchingActive() || !Fmt)
    return RealVdprintf(Fd, Fmt, Ap);
  Formatted T(Fmt, Ap);
  if (!T.ok())
    return RealVdprintf(Fd, Fmt, Ap);
  Span S{T.P, size_t(T.N)};
  if (T.N)
    inspectOutgoing({Fn, Channel::Fd, Fd, nullptr, true}, &S, 1);
  auto *RealWrite = CT_NEXT(write, WriteFn);
  for (int Done = 0; Done < T.N;) {
    ssize_t W = RealWrite(Fd, T.P + Done, size_t(T.N - Done));
    if (W <= 0)
      return -1;
    Done += int(W);
  }
  return T.N;
}

using VsyslogFn = void(int, const char *, va_list);
using SyslogFn = void(int, const char *, ...);

void formattedToSyslog(int Priority, const char *Fmt, va_list Ap) {
  if (!matchingActive() || !Fmt)
    return CT_NEXT(vsyslog, VsyslogFn)(Priority, Fmt, Ap);
  Formatted T(Fmt, Ap);
  if (!T.ok())
    return CT_NEXT(vsyslog, VsyslogFn)(Priority, Fmt, Ap);
  Span S{T.P, size_t(T.N)};
  if (T.N)
    inspectOutgoing({"syslog", Channel::Syslog, -1, nullptr, true}, &S, 1);
  CT_NEXT(syslog, SyslogFn)(Priority, "%s", T.P);
}

} // namespace

#define CT_EXPORT extern "C" __attribute__((visibility("default")))

// --- descriptors ------------------------------------------------------------

CT_EXPORT ssize_t write(int Fd, const void *Buf, size_t N) {
  scanFd("write", Fd, Buf, N);
  return CT_NEXT(write, WriteFn)(Fd, Buf, N);
}

CT_EXPORT ssize_t pwrite(int Fd, const void *Buf, size_t N, off_t Off) {
  scanFd("pwrite", Fd, Buf, N);
  return CT_NEXT(pwrite, decltype(::pwrite))(Fd, Buf, N, Off);
}

CT_EXPORT ssize_t pwrite64(int Fd, const void *Buf, size_t N, off64_t Off) {
  scanFd("pwrite", Fd, Buf, N);
  return CT_NEXT(pwrite64, decltype(::pwrite64))(Fd, Buf, N, Off);
}

CT_EXPORT ssize_t writev(int Fd, const struct iovec *V, int Count) {
  scanIov("writev", Fd, V, Count > 0 ? size_t(Count) : 0);
  return CT_NEXT(writev, decltype(::writev))(Fd, V, Count);
}

CT_EXPORT ssize_t pwritev(int Fd, const struct iovec *V, int Count, off_t Off) {
  scanIov("pwritev", Fd, V, Count > 0 ? size_t(Count) : 0);
  return CT_NEXT(pwritev, decltype(::pwritev))(Fd, V, Count, Off);
}

// A closed or replaced descriptor's last bytes join nothing written next.
CT_EXPORT int close(int Fd) {
  int R = CT_NEXT(close, decltype(::close))(Fd);
  forgetSeam(Fd);
  forgetReadSource(Fd);
  return R;
}

CT_EXPORT int dup2(int From, int To) {
  int R = CT_NEXT(dup2, decltype(::dup2))(From, To);
  if (R >= 0 && From != To) {
    forgetSeam(To);
    forgetReadSource(To);
  }
  return R;
}

CT_EXPORT int dup3(int From, int To, int Flags) {
  int R = CT_NEXT(dup3, decltype(::dup3))(From, To, Flags);
  if (R >= 0) {
    forgetSeam(To);
    forgetReadSource(To);
  }
  return R;
}

CT_EXPORT ssize_t send(int Fd, const void *Buf, size_t N, int Flags) {
  scanFd("send", Fd, Buf, N);
  return CT_NEXT(send, decltype(::send))(Fd, Buf, N, Flags);
}

CT_EXPORT ssize_t sendto(int Fd, const void *Buf, size_t N, int Flags,
                         const struct sockaddr *To, socklen_t ToLen) {
  if (To && ToLen && matchingActive())
    noteDatagramDestination(Fd, To, ToLen);
  scanFd("sendto", Fd, Buf, N);
  return CT_NEXT(sendto, decltype(::sendto))(Fd, Buf, N, Flags, To, ToLen);
}

CT_EXPORT ssize_t sendmsg(int Fd, const struct msghdr *M, int Flags) {
  if (M) {
    if (M->msg_name && M->msg_namelen && matchingActive())
      noteDatagramDestination(Fd, static_cast<const sockaddr *>(M->msg_name),
                              M->msg_namelen);
    scanIov("sendmsg", Fd, M->msg_iov, M->msg_iovlen);
  }
  return CT_NEXT(sendmsg, decltype(::sendmsg))(Fd, M, Flags);
}

CT_EXPORT int dprintf(int Fd, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedToFd("dprintf", Fd, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int vdprintf(int Fd, const char *Fmt, va_list Ap) {
  return formattedToFd("vdprintf", Fd, Fmt, Ap);
}

// --- stdio ------------------------------------------------------------------

CT_EXPORT int fclose(FILE *F) {
  int Fd = F ? fileno(F) : -1;
  int R = CT_NEXT(fclose, decltype(::fclose))(F);
  forgetSeam(Fd);
  forgetReadSource(Fd);
  return R;
}

CT_EXPORT size_t fwrite(const void *P, size_t Size, size_t N, FILE *F) {
  if (Size && N <= SIZE_MAX / Size)
    scanStream("fwrite", F, P, Size * N);
  return CT_NEXT(fwrite, FwriteFn)(P, Size, N, F);
}

CT_EXPORT size_t fwrite_unlocked(const void *P, size_t Size, size_t N, FILE *F) {
  if (Size && N <= SIZE_MAX / Size)
    scanStream("fwrite", F, P, Size * N);
  return CT_NEXT(fwrite_unlocked, FwriteFn)(P, Size, N, F);
}

CT_EXPORT int fputs(const char *S, FILE *F) {
  if (S)
    scanStream("fputs", F, S, __builtin_strlen(S));
  return CT_NEXT(fputs, decltype(::fputs))(S, F);
}

CT_EXPORT int fputs_unlocked(const char *S, FILE *F) {
  if (S)
    scanStream("fputs", F, S, __builtin_strlen(S));
  return CT_NEXT(fputs_unlocked, decltype(::fputs))(S, F);
}

CT_EXPORT int puts(const char *S) {
  if (S)
    scanStream("puts", stdout, S, __builtin_strlen(S));
  return CT_NEXT(puts, decltype(::puts))(S);
}

// One character: judged through the stream's seam, as if formatted here (the
// flow hook's character is a copy, never these bytes).
#define CT_CHAR_OUT(Name, Display, Stream, Params, Args)                       \
  CT_EXPORT int Name Params {                                                  \
    char Byte = char(C);                                                       \
    scanStream(Display, Stream, &Byte, 1, /*Formatted=*/true);                 \
    return CT_NEXT(Name, decltype(::Name)) Args;                               \
  }
CT_CHAR_OUT(fputc, "fputc", F, (int C, FILE *F), (C, F))
CT_CHAR_OUT(putc, "putc", F, (int C, FILE *F), (C, F))
CT_CHAR_OUT(_IO_putc, "putc", F, (int C, FILE *F), (C, F))
CT_CHAR_OUT(fputc_unlocked, "fputc", F, (int C, FILE *F), (C, F))
CT_CHAR_OUT(putc_unlocked, "putc", F, (int C, FILE *F), (C, F))
CT_CHAR_OUT(putchar, "putchar", stdout, (int C), (C))
CT_CHAR_OUT(putchar_unlocked, "putchar", stdout, (int C), (C))
#undef CT_CHAR_OUT

CT_EXPORT int vfprintf(FILE *F, const char *Fmt, va_list Ap) {
  return formattedToStream("vfprintf", F, Fmt, Ap);
}

CT_EXPORT int vprintf(const char *Fmt, va_list Ap) {
  return formattedToStream("vprintf", stdout, Fmt, Ap);
}

CT_EXPORT int fprintf(FILE *F, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedToStream("fprintf", F, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int printf(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedToStream("printf", stdout, Fmt, Ap);
  va_end(Ap);
  return R;
}

// _FORTIFY_SOURCE builds (Debian's libraries) call the checking variants.
// The flag only asks for %n checks; the text is formatted here.
CT_EXPORT int __fprintf_chk(FILE *F, int, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedToStream("fprintf", F, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int __printf_chk(int, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedToStream("printf", stdout, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int __vfprintf_chk(FILE *F, int, const char *Fmt, va_list Ap) {
  return formattedToStream("vfprintf", F, Fmt, Ap);
}

CT_EXPORT int __vprintf_chk(int, const char *Fmt, va_list Ap) {
  return formattedToStream("vprintf", stdout, Fmt, Ap);
}

CT_EXPORT int __dprintf_chk(int Fd, int, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedToFd("dprintf", Fd, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int __vdprintf_chk(int Fd, int, const char *Fmt, va_list Ap) {
  return formattedToFd("vdprintf", Fd, Fmt, Ap);
}

// --- syslog -----------------------------------------------------------------

CT_EXPORT void syslog(int Priority, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  formattedToSyslog(Priority, Fmt, Ap);
  va_end(Ap);
}

CT_EXPORT void vsyslog(int Priority, const char *Fmt, va_list Ap) {
  formattedToSyslog(Priority, Fmt, Ap);
}

CT_EXPORT void __syslog_chk(int Priority, int, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  formattedToSyslog(Priority, Fmt, Ap);
  va_end(Ap);
}

CT_EXPORT void __vsyslog_chk(int Priority, int, const char *Fmt, va_list Ap) {
  formattedToSyslog(Priority, Fmt, Ap);
}

// --- TLS --------------------------------------------------------------------
// Declared without OpenSSL's headers: the types do not matter to the linker.

using SslWriteFn = int(void *, const void *, int);
using SslWriteExFn = int(void *, const void *, size_t, size_t *);

CT_EXPORT int SSL_write(void *Ssl, const void *Buf, int N) {
  if (N > 0 && Buf && matchingActive()) {
    Span S{static_cast<const char *>(Buf), size_t(N)};
    inspectOutgoing({"SSL_write", Channel::Tls, -1, Ssl, false}, &S, 1);
  }
  auto *Real = CT_NEXT(SSL_write, SslWriteFn);
  return Real ? Real(Ssl, Buf, N) : -1;
}

CT_EXPORT int SSL_write_ex(void *Ssl, const void *Buf, size_t N, size_t *Written) {
  if (N && Buf && matchingActive()) {
    Span S{static_cast<const char *>(Buf), N};
    inspectOutgoing({"SSL_write_ex", Channel::Tls, -1, Ssl, false}, &S, 1);
  }
  auto *Real = CT_NEXT(SSL_write_ex, SslWriteExFn);
  return Real ? Real(Ssl, Buf, N, Written) : 0;
}
