//===- Outgoing.cpp - judge bytes as they leave the process ---------------===//

#include "match/Outgoing.h"
#include "match/Caller.h"
#include "match/CredentialFiles.h"
#include "match/FlowMarks.h"
#include "match/Seams.h"
#include "match/ValueSet.h"

#include "report/Attribution.h"
#include "net/Network.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "net/Url.h"
#include "sinks/Environment.h"
#include "sinks/OutputTarget.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace credtaint::rt::match {
namespace {

// More occurrences in one call than this are counted, not located: the
// credentials among the first ones are what a report needs.
constexpr size_t kMaxOccurrences = 64;

struct Hit {
  const Credential *Cred;
  const char *P; // where in the caller's bytes
  size_t N;
  size_t Length; // of the whole form: more than N when it began earlier
};

Finding baseFinding(const OutgoingCall &Call, const Credential *C, size_t Bytes,
                    const Frame &Sink) {
  Finding F;
  F.Detector = "match";
  F.Cred = C;
  F.Sink = Sink;
  F.Bytes = Bytes;
  F.SinkFunction = Call.Function;
  return F;
}

void reportHits(const OutgoingCall &Call, const Span *Parts, size_t NParts,
                const std::vector<Hit> &Hits) {
  // One finding per credential: the longest of its occurrences.
  std::map<const Credential *, size_t> Bytes;
  for (const Hit &H : Hits)
    Bytes[H.Cred] = std::max(Bytes[H.Cred], H.Length);
  Reporter &Rep = runtime().reporter();
  Frame Sink = callerFrame();

  if (Call.Via == Channel::Command) {
    auto *Program = static_cast<const char *>(Call.Handle);
    for (auto &[C, N] : Bytes) {
      Finding F = baseFinding(Call, C, N, Sink);
      F.RuleId = Rule::CredentialInCommandLine;
      F.SinkCategory = "process";
      F.SinkFunction = std::string(Call.Function) + "(argv)";
      F.Path = Program ? Program : "";
      F.Part = "argv";
      Rep.report(F);
    }
    return;
  }

  if (Call.Via == Channel::Environment) {
    auto *Program = static_cast<const char *>(Call.Handle);
    std::string Variable =
        NParts ? environmentVariable(Parts[0].P, Parts[0].N) : std::string();
    for (auto &[C, N] : Bytes) {
      Finding F = baseFinding(Call, C, N, Sink);
      F.RuleId = Rule::CredentialInEnvironment;
      F.Severity = underItsOwnName(*C, Variable, Program ? Program : "") ? "low" : "";
      F.SinkCategory = "process";
      F.SinkFunction = std::string(Call.Function) + (Program ? "(envp)" : "");
      F.Path = Program ? Program : "";
      F.Part = Program ? "envp" : "environment";
      F.Variable = Variable;
      Rep.report(F);
    }
    return;
  }

  OutputTarget T;
  if (Call.Via == Channel::Syslog) {
    T.What = OutputTarget::Log;
    T.Stream = "syslog";
  } else if (Call.Via == Channel::Tls) {
    T.What = OutputTarget::Network;
    T.Dest = destinationOfTls(reinterpret_cast<uint64_t>(Call.Handle));
  } else {
    T = targetOfFd(Call.Via == Channel::Stream
                       ? fileno(static_cast<FILE *>(const_cast<void *>(Call.Handle)))
                       : Call.Fd);
  }
  if (T.What != OutputTarget::Network) {
    for (auto &[C, N] : Bytes) {
      Finding F = baseFinding(Call, C, N, Sink);
      reportOutput(F, T);
    }
    return;
  }
  // An HTTP request the program writes itself: a credential in its
  // request-target is also credential-in-url.
  size_t UrlBegin = 0, UrlEnd = 0;
  const char *First = NParts ? Parts[0].P : nullptr;
  bool HasUrl = First && httpRequestTarget(First, Parts[0].N, UrlBegin, UrlEnd);
  if (HasUrl)
    T.Dest.Url = std::string(T.Dest.Plaintext ? "http" : "https") + "://" +
                 (T.Dest.Host.find(':') != std::string::npos
                      ? "[" + T.Dest.Host + "]"
                      : T.Dest.Host) +
                 (T.Dest.Port ? ":" + std::to_string(T.Dest.Port) : "") +
                 runtime().registry().redactValues(
                     std::string(First + UrlBegin, UrlEnd - UrlBegin));
  NetPolicy Policy = netPolicy();
  for (auto &[C, N] : Bytes) {
    runtime().seenLog().used(*C, T.Dest.Host, T.Dest.Port,
                             inScope(T.Dest, C->Scope, Policy), /*ByFlow=*/false);
    std::vector<NetVerdict> Verdicts = judgeTransmission(T.Dest, C->Scope, Policy);
    for (const Hit &H : Hits)
      if (HasUrl && H.Cred == C && H.P >= First + UrlBegin &&
          H.P + H.N <= First + UrlEnd) {
        Verdicts.push_back({Rule::CredentialInUrl});
        break;
      }
    for (const NetVerdict &V : Verdicts) {
      // libcurl's own send() of a request flow already judged at
      // curl_easy_perform is the same leak.
      if (Rep.sawFlowNetworkFinding(C, V.RuleId, T.Dest.Port))
        continue;
      Finding F = baseFinding(Call, C, N, Sink);
      F.RuleId = V.RuleId;
      F.Severity = V.Severity ? V.Severity : "";
      F.SinkCategory = "network";
      F.Transport = T.Dest.Transport;
      F.Host = T.Dest.Host;
      F.Port = T.Dest.Port;
      F.Url = T.Dest.Url;
      F.Fd = T.Fd;
      Rep.report(F);
    }
  }
}

/// The credentials a flow hook judged, kept for the character calls that
/// follow it: a wide stream writes what `std::wcerr << token` judged one
/// wchar_t at a time, the first call takes the hook's mark, and the run
/// completes in a later one (through the seam). Pointers to registered
/// credentials only (the mark's spans may be freed once the hook's call
/// returns); cleared by the next call that is no character.
struct CharacterFlow {
  size_t Count = 0;
  const Credential *Creds[kMaxMarkedSpans];
};
__attribute__((tls_model("initial-exec"))) thread_local CharacterFlow CharFlow;

/// Keeps (Character calls: the credentials whose labelled bytes the mark's
/// spans hold) or forgets what flow judged for a character run. No
/// allocation: a character call runs for every wchar_t a stream writes.
void noteCharacterFlow(const OutgoingCall &Call, const ValueSnapshot &S,
                       const FlowMark &Mark) {
  if (!Call.Character) {
    CharFlow.Count = 0;
    return;
  }
  if (!Mark.Count)
    return;
  CharFlow.Count = 0;
  const Credential **Begin = CharFlow.Creds;
  for (size_t I = 0; I < Mark.Count; ++I)
    S.Match.scan(Mark.Spans[I].P, Mark.Spans[I].N, [&](const Occurrence &O) {
      const Credential *C = S.Owners[O.Id].Cred;
      if (judgedByFlow(Mark, Mark.Spans[I].P + O.Offset, O.Length) &&
          std::find(Begin, Begin + CharFlow.Count, C) == Begin + CharFlow.Count)
        CharFlow.Creds[CharFlow.Count++] = C;
      return CharFlow.Count < kMaxMarkedSpans;
    });
}

} // namespace

