//===- ConsumerLiterals.cpp - literals handed to an API that takes a secret ===//

#include "ConsumerLiterals.h"
#include "DeclShape.h"

#include "credtaint/catalog/catalog.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>

using namespace clang;

namespace credtaint::plugin {

namespace {

/// How far a variable may be followed to the variable it was copied from.
constexpr int kMaxAliases = 4;

/// The functions that copy their second argument's bytes into their first,
/// and whether the third is a count of bytes (a wide copy counts wchar_t).
struct CopyFunction {
  llvm::StringLiteral Name;
  bool ByteCount;
};
constexpr CopyFunction kCopies[] = {
    {"strcpy", false},  {"stpcpy", false},   {"wcscpy", false},
    {"strncpy", true},  {"stpncpy", true},   {"strlcpy", true},
    {"wcsncpy", false}, {"memcpy", true},    {"memmove", true},
    {"wmemcpy", false}, {"__builtin_memcpy", true},
    {"__builtin_memmove", true}, {"__builtin_strcpy", false},
    {"__builtin_strncpy", true}};

const CopyFunction *copyFunction(const FunctionDecl *F) {
  if (!F || !F->getIdentifier() || isa<CXXMethodDecl>(F))
    return nullptr;
  for (const CopyFunction &C : kCopies)
    if (F->getName() == C.Name)
      return &C;
  return nullptr;
}

/// Whether a call's callee is in consumers.def, by name as the pass finds
/// it; member functions are never the C APIs of the catalog.
bool isConsumer(const FunctionDecl *F) {
  if (!F || !F->getIdentifier() || isa<CXXMethodDecl>(F))
    return false;
  for (const ConsumerInfo &Row : kConsumers)
    if (F->getName() == Row.symbol)
      return true;
  return false;
}

bool isStdString(const ASTContext &Ctx, QualType T) {
  T = T.getNonReferenceType();
  return stdTemplateOverBytes(Ctx, T, "basic_string") ||
         stdTemplateOverBytes(Ctx, T, "basic_string_view");
}

/// Parentheses, casts and C++ temporaries around a value.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *F = dyn_cast<FullExpr>(Next))
      Next = F->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

/// E's value when it is an integer constant (never asks a template's
/// dependent expression, which has none).
std::optional<uint64_t> constantOf(const ASTContext &Ctx, const Expr *E) {
  Expr::EvalResult R;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getLimitedValue();
}

/// Functions that write more than one value into their first argument
/// (appending, formatting): after one, a literal copied there before is no
/// longer all the buffer holds.
constexpr llvm::StringLiteral kMixers[] = {
    "strcat",  "strncat",  "strlcat",  "wcscat",    "wcsncat",
    "sprintf", "snprintf", "vsprintf", "vsnprintf", "swprintf"};

bool isMixer(const FunctionDecl *F) {
  return F && F->getIdentifier() && !isa<CXXMethodDecl>(F) &&
         llvm::is_contained(kMixers, F->getName());
}

/// The local variable an expression points into: `buf`, `(char *)buf`,
/// `&buf[i]`, `buf + n`. Offset says whether it may point past the start.
const VarDecl *localHolder(const ASTContext &Ctx, const Expr *E, bool &Offset) {
  Offset = false;
  for (int Step = 0; Step < 8; ++Step) {
    E = strip(E);
    const Expr *Base = nullptr;
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_AddrOf)
        break;
      const auto *A = dyn_cast<ArraySubscriptExpr>(strip(U->getSubExpr()));
      if (!A)
        break;
      Base = A->getBase();
      if (constantOf(Ctx, A->getIdx()) != uint64_t(0))
        Offset = true;
    } else if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (!B->isAdditiveOp() || !B->getLHS()->getType()->isPointerType())
        break;
      Base = B->getLHS();
      Offset = true;
    }
    if (!Base)
      break;
    E = Base;
  }
  const auto *DR = dyn_cast<DeclRefExpr>(E);
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  // A global's stores may happen in any function; the run time sees those.
  // Only a pointer, an array or an object (std::string) can hold a literal.
  if (!V || !V->isLocalVarDecl())
    return nullptr;
  QualType T = V->getType();
  return T->isPointerType() || T->isArrayType() || T->isRecordType() ? V
                                                                     : nullptr;
}

} // namespace

