//===- Format.h - the bytes a printf call writes from its arguments -*- C++ -*-===//
//
// A printf-family sink writes the bytes of its format and of every %s (and
// %c) argument. This walks a format with its va_list, as glibc would, and
// returns where those bytes are. Integers and pointers are skipped: a length
// or a boolean derived from a secret is not the secret.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_FORMAT_H
#define CREDTAINT_RUNTIME_FORMAT_H

#include <sanitizer/dfsan_interface.h>

#include <cstdarg>
#include <cstddef>
#include <string>
#include <vector>

namespace credtaint::rt {

struct Span {
  const char *P;
  size_t N; // bytes
  // Bytes per character: kWideCharBytes for wchar_t text, whose characters
  // the partial-leak rule counts as a narrow credential's bytes.
  unsigned char Width = 1;
};

/// The spans a sink received, viewed without a copy: a hook's one span (a
/// buffer, a string) or a vector of them (a format's arguments). Hooks run
/// on every write, and a vector built per call was 8% of a logging
/// program's time under credtaint (its allocation goes through DFSan's
/// allocator, which clears the shadow of each block).
class SpanRange {
public:
  SpanRange(const std::vector<Span> &V) : B(V.data()), E(V.data() + V.size()) {}
  SpanRange(const Span &One) : B(&One), E(&One + 1) {}
  const Span *begin() const { return B; }
  const Span *end() const { return E; }
  size_t size() const { return size_t(E - B); }
  bool empty() const { return B == E; }
  const Span &operator[](size_t I) const { return B[I]; }

private:
  const Span *B, *E;
};

/// Holds %c characters copied out of registers, with their labels, so they
/// can be inspected like memory. Clears those labels when destroyed.
class SpilledChars {
public:
  explicit SpilledChars(size_t Capacity) : Buf(Capacity ? Capacity : 1, '\0') {}
  ~SpilledChars();
  /// A span over a copy of C labelled Label/Origin; {nullptr, 0} when full.
  /// A wide character is kept as its low byte (the label is what counts).
  Span add(char C, dfsan_label Label, dfsan_origin Origin);

private:
  std::string Buf;
  size_t Used = 0;
};

/// Appends the spans printf(Fmt, Ap...) writes from memory: the format itself
/// and each %s argument (precision honoured) and %ls argument (wide text).
/// %c and %lc arguments are spilled with VaLabels[i]/VaOrigins[i] when those
/// are known (may be null). Positional arguments ("%1$s") stop the walk
/// after the format itself.
void formatSpans(const char *Fmt, va_list Ap, const dfsan_label *VaLabels,
                 const dfsan_origin *VaOrigins, SpilledChars &Spill,
                 std::vector<Span> &Out);
/// The same for wprintf's wide format: %s is still narrow text, %ls and %S
/// wide, the format itself wide.
void formatSpans(const wchar_t *Fmt, va_list Ap, const dfsan_label *VaLabels,
                 const dfsan_origin *VaOrigins, SpilledChars &Spill,
                 std::vector<Span> &Out);

} // namespace credtaint::rt

#endif
