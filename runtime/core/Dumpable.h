//===- Dumpable.h - credentials a core dump would hold ----------*- C++ -*-===//
#ifndef CREDTAINT_RUNTIME_CORE_DUMPABLE_H
#define CREDTAINT_RUNTIME_CORE_DUMPABLE_H

namespace credtaint::rt {

/// Reports credential-dumpable once if the process holds a private key or a
/// cloud credential and would dump core (called at exit).
void judgeDumpable();

} // namespace credtaint::rt

#endif
