//===- Annotations.cpp - read the plugin's tags out of the IR -------------===//

#include "Annotations.h"
#include "Compat.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/runtime_abi.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace credtaint::pass {

static std::optional<uint8_t> shapeFromName(StringRef S) {
  return StringSwitch<std::optional<uint8_t>>(S)
      .Case("chars", CREDTAINT_DECL_CHARS)
      .Case("bytes", CREDTAINT_DECL_BYTES)
      .Case("string", CREDTAINT_DECL_STRING)
      .Case("string_view", CREDTAINT_DECL_STRING_VIEW)
      .Case("vector", CREDTAINT_DECL_VECTOR)
      .Case("wchars", CREDTAINT_DECL_WCHARS)
      .Case("wstring", CREDTAINT_DECL_WSTRING)
      .Case("wstring_view", CREDTAINT_DECL_WSTRING_VIEW)
      .Default(std::nullopt);
}

std::optional<DeclTag> parseTag(StringRef S) {
  if (!compat::startsWith(S, "credtaint;v1;"))
    return std::nullopt;
  DeclTag T;
  T.Raw = S.str();
  SmallVector<StringRef, 8> Fields;
  S.drop_front(strlen("credtaint;v1;")).split(Fields, ';');
  bool HaveKind = false, HaveShape = false;
  for (StringRef F : Fields) {
    auto [Key, Val] = F.split('=');
    if (Key == "kind") {
      const KindInfo *K = findKind(Val.str().c_str());
      if (!K)
        return std::nullopt;
      T.Kind = K->bit;
      HaveKind = true;
    } else if (Key == "shape") {
      std::optional<uint8_t> Sh = shapeFromName(Val);
      if (!Sh)
        return std::nullopt;
      T.Shape = *Sh;
      HaveShape = true;
    } else if (Key == "ind") {
      Val.getAsInteger(10, T.Indirections);
    } else if (Key == "cap") {
      Val.getAsInteger(10, T.Capacity);
    } else if (Key == "name") {
      T.Name = Val.str();
    } else if (Key == "scope") {
      T.Scope = Val.str();
    }
  }
  if (!HaveKind || !HaveShape)
    return std::nullopt;
  return T;
}

std::optional<DeclTag> parseTag(const Value *V) {
  StringRef S;
  if (!getConstantStringInfo(V->stripPointerCasts(), S))
    return std::nullopt;
  return parseTag(S);
}

std::vector<GlobalTag> globalAnnotations(Module &M) {
  std::vector<GlobalTag> Out;
  GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
  if (!GA || !GA->hasInitializer())
    return Out;
  auto *Arr = dyn_cast<ConstantArray>(GA->getInitializer());
  if (!Arr)
    return Out;
  for (const Use &U : Arr->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(U.get());
    if (!Entry || Entry->getNumOperands() < 2)
      continue;
    auto *GV = dyn_cast<GlobalValue>(Entry->getOperand(0)->stripPointerCasts());
    std::optional<DeclTag> Tag = parseTag(Entry->getOperand(1));
    if (GV && Tag)
      Out.push_back({GV, std::move(*Tag)});
  }
  return Out;
}

Constant *DeclTable::get(const DeclTag &Tag) {
  auto It = Decls.find(Tag.Raw);
  if (It != Decls.end())
    return It->second;
  LLVMContext &C = M.getContext();
  Type *Ptr = compat::bytePtrTy(C), *I8 = Type::getInt8Ty(C),
       *I32 = Type::getInt32Ty(C);
  StructType *DeclTy = StructType::getTypeByName(C, "struct.credtaint_decl");
  if (!DeclTy)
    DeclTy = StructType::create(C, {Ptr, Ptr, I8, I8, I8, I8, I32},
                                "struct.credtaint_decl");
  Constant *Init = ConstantStruct::get(
      DeclTy, {compat::globalString(M, Tag.Name, "__credtaint_str"),
               compat::globalString(M, Tag.Scope, "__credtaint_str"),
               ConstantInt::get(I8, Tag.Kind), ConstantInt::get(I8, Tag.Shape),
               ConstantInt::get(I8, Tag.Indirections), ConstantInt::get(I8, 0),
               ConstantInt::get(I32, Tag.Capacity)});
  auto *GV = new GlobalVariable(M, DeclTy, true, GlobalValue::PrivateLinkage,
                                Init, "__credtaint_decl");
  Decls[Tag.Raw] = GV;
  return GV;
}

} // namespace credtaint::pass
