//===- HardcodedSecrets.cpp - hardcoded credentials in source -------------===//

#include "HardcodedSecrets.h"
#include "EmbeddedSidecar.h"
#include "RedactingDiagnostics.h"

#include "Fingerprint.h"
#include "Options.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/catalog/names.h"
#include "credtaint/support/Sidecar.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

using namespace clang;

namespace credtaint::plugin {

// --- inline suppressions ---------------------------------------------------

bool InlineSuppressions::HandleComment(Preprocessor &, SourceRange R) {
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(CharSourceRange::getCharRange(R), SM,
                                        LangOptions(), &Invalid);
  size_t At = Text.find("credtaint: ignore[");
  if (Invalid || At == StringRef::npos)
    return false;
  StringRef List = Text.substr(At + strlen("credtaint: ignore["));
  List = List.substr(0, List.find(']'));
  Entry E;
  E.Loc = R.getBegin();
  SmallVector<StringRef, 4> Ids;
  List.split(Ids, ',');
  for (StringRef Id : Ids)
    E.Ids.insert(Id.trim().str());
  PresumedLoc P = SM.getPresumedLoc(R.getBegin());
  if (P.isValid())
    ByLine[{P.getFilename(), P.getLine()}] = std::move(E);
  return false;
}

bool InlineSuppressions::suppresses(const std::string &File, unsigned Line,
                                    const std::vector<std::string> &Ids) {
  for (unsigned L : {Line, Line - 1}) {
    auto It = ByLine.find({File, L});
    if (It == ByLine.end())
      continue;
    for (const std::string &Id : Ids)
      if (It->second.Ids.count(Id)) {
        It->second.Used = true;
        return true;
      }
  }
  return false;
}

std::vector<SourceLocation> InlineSuppressions::unused() const {
  std::vector<SourceLocation> Out;
  for (const auto &[Key, E] : ByLine)
    if (!E.Used)
      Out.push_back(E.Loc);
  return Out;
}

// --- the finder ------------------------------------------------------------

namespace {

/// The rule id of a literal that reaches a consuming parameter: no pattern
/// of secret-rules.json, the use alone makes it a credential.
constexpr const char kConsumerLiteralRule[] = "consumer-literal";

/// Visits string literals and brace-initialised arrays (a constant key).
class LiteralVisitor : public RecursiveASTVisitor<LiteralVisitor> {
public:
  explicit LiteralVisitor(std::function<void(const Expr *)> F)
      : F(std::move(F)) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitStringLiteral(StringLiteral *S) {
    F(S);
    return true;
  }
  bool VisitInitListExpr(InitListExpr *IL) {
    F(IL);
    return true;
  }

private:
  std::function<void(const Expr *)> F;
};

std::string kindOfName(const NamedDecl *D, const ProjectConfig &Config) {
  if (!D || !D->getIdentifier())
    return "";
  for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
    StringRef S = A->getAnnotation();
    if (S.consume_front("credtaint.secret:"))
      return S.split(':').first.str();
  }
  std::optional<Kind> K = Config.classifyName(D->getName());
  return K ? kindName(*K) : "";
}

/// Is argument Index of a call to Callee a crypto key (a Cipher or Mac row's
/// data argument)?
bool isKeyArgument(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee || !Callee->getIdentifier())
    return false;
  for (const SinkInfo &S : kSinks)
    if ((S.category == SinkCategory::Cipher || S.category == SinkCategory::Mac) &&
        Callee->getName() == S.symbol && int(Index) == S.dataArg)
      return true;
  return false;
}

} // namespace

HardcodedSecretFinder::HardcodedSecretFinder(CompilerInstance &CI,
                                             const SecretRules &Rules,
                                             InlineSuppressions &Suppressions,
                                             const ProjectConfig &Config)
    : CI(CI), Ctx(CI.getASTContext()), Rules(Rules), Suppressions(Suppressions),
      Config(Config), Consumers(Ctx) {
  DiagnosticsEngine &D = CI.getDiagnostics();
  // Custom diagnostics bypass clang's warning mapping, so -Werror is
  // applied here.
  auto Level = D.getWarningsAsErrors() ? DiagnosticsEngine::Error
                                       : DiagnosticsEngine::Warning;
  WarnId = D.getCustomDiagID(
      Level, "hardcoded credential: %0 (%1 %2, %3 bytes) [credtaint: %4]");
  UnusedId = D.getCustomDiagID(Level,
                               "credtaint: this suppression matches nothing");
  // The source line under a warning would show the literal.
  RedactingDiagnostics::install(D, {WarnId, UnusedId});
}

void HardcodedSecretFinder::collect(Decl *D) { Consumers.collect(D); }

