//===- Incoming.cpp - credentials in the bytes a program reads ------------===//

#include "sources/Incoming.h"
#include "sources/Documents.h"

#include "core/DfsanEntryPoints.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "match/Caller.h"
#include "match/CredentialFiles.h"
#include "match/NextSymbol.h"
#include "net/Network.h"
#include "report/Reporter.h"
#include "sinks/Deferred.h"
#include "sinks/OutputTarget.h"

#include "credtaint/catalog/catalog.h"

#include <sanitizer/dfsan_interface.h>

#include <algorithm>
#include <cstring>
#include <atomic>
#include <deque>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace credtaint::rt {
namespace {

constexpr size_t kMaxWholeFile = size_t(64) << 20;
constexpr int kMaxFds = 4096;
constexpr size_t kMaxFiles = 256;
constexpr size_t kMaxSpansRemembered = 16;
// What a stream keeps of its last chunk, so that a field split across two
// reads (a header cut by a socket's segment) is still one field.
constexpr size_t kStreamTail = 512;

/// A credential value found in a regular file, by file offset.
struct FileValue {
  uint64_t Offset = 0;
  size_t Length = 0;
  std::string Name; // "file:<base>:<key>"
  Kind CredKind = Kind::GenericSecret;
  std::string Value;
  // Once registered, later reads of the value (the same file read again,
  // line by line or whole) give its bytes the same origin: no symbolized
  // source site, no fingerprint, no registry lookup per read.
  mutable std::atomic<dfsan_origin> Origin{0};
  mutable std::atomic<bool> Registered{false};
  FileValue(uint64_t Offset, size_t Length, std::string Name, Kind K,
            std::string Value)
      : Offset(Offset), Length(Length), Name(std::move(Name)), CredKind(K),
        Value(std::move(Value)) {}
};

struct ScannedFile {
  std::string Display; // for the source's "how"
  bool CredentialStore = false; // a file of match/CredentialFiles.h
  std::deque<FileValue> Values; // not moved once built: atomics inside
};

/// What a descriptor reads from, once looked at.
struct Source {
  bool Known = false;
  std::shared_ptr<const ScannedFile> File; // a regular file scanned whole
  const char *Stream = nullptr;            // else "stdin", "socket", "pipe", ...
};

using FileId = std::tuple<uint64_t, uint64_t, int64_t, int64_t, int64_t>;

struct State {
  std::mutex Mu;
  Source Fds[kMaxFds];
  std::string Tails[kMaxFds]; // a stream's last bytes (kStreamTail)
  std::map<FileId, std::shared_ptr<const ScannedFile>> Files;
};

// Made on the first read: 256 KB of slots, which a close before any read
// (every program's start-up closes files) need not touch.
std::atomic<State *> Made{nullptr};

State &state() {
  static State *S = [] {
    auto *New = new State; // never freed: hooks may run from destructors
    Made.store(New, std::memory_order_release);
    return New;
  }();
  return *S;
}

/// What the last bytesRead on this thread labelled, for relabelLastRead.
struct LastRead {
  const void *Buf = nullptr;
  size_t Count = 0;
  struct {
    size_t At, Length;
    dfsan_label Label;
    dfsan_origin Origin;
  } Spans[kMaxSpansRemembered];
};
__attribute__((tls_model("initial-exec"))) thread_local LastRead Last;

/// The whole of a regular file, read without moving the program's offset.
bool readWhole(int Fd, size_t Size, std::string &Text) {
  auto *Pread = CT_NEXT(pread, decltype(::pread));
  Text.resize(Size);
  size_t Got = 0;
  while (Got < Size) {
    ssize_t R = Pread(Fd, &Text[Got], Size - Got, off_t(Got));
    if (R <= 0)
      break;
    Got += size_t(R);
  }
  Text.resize(Got);
  return Got == Size;
}

std::shared_ptr<const ScannedFile> scanFile(int Fd, const struct stat &St) {
  std::string Path = descriptorPath(Fd), Text;
  if (!readWhole(Fd, size_t(St.st_size), Text))
    return nullptr;
  auto F = std::make_shared<ScannedFile>();
  std::string_view Base = match::fileBaseName(Path);
  F->Display = displayPath(Path); // names come from the program: redacted
  size_t Min = size_t(std::max(1L, runtime().options().min_secret_len));
  std::vector<DocumentSecret> Found;
  if (auto C = match::classifyCredentialPath(Path)) {
    F->CredentialStore = true;
    Found = scanCredentialFile(C->Layout, Text, Base, C->CredKind, Min);
  } else
    Found = scanDocument(Text, Min);
  for (const DocumentSecret &S : Found)
    F->Values.emplace_back(S.Offset, S.Length, match::fileCredentialName(Path, S.Key),
                           S.CredKind, Text.substr(S.Offset, S.Length));
  return F;
}

const char *streamName(int Fd, const struct stat &St) {
  if (Fd == 0)
    return "stdin";
  if (S_ISSOCK(St.st_mode))
    return "socket";
  if (S_ISFIFO(St.st_mode))
    return "pipe";
  return "input";
}

/// The source of Fd, looked at on its first read.
Source sourceOf(int Fd) {
  State &S = state();
  std::lock_guard<std::mutex> L(S.Mu);
  Source *Slot = Fd >= 0 && Fd < kMaxFds ? &S.Fds[Fd] : nullptr;
  if (Slot && Slot->Known)
    return *Slot;
  Source Src;
  Src.Known = true;
  struct stat St;
  if (Fd < 0 || fstat(Fd, &St) != 0) {
    Src.Stream = "input";
  } else if (S_ISREG(St.st_mode) && size_t(St.st_size) <= kMaxWholeFile) {
    FileId Id{uint64_t(St.st_dev), uint64_t(St.st_ino), int64_t(St.st_size),
              int64_t(St.st_mtim.tv_sec), int64_t(St.st_mtim.tv_nsec)};
    auto It = S.Files.find(Id);
    if (It == S.Files.end()) {
      if (S.Files.size() >= kMaxFiles)
        S.Files.clear();
      It = S.Files.emplace(Id, scanFile(Fd, St)).first;
    }
    Src.File = It->second;
    if (!Src.File)
      Src.Stream = "file"; // changed while it was read: scan what comes
  } else {
    Src.Stream = S_ISREG(St.st_mode) ? "file" : streamName(Fd, St);
  }
  if (Slot)
    *Slot = Src;
  return Src;
}

/// Remembers a labelled span of Buf for relabelLastRead.
void remember(char *Buf, char *P, size_t N, dfsan_label Label, dfsan_origin Root) {
  if (Last.Count < kMaxSpansRemembered)
    Last.Spans[Last.Count++] = {size_t(P - Buf), N, Label, Root};
}

/// Labels the N bytes at P as part of the credential Value and registers it,
/// with a new origin; returns the origin (and the credential in C).
dfsan_origin labelAndRegister(char *P, size_t N, std::string_view Value, Kind K,
                              const std::string &Name, const SourceLocation &Src,
                              char *Buf, const Credential **C = nullptr) {
  dfsan_label Label = labelOf(K);
  Runtime &R = runtime();
  // A value seen before (a token in every request): its first origin, not a
  // new one per read (an unwound stack and an origin chain each time).
  if (const Credential *Known = R.registry().findValue(Value, K, Name);
      Known && Known->FirstOrigin) {
    __dfsan_set_label(Label, Known->FirstOrigin, P, N);
    if (C)
      *C = Known;
    remember(Buf, P, N, Label, Known->FirstOrigin);
    return Known->FirstOrigin;
  }
  dfsan_set_label(Label, P, N);
  dfsan_origin Root =
      dfsan_get_track_origins() ? dfsan_read_origin_of_first_taint(P, N) : 0;
  const Credential &Added = R.registry().add(Value.data(), Value.size(), K, Name,
                                            "", Src, Root,
                                            size_t(R.options().min_secret_len));
  if (C)
    *C = &Added;
  remember(Buf, P, N, Label, Root);
  return Root;
}

/// A credential received on a plaintext socket: the service under test
/// accepted it in cleartext (cleartext-transmission, direction inbound;
/// loopback judged as for what is sent, by cleartext_loopback). Bytes that
/// came through TLS are read as ciphertext, where no field is found.
void reportInbound(int Fd, const Credential &C, size_t Bytes,
                   const SourceLocation &Site, const char *Function) {
  Destination D;
  if (!destinationOfSocket(Fd, D) || !D.Plaintext)
    return;
  for (const NetVerdict &V : judgeTransmission(D, C.Scope, netPolicy())) {
    if (V.RuleId != Rule::CleartextTransmission)
      continue; // the scope is the sender's business
    Finding F;
    F.RuleId = V.RuleId;
    F.Cred = &C;
    F.Sink = {"sink", Site.File, Site.Function, Site.Line, Site.Column};
    F.SinkCategory = "network";
    F.SinkFunction = Function;
    F.Transport = D.Transport;
    F.Host = D.Host;
    F.Port = D.Port;
    F.Fd = Fd;
    F.Inbound = true;
    F.Bytes = Bytes;
    runtime().reporter().report(F);
  }
}

/// Where the read happened: the program's line that called it.
SourceLocation readSite(const char *Function, const std::string &From) {
  Frame F = match::callerFrame();
  SourceLocation L;
  L.File = F.File;
  L.Function = F.Function;
  L.Line = F.Line;
  L.Column = F.Column;
  L.How = std::string(Function) + " from " + From;
  return L;
}

/// A stream's last bytes, taken to be scanned before its next chunk.
std::string takeTail(int Fd) {
  if (Fd < 0 || Fd >= kMaxFds)
    return {};
  State &S = state();
  std::lock_guard<std::mutex> L(S.Mu);
  return std::move(S.Tails[Fd]);
}

void keepTail(int Fd, const std::string &Joined) {
  if (Fd < 0 || Fd >= kMaxFds)
    return;
  size_t Keep = std::min(Joined.size(), kStreamTail);
  State &S = state();
  std::lock_guard<std::mutex> L(S.Mu);
  S.Tails[Fd].assign(Joined, Joined.size() - Keep, Keep);
}

} // namespace

