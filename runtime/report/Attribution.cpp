//===- Attribution.cpp - whose credential bytes reach a sink --------------===//

#include "Attribution.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "match/Caller.h"

#include "credtaint/catalog/catalog.h"

#include <sanitizer/dfsan_interface.h>

#include <algorithm>
#include <cstring>

namespace credtaint::rt {
namespace {

/// The first byte at or after I with a credential label, else N. Labels are
/// read a block at a time (one call for 32 bytes) and byte by byte only in
/// a block that has one: a log line holding four masked bytes is a few
/// calls, not one per byte.
size_t nextCredentialByte(const char *P, size_t N, size_t I) {
  constexpr size_t kBlock = 32;
  while (I < N) {
    size_t Len = std::min(kBlock, N - I);
    if (!(dfsan_read_label(P + I, Len) & kCredentialLabels)) {
      I += Len;
      continue;
    }
    for (size_t End = I + Len; I < End; ++I)
      if (dfsan_read_label(P + I, 1) & kCredentialLabels)
        return I;
  }
  return N;
}

/// The length of the run of bytes from P[I] on with exactly label L.
size_t runEnd(const char *P, size_t N, size_t I, dfsan_label L) {
  size_t End = I + 1;
  while (End < N && (dfsan_read_label(P + End, 1) & kCredentialLabels) == L)
    ++End;
  return End;
}

const Credential *credentialOfRun(const char *Run, size_t Len, dfsan_label L) {
  Registry &Reg = runtime().registry();
  const Credential *C = nullptr;
  if (dfsan_get_track_origins())
    C = Reg.lookup(dfsan_get_init_origin(Run), L, Run, Len);
  return C ? C : Reg.latestWithLabel(L);
}

} // namespace

Attribution attribute(SpanRange Spans) {
  Attribution ByCredential;
  bool Origins = dfsan_get_track_origins();
  for (const Span &S : Spans) {
    if (!S.P || !S.N || !(dfsan_read_label(S.P, S.N) & kCredentialLabels))
      continue;
    for (size_t I = nextCredentialByte(S.P, S.N, 0); I < S.N;
         I = nextCredentialByte(S.P, S.N, I + 1)) {
      dfsan_label L = dfsan_read_label(S.P + I, 1) & kCredentialLabels;
      // The contiguous run of bytes with this label belongs to one
      // credential; its bytes tell credentials sharing a root origin apart.
      size_t End = runEnd(S.P, S.N, I, L);
      if (const Credential *C = credentialOfRun(S.P + I, End - I, L)) {
        Reached &Re = ByCredential[C];
        if (!Re.Bytes && Origins)
          Re.Origin = dfsan_read_origin_of_first_taint(S.P + I, 1);
        // Characters of wide text count as a narrow credential's bytes.
        Re.Bytes += (End - I + S.Width - 1) / S.Width;
      }
      I = End - 1;
    }
  }
  return ByCredential;
}

bool anyCredentialBytes(SpanRange Spans) {
  dfsan_label Any = 0;
  for (const Span &S : Spans)
    if (S.P && S.N)
      Any |= dfsan_read_label(S.P, S.N);
  return Any & kCredentialLabels;
}

bool onlyMaskedPreviews(SpanRange Spans) {
  dfsan_label Labels = 0;
  size_t Tainted = 0;
  for (const Span &S : Spans) {
    if (!S.P || !S.N || !(dfsan_read_label(S.P, S.N) & kCredentialLabels))
      continue;
    size_t InSpan = 0;
    for (size_t I = nextCredentialByte(S.P, S.N, 0); I < S.N;
         I = nextCredentialByte(S.P, S.N, I + 1)) {
      Labels |= dfsan_read_label(S.P + I, 1) & kCredentialLabels;
      ++InSpan;
    }
    Tainted += (InSpan + S.Width - 1) / S.Width; // characters of wide text
  }
  size_t Partial = size_t(runtime().options().partial_leak_bytes);
  size_t Shortest = runtime().registry().shortestWithLabel(Labels);
  return Tainted <= Partial && Shortest != SIZE_MAX && Tainted * 4 <= Shortest;
}

bool isMaskedPreview(const Credential &C, const Reached &R) {
  size_t Partial = size_t(runtime().options().partial_leak_bytes);
  return R.Bytes <= Partial && R.Bytes * 4 <= C.Length;
}

std::string redactedText(const char *P, size_t N) {
  std::string Out;
  if (!P)
    return Out;
  for (size_t I = 0; I < N; ++I) {
    dfsan_label L = dfsan_read_label(P + I, 1) & kCredentialLabels;
    if (!L) {
      Out += P[I];
      continue;
    }
    size_t End = runEnd(P, N, I, L);
    const Credential *C = credentialOfRun(P + I, End - I, L);
    Out += C ? C->Preview : "****";
    I = End - 1;
  }
  return runtime().registry().redactValues(Out);
}

SourceLocation siteSource(const credtaint_site *S, std::string How) {
  Frame At = siteFrame(S, "source");
  SourceLocation Src;
  Src.File = std::move(At.File);
  Src.Function = std::move(At.Function);
  Src.Line = At.Line;
  Src.Column = At.Column;
  Src.How = std::move(How);
  return Src;
}

Frame siteFrame(const credtaint_site *S, const char *Step) {
  Frame F;
  F.Step = Step;
  if (S) {
    F.File = S->file ? S->file : "";
    F.Function = S->function ? S->function : "";
    F.Line = S->line;
    F.Column = S->column;
  }
  // A sink call inside a library template instantiated in the program
  // (std::ostream_iterator, std::copy): the program's line that led there.
  if (isSystemFile(F.File) && std::strcmp(Step, "sink") == 0) {
    Frame Caller = match::callerFrame();
    if (!Caller.File.empty() && !isSystemFile(Caller.File))
      return Caller;
  }
  return F;
}

} // namespace credtaint::rt
