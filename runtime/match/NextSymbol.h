//===- NextSymbol.h - the real function behind an interposer ----*- C++ -*-===//
//
// An interposed write(), execve() or open() does its work and calls the next
// definition of the same symbol (libc's), found once with dlsym(RTLD_NEXT).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_NEXTSYMBOL_H
#define CREDTAINT_RUNTIME_MATCH_NEXTSYMBOL_H

#include <atomic>
#include <dlfcn.h>

namespace credtaint::rt::match {

/// The next definition of Name, looked up once (no lock: a race looks it up
/// twice and stores the same pointer).
template <class Fn> Fn *nextSymbol(std::atomic<void *> &Slot, const char *Name) {
  void *P = Slot.load(std::memory_order_relaxed);
  if (!P) {
    P = dlsym(RTLD_NEXT, Name);
    Slot.store(P, std::memory_order_relaxed);
  }
  return reinterpret_cast<Fn *>(P);
}

} // namespace credtaint::rt::match

/// The next definition of function Name, of type Type, cached per call site.
#define CT_NEXT(Name, Type)                                                    \
  ([]() {                                                                      \
    static std::atomic<void *> Slot{nullptr};                                  \
    return ::credtaint::rt::match::nextSymbol<Type>(Slot, #Name);             \
  }())

#endif