bool readScanningActive() { return runtime().options().document_sources; }

void bytesRead(const char *Function, int Fd, int64_t Offset, char *Buf,
               size_t N, FILE *Stream) {
  if (!Buf || !N || !runtimeReady() || insideRuntime())
    return;
  ScopedInRuntime Guard; // the runtime's own reads are not scanned
  if (!Guard.entered() || !readScanningActive())
    return;
  Last.Buf = Buf;
  Last.Count = 0;
  Source Src = sourceOf(Fd);
  if (Src.File) {
    if (Src.File->Values.empty())
      return;
    if (Offset < 0) {
      // Only now: ftello and lseek are system calls.
      off_t End = Stream ? ftello(Stream) : lseek(Fd, 0, SEEK_CUR);
      if (End < off_t(N))
        return;
      Offset = int64_t(End) - int64_t(N);
    }
    uint64_t Begin = uint64_t(Offset), End = Begin + N;
    SourceLocation Site;
    for (const FileValue &V : Src.File->Values) {
      uint64_t B = std::max(Begin, V.Offset), E = std::min(End, V.Offset + V.Length);
      if (B >= E)
        continue;
      char *P = Buf + (B - Begin);
      size_t Len = size_t(E - B);
      if (V.Registered.load(std::memory_order_acquire)) {
        dfsan_origin Root = V.Origin.load(std::memory_order_relaxed);
        __dfsan_set_label(labelOf(V.CredKind), Root, P, Len);
        remember(Buf, P, Len, labelOf(V.CredKind), Root);
        continue;
      }
      if (Site.How.empty()) {
        Site = readSite(Function, Src.File->Display);
        Site.PlaintextFile = !Src.File->CredentialStore;
      }
      V.Origin.store(labelAndRegister(P, Len, V.Value, V.CredKind, V.Name, Site, Buf),
                     std::memory_order_relaxed);
      V.Registered.store(true, std::memory_order_release);
    }
    return;
  }
  // A stream is scanned chunk by chunk, each after the end of the one
  // before: a field found across the two is registered whole, and its part
  // in this chunk labelled.
  std::string Joined = takeTail(Fd);
  size_t TailLen = Joined.size();
  Joined.append(Buf, N);
  size_t Min = size_t(std::max(1L, runtime().options().min_secret_len));
  std::vector<DocumentSecret> Found = scanDocument(Joined, Min);
  keepTail(Fd, Joined);
  SourceLocation Site;
  int Socket = -1; // asked (a system call) once a field is found
  for (const DocumentSecret &S : Found) {
    size_t End = S.Offset + S.Length;
    if (End <= TailLen)
      continue; // in the chunk before: judged then
    size_t Begin = std::max(S.Offset, TailLen) - TailLen;
    if (Site.How.empty())
      Site = readSite(Function, Src.Stream);
    const Credential *C = nullptr;
    labelAndRegister(Buf + Begin, End - TailLen - Begin,
                     {Joined.data() + S.Offset, S.Length}, S.CredKind,
                     std::string(Src.Stream) + ":" + S.Key, Site, Buf, &C);
    if (Socket < 0)
      Socket = std::strcmp(Src.Stream, "socket") == 0 && isInetSocket(Fd);
    if (Socket && C)
      reportInbound(Fd, *C, S.Length, Site, Function);
  }
}

