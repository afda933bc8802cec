//===- DfsanEntryPoints.h - DFSan runtime functions outside its header -*-C++-*-===//
//
// libclang_rt.dfsan exports these in LLVM 14, 15, 16 and 19, but
// <sanitizer/dfsan_interface.h> does not declare them: labelling with a
// given origin (what instrumented code itself calls), and the copies of
// shadow and of origins its memcpy wrapper uses. In preload mode
// preload/DfsanAbsent.cpp defines them as no-ops.
//
// It also names the functions the link of an instrumented executable wraps
// for the origin fast path (--wrap=NAME: the runtime defines __wrap_NAME,
// which calls __real_NAME): OriginTransfer.cpp and DfsanThreads.cpp say why.
// tools/wrapper/CMakeLists.txt reads the CREDTAINT_LINK_WRAP_ lines into the
// link options, next to common/DfsanAllocator.h's. nm of
// libclang_rt.dfsan-x86_64.a shows the same names in LLVM 14, 15, 16 and 19;
// an LLVM that renamed one would fail every link with an undefined __real_
// symbol.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_CORE_DFSANENTRYPOINTS_H
#define CREDTAINT_RUNTIME_CORE_DFSANENTRYPOINTS_H

#include <sanitizer/dfsan_interface.h>

#include <pthread.h>

#include <cstddef>

// __dfsan_mem_origin_transfer(dst, src, len): what instrumented code calls
// before each memcpy and memmove when origins are tracked.
#define CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER __dfsan_mem_origin_transfer
// dfsan_mem_origin_transfer(dst, src, len): the same for DFSan's custom
// wrappers (memcpy, strcpy, strcat, ... called through a pointer) and for
// this runtime.
#define CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER_API dfsan_mem_origin_transfer
// __dfsan::dfsan_copy_memory(void *, const void *, uptr): realloc's copy of
// a moved block, bytes, labels and origins.
#define CREDTAINT_LINK_WRAP_COPY_MEMORY _ZN7__dfsan17dfsan_copy_memoryEPvPKvm
// pthread_create as DFSan's own pthread_create wrapper calls it: to the C
// library's, past the runtime's pthread_create (DfsanThreads.cpp).
#define CREDTAINT_LINK_WRAP_PTHREAD_CREATE pthread_create

extern "C" {
/// Sets Label on Size bytes at Addr, with Origin as their origin (a buffer
/// labelled again keeps the credential's first origin; 0 for none).
void __dfsan_set_label(dfsan_label Label, dfsan_origin Origin, void *Addr,
                       size_t Size);
/// Copies the labels of Size bytes from Src to Dst.
void dfsan_mem_shadow_transfer(void *Dst, const void *Src, size_t Size);
/// Copies the origins of Size bytes from Src to Dst.
void dfsan_mem_origin_transfer(const void *Dst, const void *Src, size_t Size);
/// The same, as instrumented code calls it (the caller's stack is recorded).
void __dfsan_mem_origin_transfer(const void *Dst, const void *Src, size_t Len);

/// DFSan's pthread_create for instrumented callers: it gives the new thread
/// DFSan's per-thread state. LLVM 14 starts the thread through a trampoline
/// (Start) that calls Routine; later versions call Routine directly.
#if __clang_major__ < 15
using DfsanStartTrampoline = void *(*)(void *Routine, void *Arg,
                                       dfsan_label ArgLabel,
                                       dfsan_label *RetLabel);
using DfsanStartTrampolineWithOrigins = void *(*)(
    void *Routine, void *Arg, dfsan_label ArgLabel, dfsan_label *RetLabel,
    dfsan_origin ArgOrigin, dfsan_origin *RetOrigin);
int __dfsw_pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                          void *Start, void *Routine, void *Arg,
                          dfsan_label ThreadLabel, dfsan_label AttrLabel,
                          dfsan_label RoutineLabel, dfsan_label ArgLabel,
                          dfsan_label *RetLabel);
int __dfso_pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                          void *Start, void *Routine, void *Arg,
                          dfsan_label ThreadLabel, dfsan_label AttrLabel,
                          dfsan_label RoutineLabel, dfsan_label ArgLabel,
                          dfsan_label *RetLabel, dfsan_origin ThreadOrigin,
                          dfsan_origin AttrOrigin, dfsan_origin RoutineOrigin,
                          dfsan_origin ArgOrigin, dfsan_origin *RetOrigin);
#else
int __dfsw_pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                          void *Routine, void *Arg, dfsan_label ThreadLabel,
                          dfsan_label AttrLabel, dfsan_label RoutineLabel,
                          dfsan_label ArgLabel, dfsan_label *RetLabel);
int __dfso_pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                          void *Routine, void *Arg, dfsan_label ThreadLabel,
                          dfsan_label AttrLabel, dfsan_label RoutineLabel,
                          dfsan_label ArgLabel, dfsan_label *RetLabel,
                          dfsan_origin ThreadOrigin, dfsan_origin AttrOrigin,
                          dfsan_origin RoutineOrigin, dfsan_origin ArgOrigin,
                          dfsan_origin *RetOrigin);
#endif
}

#endif
