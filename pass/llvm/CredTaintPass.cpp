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
//    labelled weak-random by __credtaint_source_weak_random.
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

#include "Annotations.h"
#include "Compat.h"
#include "ProjectSupport.h"
#include "SiteTable.h"

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
STATISTIC(NumSinkHooks, "Sink hooks inserted before catalog calls");
STATISTIC(NumWeakRandomHooks, "Weak-random results labelled");
STATISTIC(NumHeuristicHooks, "Hand-written crypto functions hooked");
STATISTIC(NumNetFactHooks, "Network fact hooks inserted");
STATISTIC(NumProjectHooks, "Hooks for credtaint.json sources, sinks, declassifiers");
STATISTIC(NumSecretLiterals, "Hardcoded secret literals labelled at run time");

namespace {

/// The runtime entry points, declared once per module.
struct RuntimeHooks {
  FunctionCallee SourceDecl, SourceEnv, SourceWeakRandom, SourceNetFact,
      SourceDeclassify, SourceResult;
  FunctionCallee SinkBuf, SinkCStr, SinkChar, SinkFormat, SinkVFormat, SinkIov,
      SinkString, SinkCipherKey, SinkKdf, SinkParams, SinkMsg, SinkArgv,
      SinkCurlOpt, SinkHandle;

  explicit RuntimeHooks(Module &M) {
    LLVMContext &C = M.getContext();
    Type *Void = Type::getVoidTy(C), *Ptr = compat::bytePtrTy(C);
    Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
    auto Get = [&](const char *Name, ArrayRef<Type *> Params, bool VarArg) {
      return M.getOrInsertFunction(Name,
                                   FunctionType::get(Void, Params, VarArg));
    };
    SourceDecl = Get("__credtaint_source_decl", {Ptr, Ptr, Ptr}, false);
    SourceEnv = Get("__credtaint_source_env", {Ptr, Ptr, Ptr}, false);
    SourceWeakRandom = Get("__credtaint_source_weak_random", {Ptr, I64}, false);
    SourceNetFact = Get("__credtaint_source_net_fact",
                        {I32, I64, I64, I64, I64, I64}, false);
    SourceDeclassify =
        Get("__credtaint_source_declassify", {Ptr, Ptr, I64}, false);
    SourceResult = Get("__credtaint_source_result", {Ptr, Ptr, Ptr, I64}, false);
    SinkBuf = Get("__credtaint_sink_buf", {Ptr, I32, I64, Ptr, I64}, false);
    SinkCStr = Get("__credtaint_sink_cstr", {Ptr, I32, I64, Ptr}, false);
    SinkChar = Get("__credtaint_sink_char", {Ptr, I32, I64, I32}, false);
    SinkFormat = Get("__credtaint_sink_format", {Ptr, I32, I64, Ptr}, true);
    SinkVFormat = Get("__credtaint_sink_vformat", {Ptr, I32, I64, Ptr, Ptr}, false);
    SinkIov = Get("__credtaint_sink_iov", {Ptr, I32, I64, Ptr, I64}, false);
    SinkString = Get("__credtaint_sink_string", {Ptr, I32, I64, Ptr}, false);
    SinkCipherKey =
        Get("__credtaint_sink_cipher_key", {Ptr, I32, I64, I64, Ptr}, false);
    SinkKdf = Get("__credtaint_sink_kdf", {Ptr, I32, I64, Ptr, I64, I64}, false);
    SinkParams = Get("__credtaint_sink_params", {Ptr, I32, I64, Ptr}, false);
    SinkMsg = Get("__credtaint_sink_msg", {Ptr, I32, I64, Ptr}, false);
    SinkArgv = Get("__credtaint_sink_argv", {Ptr, I32, I64, Ptr, Ptr}, false);
    SinkCurlOpt =
        Get("__credtaint_sink_curl_opt", {Ptr, I32, I64, I64, I64}, false);
    SinkHandle = Get("__credtaint_sink_handle", {Ptr, I32, I64, Ptr}, false);
  }
};

bool isRuntimeFunction(const Function *F) {
  return F && compat::startsWith(F->getName(), "__credtaint_");
}

bool isDestructor(const Function *F) {
  if (!F)
    return false;
  StringRef N = F->getName();
  return compat::endsWith(N, "D0Ev") || compat::endsWith(N, "D1Ev") ||
         compat::endsWith(N, "D2Ev");
}

const Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

/// Where code that must run "right after" I goes: after a call, or at the
/// start of an invoke's normal destination (split off when it is shared).
Instruction *insertionPointAfter(Instruction *I) {
  if (auto *II = dyn_cast<InvokeInst>(I)) {
    BasicBlock *Normal = II->getNormalDest();
    if (!Normal->getSinglePredecessor())
      Normal = SplitEdge(II->getParent(), Normal);
    return &*Normal->getFirstInsertionPt();
  }
  return I->getNextNode();
}

class CredTaintInstrumenter {
public:
  explicit CredTaintInstrumenter(Module &M)
      : M(M), C(M.getContext()), Hooks(M), Sites(M), Decls(M), Project(M) {}

