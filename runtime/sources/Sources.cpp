//===- Sources.cpp - label credentials where they come from ---------------===//
//
// The pass calls __credtaint_source_decl after every write to a tagged
// declaration and __credtaint_source_env after getenv; programs may call
// credtaint_mark. Each finds the credential's bytes, gives them the label
// bit of their kind (a fresh DFSan root origin) and registers the credential.
// Bytes that already carry the label keep it and their origin: re-labelling
// on every write would cut the trace back to the last write.
//
//===----------------------------------------------------------------------===//

#include "match/Encodings.h"
#include "sinks/Deferred.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "core/DfsanEntryPoints.h"
#include "net/Scope.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/catalog/names.h"
#include "credtaint/credtaint.h"
#include "credtaint/runtime_abi.h"

#include <sanitizer/dfsan_interface.h>

#include <cstring>
#include <cwchar>

namespace credtaint::rt {
namespace {

// No credential is longer; anything longer is not a string we understood.
constexpr size_t kMaxCredentialLen = 1 << 20;

struct StringRep { const char *P; size_t N; };      // libstdc++ std::string
struct StringViewRep { size_t N; const char *P; };  // std::string_view
struct VectorRep { const char *Begin, *End; };      // std::vector<byte>
struct WStringRep { const wchar_t *P; size_t N; };      // std::wstring
struct WStringViewRep { size_t N; const wchar_t *P; };  // std::wstring_view

/// The credential's bytes, found from the declaration's storage. For the
/// wide shapes N counts bytes too (4 a wchar_t) and Width is set to
/// kWideCharBytes; else to 1.
bool declBytes(const credtaint_decl &D, const void *Storage, const char *&P,
               size_t &N, unsigned *Width = nullptr) {
  if (Width)
    *Width = 1;
  const void *Obj = Storage;
  for (unsigned I = 0; I < D.indirections && Obj; ++I)
    Obj = *static_cast<const void *const *>(Obj);
  if (!Obj)
    return false;
  switch (D.shape) {
  case CREDTAINT_DECL_CHARS:
    P = static_cast<const char *>(Obj);
    N = strnlen(P, D.capacity ? D.capacity : kMaxCredentialLen);
    break;
  case CREDTAINT_DECL_BYTES:
    P = static_cast<const char *>(Obj);
    N = D.capacity;
    break;
  case CREDTAINT_DECL_STRING: {
    auto *S = static_cast<const StringRep *>(Obj);
    P = S->P;
    N = S->N;
    break;
  }
  case CREDTAINT_DECL_STRING_VIEW: {
    auto *S = static_cast<const StringViewRep *>(Obj);
    P = S->P;
    N = S->N;
    break;
  }
  case CREDTAINT_DECL_VECTOR: {
    auto *V = static_cast<const VectorRep *>(Obj);
    if (!V->Begin || V->End < V->Begin)
      return false;
    P = V->Begin;
    N = size_t(V->End - V->Begin);
    break;
  }
  case CREDTAINT_DECL_WCHARS: {
    auto *W = static_cast<const wchar_t *>(Obj);
    P = reinterpret_cast<const char *>(W);
    N = wcsnlen(W, D.capacity ? D.capacity : kMaxCredentialLen) *
        kWideCharBytes;
    break;
  }
  case CREDTAINT_DECL_WSTRING:
  case CREDTAINT_DECL_WSTRING_VIEW: {
    const wchar_t *W;
    size_t Len;
    if (D.shape == CREDTAINT_DECL_WSTRING) {
      auto *S = static_cast<const WStringRep *>(Obj);
      W = S->P, Len = S->N;
    } else {
      auto *S = static_cast<const WStringViewRep *>(Obj);
      W = S->P, Len = S->N;
    }
    if (Len >= kMaxCredentialLen)
      return false;
    P = reinterpret_cast<const char *>(W);
    N = Len * kWideCharBytes;
    break;
  }
  default:
    return false;
  }
  if (Width && D.shape >= CREDTAINT_DECL_WCHARS)
    *Width = kWideCharBytes;
  return P && N && N < kMaxCredentialLen;
}

SourceLocation locationOf(const credtaint_site *S, std::string How) {
  SourceLocation L;
  if (S) {
    L.File = S->file ? S->file : "";
    L.Function = S->function ? S->function : "";
    L.Line = S->line;
    L.Column = S->column;
  }
  L.How = std::move(How);
  return L;
}

/// The credential whose bytes start at P (through the root origin), if any.
const Credential *credentialAt(const char *P) {
  dfsan_label L = dfsan_read_label(P, 1) & kCredentialLabels;
  if (!L)
    return nullptr;
  Registry &Reg = runtime().registry();
  const Credential *C = nullptr;
  if (dfsan_get_track_origins())
    C = Reg.lookup(dfsan_get_init_origin(P), L, P, 1);
  return C ? C : Reg.latestWithLabel(L);
}

/// The hosts of the credentials whose bytes [P, P+N) already carry: a
/// credential built from others (an Authorization header around an AWS
/// access key and a signature made with its secret) is for the hosts they
/// are for.
std::string inheritedScope(const char *P, size_t N) {
  std::string Hosts;
  for (size_t I = 0; I < N;) {
    if (!(dfsan_read_label(P + I, 1) & kCredentialLabels)) {
      ++I;
      continue;
    }
    const Credential *C = credentialAt(P + I);
    if (C && !C->Scope.empty() &&
        ("," + Hosts + ",").find("," + C->Scope + ",") == std::string::npos)
      Hosts += (Hosts.empty() ? "" : ",") + C->Scope;
    while (I < N && (dfsan_read_label(P + I, 1) & kCredentialLabels))
      ++I;
  }
  return Hosts;
}

/// A credential built from a non-cryptographic PRNG's output.
void reportWeakRandom(const Credential &C, const SourceLocation &Src) {
  Finding F;
  F.RuleId = Rule::WeakRandomCredential;
  F.Cred = &C;
  F.SinkCategory = "credential";
  F.SinkFunction = "store into " + C.Name;
  F.Sink.Step = "sink";
  F.Sink.File = Src.File;
  F.Sink.Function = Src.Function;
  F.Sink.Line = Src.Line;
  F.Sink.Column = Src.Column;
  F.Bytes = C.Length;
  runtime().reporter().report(F);
}

/// Labels [P, P+N) as a credential of kind K named Name and registers it.
/// Width is kWideCharBytes for wchar_t text: its bytes are labelled as they
/// are, and the credential is registered by its UTF-8 form, so it has one
/// fingerprint, preview and length whichever width a program holds it in,
/// and value matching looks for its narrow and wide forms alike.
/// Bytes that already belong to another credential keep their label and
/// origin (the value was derived from it, and its trace goes back to the
/// real source); a declaration being rebuilt (strcat into it, a new value
/// assigned) is labelled anew; an unchanged one is left alone.
void labelCredential(const char *P, size_t N, Kind K, const std::string &Name,
                     const std::string &Scope, const SourceLocation &Src,
                     unsigned Width = 1) {
  // A handler that interrupted the runtime would lock the registry; the
  // bytes keep the labels they have.
  if (insideRuntime())
    return;
  // A value read with fgets or getline keeps its line terminator; the
  // credential is the line, not the "\n" (value matching must find the
  // token written without it).
  if (Width == kWideCharBytes) {
    N -= N % kWideCharBytes;
    auto Last = [&] {
      return reinterpret_cast<const wchar_t *>(P)[N / kWideCharBytes - 1];
    };
    while (N && (Last() == L'\n' || Last() == L'\r'))
      N -= kWideCharBytes;
  } else {
    while (N && (P[N - 1] == '\n' || P[N - 1] == '\r'))
      --N;
  }
  if (!N)
    return;
  // What the registry keeps: the bytes themselves, or wide text's UTF-8.
  std::string Utf8;
  const char *V = P;
  size_t VN = N;
  if (Width == kWideCharBytes) {
    Utf8 = match::utf8OfWide(reinterpret_cast<const wchar_t *>(P),
                             N / kWideCharBytes);
    V = Utf8.data(), VN = Utf8.size();
  }
  dfsan_label Union = dfsan_read_label(P, N);
  bool WeakRandom = Union & labelOf(Kind::WeakRandom);
  size_t Labelled = 0;
  for (size_t I = 0; I < N; ++I)
    Labelled += (dfsan_read_label(P + I, 1) & kCredentialLabels) != 0;
  ScopedInRuntime Guard;
  const Credential *Prev = nullptr;
  for (size_t I = 0; Labelled && I < N && !Prev; ++I)
    Prev = credentialAt(P + I);
  bool Mine = Prev && Prev->Name == Name && Prev->CredKind == K;
  if (!WeakRandom && Labelled == N) {
    if (!Mine)
      return; // a copy of other credentials: keep their identity and trace
    if (Prev->Length == VN &&
        (Prev->Value.empty() || Prev->Value.compare(0, VN, V, VN) == 0))
      return; // unchanged
  }
  dfsan_label Label = labelOf(K);
  uint32_t Root = 0;
  // Built from other credentials: with no scope of its own, theirs.
  std::string Hosts = Scope;
  if (Labelled && !Mine && scopeHosts(Hosts).empty())
    Hosts = inheritedScope(P, N);
  if (Labelled && !Mine) {
    // Label only what no credential owns yet.
    for (size_t I = 0; I < N;) {
      if (dfsan_read_label(P + I, 1) & kCredentialLabels) {
        ++I;
        continue;
      }
      size_t E = I;
      while (E < N && !(dfsan_read_label(P + E, 1) & kCredentialLabels))
        ++E;
      dfsan_set_label(Label, const_cast<char *>(P + I), E - I);
      if (!Root && dfsan_get_track_origins())
        Root = dfsan_read_origin_of_first_taint(P + I, E - I);
      I = E;
    }
  } else {
    dfsan_set_label(Label, const_cast<char *>(P), N);
    if (dfsan_get_track_origins())
      Root = dfsan_read_origin_of_first_taint(P, N);
  }
  Runtime &R = runtime();
  const Credential &C = R.registry().add(V, VN, K, Name, Hosts, Src, Root,
                                         size_t(R.options().min_secret_len));
  if (R.options().verbosity >= 2)
    Runtime::note("registered " + std::string(kindName(K)) + " " + Name + " (" +
                  C.Preview + ", " + std::to_string(VN) + " bytes) at " +
                  Src.File + ":" + std::to_string(Src.Line));
  if (WeakRandom)
    reportWeakRandom(C, Src);
}

} // namespace
} // namespace credtaint::rt

