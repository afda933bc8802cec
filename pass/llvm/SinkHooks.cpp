//===- SinkHooks.cpp - hooks before sink calls and network facts ------------===//
//
// Before every direct call to a function in the sink catalog, the hook for
// that row's shape; around every call in net_facts.def, the fact hook.
//
//===----------------------------------------------------------------------===//

#include "Instrumenter.h"

#include "credtaint/runtime_abi.h"
#include "credtaint/support/Text.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/InstIterator.h"

#define DEBUG_TYPE "credtaint"

using namespace llvm;
using namespace credtaint;
using namespace credtaint::pass;

STATISTIC(NumSinkHooks, "Sink hooks inserted before catalog calls");
STATISTIC(NumNetFactHooks, "Network fact hooks inserted");

namespace {
/// A catalog table's row numbers by symbol.
template <class Row, size_t N>
std::map<std::string, unsigned, std::less<>> indexBySymbol(const Row (&Rows)[N]) {
  std::map<std::string, unsigned, std::less<>> M;
  for (unsigned I = 0; I < N; ++I)
    M.emplace(Rows[I].symbol, I);
  return M;
}
} // namespace

void CredTaintInstrumenter::collectCalls(Function &F) {
  bool InsideSink = sinkIndex().count(F.getName()) != 0;
  for (Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB)
      continue;
    const Function *Callee = directCallee(*CB);
    if (!Callee || !calleeMayNeedHook(*Callee))
      continue;
    noteEnvCall(*CB);
    noteWeakRandomCall(*CB);
    noteReadCall(*CB);
    // Inside the body of a sink (libstdc++'s operator<< for std::string is
    // inline on some versions), the call that reached it was checked.
    if (InsideSink)
      continue;
    noteCleanseCall(*CB, *Callee);
    auto It = sinkIndex().find(Callee->getName());
    if (It != sinkIndex().end())
      SinkCalls.push_back({CB, It->second});
    else
      noteProjectCall(*CB, *Callee);
    auto Consumer = consumerIndex().find(Callee->getName());
    if (Consumer != consumerIndex().end())
      ConsumerCalls.push_back({CB, Consumer->second});
    auto Fact = factIndex().find(Callee->getName());
    if (Fact != factIndex().end())
      FactCalls.push_back({CB, Fact->second});
  }
}

bool CredTaintInstrumenter::calleeMayNeedHook(const Function &F) {
  auto Known = CalleeMayNeedHook.find(&F);
  if (Known != CalleeMayNeedHook.end())
    return Known->second;
  const ProjectConfig &Cfg = Project.Config;
  bool May = catalogSymbols().count(F.getName()) || isWeakRandomEngineCall(F);
  if (!May && !(Cfg.Sinks.empty() && Cfg.Sources.empty() &&
                Cfg.Declassifiers.empty())) {
    const std::string &Readable = readableName(F);
    May = Cfg.findSink(Readable, F.getName()) ||
          Cfg.findSource(Readable, F.getName()) ||
          Cfg.findDeclassifier(Readable, F.getName());
  }
  CalleeMayNeedHook[&F] = May;
  return May;
}

const StringSet<> &CredTaintInstrumenter::catalogSymbols() {
  static const StringSet<> Symbols = [] {
    StringSet<> S;
    for (const SinkInfo &R : kSinks)
      S.insert(R.symbol);
    for (const ConsumerInfo &R : kConsumers)
      S.insert(R.symbol);
    for (const NetFactInfo &R : kNetFacts)
      S.insert(R.symbol);
    for (const ReadSourceInfo &R : kReadSources)
      S.insert(R.symbol);
    for (const DerivationInfo &R : kDerivations)
      S.insert(R.symbol);
    for (const CleanserInfo &R : kCleansers)
      S.insert(R.symbol);
    for (const char *Name : kEnvSources)
      S.insert(Name);
    for (const char *Name : kMapSources)
      S.insert(Name);
    for (const char *Name : kWeakRandomFunctions)
      S.insert(Name);
    return S;
  }();
  return Symbols;
}

const std::map<std::string, unsigned, std::less<>> &CredTaintInstrumenter::consumerIndex() {
  static const auto Index = indexBySymbol(kConsumers);
  return Index;
}

