//===- Deferred.h - sinks reached from a signal handler ---------*- C++ -*-===//
//
// Judging a sink locks (the registry, the reporter) and allocates. A signal
// handler that reaches a sink while its own thread is already inside the
// runtime (the signal interrupted a judgement, a registration or a report)
// must do neither: it would deadlock on a lock its thread holds, or corrupt
// the allocator's per-thread cache. The runtime itself is uninstrumented, so
// a hook re-entered on one thread can only come from such a handler.
//
// Such a sink is captured in a fixed per-thread ring with async-signal-safe
// operations only (shadow reads, the origin chain, a copy of at most 40
// bytes of each tainted run) and judged when the interrupted runtime call
// returns (the outermost ScopedInRuntime). Sinks that cannot be captured
// without allocating (formatted output, iovecs, crypto, command lines,
// network), sources labelled from a handler, and captures past the ring's
// size are counted, and the count is noted at exit: never silently lost.
//
// A handler that runs while its thread is outside the runtime takes the
// normal path: the runtime's locks are then free or held by other threads,
// which release them.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_DEFERRED_H
#define CREDTAINT_RUNTIME_DEFERRED_H

#include "report/Attribution.h"

#include "credtaint/runtime_abi.h"

#include <sanitizer/dfsan_interface.h>

#include <cstddef>
#include <cstdint>

namespace credtaint::rt {

/// Whether this thread is inside the runtime (async-signal-safe).
bool insideRuntime();

/// When this thread is inside the runtime: captures the tainted bytes of
/// [P, P+N) for later judgement of log sink Row at Site (other categories
/// are counted as unjudged) and returns true; the hook must then return at
/// once. False otherwise. Async-signal-safe.
bool deferIfReentered(const credtaint_site *Site, uint32_t Row,
                      uint64_t Target, const char *P, size_t N);

/// deferIfReentered for one character passed by value, with its label and
/// origin.
bool deferCharIfReentered(const credtaint_site *Site, uint32_t Row,
                          uint64_t Target, char C, dfsan_label Label,
                          dfsan_origin Origin);

/// When this thread is inside the runtime: counts one hook that could not
/// be judged and returns true. Async-signal-safe.
bool skipIfReentered();

/// Judges what this thread deferred. Called by the outermost
/// ScopedInRuntime as it ends, while the thread is still marked inside (so
/// a signal arriving meanwhile defers again).
void drainDeferred();

/// Whether this thread has deferred sinks waiting (async-signal-safe).
bool haveDeferred();

/// Hooks reached inside the runtime that could not be judged.
size_t unjudgedInSignalHandlers();

/// Judges a captured log sink as inspect() would have (Sinks.cpp), from
/// the credentials its bytes were attributed to.
void judgeDeferredLog(const credtaint_site *Site, uint32_t Row,
                      uint64_t Target, const Attribution &ByCredential);

} // namespace credtaint::rt

#endif
