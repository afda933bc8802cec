//===- Hygiene.h - credential bytes left in freed memory --------*- C++ -*-===//
//
// credential-not-zeroized (opt-in: memory_hygiene=1). Every heap block the
// program frees (free, operator delete, a realloc that moves the block;
// from any library: the hook sits in the DFSan allocator, see
// common/DfsanAllocator.h) is checked for bytes that still carry a
// credential label. Clearing them first clears the labels: an instrumented
// memset or volatile store loop through DFSan's own instrumentation, an
// uninstrumented cleanser (explicit_bzero, OPENSSL_cleanse; cleansers.def)
// through __credtaint_source_cleanse, which the pass calls before it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SINKS_HYGIENE_H
#define CREDTAINT_RUNTIME_SINKS_HYGIENE_H

#include <mutex>

namespace credtaint::rt {

/// Turns the free hook on; called once at start-up with memory_hygiene.
/// Off, a free costs one predictable branch more.
void setMemoryHygiene(bool On);

/// The lock of the stacks already judged (a leaf; for ForkSafety.h).
std::mutex &freedStacksMutex();

} // namespace credtaint::rt

#endif