bool HardcodedSecretFinder::inSystemHeader(const Decl *D) const {
  const SourceManager &SM = Ctx.getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

void HardcodedSecretFinder::scan(const std::vector<Decl *> &TopLevel) {
  // What a literal is bound to comes from the AST's parent map, which clang
  // builds over the traversal scope in one go. Over the whole unit that is
  // every declaration of every system header (the standard library, a JSON
  // library): most of the unit, and most of this finder's time. Only the
  // program's own declarations hold the literals judged here, and a
  // literal's parents are within the top-level declaration holding it, so
  // the map is built over those alone; the scope is the whole unit again
  // afterwards, for whoever asks next.
  std::vector<Decl *> Own;
  for (Decl *D : TopLevel)
    if (D && !inSystemHeader(D))
      Own.push_back(D);
  Ctx.setTraversalScope(Own);
  for (Decl *D : Own)
    scan(D);
  Ctx.setTraversalScope({Ctx.getTranslationUnitDecl()});
}

void HardcodedSecretFinder::scan(Decl *D) {
  Consumers.resolve();
  LiteralVisitor([this](const Expr *E) {
    if (const auto *S = dyn_cast<StringLiteral>(E))
      check(S);
    else if (Consumers.find(E) && Seen.insert(Consumers.canonical(E)).second)
      checkConsumed(Consumers.canonical(E));
  }).TraverseDecl(D);
}

/// What the literal is bound to: walks up through casts, temporaries and
/// constructors to the declaration, parameter, assignment or return that
/// receives it.
std::string HardcodedSecretFinder::boundKind(const StringLiteral *S,
                                             std::string &Name) {
  DynTypedNode Node = DynTypedNode::create(*S);
  const Expr *Child = S;
  for (int Depth = 0; Depth < 12; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return "";
    Node = Parents[0];
    auto Named = [&](const NamedDecl *D) {
      Name = D ? D->getNameAsString() : "";
      return kindOfName(D, Config);
    };
    if (const auto *V = Node.get<VarDecl>())
      return Named(V);
    if (const auto *F = Node.get<FieldDecl>())
      return Named(F);
    if (const auto *CI = Node.get<CXXCtorInitializer>())
      return Named(CI->getMember());
    if (const auto *R = Node.get<ReturnStmt>()) {
      (void)R;
      for (DynTypedNode Up = Node; !Up.get<FunctionDecl>();) {
        DynTypedNodeList P = Ctx.getParents(Up);
        if (P.empty())
          return "";
        Up = P[0];
        if (const auto *Fn = Up.get<FunctionDecl>())
          return Named(Fn);
      }
      return "";
    }
    if (const auto *Call = Node.get<CallExpr>()) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        if (Call->getArg(I)->IgnoreImplicit() != Child->IgnoreImplicit() &&
            Call->getArg(I) != Child)
          continue;
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
          // a = "literal" through operator=: the left-hand side's name.
          if (Op->getOperator() == OO_Equal && I == 1) {
            const Expr *L = Op->getArg(0)->IgnoreImplicit();
            if (const auto *DR = dyn_cast<DeclRefExpr>(L))
              return Named(DR->getDecl());
            if (const auto *M = dyn_cast<MemberExpr>(L))
              return Named(M->getMemberDecl());
          }
          return "";
        }
        if (isKeyArgument(Callee, I)) {
          Name = Callee->getNameAsString() + " key";
          return kindName(Kind::GenericSecret);
        }
        unsigned Param = isa<CXXMemberCallExpr>(Call) ? I : I;
        if (Callee && Param < Callee->getNumParams())
          return Named(Callee->getParamDecl(Param));
        return "";
      }
      return "";
    }
    if (const auto *B = Node.get<BinaryOperator>()) {
      if (B->getOpcode() != BO_Assign)
        return "";
      const Expr *L = B->getLHS()->IgnoreImplicit();
      if (const auto *DR = dyn_cast<DeclRefExpr>(L))
        return Named(DR->getDecl());
      if (const auto *M = dyn_cast<MemberExpr>(L))
        return Named(M->getMemberDecl());
      return "";
    }
    if (const auto *IL = Node.get<InitListExpr>()) {
      // An aggregate's member: the field at the literal's position.
      const RecordDecl *RD = IL->getType()->getAsRecordDecl();
      if (RD && !RD->isUnion()) {
        // The parent map may hold the syntactic or the semantic form of the
        // list: find the element by where the literal is.
        unsigned Index = ~0u;
        SourceManager &SM = Ctx.getSourceManager();
        for (unsigned I = 0; I < IL->getNumInits(); ++I) {
          SourceRange R = IL->getInit(I)->getSourceRange();
          if (R.isValid() && !SM.isBeforeInTranslationUnit(S->getBeginLoc(), R.getBegin()) &&
              !SM.isBeforeInTranslationUnit(R.getEnd(), S->getBeginLoc()))
            Index = I;
        }
        const auto *CXX = dyn_cast<CXXRecordDecl>(RD);
        unsigned Bases = CXX && CXX->hasDefinition() ? CXX->getNumBases() : 0;
        unsigned F = 0;
        for (const FieldDecl *FD : RD->fields())
          if (F++ + Bases == Index)
            return Named(FD);
        return "";
      }
    }
    const auto *St = Node.get<Expr>();
    if (!St || !(isa<ImplicitCastExpr>(St) || isa<CXXConstructExpr>(St) ||
                 isa<MaterializeTemporaryExpr>(St) || isa<CXXBindTemporaryExpr>(St) ||
                 isa<ExprWithCleanups>(St) || isa<ParenExpr>(St) ||
                 isa<CXXFunctionalCastExpr>(St) || isa<InitListExpr>(St) ||
                 isa<CStyleCastExpr>(St) || isa<ConstantExpr>(St)))
      return "";
    Child = St;
  }
  return "";
}