/// Walks every function body of a declaration, recording what the finder
/// needs; nothing is judged here.
class ConsumerCollector : public RecursiveASTVisitor<ConsumerCollector> {
public:
  explicit ConsumerCollector(ConsumerLiterals &Out) : Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitCallExpr(CallExpr *Call) {
    const ASTContext &Ctx = Out.Ctx;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
      // s = "literal" on a std::string; s += x changes it.
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        store(Op->getArg(0), Op->getArg(1), Op->getBeginLoc());
      else if (Op->getOperator() == OO_PlusEqual && Op->getNumArgs() >= 1)
        mix(Op->getArg(0), Op->getBeginLoc());
      return true;
    }
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = M->getMethodDecl();
      if (!Method || !Method->getIdentifier() ||
          !isStdString(Ctx, M->getObjectType()))
        return true;
      llvm::StringRef Name = Method->getName();
      if (Name == "assign" && M->getNumArgs() >= 1)
        store(M->getImplicitObjectArgument(), M->getArg(0), M->getBeginLoc());
      else if (Name == "append" || Name == "push_back" || Name == "insert" ||
               Name == "replace" || Name == "resize" || Name == "erase")
        mix(M->getImplicitObjectArgument(), M->getBeginLoc());
      return true;
    }
    if (isMixer(Call->getDirectCallee()) && Call->getNumArgs() >= 1) {
      mix(Call->getArg(0), Call->getBeginLoc());
      return true;
    }
    if (const CopyFunction *C = copyFunction(Call->getDirectCallee())) {
      if (Call->getNumArgs() < 2)
        return true;
      std::optional<uint64_t> Limit;
      if (C->ByteCount && Call->getNumArgs() >= 3)
        Limit = constantOf(Out.Ctx, Call->getArg(2));
      store(Call->getArg(0), Call->getArg(1), Call->getBeginLoc(), Limit);
      return true;
    }
    Out.recordCall(Call);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    const Expr *L = strip(B->getLHS());
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(L);
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(L))
      mix(A->getBase(), B->getBeginLoc()); // buf[i] = c
    else if (Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() >= 1)
      mix(Op->getArg(0), B->getBeginLoc()); // s[i] = c
    else if (B->getOpcode() == BO_Assign)
      store(B->getLHS(), B->getRHS(), B->getBeginLoc());
    else if (B->isCompoundAssignmentOp())
      mix(B->getLHS(), B->getBeginLoc()); // p += n
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      mix(U->getSubExpr(), U->getBeginLoc()); // p++
    return true;
  }

private:
  /// A whole value stored into a local: a literal or constant array is
  /// recorded, anything else is not (the literal stored before may still be
  /// what reaches the call, on another path).
  void store(const Expr *To, const Expr *From, SourceLocation At,
             std::optional<uint64_t> Limit = std::nullopt) {
    bool Offset = false;
    const VarDecl *V = localHolder(Out.Ctx, To, Offset);
    if (!V)
      return;
    if (Offset)
      return mix(To, At);
    if (const Expr *Value = Out.valueSource(From))
      Out.recordStore(V, Value, At, Limit);
  }

  /// A part of a local written, or more appended to it: what it held
  /// before is no longer a literal's bytes alone.
  void mix(const Expr *To, SourceLocation At) {
    bool Offset = false;
    if (const VarDecl *V = localHolder(Out.Ctx, To, Offset))
      Out.recordStore(V, nullptr, At, std::nullopt);
  }

  ConsumerLiterals &Out;
};

