//===- CredTaintPass.cpp - credential sources and sinks for DFSan ---------===//
//
// The LLVM half of credtaint. It runs at the start of the pipeline, before
// clang's own DataFlowSanitizer pass, and inserts calls into the credtaint
// runtime (include/credtaint/runtime_abi.h); DFSan then instruments those
// calls like any other, so the runtime sees labels and origins.
//
//  * Sources. Declarations the Clang plugin tagged (annotations starting with
//    "credtaint;") are followed to every instruction that may set their value:
//    a store to them, a memory intrinsic or a call that receives their address
//    (constructors, assignment, strncpy into a buffer, ...). After each, a
//    call to __credtaint_source_decl lets the runtime label the bytes and
//    register the credential. Function results are hooked before each return,
//    globals with constant initializers in a module constructor, and calls to
//    getenv/secure_getenv of a credential-like name (credential_names.def)
//    are followed by __credtaint_source_env. The result of a
//    non-cryptographic PRNG (sources.def) is passed through memory and
//    labelled weak-random by __credtaint_source_weak_random. Before a call
//    that clears memory on purpose (cleansers.def: explicit_bzero,
//    OPENSSL_cleanse), __credtaint_source_cleanse clears the labels of what
//    it overwrites, which DFSan cannot see an uninstrumented function do.
//  * Sinks. Before every direct call to a function in the sink catalog
//    (sinks.def), a call to the runtime hook for that row's shape passes the
//    site, the row index, the target (FILE*, fd, ostream) and the data.
//    Checking before the call, instead of replacing it, keeps the real call
//    with its native semantics (return value, errno, va_list handling).
//    Functions whose names say MD5, SHA-1, DES or RC4 get a hook at entry
//    for each (pointer, length) parameter pair: hand-written crypto.
//    A variadic argument list of strings (execl) is passed as an array.
//  * Network facts. Around every direct call to a function in net_facts.def
//    (getaddrinfo, connect, SSL_set_fd, SSL_ctrl, curl_easy_cleanup, ...),
//    __credtaint_source_net_fact receives its arguments and result, so the
//    runtime knows which host a socket, TLS session or libcurl handle is for
//    when bytes are sent later.
//  * The project (credtaint.json, ProjectSupport.h). Calls to its source
//    functions label their result or output argument; calls to its sink
//    functions (its own logging API) get the hook of a "project log" catalog
//    row; after calls to its declassifiers (redact, mask_token) the result
//    or output argument is cleared. Constant strings that the unbound secret
//    rules call credentials (an AKIA... literal passed straight to a call)
//    are registered by a module constructor, so their flows are reported.
//  * Sites. Each hook receives a row of the module's site table (SiteTable.h).
//
//===----------------------------------------------------------------------===//

#include "Instrumenter.h"


#include "credtaint/catalog/catalog.h"
#include "credtaint/catalog/names.h"
#include "credtaint/runtime_abi.h"
#include "credtaint/support/Text.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#define DEBUG_TYPE "credtaint"

using namespace llvm;
using namespace credtaint;
using namespace credtaint::pass;

STATISTIC(NumSourceHooks, "Source hooks inserted for tagged declarations");
STATISTIC(NumEnvHooks, "Source hooks inserted after getenv");
STATISTIC(NumWeakRandomHooks, "Weak-random results labelled");
STATISTIC(NumReadHooks, "Readers whose buffer is labelled again after the call");
STATISTIC(NumHeuristicHooks, "Hand-written crypto functions hooked");
STATISTIC(NumCleanseHooks, "Calls to cleansing functions whose labels are cleared");

