//===- ProjectHooks.cpp - the project's functions and literals --------------===//
//
// Hooks for what credtaint.json names (source, sink and declassifier
// functions), the config's path for the runtime, and the module's constant
// strings that the unbound secret rules call credentials.
//
//===----------------------------------------------------------------------===//

#include "Instrumenter.h"

#include "credtaint/runtime_abi.h"
#include "credtaint/support/Text.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/Support/FileSystem.h"

#define DEBUG_TYPE "credtaint"

using namespace llvm;
using namespace credtaint;
using namespace credtaint::pass;

STATISTIC(NumProjectHooks, "Hooks for credtaint.json sources, sinks, declassifiers");
STATISTIC(NumSecretLiterals, "Hardcoded secret literals labelled at run time");

bool CredTaintInstrumenter::recordConfigPath() {
  if (Project.Config.Path.empty() ||
      M.getNamedGlobal("__credtaint_project_config"))
    return false;
  SmallString<256> Path(Project.Config.Path);
  sys::fs::make_absolute(Path);
  Constant *Str = compat::globalString(M, Path.str().str(), "__credtaint_str");
  new GlobalVariable(M, Str->getType(), /*isConstant=*/true,
                     GlobalValue::LinkOnceODRLinkage, Str,
                     "__credtaint_project_config");
  return true;
}

const std::string &CredTaintInstrumenter::readableName(const Function &F) {
  auto It = ReadableNames.find(&F);
  if (It == ReadableNames.end())
    It = ReadableNames.try_emplace(&F, readableFunctionName(F)).first;
  return It->second;
}

void CredTaintInstrumenter::noteProjectCall(CallBase &CB, const Function &Callee) {
  const ProjectConfig &Cfg = Project.Config;
  if (Cfg.Sinks.empty() && Cfg.Sources.empty() && Cfg.Declassifiers.empty())
    return;
  const std::string &Readable = readableName(Callee);
  if (const ConfigFunction *F = Cfg.findSink(Readable, Callee.getName()))
    ProjectSinkCalls.push_back({&CB, F});
  if (const ConfigFunction *F = Cfg.findSource(Readable, Callee.getName()))
    ProjectSourceCalls.push_back({&CB, F});
  if (const ConfigFunction *F = Cfg.findDeclassifier(Readable, Callee.getName()))
    DeclassifierCalls.push_back({&CB, F});
}

DataType CredTaintInstrumenter::argumentType(const ConfigFunction &F, const CallBase &CB,
                             unsigned Arg) {
  if (F.Type != DataType::Infer)
    return F.Type;
  if (F.LengthArg >= 0)
    return DataType::Buf;
  const Function *Callee = directCallee(CB);
  return Callee ? inferParameterType(*Callee, Arg) : DataType::Infer;
}

void CredTaintInstrumenter::warnUntyped(const ConfigFunction &F, const char *What) {
  std::string Msg = "credtaint: " + Project.Config.Path + ": cannot tell how " +
                    What + " of '" + F.Name +
                    "' carries bytes; give its \"type\" (cstr, string, buf)";
  C.diagnose(DiagnosticInfoInlineAsm(Msg, DS_Warning));
}

unsigned CredTaintInstrumenter::projectSinkRow(DataType T, SinkUse Use) {
  std::string Symbol = std::string("__credtaint_project_") +
                       (Use == SinkUse::File      ? "file_"
                        : Use == SinkUse::Network ? "net_"
                        : Use == SinkUse::Exec    ? "exec_"
                                                  : "log_") +
                       (T == DataType::String   ? "string"
                        : T == DataType::Buf    ? "buf"
                        : T == DataType::Format ? "format"
                                                : "cstr");
  auto It = sinkIndex().find(Symbol);
  return It == sinkIndex().end() ? ~0u : It->second;
}

