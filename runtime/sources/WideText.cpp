//===- WideText.cpp - labels through libc's wide-character copies ---------===//
//
// DFSan's own list leaves libc's wide-character functions uninstrumented,
// and it ships no wrapper for them: a wchar_t password copied with wcscpy,
// an std::wstring copied (char_traits<wchar_t>::copy is wmemcpy) or a
// token converted with wcstombs/mbstowcs would arrive at a sink without its
// labels. The rows CREDTAINT_LABEL_CARRIER of sources.def are `custom` in
// credtaint's ABI list; here are their wrappers. Each calls the real
// function, then gives the bytes it wrote the labels and origins of the
// bytes they came from: a copy moves the shadow as memcpy's wrapper does;
// a conversion labels each character it wrote with the labels of the
// character it was converted from. Return values carry the destination
// argument's label (the pointer), or none (a count).
//
// Instrumented mode only: in preload mode no code calls __dfsw_ wrappers.
//
//===----------------------------------------------------------------------===//

#ifndef CREDTAINT_PRELOAD

#include "core/DfsanEntryPoints.h"

#include "credtaint/catalog/catalog.h"

#include <sanitizer/dfsan_interface.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <cwchar>

// glibc's fortified copies.
extern "C" wchar_t *__wmemcpy_chk(wchar_t *, const wchar_t *, size_t, size_t);
extern "C" wchar_t *__wmemmove_chk(wchar_t *, const wchar_t *, size_t, size_t);

namespace credtaint::rt {
namespace {

static_assert(sizeof(wchar_t) == kWideCharBytes, "wchar_t is UTF-32");

/// The labels (and origins) of N wchar_t at Src now stand on those at Dst.
void copyLabels(wchar_t *Dst, const wchar_t *Src, size_t N) {
  if (!Dst || !Src || !N)
    return;
  dfsan_mem_shadow_transfer(Dst, Src, N * sizeof(wchar_t));
  if (dfsan_get_track_origins())
    dfsan_mem_origin_transfer(Dst, Src, N * sizeof(wchar_t));
}

/// The union label of [P, P+N) and the origin of its first tainted byte.
struct Taint {
  dfsan_label Label = 0;
  dfsan_origin Origin = 0;
};
Taint taintOf(const void *P, size_t N) {
  Taint T;
  T.Label = dfsan_read_label(P, N);
  if (T.Label && dfsan_get_track_origins())
    T.Origin = dfsan_read_origin_of_first_taint(P, N);
  return T;
}

/// After wcstombs(Dst, Src, ...) wrote Written bytes: each multibyte
/// character takes the labels of the wchar_t it came from.
void labelNarrowed(char *Dst, const wchar_t *Src, size_t Written) {
  if (!Dst || !Src || Written == size_t(-1))
    return;
  dfsan_set_label(0, Dst, Written);
  if (!dfsan_read_label(Src, (wcslen(Src) + 1) * sizeof(wchar_t)))
    return;
  std::mbstate_t St{};
  char Tmp[MB_LEN_MAX];
  for (size_t Off = 0, I = 0; Off < Written && Src[I]; ++I) {
    size_t Len = std::wcrtomb(Tmp, Src[I], &St);
    if (Len == size_t(-1))
      return;
    Taint T = taintOf(&Src[I], sizeof(wchar_t));
    if (T.Label)
      __dfsan_set_label(T.Label, T.Origin, Dst + Off,
                        Off + Len <= Written ? Len : Written - Off);
    Off += Len;
  }
}

/// After mbstowcs(Dst, Src, ...) wrote Written wchar_t: each takes the labels
/// of the multibyte character it came from.
void labelWidened(wchar_t *Dst, const char *Src, size_t Written) {
  if (!Dst || !Src || Written == size_t(-1))
    return;
  dfsan_set_label(0, Dst, Written * sizeof(wchar_t));
  if (!dfsan_read_label(Src, std::strlen(Src) + 1))
    return;
  std::mbstate_t St{};
  const char *P = Src;
  for (size_t I = 0; I < Written && *P; ++I) {
    wchar_t W;
    size_t Len = std::mbrtowc(&W, P, MB_LEN_MAX, &St);
    if (Len == size_t(-1) || Len == size_t(-2) || Len == 0)
      return;
    Taint T = taintOf(P, Len);
    if (T.Label)
      __dfsan_set_label(T.Label, T.Origin, &Dst[I], sizeof(wchar_t));
    P += Len;
  }
}

} // namespace
} // namespace credtaint::rt

using namespace credtaint::rt;

#define CT_EXPORT extern "C" __attribute__((visibility("default"), used))