bool CredTaintInstrumenter::run() {
  collectAnnotatedStorage();
  for (Function &F : M)
    if (!F.isDeclaration() && !isRuntimeFunction(&F)) {
      collectCalls(F);
      noteHeuristicFunction(F);
    }
  for (auto &[I, Decl, Storage] : SourcePoints)
    emitSourceHook(I, Decl, Storage);
  for (auto &[Ret, Decl] : ResultPoints)
    emitResultHook(Ret, Decl);
  for (CallBase *CB : EnvCalls)
    emitEnvHook(CB);
  for (CallBase *CB : WeakRandomCalls)
    emitWeakRandomHook(CB);
  for (auto &[CB, R] : ReadCalls)
    emitReadHook(CB, *R);
  for (CallBase *CB : MapCalls)
    emitMapHook(CB);
  for (auto &[CB, Row] : DerivationCalls)
    emitDerivationHook(CB, Row);
  for (auto &[CB, R] : CleanseCalls)
    emitCleanseHook(CB, *R);
  for (auto &[F, Row] : HeuristicFunctions)
    emitHeuristicHooks(*F, Row);
  // Before the sink hooks: a key HMAC takes is a credential (and labelled)
  // by the time its weak-hash sink hook judges it.
  for (auto &[CB, Row] : ConsumerCalls)
    emitConsumerHook(CB, Row);
  // Facts first: a fact needed before a call (sendto's address) must be
  // known when that call's sink hook, inserted right before it, runs.
  for (auto &[CB, Row] : FactCalls)
    emitNetFactHook(CB, Row);
  for (auto &[CB, Row] : SinkCalls)
    emitSinkHook(CB, Row, kSinks[Row]);
  for (auto &[CB, F] : ProjectSinkCalls)
    emitProjectSinkHook(CB, *F);
  for (auto &[CB, F] : ProjectSourceCalls)
    emitProjectSourceHook(CB, *F);
  for (auto &[CB, F] : DeclassifierCalls)
    emitDeclassifyHook(CB, *F);
  collectSecretLiterals();
  emitGlobalInitializerHooks();
  bool Recorded = recordConfigPath();
  return Sites.finalize() || Recorded;
}

void CredTaintInstrumenter::collectAnnotatedStorage() {
  // Locals and parameters (llvm.var.annotation), fields at each access
  // (llvm.ptr.annotation).
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      auto *II = dyn_cast<IntrinsicInst>(&I);
      if (!II || (II->getIntrinsicID() != Intrinsic::var_annotation &&
                  II->getIntrinsicID() != Intrinsic::ptr_annotation))
        continue;
      std::optional<DeclTag> Tag = parseTag(II->getArgOperand(1));
      if (!Tag)
        continue;
      Constant *Decl = Decls.get(*Tag);
      if (II->getIntrinsicID() == Intrinsic::ptr_annotation) {
        collectSetPoints(II, II, Decl);
        continue;
      }
      Value *Storage = II->getArgOperand(0)->stripPointerCasts();
      collectSetPoints(Storage, Storage, Decl);
      // A parameter passed indirectly (a class by value) has no store into
      // local storage: its value is set on entry.
      if (isa<Argument>(Storage))
        SourcePoints.push_back({II, Decl, Storage});
    }
  // Globals and function definitions (llvm.global.annotations).
  for (const GlobalTag &G : globalAnnotations(M)) {
    Constant *Decl = Decls.get(G.Tag);
    if (auto *F = dyn_cast<Function>(G.Value)) {
      for (Instruction &I : instructions(*F))
        if (auto *Ret = dyn_cast<ReturnInst>(&I))
          ResultPoints.push_back({Ret, Decl});
    } else if (auto *GV = dyn_cast<GlobalVariable>(G.Value)) {
      collectSetPoints(GV, GV, Decl);
      if (GV->hasInitializer() && !GV->getInitializer()->isNullValue())
        InitializedGlobals.push_back({GV, Decl});
    }
  }
}

void CredTaintInstrumenter::collectSetPoints(Value *V, Value *Storage, Constant *Decl) {
  SmallPtrSet<Value *, 16> Seen;
  SmallVector<Value *, 16> Work{V};
  while (!Work.empty()) {
    Value *P = Work.pop_back_val();
    if (!Seen.insert(P).second)
      continue;
    for (User *U : P->users()) {
      if (isa<GetElementPtrInst>(U) || isa<CastInst>(U) ||
          isa<ConstantExpr>(U)) {
        Work.push_back(U);
      } else if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getPointerOperand() == P)
          addSourcePoint(SI, Decl, Storage);
      } else if (auto *CB = dyn_cast<CallBase>(U)) {
        if (isSetterCall(*CB, P))
          addSourcePoint(CB, Decl, Storage);
      }
    }
  }
}

