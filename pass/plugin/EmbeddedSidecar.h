//===- EmbeddedSidecar.h - static findings inside the object ----*- C++ -*-===//
//
// A compiler cache restores an object without running the compiler, so the
// sidecar file the plugin writes beside it (HardcodedSecrets.h) is missing
// after a cache hit. The object therefore carries the same document in a
// section of its own (credtaint/support/Sidecar.h), which the cache keeps
// with the object and credtaint-report reads back (tools/report/
// ObjectSidecar.h).
//
// The section is file-scope assembly handed to code generation at the end
// of the translation unit: `.pushsection NAME,"e",@progbits` (e: SHF_EXCLUDE,
// dropped by the linker from executables), the document as .ascii, a NUL,
// `.popsection`. That spelling is x86_64 ELF (ARM spells @progbits
// %progbits; Mach-O and COFF have no such flag), the only platform DFSan
// and so credtaint supports; other targets get no section.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PLUGIN_EMBEDDEDSIDECAR_H
#define CREDTAINT_PLUGIN_EMBEDDEDSIDECAR_H

#include "clang/Frontend/CompilerInstance.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace credtaint::plugin {

/// The module-level assembly that puts Doc, then a NUL byte, into the
/// sidecar section.
std::string sidecarSectionAsm(llvm::StringRef Doc);

/// Adds Doc to the object CI is compiling, when the target is x86_64 ELF
/// and code is generated. Must be called before code generation has seen
/// the end of the translation unit: from the HandleTranslationUnit of a
/// consumer that runs before the main action's (AddBeforeMainAction).
void embedSidecar(clang::CompilerInstance &CI, llvm::StringRef Doc);

} // namespace credtaint::plugin

#endif
