//===- ObjectSidecar.h - static findings embedded in objects ----*- C++ -*-===//
//
// The plugin writes each object's static findings beside it (foo.o +
// kSidecarSuffix) and into it (the kSidecarSection section, see
// credtaint/support/Sidecar.h), because a compiler cache restores the
// object and not the file beside it. This reads the section back.
//
// Objects are untrusted input like every record: a build killed mid-write
// leaves a truncated object, and a build tree holds objects of every kind.
// The reader is a small ELF64 little-endian section finder that checks
// every offset and size against the file before using it, so a truncated or
// inconsistent object gives one line that says what is wrong (never input
// bytes), never a read past the end. It reads only the ELF header, the
// section header table, the names it compares and the one section, however
// large the object. Other formats (LLVM bitcode from -flto, ELF32,
// big-endian ELF) carry no sidecar section: the plugin embeds one in x86_64
// ELF objects only.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_OBJECTSIDECAR_H
#define CREDTAINT_REPORT_OBJECTSIDECAR_H

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::report {

/// What looking for a section in an object found.
struct SectionLookup {
  enum class Status {
    Found,       ///< Contents holds the section's bytes
    Absent,      ///< a readable ELF64 LE object without the section
    NotElf,      ///< no ELF magic: another format, or not an object at all
    Unsupported, ///< ELF, but not 64-bit little-endian (Problem says which)
    Malformed,   ///< truncated or inconsistent (Problem says what is wrong)
    Unreadable,  ///< the file could not be read (Problem says why)
  };
  Status Result = Status::Absent;
  std::string Contents;
  std::string Problem; ///< one line, no input bytes
};

/// Reads exactly Len bytes at offset Off into Out; false when it cannot.
/// Only called for ranges inside the object's size.
using ReadAt =
    std::function<bool(uint64_t Off, uint64_t Len, std::string &Out)>;

/// A sidecar section larger than this is taken for a corrupt size (one
/// translation unit's static findings are a few KiB).
inline constexpr uint64_t kMaxSidecarSectionBytes = 64u << 20;

/// The contents of every section named Name (concatenated, in section
/// order) of the Size-byte object read through Read.
SectionLookup findElfSection(uint64_t Size, const ReadAt &Read,
                             std::string_view Name);
/// The same for an object in memory.
SectionLookup findElfSection(std::string_view Object, std::string_view Name);
/// The same for the object file at Path.
SectionLookup findElfSectionInFile(const std::string &Path,
                                   std::string_view Name);

/// The sidecar documents of a sidecar section's contents: the non-empty
/// pieces between NUL bytes (each document ends with one; ld -r
/// concatenates the sections of several objects).
std::vector<std::string_view> sidecarDocuments(std::string_view Contents);

} // namespace credtaint::report

#endif