Value *CredTaintInstrumenter::projectTarget(CallBase *CB, const ConfigFunction &F) {
  Type *Ptr = compat::bytePtrTy(C);
  StructType *Ty = StructType::get(C, {Ptr, Ptr});
  Function &Caller = *CB->getFunction();
  IRBuilder<> Entry(&*Caller.getEntryBlock().getFirstInsertionPt());
  AllocaInst *Slot = Entry.CreateAlloca(Ty, nullptr, "credtaint.project_target");
  IRBuilder<> B(CB);
  B.CreateStore(compat::globalString(M, F.Name, "__credtaint_str"),
                B.CreateStructGEP(Ty, Slot, 0));
  Value *Target = ConstantPointerNull::get(cast<PointerType>(Ptr));
  if (F.TargetArg >= 0 && unsigned(F.TargetArg) < CB->arg_size() &&
      CB->getArgOperand(F.TargetArg)->getType()->isPointerTy())
    Target = B.CreatePointerCast(CB->getArgOperand(F.TargetArg), Ptr);
  B.CreateStore(Target, B.CreateStructGEP(Ty, Slot, 1));
  return Slot;
}

void CredTaintInstrumenter::emitProjectSinkHook(CallBase *CB, const ConfigFunction &F) {
  unsigned Arg = unsigned(F.Arg);
  DataType T = argumentType(F, *CB, Arg);
  if (T == DataType::Infer)
    return warnUntyped(F, ("argument " + std::to_string(F.Arg)).c_str());
  unsigned Row = projectSinkRow(T, F.Use);
  if (Row == ~0u)
    return; // refused by the config's validation (a command line as bytes)
  SinkInfo S = kSinks[Row];
  S.dataArg = F.Arg;
  S.lenArg = F.LengthArg;
  emitSinkHook(CB, Row, S,
               F.Use == SinkUse::Log
                   ? compat::globalString(M, F.Name, "__credtaint_str")
                   : projectTarget(CB, F));
  ++NumProjectHooks;
}

std::optional<CredTaintInstrumenter::ProducedBytes> CredTaintInstrumenter::producedBytes(IRBuilder<> &B, CallBase *CB,
                                           const ConfigFunction &F) {
  ProducedBytes P;
  Type *I64 = Type::getInt64Ty(C);
  if (F.Arg >= 0) {
    if (unsigned(F.Arg) >= CB->arg_size())
      return std::nullopt;
    P.Storage = CB->getArgOperand(F.Arg);
    DataType T = argumentType(F, *CB, unsigned(F.Arg));
    if (T == DataType::Buf) {
      if (unsigned(F.LengthArg) >= CB->arg_size())
        return std::nullopt;
      P.Length = intArg(B, CB, F.LengthArg, I64);
    } else if (T == DataType::String) {
      P.Shape = CREDTAINT_DECL_STRING;
    } else if (T != DataType::CStr) {
      warnUntyped(F, ("argument " + std::to_string(F.Arg)).c_str());
      return std::nullopt;
    }
    return P;
  }
  for (unsigned I = 0; I < CB->arg_size(); ++I)
    if (CB->paramHasAttr(I, Attribute::StructRet)) {
      P.Storage = CB->getArgOperand(I);
      P.Shape = CREDTAINT_DECL_STRING; // a std::string result
      return P;
    }
  Type *RT = CB->getType();
  if (RT->isVoidTy() || !RT->isSized() || RT->isAggregateType())
    return warnUntyped(F, "the result"), std::nullopt;
  IRBuilder<> Entry(&*CB->getFunction()->getEntryBlock().getFirstInsertionPt());
  P.Slot = Entry.CreateAlloca(RT, nullptr, "credtaint.produced");
  B.CreateStore(CB, P.Slot);
  P.Storage = P.Slot;
  if (RT->isPointerTy()) {
    P.Indirections = 1;
  } else { // a hash or a handle by value: the slot's own bytes
    P.Shape = CREDTAINT_DECL_BYTES;
    P.Length = ConstantInt::get(I64, M.getDataLayout().getTypeStoreSize(RT));
  }
  return P;
}

