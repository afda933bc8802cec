//===- DfsanEntryPoints.h - DFSan runtime functions outside its header -*-C++-*-===//
//
// libclang_rt.dfsan exports these in LLVM 14, 15, 16 and 19, but
// <sanitizer/dfsan_interface.h> does not declare them: labelling with a
// given origin (what instrumented code itself calls), and the copies of
// shadow and of origins its memcpy wrapper uses. In preload mode
// preload/DfsanAbsent.cpp defines them as no-ops.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_CORE_DFSANENTRYPOINTS_H
#define CREDTAINT_RUNTIME_CORE_DFSANENTRYPOINTS_H

#include <sanitizer/dfsan_interface.h>

#include <cstddef>

extern "C" {
/// Sets Label on Size bytes at Addr, with Origin as their origin (a buffer
/// labelled again keeps the credential's first origin; 0 for none).
void __dfsan_set_label(dfsan_label Label, dfsan_origin Origin, void *Addr,
                       size_t Size);
/// Copies the labels of Size bytes from Src to Dst.
void dfsan_mem_shadow_transfer(void *Dst, const void *Src, size_t Size);
/// Copies the origins of Size bytes from Src to Dst.
void dfsan_mem_origin_transfer(const void *Dst, const void *Src, size_t Size);
}

#endif
