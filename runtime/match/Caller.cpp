//===- Caller.cpp - where an interposed output call came from -------------===//

#include "match/Caller.h"

#include "credtaint/support/FunctionName.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

// Defined by the sanitizer runtime of an instrumented program; absent in
// preload mode.
extern "C" __attribute__((weak)) void
__sanitizer_symbolize_pc(void *Pc, const char *Fmt, char *Out, size_t OutSize);

namespace credtaint::rt::match {
namespace {

std::string demangled(const char *Name) {
  if (!Name)
    return "";
  int Status = 0;
  char *D = abi::__cxa_demangle(Name, nullptr, nullptr, &Status);
  std::string S = Status == 0 && D ? D : Name;
  std::free(D);
  return S;
}

std::string hexOffset(uintptr_t V) {
  char Buf[32];
  std::snprintf(Buf, sizeof Buf, "%lx", static_cast<unsigned long>(V));
  return Buf;
}

bool isSystemModule(const std::string &Path) {
  return Path.rfind("/lib/", 0) == 0 || Path.rfind("/lib64/", 0) == 0 ||
         Path.rfind("/usr/lib", 0) == 0;
}

/// What a return address symbolizes to: its frame, or nothing when it is in
/// the runtime or has no source line. Symbolizing is a round trip to
/// llvm-symbolizer per frame; a program that reads or writes a credential
/// in a loop would pay it per call (bench `http`: 8x DFSan alone), so each
/// address is symbolized once. Code does not move while a process runs, and
/// a process has few distinct call sites: the table is bounded all the same.
class SymbolizedFrames {
public:
  std::optional<Frame> lookup(void *Pc, bool &Known) {
    std::lock_guard<std::mutex> L(Mu);
    auto It = Frames.find(Pc);
    Known = It != Frames.end();
    return Known ? It->second : std::nullopt;
  }
  void remember(void *Pc, const std::optional<Frame> &F) {
    std::lock_guard<std::mutex> L(Mu);
    if (Frames.size() < kMaxFrames)
      Frames.emplace(Pc, F);
  }

private:
  static constexpr size_t kMaxFrames = 16384;
  std::mutex Mu;
  std::unordered_map<void *, std::optional<Frame>> Frames;
};

SymbolizedFrames &symbolizedFrames() {
  static auto *Table = new SymbolizedFrames; // outlives exit-time reports
  return *Table;
}

/// Pc's frame in the program's own code, symbolized as the sanitizers print
/// it and read back by the origin-trace parser (which drops system headers);
/// nothing for the runtime's own frames, found by their source directory.
std::optional<Frame> programFrame(void *Pc) {
  bool Known = false;
  std::optional<Frame> Cached = symbolizedFrames().lookup(Pc, Known);
  if (Known)
    return Cached;
  static const std::string RuntimeDir = [] {
    std::string File = __FILE__;
    return File.substr(0, File.rfind("/match/") + 1);
  }();
  char Buf[1024] = {0};
  __sanitizer_symbolize_pc(Pc, "    #%n %p %F %L", Buf, sizeof Buf);
  std::vector<Frame> Frames = parseOriginTrace(
      std::string("Origin value: 0x1, Taint value was stored at\n") + Buf);
  std::optional<Frame> F;
  if (!Frames.empty() && Frames[0].File.rfind(RuntimeDir, 0) != 0)
    F = Frames[0];
  symbolizedFrames().remember(Pc, F);
  return F;
}

} // namespace

Frame callerFrame() {
  void *Pcs[64];
  int N = 0;
  if (__sanitizer_symbolize_pc) {
    // Unwinding is most of the cost once frames are cached, and the
    // program's frame is nearly always among the first few: the deep
    // unwind only when it is not.
    for (int Depth : {12, 64}) {
      N = backtrace(Pcs, Depth);
      for (int I = 0; I < N; ++I) {
        if (std::optional<Frame> F = programFrame(Pcs[I])) {
          F->Step = "sink";
          return *F;
        }
      }
      if (N < Depth)
        break; // the whole stack was seen
    }
  } else {
    N = backtrace(Pcs, 64);
  }
  Dl_info Self;
  std::string SelfModule;
  if (dladdr(reinterpret_cast<void *>(&callerFrame), &Self) && Self.dli_fname)
    SelfModule = Self.dli_fname;
  Frame Fallback;
  for (int I = 0; I < N; ++I) {
    Dl_info Info;
    if (!dladdr(Pcs[I], &Info) || !Info.dli_fname)
      continue;
    std::string Module = Info.dli_fname;
    if (Module == SelfModule)
      continue;
    Frame F;
    F.Step = "sink";
    char Real[4096];
    F.File = realpath(Module.c_str(), Real) ? Real : Module;
    // Without a symbol (a static function, an executable's main), the
    // offset in the module is what addr2line needs.
    F.Function = Info.dli_sname
                     ? sourceFunctionName(demangled(Info.dli_sname))
                     : "+0x" + hexOffset(reinterpret_cast<uintptr_t>(Pcs[I]) -
                                         reinterpret_cast<uintptr_t>(Info.dli_fbase));
    if (!isSystemModule(Module))
      return F;
    if (Fallback.File.empty())
      Fallback = F;
  }
  Fallback.Step = "sink";
  return Fallback;
}

} // namespace credtaint::rt::match