bool CredTaintInstrumenter::isSetterCall(const CallBase &CB, const Value *P) {
  if (auto *II = dyn_cast<IntrinsicInst>(&CB)) {
    auto *MI = dyn_cast<MemIntrinsic>(II);
    return MI && MI->getRawDest() == P;
  }
  const Function *F = directCallee(CB);
  if (isRuntimeFunction(F) || isDestructor(F) || CB.isInlineAsm())
    return false;
  for (const Use &A : CB.args())
    if (A.get() == P)
      return true;
  return false;
}

void CredTaintInstrumenter::addSourcePoint(Instruction *I, Constant *Decl, Value *Storage) {
  if (!SetPointsSeen.insert({I, Decl}).second)
    return;
  SourcePoints.push_back({I, Decl, Storage});
}

void CredTaintInstrumenter::emitSourceHook(Instruction *I, Constant *Decl, Value *Storage) {
  IRBuilder<> B(insertionPointAfter(I));
  callSource(B, *I, Decl, Storage);
}

void CredTaintInstrumenter::emitResultHook(ReturnInst *Ret, Constant *Decl) {
  Function *F = Ret->getFunction();
  IRBuilder<> B(Ret);
  Value *Storage = nullptr;
  for (Argument &A : F->args())
    if (A.hasStructRetAttr())
      Storage = &A;
  if (!Storage) {
    Value *RV = Ret->getReturnValue();
    if (!RV)
      return;
    // Spill the returned value so the runtime reads it like a variable.
    IRBuilder<> Entry(&*F->getEntryBlock().getFirstInsertionPt());
    AllocaInst *Slot = Entry.CreateAlloca(RV->getType(), nullptr,
                                          "credtaint.result");
    B.CreateStore(RV, Slot);
    Storage = Slot;
  }
  callSource(B, *Ret, Decl, Storage);
}

void CredTaintInstrumenter::callSource(IRBuilder<> &B, const Instruction &At, Constant *Decl,
                Value *Storage) {
  Type *Ptr = compat::bytePtrTy(C);
  B.CreateCall(Hooks.SourceDecl,
               {B.CreatePointerCast(Sites.siteFor(At), Ptr),
                B.CreatePointerCast(Decl, Ptr),
                B.CreatePointerCast(Storage, Ptr)});
  ++NumSourceHooks;
}

void CredTaintInstrumenter::emitGlobalInitializerHooks() {
  if (InitializedGlobals.empty() && LiteralGlobals.empty())
    return;
  auto *F = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                             GlobalValue::InternalLinkage,
                             "credtaint.register_globals", M);
  IRBuilder<> B(BasicBlock::Create(C, "entry", F));
  ReturnInst *Ret = B.CreateRetVoid();
  B.SetInsertPoint(Ret);
  for (auto &[GV, Decl] : InitializedGlobals)
    callSource(B, *Ret, Decl, GV);
  for (const LiteralGlobal &L : LiteralGlobals) {
    const Instruction *Use = firstInstructionUsing(L.Global);
    callSource(B, Use ? *Use : *Ret, L.Decl, L.Bytes);
  }
  appendToGlobalCtors(M, F, 65535);
}

const Instruction *CredTaintInstrumenter::firstInstructionUsing(const Value *V) {
  SmallVector<const Value *, 8> Work{V};
  SmallPtrSet<const Value *, 8> Seen;
  while (!Work.empty()) {
    const Value *X = Work.pop_back_val();
    if (!Seen.insert(X).second)
      continue;
    for (const User *U : X->users()) {
      if (auto *I = dyn_cast<Instruction>(U))
        if (I->getDebugLoc())
          return I;
      if (isa<Constant>(U))
        Work.push_back(U);
    }
  }
  return nullptr;
}

void CredTaintInstrumenter::noteEnvCall(CallBase &CB) {
  const Function *F = directCallee(CB);
  if (!F || CB.arg_size() != 1 || !inList(kEnvSources, F->getName()))
    return;
  // A constant name is judged now; a computed one by the runtime.
  StringRef Name;
  if (getConstantStringInfo(CB.getArgOperand(0), Name) &&
      !Project.Config.classifyName(Name.str()))
    return;
  EnvCalls.push_back(&CB);
}

