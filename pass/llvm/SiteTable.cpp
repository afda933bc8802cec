//===- SiteTable.cpp - the per-module table of hook sites -----------------===//

#include "SiteTable.h"
#include "Compat.h"

#include "credtaint/support/FunctionName.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace credtaint::pass {

SiteTable::SiteTable(Module &M) : M(M) {
  LLVMContext &C = M.getContext();
  Type *Ptr = compat::bytePtrTy(C);
  Type *I32 = Type::getInt32Ty(C);
  SiteTy = StructType::getTypeByName(C, "struct.credtaint_site");
  if (!SiteTy)
    SiteTy = StructType::create(C, {Ptr, Ptr, I32, I32}, "struct.credtaint_site");
}

std::string readableFunctionName(const Function &F) {
  return sourceFunctionName(demangle(F.getName().str()));
}

static std::string absolutePath(StringRef Dir, StringRef File) {
  if (File.empty() || sys::path::is_absolute(File) || Dir.empty())
    return File.str();
  SmallString<256> P(Dir);
  sys::path::append(P, File);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

Constant *SiteTable::siteFor(const Instruction &I) {
  const Function *F = I.getFunction();
  auto Name = FunctionNames.find(F);
  if (Name == FunctionNames.end())
    Name = FunctionNames.try_emplace(F, readableFunctionName(*F)).first;
  Row R{"", Name->second, 0, 0};
  if (const DILocation *L = I.getDebugLoc().get()) {
    R.File = absolutePath(L->getDirectory(), L->getFilename());
    R.Line = L->getLine();
    R.Column = L->getColumn();
  } else if (const DISubprogram *SP = I.getFunction()->getSubprogram()) {
    R.File = absolutePath(SP->getDirectory(), SP->getFilename());
    R.Line = SP->getLine();
  } else {
    R.File = M.getSourceFileName();
  }
  if (!Placeholder)
    Placeholder = new GlobalVariable(M, SiteTy, true, GlobalValue::PrivateLinkage,
                                     nullptr, "__credtaint_sites.placeholder");
  unsigned Index = Rows.size();
  Rows.push_back(std::move(R));
  // Row Index of an array of rows at the placeholder: once the placeholder
  // is the table (finalize), this is the table's row.
  return ConstantExpr::getInBoundsGetElementPtr(
      SiteTy, Placeholder,
      ConstantInt::get(Type::getInt64Ty(M.getContext()), Index));
}

Constant *SiteTable::stringConstant(const std::string &S) {
  return compat::globalString(M, S, "__credtaint_str");
}

bool SiteTable::finalize() {
  if (Rows.empty())
    return false;
  LLVMContext &C = M.getContext();
  std::vector<Constant *> Elems;
  for (const Row &R : Rows)
    Elems.push_back(ConstantStruct::get(
        SiteTy, {stringConstant(R.File), stringConstant(R.Function),
                 ConstantInt::get(Type::getInt32Ty(C), R.Line),
                 ConstantInt::get(Type::getInt32Ty(C), R.Column)}));
  ArrayType *AT = ArrayType::get(SiteTy, Elems.size());
  auto *Table = new GlobalVariable(M, AT, true, GlobalValue::PrivateLinkage,
                                   ConstantArray::get(AT, Elems),
                                   "__credtaint_sites");
  // One replacement rewires every row pointer. Rewriting the row pointers
  // one by one instead is quadratic, and unsafe: row 0's pointer is the
  // placeholder itself (a GEP by zero folds away), so rewriting it folds
  // and frees the other rows' pointer constants still waiting their turn.
  Placeholder->replaceAllUsesWith(
      ConstantExpr::getPointerCast(Table, Placeholder->getType()));
  Placeholder->eraseFromParent();
  Placeholder = nullptr;
  return true;
}

} // namespace credtaint::pass