/// A literal's text as UTF-8: a narrow one as it is, a wide one (L"",
/// u"", U"": wchar_t is UTF-32 on Linux) converted, so the rules see a wide
/// credential as they see its narrow twin. Empty when it does not convert.
static std::string literalText(const StringLiteral *S) {
  if (S->getCharByteWidth() == 1)
    return S->getString().str();
  std::string Out;
  if (S->getCharByteWidth() == 2) {
    SmallVector<llvm::UTF16, 64> Units;
    for (unsigned I = 0; I < S->getLength(); ++I)
      Units.push_back(llvm::UTF16(S->getCodeUnit(I)));
    if (!llvm::convertUTF16ToUTF8String(Units, Out))
      Out.clear();
    return Out;
  }
  for (unsigned I = 0; I < S->getLength(); ++I) {
    llvm::UTF32 C = S->getCodeUnit(I);
    char Buf[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
    char *End = Buf;
    if (!llvm::ConvertCodePointToUTF8(C, End))
      return "";
    Out.append(Buf, End);
  }
  return Out;
}

void HardcodedSecretFinder::check(const StringLiteral *S) {
  if (!S || !Seen.insert(S).second)
    return;
  SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(S->getBeginLoc())))
    return;
  if (checkConsumed(S))
    return;
  std::string Text = literalText(S);
  if (Text.size() < 8)
    return;
  std::string Name;
  std::string Kind = boundKind(S, Name);
  std::optional<SecretMatch> M = Rules.match(Text, Kind);
  if (!M)
    return;
  StaticFinding F;
  F.RuleId = M->RuleId;
  F.Description = M->Description;
  F.Kind = M->Kind.empty() ? kindName(Kind::GenericSecret) : M->Kind;
  F.BoundName = Name;
  report(S->getBeginLoc(), std::move(F), M->Secret);
}

/// A literal or constant array whose bytes reach a consuming parameter is a
/// hardcoded credential of the row's kind, whatever its entropy, as the run
/// time judges it (runtime/sources/Consumers.cpp); returns whether Value
/// was judged so.
bool HardcodedSecretFinder::checkConsumed(const Expr *Value) {
  const ConsumerUse *U = Consumers.find(Value);
  if (!U)
    return false;
  const ConsumerInfo &Row = kConsumers[U->Row];
  std::string Bytes = Consumers.bytes(Value, *U);
  if (Bytes.empty())
    return true; // "" is no password
  // A conninfo is a credential only when it holds a password; the secret
  // rules still judge one that does not.
  if (Row.kind == Kind::ConnectionString &&
      !connectionStringHasSecret(Bytes.c_str()))
    return false;
  std::string Use = std::string(Row.parameter) + " of " + Row.symbol;
  StaticFinding F;
  F.RuleId = kConsumerLiteralRule;
  F.Description = "literal passed as " + Use;
  F.Kind = kindName(Row.kind);
  // The name the run time gives the same bytes, so both read alike.
  F.BoundName = Use;
  F.How = "literal used as " + Use;
  report(Value->getBeginLoc(), std::move(F), Bytes);
  return true;
}

