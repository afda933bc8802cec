//===- Caller.h - where an interposed output call came from -----*- C++ -*-===//
//
// A match finding's sink is the program's frame that called into the output
// path (a `std::cout <<` line, a spdlog::info call), not libc's write. The
// stack is unwound with DWARF (libstdc++ and other libraries keep no frame
// pointers) and symbolized by the sanitizer runtime when there is one; in
// preload mode, without it, the frame is named by its module and symbol.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_CALLER_H
#define CREDTAINT_RUNTIME_MATCH_CALLER_H

#include "report/Trace.h"

namespace credtaint::rt::match {

/// The first frame of the current stack in the program's own code (with a
/// source line, outside system headers and the runtime); else the first
/// outside the runtime and the system's libraries, by module and symbol.
Frame callerFrame();

} // namespace credtaint::rt::match

#endif
