//===- Sinks.cpp - judge the bytes that reach a sink ----------------------===//
//
// The pass calls one hook per sink shape before the real call (sinks.def).
// Each hook gathers the spans of bytes the call will write, and inspect()
// asks DFSan which of them carry a credential label, maps each tainted byte
// to its credential through the root origin, drops masked previews (the
// partial_leak_bytes rule) and reports one finding per credential.
// Network rows, and log rows whose descriptor is an inet socket, go to
// Network.cpp; child-process rows to Exec.cpp. libcurl has its own hooks
// (Curl.cpp).
//
// The hooks are `custom` in the ABI list; CREDTAINT_SINK_WRAPPERS
// (HookWrappers.h) defines the __dfsw_/__dfso_ wrappers of each.
//
//===----------------------------------------------------------------------===//

#include "report/Attribution.h"
#include "Crypto.h"
#include "Libcrypto.h"
#include "Deferred.h"
#include "Exec.h"
#include "Format.h"
#include "core/ForkSafety.h"
#include "CharRuns.h"
#include "HookWrappers.h"
#include "OutputTarget.h"
#include "net/Network.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "match/FlowMarks.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/runtime_abi.h"

#include <openssl/core_names.h>
#include <sanitizer/dfsan_interface.h>

#include <cstdio>
#include <cwchar>
#include <iostream>
#include <map>
#include <mutex>
#include <strings.h>
#include <unordered_map>
#include <optional>
#include <sys/socket.h>
#include <sys/uio.h>
#include <vector>

