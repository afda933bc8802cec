//===- Instrumenter.h - the pass's view of one module -----------*- C++ -*-===//
//
// CredTaintInstrumenter finds, in one module, where credentials are set
// (sources), where bytes leave (sinks), what network calls say about where
// they go, and what the project's credtaint.json names, then inserts the
// runtime hooks. Its work is split by stage: CredTaintPass.cpp (sources,
// getenv, weak randomness, hand-written crypto, the pass itself),
// SinkHooks.cpp (catalog sinks and network facts) and ProjectHooks.cpp
// (credtaint.json functions, secret literals).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PASS_INSTRUMENTER_H
#define CREDTAINT_PASS_INSTRUMENTER_H

#include "Annotations.h"
#include "Compat.h"
#include "ProjectSupport.h"
#include "SiteTable.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/runtime_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace credtaint::pass {

using namespace llvm;

/// The runtime entry points, declared once per module.
struct RuntimeHooks {
  FunctionCallee SourceDecl, SourceEnv, SourceWeakRandom, SourceNetFact,
      SourceDeclassify, SourceResult, SourceRead, SourceMapped, SourceConsumed,
      SourceDerived, SourceCleanse;
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
    SourceRead = Get("__credtaint_source_read", {Ptr}, false);
    SourceMapped = Get("__credtaint_source_mapped", {Ptr, I64, I64, I64}, false);
    SourceDerived =
        Get("__credtaint_source_derived", {Ptr, I32, Ptr, I64, Ptr, I64}, false);
    SourceConsumed = Get("__credtaint_source_consumed", {Ptr, I32, Ptr, I64, I64}, false);
    SourceCleanse = Get("__credtaint_source_cleanse", {Ptr, I64}, false);
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

inline bool isRuntimeFunction(const Function *F) {
  return F && compat::startsWith(F->getName(), "__credtaint_");
}

inline bool isDestructor(const Function *F) {
  if (!F)
    return false;
  StringRef N = F->getName();
  return compat::endsWith(N, "D0Ev") || compat::endsWith(N, "D1Ev") ||
         compat::endsWith(N, "D2Ev");
}

inline const Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

/// Where code that must run "right after" I goes: after a call, or at the
/// start of an invoke's normal destination (split off when it is shared).
inline Instruction *insertionPointAfter(Instruction *I) {
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

  bool run();

private:
  // --- sources -----------------------------------------------------------

  void collectAnnotatedStorage();

  /// Every instruction that may set the value stored at Storage (reached
  /// through V, a pointer derived from it).
  void collectSetPoints(Value *V, Value *Storage, Constant *Decl);

  static bool isSetterCall(const CallBase &CB, const Value *P);

  void addSourcePoint(Instruction *I, Constant *Decl, Value *Storage);

  void emitSourceHook(Instruction *I, Constant *Decl, Value *Storage);

  void emitResultHook(ReturnInst *Ret, Constant *Decl);

  void callSource(IRBuilder<> &B, const Instruction &At, Constant *Decl,
                  Value *Storage);

  /// Globals whose value is in their initializer (char arrays, pointers to
  /// literals) are registered by a module constructor.
  void emitGlobalInitializerHooks();

  /// An instruction that uses V (directly or through constant expressions),
  /// to name where a literal is in the source.
  static const Instruction *firstInstructionUsing(const Value *V);

  // --- getenv ------------------------------------------------------------

  void noteEnvCall(CallBase &CB);

  void emitEnvHook(CallBase *CB);

  // --- weak randomness ---------------------------------------------------

  template <size_t N>
  static bool inList(const char *const (&List)[N], StringRef Name) {
    for (const char *X : List)
      if (Name == X)
        return true;
    return false;
  }

  static bool isWeakRandomEngineCall(const Function &F);

  void noteWeakRandomCall(CallBase &CB);

  /// A reader (sources.def's CREDTAINT_READ_SOURCE): its buffer is labelled
  /// again after the call.
  void noteReadCall(CallBase &CB);
  void emitReadHook(CallBase *CB, const ReadSourceInfo &R);
  void emitMapHook(CallBase *CB);
  void emitDerivationHook(CallBase *CB, unsigned Row);

  /// A call to a function that clears memory on purpose (cleansers.def):
  /// the labels of what it overwrites are cleared before the call.
  void noteCleanseCall(CallBase &CB, const Function &Callee);
  void emitCleanseHook(CallBase *CB, const CleanserInfo &R);

  /// A call to an API parameter that takes a secret (consumers.def).
  static const std::map<std::string, unsigned, std::less<>> &consumerIndex();
  void emitConsumerHook(CallBase *CB, unsigned Row);

  /// The result goes through a stack slot the runtime labels, so DFSan
  /// carries the label from the reload to every use.
  void emitWeakRandomHook(CallBase *CB);

  // --- hand-written crypto -----------------------------------------------

  /// The heuristic sink row for a function whose name says a weak
  /// algorithm ("md5_update", "Sha1Block", "rc4_crypt", "des_encrypt").
  static std::optional<unsigned> heuristicRow(const Function &F);

  void noteHeuristicFunction(Function &F);

  void emitHeuristicHooks(Function &F, unsigned Row);

  // --- sinks -------------------------------------------------------------

  void collectCalls(Function &F);

  /// Whether a call to F can need a hook at all: its name is in one of the
  /// catalogs, it is a weak-random engine, or credtaint.json names it.
  /// Answered once per callee: most calls (a unit's inline library code)
  /// go to functions nothing names, and the rest of a call's checks are
  /// about its own arguments.
  bool calleeMayNeedHook(const Function &F);

  /// Every symbol a catalog table names (sinks, consumers, network facts,
  /// getenv, readers, derivations, mmap, cleansers, weak random).
  static const StringSet<> &catalogSymbols();

  static const std::map<std::string, unsigned, std::less<>> &factIndex();

  void emitNetFactHook(CallBase *CB, unsigned Row);

  /// The strings of a variadic argument list from operand First on, as a
  /// NULL-terminated array in a stack slot (execl's argv).
  Value *argListArray(IRBuilder<> &B, CallBase *CB, unsigned First,
                      unsigned End);

  static const std::map<std::string, unsigned, std::less<>> &sinkIndex();

  Value *intArg(IRBuilder<> &B, CallBase *CB, int Index, Type *To);

  /// The hook of row Row for call CB, described by S (the row itself, or a
  /// project row with the config's arguments); Target overrides the row's
  /// target argument.
  void emitSinkHook(CallBase *CB, unsigned Row, const SinkInfo &S,
                    Value *Target = nullptr);

  // --- the project's functions and literals (credtaint.json) -----------

  /// The runtime reads the credtaint.json the program was built with
  /// (runtime/core/Project.h): every module names it, the linker keeps one.
  bool recordConfigPath();

  void noteProjectCall(CallBase &CB, const Function &Callee);

  /// readableFunctionName(F), demangled once per function.
  const std::string &readableName(const Function &F);

  /// The config's type of argument Arg, or the one the signature says.
  static DataType argumentType(const ConfigFunction &F, const CallBase &CB,
                               unsigned Arg);

  void warnUntyped(const ConfigFunction &F, const char *What);

  static unsigned projectSinkRow(DataType T, SinkUse Use);

  /// A credtaint_project_target for CB (the function's name and its
  /// target_arg), in a slot of the caller's frame.
  Value *projectTarget(CallBase *CB, const ConfigFunction &F);

  void emitProjectSinkHook(CallBase *CB, const ConfigFunction &F);

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
                                             const ConfigFunction &F);

  Constant *producedDecl(const ConfigFunction &F, const ProducedBytes &P,
                         const std::string &Name);

  void emitProjectSourceHook(CallBase *CB, const ConfigFunction &F);

  void emitDeclassifyHook(CallBase *CB, const ConfigFunction &F);

  /// Constant strings a rule calls credentials, except those already stored
  /// into a tagged declaration (that declaration's hook names them better).
  void collectSecretLiterals();

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
  std::vector<CallBase *> EnvCalls, WeakRandomCalls, MapCalls;
  std::vector<std::pair<CallBase *, const ReadSourceInfo *>> ReadCalls;
  std::vector<std::pair<CallBase *, const CleanserInfo *>> CleanseCalls;
  std::vector<std::pair<CallBase *, unsigned>> ConsumerCalls, DerivationCalls;
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
  DenseMap<const Function *, bool> CalleeMayNeedHook;
  DenseMap<const Function *, std::string> ReadableNames;
};

} // namespace credtaint::pass

#endif