/// Warns about F (unless suppressed) and keeps it for the sidecar; Secret
/// gives the preview, length and fingerprint and is never printed.
void HardcodedSecretFinder::report(SourceLocation At, StaticFinding F,
                                   const std::string &Secret) {
  SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(At);
  PresumedLoc P = SM.getPresumedLoc(Loc);
  std::string File = P.isValid() ? P.getFilename() : "";
  unsigned Line = P.isValid() ? P.getLine() : 0;
  if (Suppressions.suppresses(File, Line, {"hardcoded-credential", F.RuleId}))
    return;
  F.Preview = rt::redactedPreview(Secret.data(), Secret.size());
  F.Length = Secret.size();
  F.File = File;
  F.Line = Line;
  F.Column = P.isValid() ? P.getColumn() : 0;
  static rt::FingerprintKey Key = [] {
    rt::Options O;
    std::string Error;
    rt::parseOptions(std::getenv("CREDTAINT_OPTIONS"), O, Error);
    rt::FingerprintKey K;
    bool Created = false;
    std::string At;
    if (!rt::loadFingerprintKey(O.fingerprint_key, K, Created, At, Error))
      rt::loadFingerprintKey("", K, Created, At, Error);
    return K;
  }();
  F.Fingerprint = rt::fingerprint(Key, Secret.data(), Secret.size());
  CI.getDiagnostics().Report(Loc, WarnId)
      << F.Description << F.Kind << F.Preview << unsigned(F.Length) << F.RuleId;
  Findings.push_back(std::move(F));
}

namespace {

/// The sidecar's records of Findings: shaped like the runtime's, with the
/// preview and the keyed fingerprint, never the literal.
nlohmann::ordered_json
sidecarRecords(const std::vector<StaticFinding> &Findings) {
  const RuleInfo &R = ruleInfo(Rule::HardcodedCredential);
  nlohmann::ordered_json List = nlohmann::ordered_json::array();
  for (const StaticFinding &F : Findings) {
    std::string Name = F.BoundName.empty() ? F.RuleId + " literal" : F.BoundName;
    std::string Key = std::string(R.id) + "|" + F.Fingerprint + "|" + F.File +
                      ":" + std::to_string(F.Line) + ":literal|" + F.File + ":" +
                      std::to_string(F.Line);
    nlohmann::ordered_json Frame = {{"step", "source"}, {"file", F.File},
                                    {"line", F.Line}, {"column", F.Column},
                                    {"function", ""}};
    List.push_back({
        {"version", 1},
        {"fingerprint", "credtaint/v1:" + rt::sha256Hex(Key).substr(0, 32)},
        {"rule", R.id},
        {"cwe", R.cwe},
        {"severity", R.severity},
        {"detector", "static"},
        {"message", std::string(R.shortDescription) + ": " + F.Description},
        {"secret_rule", F.RuleId},
        {"credential",
         {{"kind", F.Kind},
          {"name", Name},
          {"fingerprint", F.Fingerprint},
          {"preview", F.Preview},
          {"length", F.Length},
          {"scope", ""},
          {"source", {{"file", F.File}, {"line", F.Line}, {"column", F.Column},
                      {"function", ""},
                      {"how", F.How.empty() ? "literal (" + F.RuleId + ")"
                                            : F.How}}}}},
        {"sink", {{"category", "source"}, {"function", "literal"},
                  {"file", F.File}, {"line", F.Line}, {"column", F.Column}}},
        {"trace", nlohmann::ordered_json::array({Frame})},
        {"test", nullptr},
        {"binary", nullptr}});
  }
  return List;
}

} // namespace

void HardcodedSecretFinder::finish() {
  for (SourceLocation L : Suppressions.unused())
    CI.getDiagnostics().Report(L, UnusedId);
  constexpr auto Replace = nlohmann::json::error_handler_t::replace;
  nlohmann::ordered_json List = sidecarRecords(Findings);
  // The object's own copy names no object path: the same source compiled
  // with the same flags gives the same object wherever it is written, which
  // is what a compiler cache assumes (ccache does not hash -o), and an
  // object restored from the cache under another name then says nothing
  // false. Compact: it costs object size, and tools read it.
  nlohmann::ordered_json Embedded = {{"version", 1}, {"findings", List}};
  embedSidecar(CI, Embedded.dump(-1, ' ', false, Replace));

  std::string Out = CI.getFrontendOpts().OutputFile;
  if (Out.empty() || Out == "-")
    return;
  // Compiling and linking in one step, the object is a driver temporary
  // directly in the temp directory: a sidecar there would only be litter
  // (the warnings still say everything).
  SmallString<128> Tmp;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Tmp);
  if (llvm::sys::path::parent_path(Out) == Tmp.str())
    return;
  nlohmann::ordered_json Doc = {{"version", 1},
                                {"object", Out},
                                {"findings", std::move(List)}};
  std::ofstream(Out + kSidecarSuffix) << Doc.dump(2, ' ', false, Replace)
                                      << "\n";
}

} // namespace credtaint::plugin