void ConsumerLiterals::collect(Decl *D) {
  SourceManager &SM = Ctx.getSourceManager();
  if (!D || SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
    return;
  ConsumerCollector(*this).TraverseDecl(D);
}

void ConsumerLiterals::resolve() {
  for (const CallExpr *Call : Calls) {
    unsigned Index = 0;
    const ConsumerInfo *Row = rowFor(Call, Index);
    if (!Row || Row->dataArg < 0 || unsigned(Row->dataArg) >= Call->getNumArgs())
      continue;
    std::optional<uint64_t> Limit;
    if (Row->shape == ConsumerShape::Buf && Row->lenArg >= 0 &&
        unsigned(Row->lenArg) < Call->getNumArgs())
      Limit = constantOf(Ctx, Call->getArg(Row->lenArg));
    if (const Expr *Value = valueSource(Call->getArg(Row->dataArg)))
      bind(Value, Index, Call->getBeginLoc(), Limit, 0);
  }
  Calls.clear();
}

const Expr *ConsumerLiterals::canonical(const Expr *Value) {
  if (const auto *IL = dyn_cast_or_null<InitListExpr>(Value))
    if (!IL->isSemanticForm() && IL->getSemanticForm())
      return IL->getSemanticForm();
  return Value;
}

const ConsumerUse *ConsumerLiterals::find(const Expr *Value) const {
  auto It = Uses.find(canonical(Value));
  return It == Uses.end() ? nullptr : &It->second;
}

void ConsumerLiterals::recordStore(const VarDecl *V, const Expr *Value,
                                   SourceLocation At,
                                   std::optional<uint64_t> Limit) {
  Stores[V].push_back({Value, At, Limit});
}

void ConsumerLiterals::recordCall(const CallExpr *Call) {
  if (isConsumer(Call->getDirectCallee()))
    Calls.push_back(Call);
}

/// The row a consumer call takes a secret under, as the run time picks it:
/// the first of its callee's rows with no condition, or whose AuxArg is the
/// constant AuxValue (pam_set_item's PAM_AUTHTOK). A cipher key row's AuxArg
/// is the cipher, no condition. An AuxArg that is no constant is left to the
/// run time.
const ConsumerInfo *ConsumerLiterals::rowFor(const CallExpr *Call,
                                             unsigned &Index) const {
  const FunctionDecl *F = Call->getDirectCallee();
  for (Index = 0; Index < kNumConsumers; ++Index) {
    const ConsumerInfo &Row = kConsumers[Index];
    if (F->getName() != Row.symbol)
      continue;
    if (Row.shape == ConsumerShape::CipherKey || Row.auxArg < 0)
      return &Row;
    if (unsigned(Row.auxArg) >= Call->getNumArgs())
      continue;
    std::optional<uint64_t> Aux = constantOf(Ctx, Call->getArg(Row.auxArg));
    if (Aux && int64_t(*Aux) == Row.auxValue)
      return &Row;
  }
  return nullptr;
}

void ConsumerLiterals::bind(const Expr *Value, unsigned Row, SourceLocation Call,
                            std::optional<uint64_t> Limit, int Depth) {
  if (isa<StringLiteral>(Value) || isa<InitListExpr>(Value)) {
    Uses.emplace(Value, ConsumerUse{Row, Limit});
    return;
  }
  const auto *DR = dyn_cast<DeclRefExpr>(Value);
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  // A parameter's value is its callers'.
  if (!V || isa<ParmVarDecl>(V) || Depth > kMaxAliases)
    return;
  SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                        SM.getExpansionLoc(B));
  };
  static const std::vector<Store> None;
  auto It = Stores.find(V);
  const std::vector<Store> &Own = It == Stores.end() ? None : It->second;
  // Only what was stored after the last partial write before the call is
  // all the call can be given.
  std::optional<SourceLocation> Mixed;
  for (const Store &S : Own)
    if (!S.Value && Before(S.At, Call) && (!Mixed || Before(*Mixed, S.At)))
      Mixed = S.At;
  if (const Expr *Init = V->getInit(); Init && !Mixed)
    if (const Expr *From = valueSource(Init))
      // An array's elements are the program's constant only when the array
      // is const: `unsigned char k[32] = {0}` is a buffer filled later.
      if (!isa<InitListExpr>(From) || V->getType().isConstant(Ctx) ||
          V->isConstexpr())
        bind(From, Row, Call, Limit, Depth + 1);
  for (const Store &S : Own) {
    if (!S.Value || !Before(S.At, Call) || (Mixed && Before(S.At, *Mixed)))
      continue;
    std::optional<uint64_t> L = Limit;
    if (S.Limit)
      L = L ? std::min(*L, *S.Limit) : *S.Limit;
    bind(S.Value, Row, Call, L, Depth + 1);
  }
}

