//===- Caller.cpp - where an interposed output call came from -------------===//

#include "match/Caller.h"

#include "credtaint/support/FunctionName.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

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

} // namespace

Frame callerFrame() {
  void *Pcs[64];
  int N = backtrace(Pcs, 64);
  if (__sanitizer_symbolize_pc) {
    // Each frame as the sanitizers print it, read back by the origin-trace
    // parser (which drops system headers); the runtime's own frames are
    // skipped by their source directory.
    std::string File = __FILE__;
    std::string RuntimeDir = File.substr(0, File.rfind("/match/") + 1);
    for (int I = 0; I < N; ++I) {
      char Buf[1024] = {0};
      __sanitizer_symbolize_pc(Pcs[I], "    #%n %p %F %L", Buf, sizeof Buf);
      std::vector<Frame> Frames = parseOriginTrace(
          std::string("Origin value: 0x1, Taint value was stored at\n") + Buf);
      if (Frames.empty() || Frames[0].File.rfind(RuntimeDir, 0) == 0)
        continue;
      Frames[0].Step = "sink";
      return Frames[0];
    }
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