namespace credtaint::rt {
namespace {

/// What a sink call is, as far as the rules care: where log bytes go, or
/// which algorithm crypto bytes meet.
struct SinkContext {
  const SinkInfo *Info = nullptr;
  std::string Display; // the row's display name, or a project function's
  bool IsLog = false;
  std::string Stream; // log: "stderr", "syslog", "fd 7"
  int Fd = -1;
  // A log row writing elsewhere than stdout, stderr or syslog: where its
  // bytes go (a *.log file, another file, a terminal, a pipe).
  std::optional<OutputTarget> Written;
  std::string Algorithm;   // crypto: "md5", "des-ede3-cbc", "crypt-md5"
  int64_t Iterations = -1; // Kdf rows
};

std::string streamOfFd(int Fd) {
  return Fd == 1 ? "stdout" : Fd == 2 ? "stderr" : "fd " + std::to_string(Fd);
}

void describeLog(const SinkInfo &S, uint64_t Target, SinkContext &Ctx) {
  switch (S.target) {
  case SinkTarget::Stdout:
    Ctx.IsLog = true, Ctx.Stream = "stdout", Ctx.Fd = 1;
    return;
  case SinkTarget::Syslog:
    Ctx.IsLog = true, Ctx.Stream = "syslog";
    return;
  case SinkTarget::Project: // a logging function named in credtaint.json
    Ctx.IsLog = true, Ctx.Stream = "project log";
    if (Target)
      Ctx.Display = reinterpret_cast<const char *>(Target);
    return;
  case SinkTarget::ProjectFile: { // a function that writes a file
    auto *P = reinterpret_cast<const credtaint_project_target *>(Target);
    if (P && P->function)
      Ctx.Display = P->function;
    Ctx.Written = targetOfPath(P ? P->value : nullptr);
    return;
  }
  case SinkTarget::Ostream: {
    auto *O = reinterpret_cast<const std::ostream *>(Target);
    if (O == &std::cout)
      Ctx.IsLog = true, Ctx.Stream = "std::cout", Ctx.Fd = 1;
    else if (O == &std::cerr || O == &std::clog)
      Ctx.IsLog = true, Ctx.Stream = O == &std::cerr ? "std::cerr" : "std::clog",
      Ctx.Fd = 2;
    else
      Ctx.Fd = fdOfStream(O); // an std::ofstream's file, else -1
    return;
  }
  case SinkTarget::WOstream: { // the wide twins
    auto *O = reinterpret_cast<const std::wostream *>(Target);
    if (O == &std::wcout)
      Ctx.IsLog = true, Ctx.Stream = "std::wcout", Ctx.Fd = 1;
    else if (O == &std::wcerr || O == &std::wclog)
      Ctx.IsLog = true,
      Ctx.Stream = O == &std::wcerr ? "std::wcerr" : "std::wclog", Ctx.Fd = 2;
    else
      Ctx.Fd = fdOfStream(O); // an std::wofstream's file, else -1
    return;
  }
  case SinkTarget::File: {
    auto *F = reinterpret_cast<FILE *>(Target);
    Ctx.Fd = F ? fileno(F) : -1;
    break;
  }
  default:
    Ctx.Fd = int(Target);
    break;
  }
  Ctx.IsLog = Ctx.Fd == 1 || Ctx.Fd == 2;
  Ctx.Stream = streamOfFd(Ctx.Fd);
}

struct Verdict {
  Rule RuleId;
  const char *Severity = nullptr; // null: the rule's default
};

/// The rule a credential of this kind breaks at this sink, if any.
std::optional<Verdict> judge(const SinkContext &Ctx, const Credential &C) {
  const std::string &A = Ctx.Algorithm;
  switch (Ctx.Info->category) {
  case SinkCategory::Log:
    if (Ctx.IsLog || Ctx.Written) // for Written, reportOutput picks the rule
      return Verdict{Rule::SecretInLog};
    break;
  case SinkCategory::Digest:
    if (isWeakDigest(A))
      return Verdict{Rule::WeakHash};
    if (isFastDigest(A) && C.CredKind == Kind::Password)
      return Verdict{Rule::FastPasswordHash};
    break;
  case SinkCategory::Mac:
    if (isWeakDigest(A))
      return Verdict{Rule::WeakHash, "low"};
    break;
  case SinkCategory::Cipher:
    if (isWeakCipher(A))
      return Verdict{Rule::WeakCipher};
    break;
  case SinkCategory::Kdf:
    if (Ctx.Iterations >= 0 &&
        uint64_t(Ctx.Iterations) <
            pbkdf2Floor(A, uint64_t(runtime().options().pbkdf2_min_iterations)))
      return Verdict{Rule::FastPasswordHash};
    break;
  case SinkCategory::Crypt:
    if (isWeakCryptScheme(A))
      return Verdict{Rule::WeakHash};
    break;
  default: // network and processes are judged by Network.cpp and Exec.cpp
    break;
  }
  return std::nullopt;
}

void reportAll(const credtaint_site *Site, const SinkContext &Ctx,
               const Attribution &ByCredential) {
  Runtime &R = runtime();
  for (auto &[C, Re] : ByCredential) {
    if (isMaskedPreview(*C, Re))
      continue;
    std::optional<Verdict> V = judge(Ctx, *C);
    if (!V)
      continue;
    Finding F;
    F.RuleId = V->RuleId;
    F.Severity = V->Severity ? V->Severity : "";
    F.Cred = C;
    F.Sink = siteFrame(Site, "sink");
    F.Bytes = Re.Bytes;
    F.TraceOrigin = R.options().symbolize ? Re.Origin : 0;
    if (Ctx.Written) {
      F.SinkFunction =
          Ctx.Display.empty() ? std::string(Ctx.Info->display) : Ctx.Display;
      reportOutput(F, *Ctx.Written);
      continue;
    }
    if (Ctx.Info->category == SinkCategory::Log) {
      F.SinkCategory = "log";
      F.SinkFunction =
          (Ctx.Display.empty() ? std::string(Ctx.Info->display) : Ctx.Display) +
          "(" + Ctx.Stream + ")";
      F.Stream = Ctx.Stream;
      F.Fd = Ctx.Fd;
    } else {
      F.SinkCategory = "crypto";
      F.SinkFunction = Ctx.Info->display;
      F.Algorithm = Ctx.Algorithm;
    }
    R.reporter().report(F);
  }
}

/// The one path every sink hook takes: describe the sink, find whose bytes
/// reach it, judge each credential.
void inspect(const credtaint_site *Site, uint32_t Row, uint64_t Target,
             SpanRange Data, uint64_t Extra = 0,
             int64_t Iterations = -1) {
  if (Row >= kNumSinks)
    return;
  // A project function's URL is sent too (credential-in-url): its bytes are
  // judged with the data, last.
  SpanRange Spans = Data;
  std::vector<Span> WithUrl;
  if (kSinks[Row].target == SinkTarget::ProjectUrl) {
    auto *P = reinterpret_cast<const credtaint_project_target *>(Target);
    if (P && P->value) {
      WithUrl.assign(Data.begin(), Data.end());
      WithUrl.push_back({P->value, std::strlen(P->value)});
      Spans = WithUrl;
    }
  }
  if (skipIfReentered())
    return;
  if (kSinks[Row].category == SinkCategory::Exec) {
    // A shell gets what was exported, whatever its command line holds.
    ScopedInRuntime Guard;
    inspectShellStart(Site, kSinks[Row], Target, true);
  }
  if (!anyCredentialBytes(Spans))
    return;
  SinkContext Ctx;
  Ctx.Info = &kSinks[Row];
  if (Ctx.Info->category == SinkCategory::Log) {
    describeLog(*Ctx.Info, Target, Ctx);
    // Where the bytes go is unknown (a string stream, a custom streambuf):
    // no judgement here, and value matching may still see them leave.
    if (!Ctx.IsLog && Ctx.Fd < 0 && !Ctx.Written)
      return;
  }
  match::noteFlowJudged(Spans); // the interposed call it precedes skips these
  ScopedInRuntime Guard;
  if (isNetworkCategory(Ctx.Info->category)) {
    inspectNetwork(Site, *Ctx.Info, Target, Spans);
    return;
  }
  if (Ctx.Info->category == SinkCategory::Exec) {
    inspectCommand(Site, *Ctx.Info, Target, Spans, std::vector<Span>());
    return;
  }
  if (Ctx.Info->category == SinkCategory::Log) {
    if (!Ctx.IsLog && Ctx.Fd > 2 && isInetSocket(Ctx.Fd)) {
      inspectNetwork(Site, *Ctx.Info, uint64_t(Ctx.Fd), Spans);
      return;
    }
    if (!Ctx.IsLog && !Ctx.Written) {
      Ctx.Written = targetOfFd(Ctx.Fd);
      if (Ctx.Written->What == OutputTarget::Network)
        return; // a socket judged by its own hook
    }
  } else {
    if (!runtime().options().heuristic_crypto_sinks &&
        std::strncmp(Ctx.Info->symbol, kHeuristicSinkPrefix,
                     sizeof kHeuristicSinkPrefix - 1) == 0)
      return;
    Ctx.Algorithm = cryptoAlgorithm(*Ctx.Info, Target, Extra);
    Ctx.Iterations = Iterations;
  }
  if (onlyMaskedPreviews(Spans))
    return;
  reportAll(Site, Ctx, attribute(Spans));
}

/// Whether row Row's data is wide text (wchar_t): the wide rows share the
/// narrow hooks, and their data is read by the row's shape.
bool wideRow(uint32_t Row) {
  return Row < kNumSinks && isWideShape(kSinks[Row].shape);
}
static_assert(sizeof(wchar_t) == kWideCharBytes, "wchar_t is UTF-32");

/// N bytes at P, as wide text when Row's data is.
Span dataSpan(uint32_t Row, const void *P, size_t N) {
  return {static_cast<const char *>(P), N,
          static_cast<unsigned char>(wideRow(Row) ? kWideCharBytes : 1)};
}

/// Whether a hook's data is worth inspect(): it holds a credential's bytes,
/// or the row is judged whatever its data holds (a command, which gets the
/// environment; a project function's URL). Most writes hold none, and are
/// dismissed here before any allocation.
bool worthInspecting(uint32_t Row, const void *P, size_t N) {
  if (Row >= kNumSinks)
    return false;
  if (kSinks[Row].category == SinkCategory::Exec ||
      kSinks[Row].target == SinkTarget::ProjectUrl)
    return true;
  return P && N && (dfsan_read_label(P, N) & kCredentialLabels);
}

void sinkBuf(const credtaint_site *Site, uint32_t Row, uint64_t Target,
             const void *Data, uint64_t Len) {
  if (!worthInspecting(Row, Data, size_t(Len)))
    return;
  if (deferIfReentered(Site, Row, Target, static_cast<const char *>(Data), Len))
    return;
  inspect(Site, Row, Target, {dataSpan(Row, Data, size_t(Len))});
}

void sinkCStr(const credtaint_site *Site, uint32_t Row, uint64_t Target,
              const char *S) {
  if (!S)
    return;
  size_t N = wideRow(Row)
                 ? std::wcslen(reinterpret_cast<const wchar_t *>(S)) *
                       kWideCharBytes
                 : std::strlen(S);
  if (worthInspecting(Row, S, N) && !deferIfReentered(Site, Row, Target, S, N))
    inspect(Site, Row, Target, {dataSpan(Row, S, N)});
}

void sinkString(const credtaint_site *Site, uint32_t Row, uint64_t Target,
                const void *Str) {
  // libstdc++'s std::string and std::wstring: a pointer, then the length in
  // characters.
  struct StringRep { const char *P; size_t N; };
  auto *S = static_cast<const StringRep *>(Str);
  if (!S || !S->P)
    return;
  size_t N = wideRow(Row) ? S->N * kWideCharBytes : S->N;
  if (worthInspecting(Row, S->P, N) && !deferIfReentered(Site, Row, Target, S->P, N))
    inspect(Site, Row, Target, {dataSpan(Row, S->P, N)});
}

/// A run of characters (CharRuns.h) judged as one write at its call site;
/// with OnlyIfComplete, only once it holds a whole credential.
bool judgeCharRun(const CharRun &Run, bool OnlyIfComplete) {
  std::vector<Span> Spans{Run.Bytes};
  if (OnlyIfComplete) {
    bool Complete = false;
    {
      ScopedInRuntime Guard;
      for (auto &[C, Re] : attribute(Spans))
        Complete |= Re.Bytes >= C->Length;
    }
    if (!Complete)
      return false;
  }
  inspect(Run.Site, Run.Row, Run.Target, Spans);
  return true;
}

void sinkChar(const credtaint_site *Site, uint32_t Row, uint64_t Target, int C,
              dfsan_label Label, dfsan_origin Origin) {
  bool Credential = Label & kCredentialLabels;
  if (!Credential && !charRunsOpen())
    return; // the common case: a character no credential run waits on
  if (Credential
          ? deferCharIfReentered(Site, Row, Target, char(C), Label, Origin)
          : skipIfReentered())
    return;
  charWritten(Site, Row, Target, char(C), Label, Origin, judgeCharRun);
}

void sinkFormat(const credtaint_site *Site, uint32_t Row, uint64_t Target,
                const char *Fmt, va_list Ap, const dfsan_label *VaLabels,
                const dfsan_origin *VaOrigins) {
  if (!Fmt || skipIfReentered())
    return;
  std::vector<Span> Spans;
  if (wideRow(Row)) { // wprintf's format is wchar_t text
    auto *W = reinterpret_cast<const wchar_t *>(Fmt);
    SpilledChars Spill(std::wcslen(W) / 2 + 1);
    formatSpans(W, Ap, VaLabels, VaOrigins, Spill, Spans);
    inspect(Site, Row, Target, Spans);
    return;
  }
  SpilledChars Spill(std::strlen(Fmt) / 2 + 1);
  formatSpans(Fmt, Ap, VaLabels, VaOrigins, Spill, Spans);
  inspect(Site, Row, Target, Spans);
}

void sinkIov(const credtaint_site *Site, uint32_t Row, uint64_t Target,
             const void *Iov, uint64_t Count) {
  if (skipIfReentered())
    return;
  const auto *V = static_cast<const struct iovec *>(Iov);
  std::vector<Span> Spans;
  for (uint64_t I = 0; V && I < Count && I < 1024; ++I)
    Spans.push_back({static_cast<const char *>(V[I].iov_base), V[I].iov_len});
  inspect(Site, Row, Target, Spans);
}

void sinkMsg(const credtaint_site *Site, uint32_t Row, uint64_t Target,
             const void *Msg) {
  const auto *M = static_cast<const struct msghdr *>(Msg);
  if (!M || skipIfReentered())
    return;
  if (M->msg_name && M->msg_namelen)
    noteDatagramDestination(int(Target), static_cast<const sockaddr *>(M->msg_name),
                            M->msg_namelen);
  std::vector<Span> Spans;
  for (size_t I = 0; M->msg_iov && I < M->msg_iovlen && I < 1024; ++I)
    Spans.push_back({static_cast<const char *>(M->msg_iov[I].iov_base),
                     M->msg_iov[I].iov_len});
  inspect(Site, Row, Target, Spans);
}

void sinkCipherKey(const credtaint_site *Site, uint32_t Row, uint64_t Cipher,
                   uint64_t Ctx, const void *Key) {
  size_t N = Key ? cipherKeyLength(Cipher, Ctx) : 0;
  if (N)
    inspect(Site, Row, Cipher, {{static_cast<const char *>(Key), N}}, Ctx);
}

void sinkKdf(const credtaint_site *Site, uint32_t Row, uint64_t Md,
             const void *Pass, uint64_t Len, uint64_t Iterations) {
  if (Pass)
    inspect(Site, Row, Md, {{static_cast<const char *>(Pass), size_t(Len)}}, 0,
            int64_t(Iterations));
}

/// EVP_KDF: the password, iterations and digest arrive as OSSL_PARAMs, at
/// EVP_KDF_CTX_set_params or EVP_KDF_derive, possibly in several calls; what
/// each context has been given is kept until it derives.
struct KdfState {
  Attribution Password;
  int64_t Iterations = 2048; // OpenSSL's PBKDF2 default (PKCS5_DEFAULT_ITER)
  std::string Digest = "sha1";
};
std::mutex KdfMu;
std::unordered_map<uint64_t, KdfState> KdfStates;

void sinkParams(const credtaint_site *Site, uint32_t Row, uint64_t Ctx,
                const void *Params) {
  if (Row >= kNumSinks || !Ctx || skipIfReentered())
    return;
  ScopedInRuntime Guard;
  const auto *P = static_cast<const OSSL_PARAM *>(Params);
  bool Derive = std::strcmp(kSinks[Row].symbol, "EVP_KDF_derive") == 0;
  std::lock_guard<std::mutex> L(KdfMu);
  if (!P && !KdfStates.count(Ctx))
    return;
  KdfState &St = KdfStates[Ctx];
  if (P) {
    if (const OSSL_PARAM *Pass = libcrypto::OSSL_PARAM_locate_const(P, OSSL_KDF_PARAM_PASSWORD))
      if (Pass->data && anyCredentialBytes({{static_cast<const char *>(Pass->data),
                                             Pass->data_size}}))
        St.Password = attribute(
            {{static_cast<const char *>(Pass->data), Pass->data_size}});
    uint64_t Iter;
    if (const OSSL_PARAM *I = libcrypto::OSSL_PARAM_locate_const(P, OSSL_KDF_PARAM_ITER))
      if (libcrypto::OSSL_PARAM_get_uint64(I, &Iter))
        St.Iterations = int64_t(Iter);
    const char *Digest;
    if (const OSSL_PARAM *D = libcrypto::OSSL_PARAM_locate_const(P, OSSL_KDF_PARAM_DIGEST))
      if (libcrypto::OSSL_PARAM_get_utf8_string_ptr(D, &Digest))
        St.Digest = algorithmName(Digest);
  }
  if (!Derive || St.Password.empty())
    return;
  const char *Kdf = libcrypto::EVP_KDF_get0_name(
      libcrypto::EVP_KDF_CTX_kdf(reinterpret_cast<EVP_KDF_CTX *>(Ctx)));
  if (!Kdf || strcasecmp(Kdf, "PBKDF2") != 0)
    return;
  SinkContext C;
  C.Info = &kSinks[Row];
  C.Algorithm = St.Digest;
  C.Iterations = St.Iterations;
  reportAll(Site, C, St.Password);
}

} // namespace

std::mutex &kdfStateMutex() { return KdfMu; }

void judgeDeferredLog(const credtaint_site *Site, uint32_t Row,
                      uint64_t Target, const Attribution &ByCredential) {
  SinkContext Ctx;
  Ctx.Info = &kSinks[Row];
  describeLog(*Ctx.Info, Target, Ctx);
  if (Ctx.IsLog)
    reportAll(Site, Ctx, ByCredential);
}

} // namespace credtaint::rt

