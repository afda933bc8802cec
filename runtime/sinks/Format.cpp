//===- Format.cpp - the bytes a printf call writes from its arguments -----===//

#include "Format.h"
#include "core/DfsanEntryPoints.h"

#include <cstdint>
#include <cstring>
#include <cwchar>

namespace credtaint::rt {

SpilledChars::~SpilledChars() {
  if (Used)
    dfsan_set_label(0, &Buf[0], Used);
}

Span SpilledChars::add(char C, dfsan_label Label, dfsan_origin Origin) {
  if (Used >= Buf.size())
    return {nullptr, 0};
  char *P = &Buf[Used++];
  *P = C;
  __dfsan_set_label(Label, Origin, P, 1);
  return {P, 1};
}

namespace {

template <class Ch> size_t length(const Ch *S, long Precision);
template <> size_t length(const char *S, long Precision) {
  return Precision >= 0 ? strnlen(S, size_t(Precision)) : std::strlen(S);
}
template <> size_t length(const wchar_t *S, long Precision) {
  return Precision >= 0 ? wcsnlen(S, size_t(Precision)) : std::wcslen(S);
}

/// A span over N characters of text S of type Ch.
template <class Ch> Span textSpan(const Ch *S, size_t N) {
  return {reinterpret_cast<const char *>(S), N * sizeof(Ch),
          static_cast<unsigned char>(sizeof(Ch))};
}

bool isFlag(char C) { return C && std::strchr("-+ #0'I", C); }

/// The walk for printf's (Ch = char) and wprintf's (Ch = wchar_t) formats:
/// the conversions are spelt alike; only the format's width differs.
template <class Ch>
void walkFormat(const Ch *Fmt, va_list Ap, const dfsan_label *VaLabels,
                const dfsan_origin *VaOrigins, SpilledChars &Spill,
                std::vector<Span> &Out) {
  if (!Fmt)
    return;
  Out.push_back(textSpan(Fmt, length(Fmt, -1)));
  va_list A;
  va_copy(A, Ap);
  size_t ArgIndex = 0;
  for (const Ch *P = Fmt; *P; ++P) {
    if (*P != '%')
      continue;
    ++P;
    if (*P == '%')
      continue;
    // Positional arguments would need a second pass; stop rather than guess.
    const Ch *Q = P;
    while (*Q >= '0' && *Q <= '9')
      ++Q;
    if (*Q == '$')
      break;
    while (*P > 0 && *P < 128 && isFlag(char(*P)))
      ++P;
    if (*P == '*') {
      (void)va_arg(A, int);
      ++ArgIndex;
      ++P;
    } else {
      while (*P >= '0' && *P <= '9')
        ++P;
    }
    long Precision = -1;
    if (*P == '.') {
      ++P;
      if (*P == '*') {
        Precision = va_arg(A, int);
        ++ArgIndex;
        ++P;
      } else {
        Precision = 0;
        while (*P >= '0' && *P <= '9')
          Precision = Precision * 10 + (*P++ - '0');
      }
    }
    int Longs = 0;
    bool LongDouble = false, Size = false;
    for (;; ++P) {
      if (*P == 'l')
        ++Longs;
      else if (*P == 'L' || *P == 'q')
        LongDouble = true, Longs = 2;
      else if (*P == 'j' || *P == 'z' || *P == 't')
        Size = true;
      else if (*P != 'h')
        break;
    }
    switch (*P) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
      if (Longs >= 2)
        (void)va_arg(A, long long);
      else if (Longs == 1 || Size)
        (void)va_arg(A, long);
      else
        (void)va_arg(A, int);
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
      if (LongDouble)
        (void)va_arg(A, long double);
      else
        (void)va_arg(A, double);
      break;
    case 'c': case 'C': {
      int C = va_arg(A, int); // wint_t for %lc and %C: an int too
      if (VaLabels && VaLabels[ArgIndex]) {
        Span S = Spill.add(char(C), VaLabels[ArgIndex],
                           VaOrigins ? VaOrigins[ArgIndex] : 0);
        if (S.P)
          Out.push_back(S);
      }
      break;
    }
    case 's': case 'S': {
      const void *S = va_arg(A, const void *);
      if (!S)
        break;
      if (Longs == 0 && *P == 's') // narrow text, in printf and wprintf alike
        Out.push_back(textSpan(static_cast<const char *>(S),
                               length(static_cast<const char *>(S), Precision)));
      else // %ls, %S: wide text (a precision counts wchar_t, near enough)
        Out.push_back(textSpan(static_cast<const wchar_t *>(S),
                               length(static_cast<const wchar_t *>(S), Precision)));
      break;
    }
    case 'p': case 'n':
      (void)va_arg(A, void *);
      break;
    case 'm':
      continue; // strerror(errno), no argument
    case '\0':
      va_end(A);
      return;
    default:
      break; // unknown conversion: consumes nothing we can know
    }
    ++ArgIndex;
  }
  va_end(A);
}

} // namespace

void formatSpans(const char *Fmt, va_list Ap, const dfsan_label *VaLabels,
                 const dfsan_origin *VaOrigins, SpilledChars &Spill,
                 std::vector<Span> &Out) {
  walkFormat(Fmt, Ap, VaLabels, VaOrigins, Spill, Out);
}

void formatSpans(const wchar_t *Fmt, va_list Ap, const dfsan_label *VaLabels,
                 const dfsan_origin *VaOrigins, SpilledChars &Spill,
                 std::vector<Span> &Out) {
  walkFormat(Fmt, Ap, VaLabels, VaOrigins, Spill, Out);
}

} // namespace credtaint::rt