using namespace credtaint;
using namespace credtaint::rt;

namespace {
/// The pass calls __credtaint_source_decl after every call that receives a
/// declaration's address, most of which read it (operator[], size(),
/// c_str()). A small per-thread cache remembers where each declaration's
/// bytes were and how long they were after the last look; while they have
/// not moved, changed length or lost their label, there is nothing to do.
struct SeenDecl {
  const credtaint_decl *Decl;
  const void *Storage;
  const char *P;
  size_t N;
};
thread_local SeenDecl SeenDecls[64];

SeenDecl &seenSlot(const credtaint_decl *D, const void *Storage) {
  uintptr_t H = (uintptr_t(Storage) >> 3) ^ (uintptr_t(D) >> 4);
  return SeenDecls[H % 64];
}
} // namespace

extern "C" void __credtaint_source_decl(const credtaint_site *site,
                                        const credtaint_decl *decl,
                                        const void *storage) {
  if (!decl || !storage || decl->kind >= kNumKinds)
    return;
  const char *P;
  size_t N;
  unsigned Width;
  if (!declBytes(*decl, storage, P, N, &Width))
    return;
  SeenDecl &Seen = seenSlot(decl, storage);
  if (Seen.Decl == decl && Seen.Storage == storage && Seen.P == P &&
      Seen.N == N && (dfsan_read_label(P, 1) & kCredentialLabels) &&
      (dfsan_read_label(P + N - 1, 1) & kCredentialLabels) &&
      !(dfsan_read_label(P, N) & labelOf(Kind::WeakRandom)))
    return;
  Seen = {decl, storage, P, N};
  labelCredential(P, N, Kind(decl->kind), decl->name ? decl->name : "",
                  decl->scope ? decl->scope : "",
                  locationOf(site, "declaration"), Width);
}