using namespace credtaint::rt;

CREDTAINT_SINK_WRAPPERS(buf, 5,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *d, uint64_t n),
                        sinkBuf(s, r, t, d, n))
CREDTAINT_SINK_WRAPPERS(cstr, 4,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const char *d),
                        sinkCStr(s, r, t, d))
CREDTAINT_SINK_WRAPPERS(string, 4,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *d),
                        sinkString(s, r, t, d))
CREDTAINT_SINK_WRAPPERS(char, 4,
                        (const credtaint_site *s, uint32_t r, uint64_t t, int c),
                        sinkChar(s, r, t, c, VALUE_LABEL, VALUE_ORIGIN))
CREDTAINT_SINK_WRAPPERS(vformat, 5,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const char *f, va_list ap),
                        sinkFormat(s, r, t, f, ap, nullptr, nullptr))
CREDTAINT_SINK_WRAPPERS(cipher_key, 5,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         uint64_t ctx, const void *k),
                        sinkCipherKey(s, r, t, ctx, k))
CREDTAINT_SINK_WRAPPERS(kdf, 6,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *p, uint64_t n, uint64_t iter),
                        sinkKdf(s, r, t, p, n, iter))
CREDTAINT_SINK_WRAPPERS(params, 4,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *p),
                        sinkParams(s, r, t, p))
