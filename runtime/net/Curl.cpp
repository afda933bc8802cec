//===- Curl.cpp - libcurl requests, judged when they are made -------------===//

#include "Curl.h"
#include "report/Attribution.h"
#include "core/ForkSafety.h"
#include "sinks/HookWrappers.h"
#include "Network.h"
#include "core/Runtime.h"
#include "core/DfsanEntryPoints.h"
#include "Url.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/support/Text.h"

#include <sanitizer/dfsan_interface.h>

#include <cstring>
#include <mutex>
#include <unordered_map>

namespace credtaint::rt {
namespace {

struct Slist { const char *Data; const Slist *Next; }; // struct curl_slist

/// One option that puts bytes into the request.
struct CurlPayload {
  const credtaint_site *Site = nullptr;
  const CurlOptionInfo *Option = nullptr;
  Attribution Creds;         // read at setopt (Text, CopyBody)
  const void *Pointer = nullptr; // read at perform (List, Body)
};

struct CurlRequest {
  const credtaint_site *UrlSite = nullptr;
  UrlParts Parts;
  std::string Url; // redacted
  Attribution UrlCreds;
  std::vector<CurlPayload> Payloads;
  int64_t BodySize = -1;
};

struct CurlState {
  std::mutex Mu;
  std::unordered_map<uint64_t, CurlRequest> Handles;
};

CurlState &state() {
  static CurlState *S = new CurlState(); // leaked: hooks run in destructors
  return *S;
}

Span stringSpan(const void *P) {
  const char *S = static_cast<const char *>(P);
  return {S, S ? std::strlen(S) : 0};
}

/// The option's name as a report part: CURLOPT_HTTPHEADER -> "httpheader".
std::string partName(const CurlOptionInfo &O) {
  std::string N = O.name;
  const char Prefix[] = "CURLOPT_";
  if (N.compare(0, sizeof Prefix - 1, Prefix) == 0)
    N = N.substr(sizeof Prefix - 1);
  return toLower(N);
}

void setPayload(CurlRequest &Req, CurlPayload P) {
  for (CurlPayload &Old : Req.Payloads)
    if (Old.Option == P.Option) {
      Old = std::move(P);
      return;
    }
  Req.Payloads.push_back(std::move(P));
}

void setOption(const credtaint_site *Site, uint64_t Handle, long Id,
               uint64_t Value) {
  const CurlOptionInfo *O = findCurlOption(Id);
  if (!O || !Handle)
    return;
  const void *P = reinterpret_cast<const void *>(Value);
  CurlPayload Payload;
  Payload.Site = Site;
  Payload.Option = O;
  // Labels are read outside the lock: attribution can symbolize.
  UrlParts Parts;
  std::string Url;
  switch (O->role) {
  case CurlOptionRole::Url:
    if (P) {
      Span S = stringSpan(P);
      parseUrl(std::string(S.P, S.N), Parts);
      Url = maskUserInfoPassword(redactedText(S.P, S.N));
      Payload.Creds = attribute({S});
    }
    break;
  case CurlOptionRole::Text:
  case CurlOptionRole::CopyBody:
    if (P && anyCredentialBytes({stringSpan(P)}))
      Payload.Creds = attribute({stringSpan(P)});
    break;
  case CurlOptionRole::List:
  case CurlOptionRole::Body:
    Payload.Pointer = P;
    break;
  case CurlOptionRole::BodySize:
    break;
  }
  CurlState &St = state();
  std::lock_guard<std::mutex> L(St.Mu);
  CurlRequest &Req = St.Handles[Handle];
  switch (O->role) {
  case CurlOptionRole::Url:
    Req.UrlSite = Site;
    Req.Parts = Parts;
    Req.Url = Url;
    Req.UrlCreds = Payload.Creds;
    break;
  case CurlOptionRole::BodySize:
    Req.BodySize = int64_t(Value);
    break;
  default:
    setPayload(Req, std::move(Payload));
    break;
  }
}

/// The bytes a List or Body option points to, now.
std::vector<Span> pointedSpans(const CurlPayload &P, int64_t BodySize) {
  std::vector<Span> Spans;
  if (!P.Pointer)
    return Spans;
  if (P.Option->role == CurlOptionRole::Body) {
    const char *B = static_cast<const char *>(P.Pointer);
    Spans.push_back({B, BodySize >= 0 ? size_t(BodySize) : std::strlen(B)});
    return Spans;
  }
  size_t N = 0;
  for (auto *L = static_cast<const Slist *>(P.Pointer); L && N < 4096;
       L = L->Next, ++N)
    Spans.push_back(stringSpan(L->Data));
  return Spans;
}

void sendRequest(uint64_t Handle) {
  CurlRequest Req;
  {
    CurlState &St = state();
    std::lock_guard<std::mutex> L(St.Mu);
    auto It = St.Handles.find(Handle);
    if (It == St.Handles.end() || It->second.Parts.Host.empty())
      return;
    Req = It->second;
  }
  if (Req.Parts.Scheme == "file")
    return;
  Destination D;
  D.Transport = Req.Parts.Scheme;
  D.Plaintext = !isTlsScheme(Req.Parts.Scheme);
  D.Host = Req.Parts.Host;
  D.Port = Req.Parts.Port;
  D.Url = Req.Url;
  reportTransmission(Req.UrlSite, "curl_easy_setopt(CURLOPT_URL)", D,
                     Req.UrlCreds, Req.UrlCreds, "url");
  for (const CurlPayload &P : Req.Payloads) {
    Attribution Creds = P.Creds;
    if (P.Pointer) {
      std::vector<Span> Spans = pointedSpans(P, Req.BodySize);
      if (anyCredentialBytes(Spans))
        Creds = attribute(Spans);
    }
    if (!Creds.empty())
      reportTransmission(P.Site,
                         std::string("curl_easy_setopt(") + P.Option->name + ")",
                         D, Creds, {}, partName(*P.Option));
  }
}

void sinkCurlOpt(const credtaint_site *Site, uint32_t Row, uint64_t Handle,
                 uint64_t Option, uint64_t Value) {
  if (Row >= kNumSinks)
    return;
  ScopedInRuntime Guard;
  if (Guard.entered())
    setOption(Site, Handle, long(Option), Value);
}

void sinkHandle(uint32_t Row, const void *Handle) {
  if (Row >= kNumSinks || !Handle)
    return;
  ScopedInRuntime Guard;
  if (Guard.entered())
    sendRequest(reinterpret_cast<uint64_t>(Handle));
}

} // namespace

std::mutex &curlStateMutex() { return state().Mu; }

void labelCurlListCopy(uint64_t List, uint64_t String) {
  const char *Src = reinterpret_cast<const char *>(String);
  const Slist *Last = reinterpret_cast<const Slist *>(List);
  if (!Src || !Last)
    return;
  size_t N = std::strlen(Src);
  if (!N || !anyCredentialBytes({{Src, N}}))
    return;
  for (size_t I = 0; Last->Next && I < (1u << 16); ++I)
    Last = Last->Next;
  if (!Last->Data || std::strlen(Last->Data) != N ||
      std::memcmp(Last->Data, Src, N) != 0)
    return;
  void *Dst = const_cast<char *>(Last->Data);
  dfsan_mem_shadow_transfer(Dst, Src, N);
  if (dfsan_get_track_origins())
    dfsan_mem_origin_transfer(Dst, Src, N);
}

void labelCurlEscaped(uint64_t Escaped, uint64_t String, uint64_t Len) {
  const char *Src = reinterpret_cast<const char *>(String);
  char *Dst = reinterpret_cast<char *>(Escaped);
  if (!Src || !Dst)
    return;
  size_t N = Len ? size_t(Len) : std::strlen(Src);
  dfsan_label L = N ? dfsan_read_label(Src, N) : 0;
  if (!(L & kCredentialLabels))
    return;
  // Escaping moves bytes: every byte of the result gets the union label,
  // and the origin of the first tainted input byte (the trace).
  dfsan_origin O = dfsan_get_track_origins()
                       ? dfsan_read_origin_of_first_taint(Src, N)
                       : 0;
  __dfsan_set_label(L, O, Dst, std::strlen(Dst));
}

void forgetCurlHandle(uint64_t Handle) {
  CurlState &St = state();
  std::lock_guard<std::mutex> L(St.Mu);
  St.Handles.erase(Handle);
}

void copyCurlHandle(uint64_t From, uint64_t To) {
  CurlState &St = state();
  std::lock_guard<std::mutex> L(St.Mu);
  auto It = St.Handles.find(From);
  if (It != St.Handles.end())
    St.Handles[To] = It->second;
}

} // namespace credtaint::rt

using namespace credtaint::rt;

CREDTAINT_SINK_WRAPPERS(curl_opt, 5,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         uint64_t o, uint64_t v),
                        sinkCurlOpt(s, r, t, o, v))
CREDTAINT_SINK_WRAPPERS(handle, 4,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *h),
                        (void)s, (void)t, sinkHandle(r, h))
