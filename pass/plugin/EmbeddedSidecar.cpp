//===- EmbeddedSidecar.cpp - static findings inside the object ------------===//

#include "EmbeddedSidecar.h"

#include "credtaint/support/Sidecar.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/TargetInfo.h"

#include "../llvm/Compat.h" // after clang/AST/Expr.h: its clang part

using namespace clang;

namespace credtaint::plugin {
namespace {

/// Bytes of the document per .ascii directive: the assembly stays readable
/// (clang -S) and no line grows with the document.
constexpr size_t kBytesPerLine = 64;

/// C as it may stand inside an .ascii string: printable ASCII as itself
/// (quote and backslash escaped), anything else as a three-digit octal
/// escape, which GNU as and LLVM's assembler read alike.
void appendEscaped(std::string &Out, unsigned char C) {
  if (C == '"' || C == '\\') {
    Out += '\\';
    Out += char(C);
  } else if (C >= 0x20 && C < 0x7f) {
    Out += char(C);
  } else {
    Out += '\\';
    Out += char('0' + ((C >> 6) & 7));
    Out += char('0' + ((C >> 3) & 7));
    Out += char('0' + (C & 7));
  }
}

bool targetCarriesSection(const CompilerInstance &CI) {
  if (!CI.hasTarget())
    return false;
  const llvm::Triple &T = CI.getTarget().getTriple();
  return T.isOSBinFormatELF() && T.getArch() == llvm::Triple::x86_64;
}

} // namespace

std::string sidecarSectionAsm(llvm::StringRef Doc) {
  std::string Out =
      std::string("\t.pushsection ") + kSidecarSection + ",\"e\",@progbits\n";
  for (size_t At = 0; At < Doc.size(); At += kBytesPerLine) {
    Out += "\t.ascii \"";
    for (char C : Doc.substr(At, kBytesPerLine))
      appendEscaped(Out, static_cast<unsigned char>(C));
    Out += "\"\n";
  }
  Out += "\t.byte 0\n\t.popsection\n";
  return Out;
}

void embedSidecar(CompilerInstance &CI, llvm::StringRef Doc) {
  if (!targetCarriesSection(CI) || !CI.hasASTConsumer())
    return;
  ASTContext &Ctx = CI.getASTContext();
  std::string Asm = sidecarSectionAsm(Doc);
  constexpr auto Ordinary = credtaint::pass::compat::ordinaryStringKind();
  StringLiteral *Text = StringLiteral::Create(
      Ctx, Asm, Ordinary, /*Pascal=*/false,
      Ctx.getStringLiteralArrayType(Ctx.CharTy, Asm.size()), SourceLocation());
  // Not added to the translation unit's DeclContext: only code generation
  // needs to see it. The frontend's consumer is the multiplexer of every
  // plugin's consumer and the main action's; code generation emits
  // file-scope asm as module-level inline asm, and since this plugin runs
  // before the main action, code generation has not finished the module yet.
  auto *D = FileScopeAsmDecl::Create(Ctx, Ctx.getTranslationUnitDecl(), Text,
                                     SourceLocation(), SourceLocation());
  CI.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(D));
}

} // namespace credtaint::plugin
