//===- Derived.h - key material derived from a credential -------*- C++ -*-===//
//
// KDF outputs are labelled as they are made (Derived.cpp); digests of a
// credential are remembered by value until a consumer takes one as a key.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SOURCES_DERIVED_H
#define CREDTAINT_RUNTIME_SOURCES_DERIVED_H

#include <cstddef>

namespace credtaint::rt {

struct Credential;

/// If the N bytes at P are (the start of) a remembered digest of a
/// credential, labels them and registers them as the private-key
/// "derived(<source>)" and returns it; else nullptr.
const Credential *derivedKeyAt(char *P, size_t N);

} // namespace credtaint::rt

#endif
