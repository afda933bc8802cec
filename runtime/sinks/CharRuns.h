//===- CharRuns.h - a credential written one character at a time -*- C++ -*-===//
//
// `for (char c : token) putchar(c)` hands the sink hooks one byte per call;
// each alone is below the partial-leak threshold, so judged one by one the
// loop leaks nothing. The character hooks (putc, fputc, putchar,
// std::ostream::put, operator<<(ostream&, char)) instead append each
// credential-labelled character, label and origin kept, to a run per
// output stream, and the run is judged as one write at the loop's call
// site: when it holds a whole credential, when a character without a
// credential label (the '\n' after the loop) or one from another call site
// ends it, or at exit. Per thread, no lock, no allocation; a thread's
// unfinished runs other than the main thread's are lost at its exit.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SINKS_CHARRUNS_H
#define CREDTAINT_RUNTIME_SINKS_CHARRUNS_H

#include "sinks/Format.h"

#include "credtaint/runtime_abi.h"

#include <sanitizer/dfsan_interface.h>

#include <cstdint>

namespace credtaint::rt {

/// A run of characters written to one stream from one call site.
struct CharRun {
  const credtaint_site *Site = nullptr;
  uint32_t Row = 0;
  uint64_t Target = 0;
  Span Bytes; // labelled like the characters; valid until the next call
};

/// Judges a run as one write (Sinks.cpp); Complete: only if it holds a
/// whole credential, and then the run starts again.
using CharRunJudge = bool (*)(const CharRun &Run, bool OnlyIfComplete);

/// Whether this thread has a run open (cheap: the common character without
/// a credential label returns at once when none is).
bool charRunsOpen();

/// A character C with labels Label/Origin written by Row at Site to Target.
/// Runs it ends are handed to Judge; a credential character is appended,
/// and the run handed to Judge to see whether it is complete.
void charWritten(const credtaint_site *Site, uint32_t Row, uint64_t Target,
                 char C, dfsan_label Label, dfsan_origin Origin,
                 CharRunJudge Judge);

/// Hands every open run of this thread to the judge charWritten was given
/// (at exit).
void flushCharRuns();

} // namespace credtaint::rt

#endif