void CredTaintInstrumenter::noteReadCall(CallBase &CB) {
  const Function *F = directCallee(CB);
  if (!F)
    return;
  for (const ReadSourceInfo &R : kReadSources)
    if (F->getName() == R.symbol && unsigned(R.bufArg) < CB.arg_size() &&
        CB.getArgOperand(R.bufArg)->getType()->isPointerTy()) {
      ReadCalls.push_back({&CB, &R});
      return;
    }
  for (unsigned I = 0; I < kNumDerivations; ++I)
    if (F->getName() == kDerivations[I].symbol &&
        unsigned(kDerivations[I].outArg) < CB.arg_size()) {
      DerivationCalls.push_back({&CB, I});
      return;
    }
  for (const char *Symbol : kMapSources)
    if (F->getName() == Symbol && CB.arg_size() == 6 &&
        CB.getType()->isPointerTy()) {
      MapCalls.push_back(&CB);
      return;
    }
}

void CredTaintInstrumenter::emitReadHook(CallBase *CB, const ReadSourceInfo &R) {
  IRBuilder<> B(insertionPointAfter(CB));
  Type *Ptr = compat::bytePtrTy(C);
  Value *Buf = B.CreatePointerCast(CB->getArgOperand(R.bufArg), Ptr);
  if (R.indirect) // getline: the buffer's pointer, as the call left it
    Buf = B.CreateLoad(Ptr, B.CreatePointerCast(
                                Buf, PointerType::getUnqual(Ptr)));
  B.CreateCall(Hooks.SourceRead, {Buf});
  ++NumReadHooks;
}

void CredTaintInstrumenter::emitMapHook(CallBase *CB) {
  IRBuilder<> B(insertionPointAfter(CB));
  Type *Ptr = compat::bytePtrTy(C), *I64 = Type::getInt64Ty(C);
  // mmap(addr, length, prot, flags, fd, offset)
  B.CreateCall(Hooks.SourceMapped, {B.CreatePointerCast(CB, Ptr),
                                    intArg(B, CB, 1, I64), intArg(B, CB, 4, I64),
                                    intArg(B, CB, 5, I64)});
  ++NumReadHooks;
}

void CredTaintInstrumenter::emitDerivationHook(CallBase *CB, unsigned Row) {
  const DerivationInfo &D = kDerivations[Row];
  IRBuilder<> B(insertionPointAfter(CB));
  Type *Ptr = compat::bytePtrTy(C), *I32 = Type::getInt32Ty(C),
       *I64 = Type::getInt64Ty(C);
  Value *OutLen = D.outLen > 0 ? ConstantInt::get(I64, D.outLen)
                               : intArg(B, CB, D.outLenArg, I64);
  // A length argument is an int in these APIs: -1 (strlen) must stay -1.
  Value *InLen = CB->getArgOperand(D.inLenArg)->getType()->isIntegerTy()
                     ? B.CreateSExtOrTrunc(CB->getArgOperand(D.inLenArg), I64)
                     : ConstantInt::get(I64, -1);
  B.CreateCall(Hooks.SourceDerived,
               {B.CreatePointerCast(Sites.siteFor(*CB), Ptr),
                ConstantInt::get(I32, Row),
                B.CreatePointerCast(CB->getArgOperand(D.inArg), Ptr), InLen,
                B.CreatePointerCast(CB->getArgOperand(D.outArg), Ptr), OutLen});
  ++NumReadHooks;
}

void CredTaintInstrumenter::noteCleanseCall(CallBase &CB, const Function &Callee) {
  for (const CleanserInfo &R : kCleansers)
    if (Callee.getName() == R.symbol && unsigned(R.ptrArg) < CB.arg_size() &&
        unsigned(R.lenArg) < CB.arg_size() &&
        CB.getArgOperand(R.ptrArg)->getType()->isPointerTy() &&
        CB.getArgOperand(R.lenArg)->getType()->isIntegerTy()) {
      CleanseCalls.push_back({&CB, &R});
      return;
    }
}

