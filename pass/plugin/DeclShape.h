//===- DeclShape.h - which types carry credential bytes ---------*- C++ -*-===//
//
// A declaration is credential-bearing only if its type carries text or bytes:
// char pointers and arrays, std::string, std::string_view, byte vectors and
// byte arrays, their wide twins (wchar_t pointers and arrays, std::wstring,
// std::wstring_view), or a reference or pointer to one. The shape tells the runtime
// how to find the bytes from the declaration's storage.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PLUGIN_DECLSHAPE_H
#define CREDTAINT_PLUGIN_DECLSHAPE_H

#include "credtaint/runtime_abi.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Type.h"

#include <optional>

namespace credtaint::plugin {

struct DeclShape {
  credtaint_decl_shape shape;
  unsigned indirections = 0;
  uint64_t capacity = 0;

  const char *shapeName() const {
    switch (shape) {
    case CREDTAINT_DECL_CHARS: return "chars";
    case CREDTAINT_DECL_BYTES: return "bytes";
    case CREDTAINT_DECL_STRING: return "string";
    case CREDTAINT_DECL_STRING_VIEW: return "string_view";
    case CREDTAINT_DECL_VECTOR: return "vector";
    case CREDTAINT_DECL_WCHARS: return "wchars";
    case CREDTAINT_DECL_WSTRING: return "wstring";
    case CREDTAINT_DECL_WSTRING_VIEW: return "wstring_view";
    }
    return "chars";
  }
};

/// char, signed char, unsigned char, char8_t, std::byte, (u)int8_t.
inline bool isByteLike(const clang::ASTContext &Ctx, clang::QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  if (T->isCharType() || T->isChar8Type())
    return true;
  if (const auto *ET = T->getAs<clang::EnumType>()) // std::byte
    return ET->getDecl()->getName() == "byte" &&
           ET->getDecl()->isInStdNamespace();
  return T->isIntegerType() && Ctx.getTypeSize(T) == 8;
}

/// wchar_t (text in wide characters; UTF-32 on Linux). In C it is a
/// typedef of int: only the name as written tells it from an int.
inline bool isWideChar(clang::QualType T) {
  if (T.getCanonicalType()->isWideCharType())
    return true;
  for (const auto *TT = T->getAs<clang::TypedefType>(); TT;
       TT = TT->desugar()->getAs<clang::TypedefType>())
    if (TT->getDecl()->getName() == "wchar_t")
      return true;
  return false;
}

/// Is T the std class template `Name` whose first argument passes Elem?
template <class ElemPred>
inline const clang::ClassTemplateSpecializationDecl *
stdTemplateOver(clang::QualType T, llvm::StringRef Name, ElemPred Elem) {
  const auto *RD = T->getAsCXXRecordDecl();
  const auto *Spec =
      llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !Spec->isInStdNamespace() || Spec->getName() != Name)
    return nullptr;
  const clang::TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 1 || Args[0].getKind() != clang::TemplateArgument::Type ||
      !Elem(Args[0].getAsType()))
    return nullptr;
  return Spec;
}

/// Is T the std class template `Name` with a byte-like first argument?
inline const clang::ClassTemplateSpecializationDecl *
stdTemplateOverBytes(const clang::ASTContext &Ctx, clang::QualType T,
                     llvm::StringRef Name) {
  return stdTemplateOver(
      T, Name, [&](clang::QualType E) { return isByteLike(Ctx, E); });
}

inline std::optional<DeclShape> classifyType(const clang::ASTContext &Ctx,
                                             clang::QualType T) {
  // The type as written, not its canonical form: C's wchar_t is a typedef.
  unsigned Ind = 0;
  if (const auto *RT = T->getAs<clang::ReferenceType>()) {
    T = RT->getPointeeType();
    ++Ind;
  }
  // A pointer to chars is itself the string; a pointer to a string object is
  // one more hop. Deeper pointers (char **) are not a credential.
  if (const auto *PT = T->getAs<clang::PointerType>()) {
    clang::QualType P = PT->getPointeeType();
    if (isByteLike(Ctx, P))
      return DeclShape{CREDTAINT_DECL_CHARS, Ind + 1, 0};
    if (isWideChar(P))
      return DeclShape{CREDTAINT_DECL_WCHARS, Ind + 1, 0};
    T = P;
    ++Ind;
  }
  if (Ind > 1)
    return std::nullopt;
  if (const auto *AT = Ctx.getAsConstantArrayType(T)) {
    if (isWideChar(AT->getElementType())) // capacity in wchar_t
      return DeclShape{CREDTAINT_DECL_WCHARS, Ind,
                       AT->getSize().getZExtValue()};
    if (!isByteLike(Ctx, AT->getElementType()))
      return std::nullopt;
    uint64_t N = AT->getSize().getZExtValue();
    bool Text = AT->getElementType().getCanonicalType()->isCharType() &&
                !AT->getElementType()->isUnsignedIntegerType();
    return DeclShape{Text ? CREDTAINT_DECL_CHARS : CREDTAINT_DECL_BYTES, Ind, N};
  }
  if (stdTemplateOverBytes(Ctx, T, "basic_string"))
    return DeclShape{CREDTAINT_DECL_STRING, Ind, 0};
  if (stdTemplateOverBytes(Ctx, T, "basic_string_view"))
    return DeclShape{CREDTAINT_DECL_STRING_VIEW, Ind, 0};
  if (stdTemplateOver(T, "basic_string", isWideChar))
    return DeclShape{CREDTAINT_DECL_WSTRING, Ind, 0};
  if (stdTemplateOver(T, "basic_string_view", isWideChar))
    return DeclShape{CREDTAINT_DECL_WSTRING_VIEW, Ind, 0};
  if (stdTemplateOverBytes(Ctx, T, "vector"))
    return DeclShape{CREDTAINT_DECL_VECTOR, Ind, 0};
  if (const auto *Spec = stdTemplateOverBytes(Ctx, T, "array")) {
    const clang::TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() == 2 &&
        Args[1].getKind() == clang::TemplateArgument::Integral)
      return DeclShape{CREDTAINT_DECL_BYTES, Ind,
                       Args[1].getAsIntegral().getZExtValue()};
  }
  return std::nullopt;
}

} // namespace credtaint::plugin

#endif
