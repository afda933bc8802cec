//===- DfsanThreads.cpp - DFSan's thread state for every thread -----------===//
//
// DFSan sets up its per-thread state only for threads that instrumented code
// starts (its custom pthread_create wrapper). A thread that uninstrumented
// code starts - libstdc++ for std::thread, std::async and std::jthread, a
// library for its worker pool - has none, and in such a thread DFSan (14 to
// 19 alike) records every origin stack with the slow unwinder (libgcc's
// _Unwind_Backtrace over the DWARF tables) and allocates through one cache
// shared under a lock. bench/workloads/threads.cpp spent 90% of its time in
// that unwinder with origins on.
//
// This pthread_create is linked into the executable, which the dynamic
// linker searches first (like the runtime's output interposers,
// match/Interpose.cpp), so libstdc++'s call reaches it; it starts the
// thread through DFSan's wrapper, as an instrumented call would. DFSan's
// wrapper then calls pthread_create itself: the link wraps that reference
// (--wrap=pthread_create, DfsanEntryPoints.h) to the C library's, so a
// thread is never set up twice. Instrumented callers reach DFSan's wrapper
// directly, as before.
//
//===----------------------------------------------------------------------===//

// The preload runtime has no DFSan to hand threads to.
#ifndef CREDTAINT_PRELOAD

#include "DfsanAllocator.h"
#include "core/DfsanEntryPoints.h"
#include "match/NextSymbol.h"

#include <sanitizer/dfsan_interface.h>

#include <pthread.h>

#define CT_WRAP(Fn) CREDTAINT_CAT(__wrap_, Fn)

namespace {

using StartRoutine = void *(*)(void *);
using PthreadCreate = int(pthread_t *, const pthread_attr_t *, StartRoutine,
                          void *);

#if __clang_major__ < 15
// LLVM 14's wrapper starts a thread through a trampoline made for an
// instrumented start routine, with the labels (and origins) of its
// argument and result; the routine here is uninstrumented and takes none.
void *startUninstrumented(void *Routine, void *Arg, dfsan_label,
                          dfsan_label *RetLabel) {
  *RetLabel = 0;
  return reinterpret_cast<StartRoutine>(Routine)(Arg);
}

void *startUninstrumentedWithOrigins(void *Routine, void *Arg, dfsan_label,
                                     dfsan_label *RetLabel, dfsan_origin,
                                     dfsan_origin *RetOrigin) {
  *RetOrigin = 0;
  return startUninstrumented(Routine, Arg, 0, RetLabel);
}
#endif

} // namespace

// Started by uninstrumented code: through DFSan's wrapper. No argument of
// an uninstrumented caller carries a label.
extern "C" int pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                              StartRoutine Routine, void *Arg) noexcept {
  dfsan_label RetLabel = 0;
  dfsan_origin RetOrigin = 0;
  void *R = reinterpret_cast<void *>(Routine);
#if __clang_major__ < 15
  if (dfsan_get_track_origins()) {
    DfsanStartTrampolineWithOrigins Start = startUninstrumentedWithOrigins;
    return __dfso_pthread_create(Thread, Attr, reinterpret_cast<void *>(Start),
                                 R, Arg, 0, 0, 0, 0, &RetLabel, 0, 0, 0, 0,
                                 &RetOrigin);
  }
  DfsanStartTrampoline Start = startUninstrumented;
  return __dfsw_pthread_create(Thread, Attr, reinterpret_cast<void *>(Start), R,
                               Arg, 0, 0, 0, 0, &RetLabel);
#else
  if (dfsan_get_track_origins())
    return __dfso_pthread_create(Thread, Attr, R, Arg, 0, 0, 0, 0, &RetLabel, 0,
                                 0, 0, 0, &RetOrigin);
  return __dfsw_pthread_create(Thread, Attr, R, Arg, 0, 0, 0, 0, &RetLabel);
#endif
}

// DFSan's wrapper, having set the thread up: the C library's pthread_create.
extern "C" int CT_WRAP(CREDTAINT_LINK_WRAP_PTHREAD_CREATE)(
    pthread_t *Thread, const pthread_attr_t *Attr, StartRoutine Routine,
    void *Arg) {
  return CT_NEXT(pthread_create, PthreadCreate)(Thread, Attr, Routine, Arg);
}

#endif