void CredTaintInstrumenter::emitConsumerHook(CallBase *CB, unsigned Row) {
  const ConsumerInfo &R = kConsumers[Row];
  if (unsigned(R.dataArg) >= CB->arg_size())
    return;
  IRBuilder<> B(CB);
  Type *Ptr = compat::bytePtrTy(C), *I32 = Type::getInt32Ty(C),
       *I64 = Type::getInt64Ty(C);
  B.CreateCall(Hooks.SourceConsumed,
               {B.CreatePointerCast(Sites.siteFor(*CB), Ptr),
                ConstantInt::get(I32, Row),
                B.CreatePointerCast(CB->getArgOperand(R.dataArg), Ptr),
                intArg(B, CB, R.lenArg, I64), intArg(B, CB, R.auxArg, I64)});
}

const std::map<std::string, unsigned, std::less<>> &CredTaintInstrumenter::factIndex() {
  static const auto Index = indexBySymbol(kNetFacts);
  return Index;
}

void CredTaintInstrumenter::emitNetFactHook(CallBase *CB, unsigned Row) {
  const NetFactInfo &F = kNetFacts[Row];
  bool After = F.when == FactWhen::After;
  IRBuilder<> B(After ? insertionPointAfter(CB) : CB);
  Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  SmallVector<Value *, 6> Args{ConstantInt::get(I32, Row)};
  for (int A : F.args)
    Args.push_back(intArg(B, CB, A, I64));
  Type *RT = CB->getType();
  Args.push_back(After && (RT->isPointerTy() || RT->isIntegerTy())
                     ? (RT->isPointerTy() ? B.CreatePtrToInt(CB, I64)
                                          : B.CreateSExtOrTrunc(CB, I64))
                     : ConstantInt::get(I64, 0));
  B.CreateCall(Hooks.SourceNetFact, Args);
  ++NumNetFactHooks;
}

Value *CredTaintInstrumenter::argListArray(IRBuilder<> &B, CallBase *CB, unsigned First,
                    unsigned End) {
  Type *Ptr = compat::bytePtrTy(C);
  Function *F = CB->getFunction();
  IRBuilder<> Entry(&*F->getEntryBlock().getFirstInsertionPt());
  ArrayType *AT = ArrayType::get(Ptr, End - First + 1);
  AllocaInst *Slot = Entry.CreateAlloca(AT, nullptr, "credtaint.argv");
  for (unsigned I = First; I <= End; ++I) {
    Value *V = I < End ? CB->getArgOperand(I) : Constant::getNullValue(Ptr);
    if (V->getType()->isIntegerTy())
      V = B.CreateIntToPtr(V, Ptr);
    else if (V->getType()->isPointerTy())
      V = B.CreatePointerCast(V, Ptr);
    else
      V = Constant::getNullValue(Ptr);
    B.CreateStore(V, B.CreateConstInBoundsGEP2_32(AT, Slot, 0, I - First));
  }
  return B.CreatePointerCast(Slot, Ptr);
}

const std::map<std::string, unsigned, std::less<>> &CredTaintInstrumenter::sinkIndex() {
  static const auto Index = indexBySymbol(kSinks);
  return Index;
}

Value *CredTaintInstrumenter::intArg(IRBuilder<> &B, CallBase *CB, int Index, Type *To) {
  if (Index < 0 || unsigned(Index) >= CB->arg_size())
    return ConstantInt::get(To, 0);
  Value *V = CB->getArgOperand(Index);
  if (V->getType()->isPointerTy())
    return B.CreatePtrToInt(V, To);
  if (!V->getType()->isIntegerTy())
    return ConstantInt::get(To, 0); // a double or an aggregate: no object
  return B.CreateZExtOrTrunc(V, To);
}