void bytesMapped(const void *Addr, uint64_t Len, int64_t Fd, int64_t Offset) {
  // Only a regular file's mapping: the bytes past its end (up to the page)
  // are not the file's, and a device's mapping is no document.
  struct stat St;
  if (Addr == MAP_FAILED || !Addr || Fd < 0 || Fd > INT32_MAX || Offset < 0 ||
      fstat(int(Fd), &St) != 0 || !S_ISREG(St.st_mode) ||
      Offset >= int64_t(St.st_size))
    return;
  uint64_t N = std::min<uint64_t>(Len, uint64_t(St.st_size - Offset));
  bytesRead("mmap", int(Fd), Offset,
            static_cast<char *>(const_cast<void *>(Addr)), size_t(N));
}

void forgetReadSource(int Fd) {
  State *S = Made.load(std::memory_order_acquire);
  if (Fd < 0 || Fd >= kMaxFds || !S)
    return;
  std::lock_guard<std::mutex> L(S->Mu);
  S->Fds[Fd] = Source();
  S->Tails[Fd].clear();
}

void relabelLastRead(const void *Buf) {
  if (!Buf || Buf != Last.Buf)
    return;
  auto *P = static_cast<char *>(const_cast<void *>(Buf));
  for (size_t I = 0; I < Last.Count; ++I)
    __dfsan_set_label(Last.Spans[I].Label, Last.Spans[I].Origin,
                      P + Last.Spans[I].At, Last.Spans[I].Length);
}

} // namespace credtaint::rt

extern "C" void __credtaint_source_read(const void *Buf) {
  credtaint::rt::relabelLastRead(Buf);
}

extern "C" void __credtaint_source_mapped(const void *Addr, uint64_t Len,
                                          int64_t Fd, int64_t Offset) {
  credtaint::rt::bytesMapped(Addr, Len, Fd, Offset);
}
