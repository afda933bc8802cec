//===- Compat.h - the few LLVM 14 to 19 differences of the pass and plugin -*- C++ -*-===//
#ifndef CREDTAINT_PASS_COMPAT_H
#define CREDTAINT_PASS_COMPAT_H

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

#include <string>

namespace credtaint::pass::compat {

/// The type of a generic data pointer: i8* on typed-pointer LLVM, ptr after.
/// 15 and 16 make pointers opaque by default, and there getInt8PtrTy (which
/// later releases drop) already answers ptr.
inline llvm::PointerType *bytePtrTy(llvm::LLVMContext &C) {
#if LLVM_VERSION_MAJOR >= 17
  return llvm::PointerType::getUnqual(C);
#else
  return llvm::Type::getInt8PtrTy(C);
#endif
}

// StringRef has startswith() in LLVM 14 to 16 and only starts_with() in 19.
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.substr(0, Prefix.size()) == Prefix;
}
inline bool endsWith(llvm::StringRef S, llvm::StringRef Suffix) {
  return S.size() >= Suffix.size() && S.substr(S.size() - Suffix.size()) == Suffix;
}

/// A private NUL-terminated string constant, as a byte pointer.
inline llvm::Constant *globalString(llvm::Module &M, const std::string &S,
                                    const char *Name) {
  llvm::LLVMContext &C = M.getContext();
  llvm::Constant *Init = llvm::ConstantDataArray::getString(C, S, true);
  auto *GV = new llvm::GlobalVariable(M, Init->getType(), true,
                                      llvm::GlobalValue::PrivateLinkage, Init,
                                      Name);
  GV->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(llvm::Align(1));
  return llvm::ConstantExpr::getPointerCast(GV, bytePtrTy(C));
}

// The plugin's one difference, in clang's AST: the kind of an ordinary
// string literal (StringLiteral::Ascii in 14, StringLiteral::Ordinary in 15
// to 17, StringLiteralKind::Ordinary from 18). Only for files that include
// clang/AST/Expr.h first: the pass itself is built without clang's headers.
#ifdef LLVM_CLANG_AST_EXPR_H
inline constexpr auto ordinaryStringKind() {
#if LLVM_VERSION_MAJOR >= 18
  return clang::StringLiteralKind::Ordinary;
#elif LLVM_VERSION_MAJOR >= 15
  return clang::StringLiteral::Ordinary;
#else
  return clang::StringLiteral::Ascii;
#endif
}
#endif

} // namespace credtaint::pass::compat

#endif