const Expr *ConsumerLiterals::valueSource(const Expr *E) const {
  for (int Step = 0; E && Step < 16; ++Step) {
    E = strip(E);
    if (isa<StringLiteral>(E))
      return E;
    if (const auto *IL = dyn_cast<InitListExpr>(canonical(E))) {
      // `char buf[] = {"literal"}` is the literal.
      if (IL->getNumInits() == 1 && isa<StringLiteral>(strip(IL->getInit(0))))
        return strip(IL->getInit(0));
      const auto *AT = Ctx.getAsConstantArrayType(IL->getType());
      if (!AT || !isByteLike(Ctx, AT->getElementType()))
        return nullptr;
      for (const Expr *Init : IL->inits())
        if (!constantOf(Ctx, Init))
          return nullptr;
      return IL;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      return isa<VarDecl>(DR->getDecl()) ? E : nullptr;
    if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E)) {
      // (const unsigned char[]){0x4b, ...} written at the call.
      E = CL->getInitializer();
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
      // std::string from a literal, or copied from another string.
      if (C->getNumArgs() < 1 || !isStdString(Ctx, C->getType()))
        return nullptr;
      E = C->getArg(0);
      continue;
    }
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = M->getMethodDecl();
      if (!Method || !Method->getIdentifier() ||
          (Method->getName() != "c_str" && Method->getName() != "data") ||
          !isStdString(Ctx, M->getObjectType()))
        return nullptr;
      E = M->getImplicitObjectArgument();
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      // &buf[0]
      const auto *A = U->getOpcode() == UO_AddrOf
                          ? dyn_cast<ArraySubscriptExpr>(strip(U->getSubExpr()))
                          : nullptr;
      std::optional<uint64_t> I = A ? constantOf(Ctx, A->getIdx()) : std::nullopt;
      if (!I || *I != 0)
        return nullptr;
      E = A->getBase();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

std::string ConsumerLiterals::bytes(const Expr *Value,
                                    const ConsumerUse &U) const {
  const ConsumerInfo &Row = kConsumers[U.Row];
  std::string Out;
  bool Narrow = true;
  if (const auto *S = dyn_cast<StringLiteral>(Value)) {
    Narrow = S->getCharByteWidth() == 1;
    Out = S->getBytes().str();
  } else if (const auto *IL = dyn_cast<InitListExpr>(Value)) {
    for (const Expr *Init : IL->inits())
      Out.push_back(char(constantOf(Ctx, Init).value_or(0)));
    // Elements left out of the braces are zero.
    if (const auto *AT = Ctx.getAsConstantArrayType(IL->getType()))
      if (AT->getSize().getZExtValue() > Out.size())
        Out.resize(AT->getSize().getZExtValue(), '\0');
  }
  // A C string ends at its NUL; a wide literal cast to char * is its code
  // units, as the API receives them.
  if ((Row.shape == ConsumerShape::CStr || Row.shape == ConsumerShape::UserPass) &&
      Narrow)
    Out = Out.substr(0, Out.find('\0'));
  // "user:password": the secret is what follows the first ':', as at run
  // time; without one there is none.
  if (Row.shape == ConsumerShape::UserPass) {
    size_t Colon = Out.find(':');
    Out = Colon == std::string::npos ? std::string() : Out.substr(Colon + 1);
  }
  if (U.Limit && *U.Limit < Out.size())
    Out.resize(*U.Limit);
  return Out;
}

} // namespace credtaint::plugin
