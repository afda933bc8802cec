//===- FlowMarks.cpp - one leak seen by flow and by match is one finding --===//

#include "match/FlowMarks.h"

#include "credtaint/catalog/catalog.h"

#include <sanitizer/dfsan_interface.h>

namespace credtaint::rt::match {
namespace {
__attribute__((tls_model("initial-exec"))) thread_local FlowMark Mark;
}

void noteFlowJudged(SpanRange Spans) {
  Mark.Count = 0;
  for (const Span &S : Spans)
    if (S.P && S.N && Mark.Count < kMaxMarkedSpans)
      Mark.Spans[Mark.Count++] = S;
}

FlowMark takeFlowMark() {
  FlowMark M = Mark;
  Mark.Count = 0;
  return M;
}

bool judgedByFlow(const FlowMark &M, const char *P, size_t N) {
  for (size_t I = 0; I < M.Count; ++I) {
    const Span &S = M.Spans[I];
    if (P >= S.P && P + N <= S.P + S.N)
      return dfsan_read_label(P, N) & kCredentialLabels;
  }
  return false;
}

} // namespace credtaint::rt::match