Constant *CredTaintInstrumenter::producedDecl(const ConfigFunction &F, const ProducedBytes &P,
                       const std::string &Name) {
  DeclTag Tag;
  Tag.Kind = kKinds[size_t(F.CredKind)].bit;
  Tag.Shape = P.Shape;
  Tag.Indirections = P.Indirections;
  Tag.Name = Name;
  Tag.Scope = F.Scope;
  Tag.Raw = "credtaint;project;" + std::to_string(Tag.Kind) + ";" +
            std::to_string(Tag.Shape) + ";" + std::to_string(Tag.Indirections) +
            ";" + Name + ";" + F.Scope;
  return Decls.get(Tag);
}

void CredTaintInstrumenter::emitProjectSourceHook(CallBase *CB, const ConfigFunction &F) {
  IRBuilder<> B(insertionPointAfter(CB));
  std::optional<ProducedBytes> P = producedBytes(B, CB, F);
  if (!P)
    return;
  std::string Name = readableFunctionName(*directCallee(*CB)) +
                     (F.Arg >= 0 ? "(arg " + std::to_string(F.Arg) + ")" : "()");
  Type *Ptr = compat::bytePtrTy(C), *I64 = Type::getInt64Ty(C);
  B.CreateCall(Hooks.SourceResult,
               {B.CreatePointerCast(Sites.siteFor(*CB), Ptr),
                B.CreatePointerCast(producedDecl(F, *P, Name), Ptr),
                B.CreatePointerCast(P->Storage, Ptr),
                P->Length ? P->Length : ConstantInt::get(I64, 0)});
  ++NumProjectHooks;
}

void CredTaintInstrumenter::emitDeclassifyHook(CallBase *CB, const ConfigFunction &F) {
  IRBuilder<> B(insertionPointAfter(CB));
  std::optional<ProducedBytes> P = producedBytes(B, CB, F);
  if (!P)
    return;
  Type *Ptr = compat::bytePtrTy(C), *I64 = Type::getInt64Ty(C);
  B.CreateCall(Hooks.SourceDeclassify,
               {B.CreatePointerCast(producedDecl(F, *P, F.Name), Ptr),
                B.CreatePointerCast(P->Storage, Ptr),
                P->Length ? P->Length : ConstantInt::get(I64, 0)});
  if (P->Slot) { // later uses read the result back, with its label cleared
    LoadInst *Clean = B.CreateLoad(CB->getType(), P->Slot);
    CB->replaceUsesWithIf(Clean, [&](Use &U) {
      auto *SI = dyn_cast<StoreInst>(U.getUser());
      return !(SI && SI->getPointerOperand() == P->Slot);
    });
  }
  ++NumProjectHooks;
}

void CredTaintInstrumenter::collectSecretLiterals() {
  SmallPtrSet<const Value *, 16> Bound;
  for (const SourcePoint &SP : SourcePoints)
    for (const Use &Op : SP.At->operands())
      Bound.insert(Op.get()->stripPointerCasts());
  for (auto &[GV, Decl] : InitializedGlobals)
    for (const Use &Op : GV->getInitializer()->operands())
      Bound.insert(Op.get()->stripPointerCasts());
  for (const SecretLiteral &L : findSecretLiterals(M, Project.Rules)) {
    if (Bound.count(L.Global))
      continue;
    DeclTag Tag;
    Tag.Kind = findKind(L.Kind.c_str()) ? findKind(L.Kind.c_str())->bit
                                        : kKinds[size_t(Kind::GenericSecret)].bit;
    Tag.Shape = CREDTAINT_DECL_BYTES;
    Tag.Capacity = L.Length;
    Tag.Name = "literal:" + L.RuleId;
    Tag.Raw = "credtaint;literal;" + L.Global->getName().str();
    Constant *Bytes = ConstantExpr::getGetElementPtr(
        Type::getInt8Ty(C),
        ConstantExpr::getPointerCast(L.Global, compat::bytePtrTy(C)),
        ConstantInt::get(Type::getInt64Ty(C), L.Offset));
    LiteralGlobals.push_back({L.Global, Bytes, Decls.get(Tag)});
    ++NumSecretLiterals;
  }
}