void CredTaintInstrumenter::emitSinkHook(CallBase *CB, unsigned Row, const SinkInfo &S,
                  Value *Target) {
  if (S.dataArg < 0 || unsigned(S.dataArg) >= CB->arg_size())
    return;
  IRBuilder<> B(CB);
  Type *Ptr = compat::bytePtrTy(C), *I32 = Type::getInt32Ty(C),
       *I64 = Type::getInt64Ty(C);
  SmallVector<Value *, 8> Args{
      B.CreatePointerCast(Sites.siteFor(*CB), Ptr),
      ConstantInt::get(I32, Row),
      Target ? B.CreatePtrToInt(Target, I64) : intArg(B, CB, S.targetArg, I64)};
  Value *Data = CB->getArgOperand(S.dataArg);
  auto AsPtr = [&](Value *V) { return B.CreatePointerCast(V, Ptr); };
  FunctionCallee Hook;
  // A wide row goes through its narrow shape's hook; the runtime reads the
  // data as wchar_t by the row's shape. Only WBuf's length changes here: the
  // hook takes bytes, the call counts wchar_t.
  switch (narrowShape(S.shape)) {
  case SinkShape::Buf: {
    Value *Len = S.lenArg < 0 ? ConstantInt::get(I64, S.fixedLen)
                              : intArg(B, CB, S.lenArg, I64);
    if (S.lenArg2 >= 0)
      Len = B.CreateMul(Len, intArg(B, CB, S.lenArg2, I64));
    if (S.shape == SinkShape::WBuf)
      Len = B.CreateMul(Len, ConstantInt::get(I64, kWideCharBytes));
    Args.append({AsPtr(Data), Len});
    Hook = Hooks.SinkBuf;
    break;
  }
  case SinkShape::CStr:
    Args.push_back(AsPtr(Data));
    Hook = Hooks.SinkCStr;
    break;
  case SinkShape::Char:
    Args.push_back(B.CreateSExtOrTrunc(Data, I32));
    Hook = Hooks.SinkChar;
    break;
  case SinkShape::Format:
    Args.push_back(AsPtr(Data));
    for (unsigned I = S.dataArg + 1; I < CB->arg_size(); ++I)
      Args.push_back(CB->getArgOperand(I));
    Hook = Hooks.SinkFormat;
    break;
  case SinkShape::VFormat:
    if (unsigned(S.dataArg) + 1 >= CB->arg_size())
      return;
    Args.append({AsPtr(Data), AsPtr(CB->getArgOperand(S.dataArg + 1))});
    Hook = Hooks.SinkVFormat;
    break;
  case SinkShape::String:
    Args.push_back(AsPtr(Data));
    Hook = Hooks.SinkString;
    break;
  case SinkShape::CipherKey:
    Args.append({intArg(B, CB, S.lenArg, I64), AsPtr(Data)});
    Hook = Hooks.SinkCipherKey;
    break;
  case SinkShape::Kdf:
    Args.append({AsPtr(Data), intArg(B, CB, S.lenArg, I64),
                 intArg(B, CB, S.lenArg2, I64)});
    Hook = Hooks.SinkKdf;
    break;
  case SinkShape::Params:
    Args.push_back(AsPtr(Data));
    Hook = Hooks.SinkParams;
    break;
  case SinkShape::Iov:
    Args.append({AsPtr(Data), intArg(B, CB, S.lenArg, I64)});
    Hook = Hooks.SinkIov;
    break;
  case SinkShape::Msg:
    Args.push_back(AsPtr(Data));
    Hook = Hooks.SinkMsg;
    break;
  case SinkShape::Argv:
    Args.append({AsPtr(Data),
                 S.lenArg >= 0 && unsigned(S.lenArg) < CB->arg_size()
                     ? AsPtr(CB->getArgOperand(S.lenArg))
                     : Constant::getNullValue(Ptr)});
    Hook = Hooks.SinkArgv;
    break;
  case SinkShape::ArgList:
  case SinkShape::ArgListEnv: {
    bool Env = S.shape == SinkShape::ArgListEnv;
    unsigned End = CB->arg_size() - (Env ? 1 : 0);
    if (End <= unsigned(S.dataArg))
      return;
    Args.append({argListArray(B, CB, S.dataArg, End),
                 Env ? AsPtr(CB->getArgOperand(End))
                     : Constant::getNullValue(Ptr)});
    Hook = Hooks.SinkArgv;
    break;
  }
  case SinkShape::CurlOpt:
    Args.append({intArg(B, CB, S.lenArg, I64), intArg(B, CB, S.dataArg, I64)});
    Hook = Hooks.SinkCurlOpt;
    break;
  case SinkShape::Handle:
    Args.push_back(AsPtr(Data));
    Hook = Hooks.SinkHandle;
    break;
  default: // the wide shapes, mapped by narrowShape above
    return;
  }
  B.CreateCall(Hook, Args);
  ++NumSinkHooks;
}