bool matchingActive() { return processHasValues(); }

void inspectOutgoing(const OutgoingCall &Call, const Span *Parts, size_t NParts) {
  ScanGuard Scan; // the snapshot stays alive until this call returns
  const ValueSnapshot *S = Scan.snapshot();
  if (!S)
    return;
  ScopedInRuntime Guard; // the runtime's own output is not judged
  if (!Guard.entered())
    return;
  Occurrence Occ[kMaxOccurrences];
  size_t Total = 0;
  Span Found[kMaxOccurrences];
  uint32_t Ids[kMaxOccurrences];
  SeamHit Straddling[kMaxOccurrences];
  size_t NStraddling = 0;
  {
    // Forms that began in an earlier write to the same descriptor (or in an
    // earlier part of this one) and end in this part. The descriptor's slot
    // is held for the scan only, not while a match is reported.
    SeamScan Seam(Call.Via == Channel::Fd ? Call.Fd
                  : Call.Via == Channel::Stream
                      ? fileno(static_cast<FILE *>(const_cast<void *>(Call.Handle)))
                      : -1);
    for (size_t I = 0; I < NParts; ++I) {
      if (!Parts[I].P || !Parts[I].N)
        continue;
      NStraddling += Seam.next(S->Match, Parts[I].P, Parts[I].N,
                               Straddling + NStraddling,
                               kMaxOccurrences - NStraddling);
      size_t Room = kMaxOccurrences - Total;
      size_t N = S->Match.find(Parts[I].P, Parts[I].N, Occ, Room);
      for (size_t K = 0; K < N && K < Room; ++K) {
        Found[Total + K] = {Parts[I].P + Occ[K].Offset, Occ[K].Length};
        Ids[Total + K] = Occ[K].Id;
      }
      Total += std::min(N, Room);
      if (Total == kMaxOccurrences)
        break;
    }
  }
  FlowMark Mark = takeFlowMark();
  if (Mark.Count || CharFlow.Count)
    noteCharacterFlow(Call, *S, Mark);
  if (!Total && !NStraddling)
    return;
  // Slow path from here on: something matched.
  std::vector<const Credential *> FlowSaw;
  if (Call.Character)
    FlowSaw.assign(CharFlow.Creds, CharFlow.Creds + CharFlow.Count);
  if (Mark.Count && Call.Formatted)
    for (size_t I = 0; I < Mark.Count; ++I)
      S->Match.scan(Mark.Spans[I].P, Mark.Spans[I].N, [&](const Occurrence &O) {
        if (judgedByFlow(Mark, Mark.Spans[I].P + O.Offset, O.Length))
          FlowSaw.push_back(S->Owners[O.Id].Cred);
        return true;
      });
  std::vector<Hit> Hits;
  auto Add = [&](uint32_t Id, const char *P, size_t N, size_t Length) {
    const Credential *C = S->Owners[Id].Cred;
    if (!judgedByFlow(Mark, P, N) &&
        std::find(FlowSaw.begin(), FlowSaw.end(), C) == FlowSaw.end())
      Hits.push_back({C, P, N, Length});
  };
  for (size_t K = 0; K < Total; ++K)
    Add(Ids[K], Found[K].P, Found[K].N, Found[K].N);
  for (size_t K = 0; K < NStraddling; ++K)
    Add(Straddling[K].Id, Straddling[K].P, Straddling[K].N, Straddling[K].Length);
  if (!Hits.empty())
    reportHits(Call, Parts, NParts, Hits);
}

} // namespace credtaint::rt::match
