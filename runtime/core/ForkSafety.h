//===- ForkSafety.h - the runtime's locks across fork() ---------*- C++ -*-===//
//
// Another thread may hold one of the runtime's locks when the program
// forks; the child keeps only the forking thread and would wait for that
// lock forever at its first finding. So, as compiler-rt's sanitizers do for
// their allocators and depots, the forking thread takes every runtime lock
// before fork(), in the order in which the runtime nests them, and releases
// them after it, in the parent and in the child (pthread_atfork). A new lock
// goes into that order (ForkSafety.cpp) after every lock that may be held
// when it is taken.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_FORKSAFETY_H
#define CREDTAINT_RUNTIME_FORKSAFETY_H

#include <mutex>

namespace credtaint::rt {

/// Registers the fork handlers; the runtime calls it once, when it starts.
void installForkHandlers();

/// The locks of state kept outside a class, for the fork handlers.
std::mutex &networkStateMutex(); // Network.cpp
std::mutex &curlStateMutex();    // Curl.cpp
std::mutex &kdfStateMutex();     // Sinks.cpp

} // namespace credtaint::rt

#endif