void CredTaintInstrumenter::emitCleanseHook(CallBase *CB, const CleanserInfo &R) {
  // Before the call: CRYPTO_clear_free frees what it clears.
  IRBuilder<> B(CB);
  B.CreateCall(Hooks.SourceCleanse,
               {B.CreatePointerCast(CB->getArgOperand(R.ptrArg),
                                    compat::bytePtrTy(C)),
                B.CreateZExtOrTrunc(CB->getArgOperand(R.lenArg),
                                    Type::getInt64Ty(C))});
  ++NumCleanseHooks;
}

void CredTaintInstrumenter::emitEnvHook(CallBase *CB) {
  IRBuilder<> B(insertionPointAfter(CB));
  Type *Ptr = compat::bytePtrTy(C);
  B.CreateCall(Hooks.SourceEnv,
               {B.CreatePointerCast(Sites.siteFor(*CB), Ptr),
                B.CreatePointerCast(CB->getArgOperand(0), Ptr),
                B.CreatePointerCast(CB, Ptr)});
  ++NumEnvHooks;
}

bool CredTaintInstrumenter::isWeakRandomEngineCall(const Function &F) {
  if (!compat::startsWith(F.getName(), "_ZNSt"))
    return false;
  // The engine's name ("mersenne_twister_engine") is in the symbol as
  // written: only a symbol holding one is worth demangling.
  bool Named = false;
  for (StringRef Prefix : kWeakRandomEngines) {
    StringRef Engine = Prefix.take_until([](char Ch) { return Ch == '<'; });
    Engine = Engine.substr(Engine.rfind(':') + 1);
    Named = Named || F.getName().contains(Engine);
  }
  if (!Named)
    return false;
  std::string D = demangle(F.getName().str());
  if (D.find(">::operator()()") == std::string::npos)
    return false;
  for (const char *Prefix : kWeakRandomEngines)
    if (compat::startsWith(D, Prefix))
      return true;
  return false;
}

void CredTaintInstrumenter::noteWeakRandomCall(CallBase &CB) {
  const Function *F = directCallee(CB);
  if (!F || CB.getType()->isVoidTy() || !CB.getType()->isSized())
    return;
  if (inList(kWeakRandomFunctions, F->getName()) || isWeakRandomEngineCall(*F))
    WeakRandomCalls.push_back(&CB);
}

void CredTaintInstrumenter::emitWeakRandomHook(CallBase *CB) {
  Function *F = CB->getFunction();
  IRBuilder<> Entry(&*F->getEntryBlock().getFirstInsertionPt());
  AllocaInst *Slot =
      Entry.CreateAlloca(CB->getType(), nullptr, "credtaint.weak_random");
  IRBuilder<> B(insertionPointAfter(CB));
  StoreInst *Store = B.CreateStore(CB, Slot);
  uint64_t Size = M.getDataLayout().getTypeStoreSize(CB->getType());
  B.CreateCall(Hooks.SourceWeakRandom,
               {B.CreatePointerCast(Slot, compat::bytePtrTy(C)),
                ConstantInt::get(Type::getInt64Ty(C), Size)});
  LoadInst *Labelled = B.CreateLoad(CB->getType(), Slot);
  CB->replaceUsesWithIf(Labelled, [&](Use &U) { return U.getUser() != Store; });
  ++NumWeakRandomHooks;
}

std::optional<unsigned> CredTaintInstrumenter::heuristicRow(const Function &F) {
  // The words below are letters and digits of the function's own name,
  // which its symbol spells as the source does (the demangler adds only
  // punctuation and keywords none of them is in): a symbol without one
  // needs no demangling, and almost none has one.
  StringRef Symbol = F.getName();
  if (!Symbol.contains_insensitive("md4") &&
      !Symbol.contains_insensitive("md5") &&
      !Symbol.contains_insensitive("sha1") &&
      !Symbol.contains_insensitive("rc4") &&
      !Symbol.contains_insensitive("des"))
    return std::nullopt;
  std::string Name = readableFunctionName(F);
  Name = Name.substr(Name.rfind(':') == std::string::npos ? 0 : Name.rfind(':') + 1);
  std::string Lower = toLower(Name);
  auto Word = [&](const char *W) { // W bounded by non-letters
    for (size_t P = Lower.find(W); P != std::string::npos; P = Lower.find(W, P + 1)) {
      size_t E = P + std::strlen(W);
      bool Left = P == 0 || !std::isalpha(static_cast<unsigned char>(Lower[P - 1])) ||
                  std::isupper(static_cast<unsigned char>(Name[P]));
      bool Right = E == Lower.size() || !std::isalpha(static_cast<unsigned char>(Lower[E])) ||
                   std::isupper(static_cast<unsigned char>(Name[E]));
      if (Left && Right)
        return true;
    }
    return false;
  };
  const char *Algo = Word("md4") ? "md4" : Word("md5") ? "md5"
                   : Word("sha1") ? "sha1" : Word("rc4") ? "rc4"
                   : (Word("des") || Word("3des")) ? "des" : nullptr;
  if (!Algo)
    return std::nullopt;
  auto It = sinkIndex().find(std::string(kHeuristicSinkPrefix) + Algo);
  if (It == sinkIndex().end())
    return std::nullopt;
  return It->second;
}

