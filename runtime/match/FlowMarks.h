//===- FlowMarks.h - one leak seen by flow and by match is one finding -*- C++ -*-===//
//
// In an instrumented program a sink call is judged twice: the pass's hook
// (flow) runs just before the call, and the interposed libc function (match)
// runs inside it. The hook leaves a mark on its thread: the spans it judged.
// The next interposed call on that thread takes the mark; an occurrence that
// lies in a marked span and still carries a credential label was seen by
// flow, which already reported it (or decided it is no finding), so match
// skips it. A call the interposer formatted itself (printf family, syslog)
// has no span in common with the hook's arguments: there, credentials whose
// labelled bytes were in the marked spans are skipped. Thread-local, no
// allocation: marks are taken on the same thread, also in signal handlers.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_FLOWMARKS_H
#define CREDTAINT_RUNTIME_MATCH_FLOWMARKS_H

#include "sinks/Format.h"

#include <cstddef>
#include <vector>

namespace credtaint::rt::match {

constexpr size_t kMaxMarkedSpans = 8;

struct FlowMark {
  size_t Count = 0; // 0: no flow hook judged bytes just before this call
  Span Spans[kMaxMarkedSpans];
};

/// A flow sink hook judged Spans, which carried credential labels.
void noteFlowJudged(SpanRange Spans);

/// The mark the last flow hook on this thread left, cleared.
FlowMark takeFlowMark();

/// Whether [P, P+N) lies in a marked span and carries a credential label.
bool judgedByFlow(const FlowMark &M, const char *P, size_t N);

} // namespace credtaint::rt::match

#endif
