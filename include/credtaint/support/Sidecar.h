//===- Sidecar.h - where the plugin leaves its static findings --*- C++ -*-===//
//
// The Clang plugin writes the static findings of a translation unit twice:
// to a file beside the object (foo.o + kSidecarSuffix) and into the object
// itself, as the contents of the section kSidecarSection. The file is what
// people open; the section is what survives a compiler cache (ccache,
// sccache): on a cache hit the compiler never runs, the object comes back
// from the cache and the file does not. credtaint-report reads the file when
// there is one and the section of an object that has none.
//
// The section holds one or more sidecar documents, each followed by a NUL
// byte (a relocatable link, ld -r, concatenates the sections of its inputs).
// It is marked SHF_EXCLUDE, so linkers drop it from executables and shared
// libraries. Only x86_64 ELF objects carry it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_SUPPORT_SIDECAR_H
#define CREDTAINT_SUPPORT_SIDECAR_H

namespace credtaint {

/// Appended to the object's path to name the sidecar file.
inline constexpr char kSidecarSuffix[] = ".credtaint.json";
/// The object file section that carries the same findings.
inline constexpr char kSidecarSection[] = ".credtaint.sidecar";

} // namespace credtaint

#endif