  bool run() {
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
    for (auto &[F, Row] : HeuristicFunctions)
      emitHeuristicHooks(*F, Row);
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

private:
  // --- sources -----------------------------------------------------------

  void collectAnnotatedStorage() {
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

  /// Every instruction that may set the value stored at Storage (reached
  /// through V, a pointer derived from it).
  void collectSetPoints(Value *V, Value *Storage, Constant *Decl) {
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

  static bool isSetterCall(const CallBase &CB, const Value *P) {
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

  void addSourcePoint(Instruction *I, Constant *Decl, Value *Storage) {
    if (!SetPointsSeen.insert({I, Decl}).second)
      return;
    SourcePoints.push_back({I, Decl, Storage});
  }

  void emitSourceHook(Instruction *I, Constant *Decl, Value *Storage) {
    IRBuilder<> B(insertionPointAfter(I));
    callSource(B, *I, Decl, Storage);
  }

  void emitResultHook(ReturnInst *Ret, Constant *Decl) {
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

  void callSource(IRBuilder<> &B, const Instruction &At, Constant *Decl,
                  Value *Storage) {
    Type *Ptr = compat::bytePtrTy(C);
    B.CreateCall(Hooks.SourceDecl,
                 {B.CreatePointerCast(Sites.siteFor(At), Ptr),
                  B.CreatePointerCast(Decl, Ptr),
                  B.CreatePointerCast(Storage, Ptr)});
    ++NumSourceHooks;
  }

  /// Globals whose value is in their initializer (char arrays, pointers to
  /// literals) are registered by a module constructor.
  void emitGlobalInitializerHooks() {
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

  /// An instruction that uses V (directly or through constant expressions),
  /// to name where a literal is in the source.
  static const Instruction *firstInstructionUsing(const Value *V) {
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

  // --- getenv ------------------------------------------------------------

  void noteEnvCall(CallBase &CB) {
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

  void emitEnvHook(CallBase *CB) {
    IRBuilder<> B(insertionPointAfter(CB));
    Type *Ptr = compat::bytePtrTy(C);
    B.CreateCall(Hooks.SourceEnv,
                 {B.CreatePointerCast(Sites.siteFor(*CB), Ptr),
                  B.CreatePointerCast(CB->getArgOperand(0), Ptr),
                  B.CreatePointerCast(CB, Ptr)});
    ++NumEnvHooks;
  }

  // --- weak randomness ---------------------------------------------------

  template <size_t N>
  static bool inList(const char *const (&List)[N], StringRef Name) {
    for (const char *X : List)
      if (Name == X)
        return true;
    return false;
  }

  static bool isWeakRandomEngineCall(const Function &F) {
    if (!compat::startsWith(F.getName(), "_ZNSt"))
      return false;
    std::string D = demangle(F.getName().str());
    if (D.find(">::operator()()") == std::string::npos)
      return false;
    for (const char *Prefix : kWeakRandomEngines)
      if (compat::startsWith(D, Prefix))
        return true;
    return false;
  }

  void noteWeakRandomCall(CallBase &CB) {
    const Function *F = directCallee(CB);
    if (!F || CB.getType()->isVoidTy() || !CB.getType()->isSized())
      return;
    if (inList(kWeakRandomFunctions, F->getName()) || isWeakRandomEngineCall(*F))
      WeakRandomCalls.push_back(&CB);
  }

  /// The result goes through a stack slot the runtime labels, so DFSan
  /// carries the label from the reload to every use.
  void emitWeakRandomHook(CallBase *CB) {
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

  // --- hand-written crypto -----------------------------------------------

  /// The heuristic sink row for a function whose name says a weak
  /// algorithm ("md5_update", "Sha1Block", "rc4_crypt", "des_encrypt").
  static std::optional<unsigned> heuristicRow(const Function &F) {
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
    std::string Symbol = std::string(kHeuristicSinkPrefix) + Algo;
    auto It = sinkIndex().find(Symbol);
    if (It == sinkIndex().end())
      return std::nullopt;
    return It->second;
  }

  void noteHeuristicFunction(Function &F) {
    const DISubprogram *SP = F.getSubprogram();
    if (SP && compat::startsWith(SP->getDirectory(), "/usr/"))
      return; // system headers are not hand-written crypto of the program
    if (std::optional<unsigned> Row = heuristicRow(F))
      HeuristicFunctions.push_back({&F, *Row});
  }

  void emitHeuristicHooks(Function &F, unsigned Row) {
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

  // --- sinks -------------------------------------------------------------

  void collectCalls(Function &F) {
    bool InsideSink = sinkIndex().count(F.getName()) != 0;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      noteEnvCall(*CB);
      noteWeakRandomCall(*CB);
      const Function *Callee = directCallee(*CB);
      // Inside the body of a sink (libstdc++'s operator<< for std::string is
      // inline on some versions), the call that reached it was checked.
      if (!Callee || InsideSink)
        continue;
      auto It = sinkIndex().find(Callee->getName());
      if (It != sinkIndex().end())
        SinkCalls.push_back({CB, It->second});
      else
        noteProjectCall(*CB, *Callee);
      auto Fact = factIndex().find(Callee->getName());
      if (Fact != factIndex().end())
        FactCalls.push_back({CB, Fact->second});
    }
  }

  static const std::map<std::string, unsigned, std::less<>> &factIndex() {
    static const std::map<std::string, unsigned, std::less<>> Index = [] {
      std::map<std::string, unsigned, std::less<>> M;
      for (unsigned I = 0; I < kNumNetFacts; ++I)
        M.emplace(kNetFacts[I].symbol, I);
      return M;
    }();
    return Index;
  }

  void emitNetFactHook(CallBase *CB, unsigned Row) {
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

  /// The strings of a variadic argument list from operand First on, as a
  /// NULL-terminated array in a stack slot (execl's argv).
  Value *argListArray(IRBuilder<> &B, CallBase *CB, unsigned First,
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

  static const std::map<std::string, unsigned, std::less<>> &sinkIndex() {
    static const std::map<std::string, unsigned, std::less<>> Index = [] {
      std::map<std::string, unsigned, std::less<>> M;
      for (unsigned I = 0; I < kNumSinks; ++I)
        M.emplace(kSinks[I].symbol, I);
      return M;
    }();
    return Index;
  }

  Value *intArg(IRBuilder<> &B, CallBase *CB, int Index, Type *To) {
    if (Index < 0 || unsigned(Index) >= CB->arg_size())
      return ConstantInt::get(To, 0);
    Value *V = CB->getArgOperand(Index);
    if (V->getType()->isPointerTy())
      return B.CreatePtrToInt(V, To);
    if (!V->getType()->isIntegerTy())
      return ConstantInt::get(To, 0); // a double or an aggregate: no object
    return B.CreateZExtOrTrunc(V, To);
  }

  /// The hook of row Row for call CB, described by S (the row itself, or a
  /// project row with the config's arguments); Target overrides the row's
  /// target argument.
  void emitSinkHook(CallBase *CB, unsigned Row, const SinkInfo &S,
                    Constant *Target = nullptr) {
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
    switch (S.shape) {
    case SinkShape::Buf: {
      Value *Len = S.lenArg < 0 ? ConstantInt::get(I64, S.fixedLen)
                                : intArg(B, CB, S.lenArg, I64);
      if (S.lenArg2 >= 0)
        Len = B.CreateMul(Len, intArg(B, CB, S.lenArg2, I64));
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
    }
    B.CreateCall(Hook, Args);
    ++NumSinkHooks;
  }

  // --- the project's functions and literals (credtaint.json) -----------

  /// The runtime reads the credtaint.json the program was built with
  /// (runtime/Project.h): every module names it, the linker keeps one.
  bool recordConfigPath() {
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

  void noteProjectCall(CallBase &CB, const Function &Callee) {
    std::string Readable = readableFunctionName(Callee);
    const ProjectConfig &Cfg = Project.Config;
    if (const ConfigFunction *F = Cfg.findSink(Readable, Callee.getName()))
      ProjectSinkCalls.push_back({&CB, F});
    if (const ConfigFunction *F = Cfg.findSource(Readable, Callee.getName()))
      ProjectSourceCalls.push_back({&CB, F});
    if (const ConfigFunction *F = Cfg.findDeclassifier(Readable, Callee.getName()))
      DeclassifierCalls.push_back({&CB, F});
  }

  /// The config's type of argument Arg, or the one the signature says.
  static DataType argumentType(const ConfigFunction &F, const CallBase &CB,
                               unsigned Arg) {
    if (F.Type != DataType::Infer)
      return F.Type;
    if (F.LengthArg >= 0)
      return DataType::Buf;
    const Function *Callee = directCallee(CB);
    return Callee ? inferParameterType(*Callee, Arg) : DataType::Infer;
  }

  void warnUntyped(const CallBase &CB, const ConfigFunction &F, const char *What) {
    std::string Msg = "credtaint: " + Project.Config.Path + ": cannot tell how " +
                      What + " of '" + F.Name +
                      "' carries bytes; give its \"type\" (cstr, string, buf)";
    C.diagnose(DiagnosticInfoInlineAsm(Msg, DS_Warning));
    (void)CB;
  }

  static unsigned projectSinkRow(DataType T) {
    const char *Symbol = T == DataType::String ? "__credtaint_project_log_string"
                         : T == DataType::Buf  ? "__credtaint_project_log_buf"
                         : T == DataType::Format
                             ? "__credtaint_project_log_format"
                             : "__credtaint_project_log_cstr";
    return sinkIndex().find(Symbol)->second;
  }

  void emitProjectSinkHook(CallBase *CB, const ConfigFunction &F) {
    unsigned Arg = unsigned(F.Arg);
    DataType T = argumentType(F, *CB, Arg);
    if (T == DataType::Infer)
      return warnUntyped(*CB, F, ("argument " + std::to_string(F.Arg)).c_str());
    unsigned Row = projectSinkRow(T);
    SinkInfo S = kSinks[Row];
    S.dataArg = F.Arg;
    S.lenArg = F.LengthArg;
    emitSinkHook(CB, Row, S,
                 compat::globalString(M, F.Name, "__credtaint_str"));
    ++NumProjectHooks;
  }

  /// Where the bytes a configured source or declassifier produces are, as
  /// a declaration shape for the runtime: an output argument, the
  /// struct-return slot, or the returned pointer spilled into a slot (then
  /// *Slot is set so a declassifier can reload the cleared value).
  struct ProducedBytes {
    Value *Storage = nullptr;
    uint8_t Shape = CREDTAINT_DECL_CHARS, Indirections = 0;
    Value *Length = nullptr; // Buf: bytes at Storage
    AllocaInst *Slot = nullptr;
  };

  std::optional<ProducedBytes> producedBytes(IRBuilder<> &B, CallBase *CB,
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
        warnUntyped(*CB, F, ("argument " + std::to_string(F.Arg)).c_str());
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
      return warnUntyped(*CB, F, "the result"), std::nullopt;
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

  Constant *producedDecl(const ConfigFunction &F, const ProducedBytes &P,
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

  void emitProjectSourceHook(CallBase *CB, const ConfigFunction &F) {
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

  void emitDeclassifyHook(CallBase *CB, const ConfigFunction &F) {
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

  /// Constant strings a rule calls credentials, except those already stored
  /// into a tagged declaration (that declaration's hook names them better).
  void collectSecretLiterals() {
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

  struct SourcePoint {
    Instruction *At; // the hook goes right after it
    Constant *Decl;
    Value *Storage;
  };

  Module &M;
  LLVMContext &C;
  RuntimeHooks Hooks;
  SiteTable Sites;
  DeclTable Decls;
  std::vector<SourcePoint> SourcePoints;
  std::set<std::pair<Instruction *, Constant *>> SetPointsSeen;
  std::vector<std::pair<ReturnInst *, Constant *>> ResultPoints;
  std::vector<std::pair<GlobalVariable *, Constant *>> InitializedGlobals;
  std::vector<CallBase *> EnvCalls, WeakRandomCalls;
  std::vector<std::pair<Function *, unsigned>> HeuristicFunctions;
  std::vector<std::pair<CallBase *, unsigned>> SinkCalls, FactCalls;
  ProjectSupport Project;
  std::vector<std::pair<CallBase *, const ConfigFunction *>> ProjectSinkCalls,
      ProjectSourceCalls, DeclassifierCalls;
  struct LiteralGlobal {
    GlobalVariable *Global;
    Constant *Bytes; // where the credential starts in it
    Constant *Decl;
  };
  std::vector<LiteralGlobal> LiteralGlobals;
};

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