/// A source function named in credtaint.json produced the credential: its
/// result or output argument, found as for a declaration, or len bytes.
extern "C" void __credtaint_source_result(const credtaint_site *site,
                                          const credtaint_decl *decl,
                                          const void *storage, uint64_t len) {
  if (!decl || !storage || decl->kind >= kNumKinds)
    return;
  const char *P = static_cast<const char *>(storage);
  size_t N = size_t(len);
  unsigned Width = 1;
  if (!len && !declBytes(*decl, storage, P, N, &Width))
    return;
  if (!N || N >= kMaxCredentialLen)
    return;
  const char *Name = decl->name ? decl->name : "";
  labelCredential(P, N, Kind(decl->kind), Name, decl->scope ? decl->scope : "",
                  locationOf(site, Name), Width);
}

extern "C" void __credtaint_source_env(const credtaint_site *site,
                                       const char *name, const char *value) {
  if (!name || !value || !*value)
    return;
  std::optional<Kind> K = runtime().project().classifyName(name);
  if (!K || (*K == Kind::ConnectionString && !connectionStringHasSecret(value)))
    return;
  labelCredential(value, strnlen(value, kMaxCredentialLen), *K, name, "",
                  locationOf(site, std::string("getenv(\"") + name + "\")"));
}

extern "C" void credtaint_mark_at(const void *ptr, size_t len, const char *kind,
                                  const char *name, const char *scope,
                                  const char *file, unsigned line,
                                  const char *function) {
  if (!ptr || !len)
    return;
  const KindInfo *K = kind ? findKind(kind) : nullptr;
  if (!K || K->kind == Kind::WeakRandom) {
    Runtime::note(std::string("credtaint_mark: unknown kind '") +
                  (kind ? kind : "(null)") + "', using generic-secret");
    K = &kKinds[size_t(Kind::GenericSecret)];
  }
  credtaint_site Site{file, function, line, 0};
  labelCredential(static_cast<const char *>(ptr), len, K->kind,
                  name ? name : "", scope ? scope : "",
                  locationOf(&Site, "credtaint_mark"));
}

#undef credtaint_mark
extern "C" void credtaint_mark(const void *ptr, size_t len, const char *kind,
                               const char *name, const char *scope) {
  credtaint_mark_at(ptr, len, kind, name, scope, "", 0, "");
}

// Labels a PRNG result without an origin: recording a stack for every rand()
// would cost more than the finding it may lead to is worth.
extern "C" void __credtaint_source_weak_random(void *p, uint64_t n) {
  if (p && n)
    __dfsan_set_label(labelOf(Kind::WeakRandom), 0, p, size_t(n));
}

extern "C" void __credtaint_source_declassify(const credtaint_decl *decl,
                                             const void *storage, uint64_t len) {
  if (!storage)
    return;
  if (len) {
    dfsan_set_label(0, const_cast<void *>(storage), size_t(len));
    return;
  }
  const char *P;
  size_t N;
  if (decl && declBytes(*decl, storage, P, N))
    dfsan_set_label(0, const_cast<char *>(P), N);
  if (decl && decl->indirections)
    dfsan_set_label(0, const_cast<void *>(storage), sizeof(void *));
}

extern "C" unsigned credtaint_taint_kinds(const void *ptr, size_t len) {
  return ptr && len ? dfsan_read_label(ptr, len) : 0;
}
