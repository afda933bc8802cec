//===- InterposeWide.cpp - the wide output functions, for every caller ----===//
//
// The wide twins of Interpose.cpp's stdio functions: fputws, the wprintf
// family and the wide character functions. glibc converts their wchar_t
// text to multibyte bytes with internal calls no definition can interpose,
// so the text is scanned here, as the wchar_t text it is: a credential in it
// matches its UTF-32LE form (Encodings.h). The wprintf family is formatted
// once for the scan (on the stack, up to 1024 characters; a longer text is
// not scanned) and then handed, untouched, to the next definition. A wide
// character goes through the stream's seam like fputc's, so a loop writing
// a credential with putwc is seen whole.
//
// The runtime's own output never uses these.
//
//===----------------------------------------------------------------------===//

// glibc's headers may define some of these as extern inline when optimizing;
// this file defines them for real.
#define __NO_INLINE__ 1

#include "match/NextSymbol.h"
#include "match/Outgoing.h"

#include <cstdarg>
#include <cstdio>
#include <cwchar>

using namespace credtaint::rt;
using namespace credtaint::rt::match;

// glibc's fortified entry points.
extern "C" int __vfwprintf_chk(FILE *, int, const wchar_t *, va_list);
extern "C" int __vwprintf_chk(int, const wchar_t *, va_list);

namespace {

void scanWide(const char *Fn, FILE *F, const wchar_t *P, size_t N,
              bool Formatted, bool Character = false) {
  if (!matchingActive() || !P || !N || !F)
    return;
  Span S{reinterpret_cast<const char *>(P), N * sizeof(wchar_t),
         static_cast<unsigned char>(sizeof(wchar_t))};
  inspectOutgoing({Fn, Channel::Stream, -1, F, Formatted, Character}, &S, 1);
}

/// Scans what vfwprintf(F, Fmt, Ap) will write.
void scanFormatted(const char *Fn, FILE *F, const wchar_t *Fmt, va_list Ap) {
  if (!matchingActive() || !F || !Fmt)
    return;
  wchar_t Text[1024];
  va_list Copy;
  va_copy(Copy, Ap);
  int N = vswprintf(Text, sizeof Text / sizeof Text[0], Fmt, Copy);
  va_end(Copy);
  if (N > 0)
    scanWide(Fn, F, Text, size_t(N), /*Formatted=*/true);
}

using VfwprintfFn = int(FILE *, const wchar_t *, va_list);
using VfwprintfChkFn = int(FILE *, int, const wchar_t *, va_list);

int formattedWide(const char *Fn, FILE *F, const wchar_t *Fmt, va_list Ap) {
  scanFormatted(Fn, F, Fmt, Ap);
  return CT_NEXT(vfwprintf, VfwprintfFn)(F, Fmt, Ap);
}

// The fortified entry points check the format (%n) where it is written:
// the scan goes first, then the real one, which does its checks.
int formattedWideChk(const char *Fn, FILE *F, int Flag, const wchar_t *Fmt,
                     va_list Ap) {
  scanFormatted(Fn, F, Fmt, Ap);
  return CT_NEXT(__vfwprintf_chk, VfwprintfChkFn)(F, Flag, Fmt, Ap);
}

} // namespace

#define CT_EXPORT extern "C" __attribute__((visibility("default")))

CT_EXPORT int fputws(const wchar_t *S, FILE *F) {
  if (S)
    scanWide("fputws", F, S, wcslen(S), false);
  return CT_NEXT(fputws, decltype(::fputws))(S, F);
}

CT_EXPORT int fputws_unlocked(const wchar_t *S, FILE *F) {
  if (S)
    scanWide("fputws", F, S, wcslen(S), false);
  return CT_NEXT(fputws_unlocked, decltype(::fputws_unlocked))(S, F);
}

// One wide character: judged through the stream's seam, as fputc is. What
// a flow hook judged just before is a leak already reported when the run
// completes (libstdc++'s wide streams write a character at a time).
#define CT_WCHAR_OUT(Name, Display, Stream, Params, Args)                      \
  CT_EXPORT wint_t Name Params {                                               \
    wchar_t Char = wchar_t(C);                                                 \
    scanWide(Display, Stream, &Char, 1, /*Formatted=*/true,                    \
             /*Character=*/true);                                              \
    return CT_NEXT(Name, decltype(::Name)) Args;                               \
  }
CT_WCHAR_OUT(fputwc, "fputwc", F, (wchar_t C, FILE *F), (C, F))
CT_WCHAR_OUT(putwc, "putwc", F, (wchar_t C, FILE *F), (C, F))
CT_WCHAR_OUT(fputwc_unlocked, "fputwc", F, (wchar_t C, FILE *F), (C, F))
CT_WCHAR_OUT(putwc_unlocked, "putwc", F, (wchar_t C, FILE *F), (C, F))
CT_WCHAR_OUT(putwchar, "putwchar", stdout, (wchar_t C), (C))
CT_WCHAR_OUT(putwchar_unlocked, "putwchar", stdout, (wchar_t C), (C))
#undef CT_WCHAR_OUT

CT_EXPORT int vfwprintf(FILE *F, const wchar_t *Fmt, va_list Ap) {
  return formattedWide("vfwprintf", F, Fmt, Ap);
}

CT_EXPORT int vwprintf(const wchar_t *Fmt, va_list Ap) {
  return formattedWide("vwprintf", stdout, Fmt, Ap);
}

CT_EXPORT int fwprintf(FILE *F, const wchar_t *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedWide("fwprintf", F, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int wprintf(const wchar_t *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedWide("wprintf", stdout, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int __vfwprintf_chk(FILE *F, int Flag, const wchar_t *Fmt, va_list Ap) {
  return formattedWideChk("vfwprintf", F, Flag, Fmt, Ap);
}

CT_EXPORT int __vwprintf_chk(int Flag, const wchar_t *Fmt, va_list Ap) {
  return formattedWideChk("vwprintf", stdout, Flag, Fmt, Ap);
}

CT_EXPORT int __fwprintf_chk(FILE *F, int Flag, const wchar_t *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedWideChk("fwprintf", F, Flag, Fmt, Ap);
  va_end(Ap);
  return R;
}

CT_EXPORT int __wprintf_chk(int Flag, const wchar_t *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = formattedWideChk("wprintf", stdout, Flag, Fmt, Ap);
  va_end(Ap);
  return R;
}