CREDTAINT_SINK_WRAPPERS(iov, 5,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *v, uint64_t n),
                        sinkIov(s, r, t, v, n))
CREDTAINT_SINK_WRAPPERS(msg, 4,
                        (const credtaint_site *s, uint32_t r, uint64_t t,
                         const void *m),
                        sinkMsg(s, r, t, m))

// The variadic hook: DFSan passes the labels (and origins) of the variadic
// arguments as arrays before the arguments themselves.
extern "C" void __credtaint_sink_format(const credtaint_site *s, uint32_t r,
                                        uint64_t t, const char *f, ...) {
  va_list Ap;
  va_start(Ap, f);
  sinkFormat(s, r, t, f, Ap, nullptr, nullptr);
  va_end(Ap);
}

extern "C" CREDTAINT_INTERFACE void __dfsw___credtaint_sink_format(
    const credtaint_site *s, uint32_t r, uint64_t t, const char *f, CT_L4,
    dfsan_label *va_labels, ...) {
  (void)l3;
  va_list Ap;
  va_start(Ap, va_labels);
  sinkFormat(s, r, t, f, Ap, va_labels, nullptr);
  va_end(Ap);
}

extern "C" CREDTAINT_INTERFACE void __dfso___credtaint_sink_format(
    const credtaint_site *s, uint32_t r, uint64_t t, const char *f, CT_L4,
    dfsan_label *va_labels, CT_O4, dfsan_origin *va_origins, ...) {
  (void)l3, (void)o3;
  va_list Ap;
  va_start(Ap, va_origins);
  sinkFormat(s, r, t, f, Ap, va_labels, va_origins);
  va_end(Ap);
}
