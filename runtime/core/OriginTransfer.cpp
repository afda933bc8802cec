//===- OriginTransfer.cpp - origins copied only for labelled bytes --------===//
//
// With origin tracking, DFSan records the stack of every memcpy, memmove and
// realloc copy before it looks at the bytes: each copy unwinds the stack,
// although only labelled bytes get an origin (DFSan skips the others
// itself). A program that builds strings pays that on every append; in a
// thread DFSan did not start the unwind is libgcc's DWARF unwinder, which
// made bench/workloads/threads.cpp 8x slower with origins than without
// (DfsanThreads.cpp gives those threads DFSan's state).
//
// The link wraps these entry points (DfsanEntryPoints.h), and the wraps hand
// a copy to DFSan only when its source carries a label: a credential's trace
// is recorded exactly as before, any other copy costs one read of its
// source's labels. The DFSan-alone baseline (dfsan-*.cfg) links no runtime
// and keeps DFSan's own cost.
//
//===----------------------------------------------------------------------===//

// The preload runtime has no DFSan to wrap (and no labels).
#ifndef CREDTAINT_PRELOAD

#include "DfsanAllocator.h"
#include "core/DfsanEntryPoints.h"

#include <sanitizer/dfsan_interface.h>

#include <cstring>

#define CT_REAL(Fn) CREDTAINT_CAT(__real_, Fn)
#define CT_WRAP(Fn) CREDTAINT_CAT(__wrap_, Fn)

namespace {

/// Whether any of the N bytes at P carries a label.
bool carriesLabel(const void *P, size_t N) {
  return N && dfsan_read_label(P, N) != 0;
}

} // namespace

extern "C" {
void CT_REAL(CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER)(const void *Dst,
                                                     const void *Src,
                                                     size_t Len);
void CT_REAL(CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER_API)(const void *Dst,
                                                         const void *Src,
                                                         size_t Len);
void CT_REAL(CREDTAINT_LINK_WRAP_COPY_MEMORY)(void *Dst, const void *Src,
                                             size_t Len);

// The calls to DFSan are tail calls: DFSan records the stack of its caller,
// which must be the program's copy, not a frame of this file.

void CT_WRAP(CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER)(const void *Dst,
                                                     const void *Src,
                                                     size_t Len) {
  if (!carriesLabel(Src, Len))
    return;
  [[clang::musttail]] return CT_REAL(CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER)(
      Dst, Src, Len);
}

void CT_WRAP(CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER_API)(const void *Dst,
                                                         const void *Src,
                                                         size_t Len) {
  if (!carriesLabel(Src, Len))
    return;
  [[clang::musttail]] return CT_REAL(
      CREDTAINT_LINK_WRAP_MEM_ORIGIN_TRANSFER_API)(Dst, Src, Len);
}

void CT_WRAP(CREDTAINT_LINK_WRAP_COPY_MEMORY)(void *Dst, const void *Src,
                                             size_t Len) {
  if (carriesLabel(Src, Len)) {
    [[clang::musttail]] return CT_REAL(CREDTAINT_LINK_WRAP_COPY_MEMORY)(
        Dst, Src, Len);
  }
  // What DFSan's copy does for unlabelled bytes: the bytes, and their (zero)
  // labels over whatever the destination's shadow held.
  std::memcpy(Dst, Src, Len);
  dfsan_mem_shadow_transfer(Dst, Src, Len);
}
}

#endif