void CredTaintInstrumenter::noteHeuristicFunction(Function &F) {
  const DISubprogram *SP = F.getSubprogram();
  if (SP && compat::startsWith(SP->getDirectory(), "/usr/"))
    return; // system headers are not hand-written crypto of the program
  if (std::optional<unsigned> Row = heuristicRow(F))
    HeuristicFunctions.push_back({&F, *Row});
}

void CredTaintInstrumenter::emitHeuristicHooks(Function &F, unsigned Row) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  Type *Ptr = compat::bytePtrTy(C), *I64 = Type::getInt64Ty(C);
  Instruction &At = *B.GetInsertPoint();
  for (unsigned I = 0; I + 1 < F.arg_size(); ++I) {
    Argument *Data = F.getArg(I), *Len = F.getArg(I + 1);
    if (!Data->getType()->isPointerTy() || !Len->getType()->isIntegerTy())
      continue;
    B.CreateCall(Hooks.SinkBuf,
                 {B.CreatePointerCast(Sites.siteFor(At), Ptr),
                  ConstantInt::get(Type::getInt32Ty(C), Row),
                  ConstantInt::get(I64, 0), B.CreatePointerCast(Data, Ptr),
                  B.CreateZExtOrTrunc(Len, I64)});
    ++NumHeuristicHooks;
  }
}

namespace {


/// DFSan renames every instrumented function NAME to NAME.dfsan but leaves it
/// in its COMDAT group NAME. A prebuilt, uninstrumented object with the same
/// inline function (libgtest.a and std::string's operator+) has a group NAME
/// too; the linker keeps only the first, ours, and the uninstrumented calls
/// to NAME resolve to address 0. Groups that hold only functions get their
/// own name, so both copies survive (they are weak: no duplicate symbols).
bool separateFunctionComdats(Module &M) {
  std::map<Comdat *, bool> OnlyFunctions;
  for (GlobalObject &GO : M.global_objects())
    if (Comdat *C = GO.getComdat()) {
      auto It = OnlyFunctions.try_emplace(C, true).first;
      It->second = It->second && isa<Function>(GO);
    }
  std::map<Comdat *, Comdat *> Renamed;
  for (auto &[C, Only] : OnlyFunctions)
    if (Only) {
      Comdat *N = M.getOrInsertComdat((C->getName() + ".dfsan").str());
      N->setSelectionKind(C->getSelectionKind());
      Renamed[C] = N;
    }
  for (Function &F : M)
    if (Comdat *C = F.getComdat())
      if (auto It = Renamed.find(C); It != Renamed.end())
        F.setComdat(It->second);
  return !Renamed.empty();
}

struct CredTaintPass : PassInfoMixin<CredTaintPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    bool Changed = separateFunctionComdats(M);
    if (!CredTaintInstrumenter(M).run() && !Changed)
      return PreservedAnalyses::all();
    return PreservedAnalyses::none();
  }
  // Instrumentation must happen at -O0 too.
  static bool isRequired() { return true; }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "credtaint", LLVM_VERSION_STRING,
          [](PassBuilder &PB) {
            PB.registerPipelineStartEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(CredTaintPass());
                });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name != "credtaint")
                    return false;
                  MPM.addPass(CredTaintPass());
                  return true;
                });
          }};
}