// One body per function, used by both wrappers: With origins, DFSan passes
// the origins after the labels (and a return-origin slot after those).
// L: the labels' parameters, O: the origins'; RET_O sets the return origin.
#define CT_WRAP(Ret, Name, Params, Labels, Origins, ...)                       \
  CT_EXPORT Ret __dfsw_##Name(CT_UNPAREN Params, CT_UNPAREN Labels,           \
                              dfsan_label *ret_label) {                        \
    dfsan_origin *ret_origin = nullptr;                                        \
    (void)ret_origin;                                                          \
    __VA_ARGS__                                                                \
  }                                                                            \
  CT_EXPORT Ret __dfso_##Name(CT_UNPAREN Params, CT_UNPAREN Labels,           \
                              dfsan_label *ret_label, CT_UNPAREN Origins,      \
                              dfsan_origin *ret_origin) {                      \
    __VA_ARGS__                                                                \
  }
#define CT_UNPAREN(...) __VA_ARGS__
// The result is the destination pointer: it carries that argument's label.
#define CT_RETURN_DST(V)                                                       \
  do {                                                                         \
    *ret_label = dst_label;                                                    \
    if (ret_origin)                                                            \
      *ret_origin = 0;                                                         \
    return V;                                                                  \
  } while (0)
#define CT_RETURN_COUNT(V)                                                     \
  do {                                                                         \
    *ret_label = 0;                                                            \
    if (ret_origin)                                                            \
      *ret_origin = 0;                                                         \
    return V;                                                                  \
  } while (0)

CT_WRAP(wchar_t *, wmemcpy,
        (wchar_t *d, const wchar_t *s, size_t n),
        (dfsan_label dst_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin), {
          wchar_t *R = wmemcpy(d, s, n);
          copyLabels(d, s, n);
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, __wmemcpy_chk,
        (wchar_t *d, const wchar_t *s, size_t n, size_t dn),
        (dfsan_label dst_label, dfsan_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin, dfsan_origin), {
          wchar_t *R = __wmemcpy_chk(d, s, n, dn);
          copyLabels(d, s, n);
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, wmemmove,
        (wchar_t *d, const wchar_t *s, size_t n),
        (dfsan_label dst_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin), {
          wchar_t *R = wmemmove(d, s, n);
          copyLabels(d, s, n);
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, __wmemmove_chk,
        (wchar_t *d, const wchar_t *s, size_t n, size_t dn),
        (dfsan_label dst_label, dfsan_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin, dfsan_origin), {
          wchar_t *R = __wmemmove_chk(d, s, n, dn);
          copyLabels(d, s, n);
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, wcscpy,
        (wchar_t *d, const wchar_t *s),
        (dfsan_label dst_label, dfsan_label),
        (dfsan_origin, dfsan_origin), {
          size_t N = wcslen(s) + 1;
          wchar_t *R = wcscpy(d, s);
          copyLabels(d, s, N);
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, wcsncpy,
        (wchar_t *d, const wchar_t *s, size_t n),
        (dfsan_label dst_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin), {
          size_t N = wcsnlen(s, n);
          wchar_t *R = wcsncpy(d, s, n);
          copyLabels(d, s, N);
          if (n > N) // the padding is clean
            dfsan_set_label(0, d + N, (n - N) * sizeof(wchar_t));
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, wcscat,
        (wchar_t *d, const wchar_t *s),
        (dfsan_label dst_label, dfsan_label),
        (dfsan_origin, dfsan_origin), {
          size_t At = wcslen(d), N = wcslen(s) + 1;
          wchar_t *R = wcscat(d, s);
          copyLabels(d + At, s, N);
          CT_RETURN_DST(R);
        })

CT_WRAP(wchar_t *, wcsdup,
        (const wchar_t *s),
        (dfsan_label),
        (dfsan_origin), {
          wchar_t *R = wcsdup(s);
          if (R)
            copyLabels(R, s, wcslen(s) + 1);
          CT_RETURN_COUNT(R); // a new pointer: no label of its own
        })

CT_WRAP(size_t, wcstombs,
        (char *d, const wchar_t *s, size_t n),
        (dfsan_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin), {
          size_t R = wcstombs(d, s, n);
          labelNarrowed(d, s, R);
          CT_RETURN_COUNT(R);
        })

CT_WRAP(size_t, mbstowcs,
        (wchar_t *d, const char *s, size_t n),
        (dfsan_label, dfsan_label, dfsan_label),
        (dfsan_origin, dfsan_origin, dfsan_origin), {
          size_t R = mbstowcs(d, s, n);
          labelWidened(d, s, R);
          CT_RETURN_COUNT(R);
        })

#endif // CREDTAINT_PRELOAD
